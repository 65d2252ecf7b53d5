// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
)

func TestShadowGID(t *testing.T) {
	sc := &Scenario{Name: "t", Facts: map[string][]string{
		"system": {"classic (Ubuntu 24.04 amd64, OnClassic=true, os-release ubuntu 24.04)"},
		"host":   {"fake root, otherwise empty: /etc/shadow (group id 15), /proc/cpuinfo (flags: fpu sse sse2 vmx)"},
	}}
	opts, err := sc.SeccompOptions(apparmor.DefaultOptions())
	require.NoError(t, err)
	require.NotNil(t, opts.ShadowGID)
	assert.Equal(t, uint32(15), *opts.ShadowGID)

	sc.Facts["host"] = []string{"fake root, otherwise empty: /proc/cpuinfo (flags: fpu)"}
	opts, err = sc.SeccompOptions(apparmor.DefaultOptions())
	require.NoError(t, err)
	assert.Nil(t, opts.ShadowGID)

	sc.Facts["host"] = []string{"fake root, otherwise empty: /etc/shadow (group id 99999999999)"}
	_, err = sc.SeccompOptions(apparmor.DefaultOptions())
	assert.ErrorContains(t, err, "the group of /etc/shadow")
}
