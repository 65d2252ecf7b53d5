// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package mount_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/policytest"
)

// TestGolden renders every case of testdata/ with the builtin interfaces
// and compares the mount profiles with the golden ones; every profile is
// read back by the strict reader.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(*testing.T, *policytest.Case) interfaces.Backend { return &mount.Backend{} },
		func(t *testing.T, files map[string][]byte) {
			for name, data := range files {
				_, err := mount.ParseProfile(string(data))
				require.NoError(t, err, name)
			}
		})
}
