// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/policytest"
)

// TestGolden runs the golden cases of every interface, one directory per
// interface under testdata/: what the interface contributes to each
// backend (see casetest.Contributions) is compared with the golden file,
// and every complete profile of the case is compiled by apparmor_parser.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		for _, c := range policytest.Cases(t, dir) {
			t.Run(filepath.Base(dir)+"/"+c.String(), func(t *testing.T) {
				var full map[string][]byte
				c.Check(t, func() (map[string][]byte, error) {
					var contrib map[string][]byte
					contrib, full = casetest.Contributions(t, c)
					return contrib, nil
				})
				casetest.CompileProfiles(t, full)
			})
		}
	}
}
