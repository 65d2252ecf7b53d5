// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fleet_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/fleet"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := fleet.Generate(3), fleet.Generate(3)
	require.Len(t, a, 3)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a[0], a[1])
}

// TestFleetCompiles checks the fleet is what the benchmark claims: 8
// connections a snap, no plug left out, and files from every backend.
func TestFleetCompiles(t *testing.T) {
	const n = 4
	res, err := plugpolicy.CompileYAML(fleet.Options(), fleet.Generate(n)...)
	require.NoError(t, err)
	require.Len(t, res.Snaps, n)
	assert.Len(t, res.Connected, n*len(fleet.Plugs))
	backends := map[string]int{}
	for _, f := range res.Files {
		backends[f.Backend]++
	}
	for _, s := range res.Snaps {
		assert.Empty(t, s.LeftOut, s.Name)
		assert.Len(t, s.Connections, len(fleet.Plugs), s.Name)
	}
	for _, name := range []string{"apparmor", "seccomp", "udev", "kmod", "mount"} {
		assert.NotZero(t, backends[name], name)
	}
	t.Logf("files per backend: %v", backends)
}
