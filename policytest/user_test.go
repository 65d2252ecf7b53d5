// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestUserGolden is the smallest golden test a user writes with the kit:
// one Golden call on a rendered profile. (renderHelloProfile stands for
// the user's own rendering.)
func TestUserGolden(t *testing.T) {
	policytest.Golden(t, "testdata/snap.hello.hello", renderHelloProfile(t))
}

// renderHelloProfile renders the AppArmor profile of a one-app snap with
// the public backend package.
func renderHelloProfile(t *testing.T) []byte {
	t.Helper()
	info, err := snap.Parse([]byte("name: hello\nversion: \"1\"\napps:\n  hello:\n    command: bin/hello\n"), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	spec := apparmor.NewSpecification(info, interfaces.ConfinementFor(info, false), apparmor.DefaultOptions())
	files, err := apparmor.RenderProfiles(spec)
	require.NoError(t, err)
	profile := files["snap.hello.hello"]
	require.NotEmpty(t, profile)
	return profile
}
