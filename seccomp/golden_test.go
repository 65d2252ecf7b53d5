// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"path"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/golden"
	"github.com/plugpolicy/plugpolicy/seccomp"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the files with the golden ones; every source must also
// compile to a BPF filter.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *golden.Case) interfaces.Backend { return &seccomp.Backend{} },
		func(t *testing.T, files map[string][]byte) {
			for name, src := range files {
				if _, err := (seccomp.BPFCompiler{}).Compile(strings.TrimSuffix(path.Base(name), ".src"), src); err != nil {
					t.Error(err)
				}
			}
		})
}
