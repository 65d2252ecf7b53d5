// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/snap"
)

func TestAutoConnectsToSystem(t *testing.T) {
	catalog := builtin.Interfaces()
	base, err := policy.BaseDeclaration(catalog)
	require.NoError(t, err)
	for _, tc := range []struct {
		iface         string
		classic, core bool
	}{
		{"network", true, true},
		{"home", true, false},                // on Core only with the store's grant
		{"kubernetes-support", false, false}, // deny-auto-connection
		{"docker-support", false, false},
		{"opengl", true, true},
		{"x11", true, false}, // the system offers x11 on classic only
	} {
		for _, classic := range []bool{true, false} {
			p, err := policy.New(base, policy.Device{Classic: classic})
			require.NoError(t, err)
			got, err := p.AutoConnectsToSystem(catalog, tc.iface)
			require.NoError(t, err, tc.iface)
			want := tc.core
			if classic {
				want = tc.classic
			}
			assert.Equal(t, want, got, "%s on classic=%v", tc.iface, classic)
		}
	}
	p, err := policy.New(base, policy.Device{Classic: true})
	require.NoError(t, err)
	_, err = p.AutoConnectsToSystem(catalog, "nope")
	assert.EqualError(t, err, `cannot decide auto-connection: unknown interface "nope"`)
}

// Every catalog interface gets an answer on both devices, except the
// three whose sanitizer refuses a plug without attributes.
func TestAutoConnectsToSystemWholeCatalog(t *testing.T) {
	catalog := builtin.Interfaces()
	base, err := policy.BaseDeclaration(catalog)
	require.NoError(t, err)
	for _, classic := range []bool{true, false} {
		p, err := policy.New(base, policy.Device{Classic: classic})
		require.NoError(t, err)
		var needAttrs []string
		for _, iface := range catalog {
			_, err := p.AutoConnectsToSystem(catalog, iface.Name())
			if errors.Is(err, policy.ErrPlugNeedsAttributes) {
				needAttrs = append(needAttrs, iface.Name())
				continue
			}
			assert.NoError(t, err)
		}
		assert.Equal(t, []string{"kernel-module-load", "personal-files", "system-files"}, needAttrs)
	}
}

// picky is an implicit interface that the base declaration lets
// auto-connect but whose own AutoConnect hook refuses to.
type picky struct{ refuse bool }

func (p *picky) Name() string { return "picky" }
func (p *picky) StaticInfo() interfaces.StaticInfo {
	return interfaces.StaticInfo{Summary: "test", ImplicitOnClassic: true}
}
func (p *picky) AutoConnect(*snap.PlugInfo, *snap.SlotInfo) bool { return !p.refuse }

func TestAutoConnectsToSystemAsksTheInterface(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		catalog := []interfaces.Interface{&picky{refuse: refuse}}
		base, err := policy.BaseDeclaration(catalog)
		require.NoError(t, err)
		p, err := policy.New(base, policy.Device{Classic: true})
		require.NoError(t, err)
		got, err := p.AutoConnectsToSystem(catalog, "picky")
		require.NoError(t, err)
		assert.Equal(t, !refuse, got, "refuse=%v", refuse)

		// Not implicit on Core: no slot of the system's to connect to.
		p, err = policy.New(base, policy.Device{Classic: false})
		require.NoError(t, err)
		got, err = p.AutoConnectsToSystem(catalog, "picky")
		require.NoError(t, err)
		assert.False(t, got)
	}
}
