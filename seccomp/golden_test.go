// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/golden"
	"github.com/plugpolicy/plugpolicy/seccomp"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the files with the golden ones.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *golden.Case) interfaces.Backend { return &seccomp.Backend{} }, nil)
}
