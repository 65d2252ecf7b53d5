// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestLabelExpr checks the three spellings of a label expression, hooks
// and instance names included.
func TestLabelExpr(t *testing.T) {
	info, err := snap.Parse([]byte(`name: prov
version: "1"
apps:
  a: {command: a, plugs: [one], slots: [srv]}
  b: {command: b, plugs: [two]}
  c: {command: c, plugs: [two]}
hooks:
  configure: {plugs: [two]}
plugs:
  one: network
  two: network
  all: network
slots:
  srv: network
`), snap.Options{InstanceKey: "blue"})
	require.NoError(t, err)
	for _, tc := range []struct{ plug, want string }{
		{"one", `"snap.prov_blue.a"`},
		{"two", `"snap.prov_blue.{b,c,hook.configure}"`},
		{"all", `"snap.prov_blue.*"`},
	} {
		p := info.Plugs[tc.plug]
		assert.Equal(t, tc.want, labelExpr(info, p.Apps, p.Hooks), tc.plug)
	}
	s := info.Slots["srv"]
	assert.Equal(t, `"snap.prov_blue.a"`, labelExpr(info, s.Apps, s.Hooks))
	assert.Equal(t, `"snap.prov_blue."`, labelExpr(info, nil, nil), "bound to nothing: a label no program has")
	plug, err := interfaces.NewConnectedPlug(info.Plugs["two"], nil)
	require.NoError(t, err)
	slot, err := interfaces.NewConnectedSlot(s, nil)
	require.NoError(t, err)
	assert.Equal(t, `"snap.prov_blue.{b,c,hook.configure}"`, plugLabelExpr(plug))
	assert.Equal(t, `"snap.prov_blue.a"`, slotLabelExpr(slot))
	assert.False(t, isSystemSlot(slot), "an app snap's slot")
	info.Type = snap.TypeSnapd
	assert.True(t, isSystemSlot(slot), "the snapd snap's slot")
	assert.Equal(t, "peer=(label=P) peer=(label=S) peer=(label=P)", withLabels("peer=(label=###PLUG_SECURITY_TAGS###) peer=(label=###SLOT_SECURITY_TAGS###) peer=(label=###PLUG_SECURITY_TAGS###)", "P", "S"))
}
