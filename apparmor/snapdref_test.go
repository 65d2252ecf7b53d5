// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/fidelity"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// TestTemplateScenariosMatchSnapd renders every template/* scenario of
// snapd-ref (a snap without plugs under each confinement and host the
// corpus covers) and holds its app and hook profiles to snapd's,
// statement for statement, header included, and so is the snap's
// snap-update-ns profile; the profiles must compile.
func TestTemplateScenariosMatchSnapd(t *testing.T) {
	root := filepath.Join(testutil.SharedDir(t), "snapd-ref")
	dirs, err := os.ReadDir(filepath.Join(root, "template"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, d := range dirs {
		name := "template/" + d.Name()
		t.Run(d.Name(), func(t *testing.T) {
			sc, err := fidelity.LoadScenario(root, name)
			require.NoError(t, err)
			ours, err := fidelity.Render(sc, nil)
			require.NoError(t, err)
			profiles := map[string][]byte{}
			for f, data := range ours {
				if isProfile(f) {
					profiles[f] = data
				}
			}
			require.NotEmpty(t, profiles)
			for _, diff := range fidelity.Compare(sc, ours, nil).Differences {
				if isProfile(diff.File) {
					assert.Fail(t, "differs from snapd", "%s %s: %s %q", diff.File, diff.Block, diff.Side, diff.Statement)
				}
			}
			testutil.CompileAppArmor(t, profiles)
		})
	}
}

func isProfile(name string) bool {
	return strings.Contains(name, "/apparmor/profiles/snap.") || strings.Contains(name, "/apparmor/profiles/snap-update-ns.")
}
