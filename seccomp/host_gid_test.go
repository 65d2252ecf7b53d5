// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The backend hands its shadow group to the specifications it makes; a
// specification made without a backend, or a backend without the fact,
// has Debian's and Ubuntu's.
func TestSpecificationShadowGID(t *testing.T) {
	info, err := snap.Parse([]byte("name: adder\nversion: \"1\"\napps:\n  a:\n    command: a\n"), snap.Options{})
	require.NoError(t, err)

	assert.Equal(t, uint32(seccomp.DefaultShadowGID), seccomp.NewSpecification(info, interfaces.ConfinementOptions{}).ShadowGID())

	b := &seccomp.Backend{}
	assert.Equal(t, uint32(42), b.NewSpecification(info, interfaces.ConfinementOptions{}).(*seccomp.Specification).ShadowGID())

	gid := uint32(0)
	b = &seccomp.Backend{Options: seccomp.Options{ShadowGID: &gid}}
	assert.Equal(t, uint32(0), b.NewSpecification(info, interfaces.ConfinementOptions{}).(*seccomp.Specification).ShadowGID())
	gid = 15
	b = &seccomp.Backend{Options: seccomp.Options{ShadowGID: &gid}}
	assert.Equal(t, uint32(15), b.NewSpecification(info, interfaces.ConfinementOptions{}).(*seccomp.Specification).ShadowGID())
}
