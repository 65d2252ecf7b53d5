// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package udev_test

import (
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/udev"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the rules and device cgroup files with the golden ones;
// every rule must pass the strict tokenizer.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *policytest.Case) interfaces.Backend { return &udev.Backend{} },
		func(t *testing.T, files map[string][]byte) {
			for name, data := range files {
				if strings.HasSuffix(name, ".rules") {
					checkRules(t, data)
				}
			}
		})
}
