// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package systemd_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/systemd"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the files with the golden ones.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *policytest.Case) interfaces.Backend { return &systemd.Backend{} }, nil)
}
