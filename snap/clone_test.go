// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// summary flattens what an Info says into comparable values.
func summary(info *snap.Info) map[string]interface{} {
	apps := map[string]interface{}{}
	for _, app := range info.SortedApps() {
		var act []string
		for _, s := range app.ActivatesOn {
			act = append(act, s.Name)
		}
		apps[app.Name] = []interface{}{app.Command, app.Daemon, app.PlugNames(), app.SlotNames(), act, len(app.Sockets)}
	}
	hooks := map[string]interface{}{}
	for _, hook := range info.SortedHooks() {
		hooks[hook.Name] = []interface{}{hook.PlugNames(), hook.SlotNames()}
	}
	plugs := plugBindings(info)
	slots := slotBindings(info)
	return map[string]interface{}{"name": info.InstanceName(), "apps": apps, "hooks": hooks, "plugs": plugs, "slots": slots, "layout": len(info.Layout)}
}

func TestCloneIsDeepAndLinkedToItself(t *testing.T) {
	for name, file := range testutil.RealSnaps(t) {
		orig, err := snap.ParseFile(file, snap.Options{})
		require.NoError(t, err)
		before := summary(orig)
		c := orig.Clone()
		if diff := cmp.Diff(before, summary(c), sortStrings); diff != "" {
			t.Fatalf("%s: the clone differs (-orig +clone):\n%s", name, diff)
		}
		for _, plug := range c.Plugs {
			assert.Same(t, c, plug.Snap)
			assert.NotSame(t, orig.Plugs[plug.Name], plug)
			for appName, app := range plug.Apps {
				assert.Same(t, c.Apps[appName], app)
			}
			for hookName, hook := range plug.Hooks {
				assert.Same(t, c.Hooks[hookName], hook)
			}
		}
		for _, app := range c.Apps {
			assert.Same(t, c, app.Snap)
			for _, p := range app.Plugs {
				assert.Same(t, c.Plugs[p.Name], p)
			}
			for _, s := range app.Slots {
				assert.Same(t, c.Slots[s.Name], s)
			}
			for _, sock := range app.Sockets {
				assert.Same(t, app, sock.App)
			}
		}
		for _, l := range c.Layout {
			assert.Same(t, c, l.Snap)
		}
		// Changing the clone leaves the original alone.
		for _, plug := range c.SortedPlugs() {
			c.RemovePlug(plug.Name)
		}
		for _, slot := range c.SortedSlots() {
			c.RemoveSlot(slot.Name)
		}
		assert.Empty(t, c.Plugs)
		for _, app := range c.Apps {
			assert.Empty(t, app.Plugs)
			assert.Empty(t, app.Slots)
		}
		if diff := cmp.Diff(before, summary(orig), sortStrings); diff != "" {
			t.Fatalf("%s: changing the clone changed the original:\n%s", name, diff)
		}
	}
}

func TestCloneCopiesAttributesAndActivation(t *testing.T) {
	info := mustParse(t, `name: cl
version: "1"
plugs:
  p:
    interface: x
    list: [a]
slots:
  bus:
    interface: dbus
    bus: system
apps:
  d:
    command: d
    daemon: dbus
    activates-on: [bus]
`, snap.Options{})
	c := info.Clone()
	c.Plugs["p"].Attrs["list"].([]interface{})[0] = "changed"
	assert.Equal(t, "a", info.Plugs["p"].Attrs["list"].([]interface{})[0])
	require.Len(t, c.Apps["d"].ActivatesOn, 1)
	assert.Same(t, c.Slots["bus"], c.Apps["d"].ActivatesOn[0])
	c.RemoveSlot("bus")
	assert.Empty(t, c.Apps["d"].ActivatesOn)
	assert.Len(t, info.Apps["d"].ActivatesOn, 1)
	c.RemovePlug("missing") // no-op
	c.RemoveSlot("missing")
}
