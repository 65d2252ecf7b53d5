// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v2"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// addSnap adds the snap of snapYAML to a repository of the builtin
// catalog and returns the repository and the plugs and slots it rejected.
func addSnap(t *testing.T, snapYAML string) (*interfaces.Repository, []interfaces.Rejected) {
	t.Helper()
	info, err := snap.Parse([]byte(snapYAML), snap.Options{})
	require.NoError(t, err)
	repo, err := interfaces.NewRepository(builtin.Interfaces())
	require.NoError(t, err)
	rejected, err := repo.AddSnap(info)
	require.NoError(t, err)
	return repo, rejected
}

// declarationKeys are the rules a base declaration may hold for a plug or
// slot of an interface.
var declarationKeys = map[string]bool{
	"allow-installation": true, "deny-installation": true,
	"allow-connection": true, "deny-connection": true,
	"allow-auto-connection": true, "deny-auto-connection": true,
}

func checkDeclaration(t *testing.T, iface, side, text string) {
	t.Helper()
	if text == "" {
		return
	}
	var decl map[string]map[string]interface{}
	require.NoError(t, yaml.UnmarshalStrict([]byte(text), &decl), "%s: base declaration of %s", iface, side)
	require.Len(t, decl, 1, "%s: one entry per declaration", iface)
	rules, ok := decl[iface]
	require.True(t, ok, "%s: the %s declaration is keyed by the interface name, not %v", iface, side, decl)
	require.NotEmpty(t, rules)
	for key, value := range rules {
		assert.True(t, declarationKeys[key], "%s: unknown rule %q in the %s declaration", iface, key, side)
		switch value.(type) {
		case bool, []interface{}, map[interface{}]interface{}:
		default:
			t.Errorf("%s: rule %q of the %s declaration is a %T; want true/false, a constraint or a list of them", iface, key, side, value)
		}
	}
}

func TestCatalog(t *testing.T) {
	all := builtin.Interfaces()
	require.NotEmpty(t, all)
	var names []string
	for _, iface := range all {
		names = append(names, iface.Name())
		assert.NoError(t, snap.ValidateInterfaceName(iface.Name()))
		info := iface.StaticInfo()
		assert.NotEmpty(t, info.Summary, "%s has no summary", iface.Name())
		assert.NotEmpty(t, info.DocURL, "%s has no documentation URL", iface.Name())
		checkDeclaration(t, iface.Name(), "plugs", info.BaseDeclarationPlugs)
		checkDeclaration(t, iface.Name(), "slots", info.BaseDeclarationSlots)

		again, ok := builtin.ByName(iface.Name())
		require.True(t, ok)
		assert.NotSame(t, iface, again, "ByName returns a new value")
	}
	assert.True(t, sort.StringsAreSorted(names), "Interfaces() is sorted: %v", names)
	for i := 1; i < len(names); i++ {
		assert.NotEqual(t, names[i-1], names[i], "names are unique")
	}
	_, ok := builtin.ByName("no-such-interface")
	assert.False(t, ok)

	// Two catalogs share nothing.
	other := builtin.Interfaces()
	for i := range all {
		assert.NotSame(t, all[i], other[i])
	}
}
