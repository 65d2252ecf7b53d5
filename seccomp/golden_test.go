// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/golden"
	"github.com/plugpolicy/plugpolicy/seccomp"
)

// TestGolden renders every case of testdata/ and compares the policy
// sources with the golden ones.
func TestGolden(t *testing.T) {
	for _, c := range golden.Cases(t, "testdata") {
		t.Run(c.String(), func(t *testing.T) {
			c.Check(t, func() map[string][]byte {
				return casetest.Render(t, c, &seccomp.Backend{})
			})
		})
	}
}
