// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"path"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the files with the golden ones; every source must also
// compile to a BPF filter, strictly: plugpolicy's own template and
// interfaces name no system call that the tables lack.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *policytest.Case) interfaces.Backend { return &seccomp.Backend{} },
		func(t *testing.T, files map[string][]byte) {
			for name, src := range files {
				opts := bpf.Options{Arch: bpf.HostArch(), Strict: true}
				if _, err := bpf.CompileSource(strings.TrimSuffix(path.Base(name), ".src"), src, opts); err != nil {
					t.Error(err)
				}
			}
		})
}
