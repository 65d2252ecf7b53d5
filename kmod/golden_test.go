// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kmod_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/policytest"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the files with the golden ones.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *policytest.Case) interfaces.Backend { return &kmod.Backend{} }, nil)
}
