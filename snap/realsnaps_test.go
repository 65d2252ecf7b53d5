// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Each real snap's SOURCE.md ends with what snapd itself read from the
// snap.yaml: counts of apps, hooks, plugs and slots, and for every plug and
// slot its interface, how many apps (and hooks) it is bound to, and its
// attributes. These tests hold the parser to that record.

var (
	snapLine = regexp.MustCompile(`^\S+/snap\.yaml name=(\S+) apps=(\d+) hooks=(\d+) plugs=(\d+) slots=(\d+) validate=<nil>$`)
	plugLine = regexp.MustCompile(`^PLUG (\S+) iface=(\S+) .* apps=(\d+) hooks=(\d+) attrs=\[(.*)\]$`)
	slotLine = regexp.MustCompile(`^SLOT (\S+) iface=(\S+) .* apps=(\d+) attrs=\[(.*)\]$`)
)

// snapdRecord is what SOURCE.md says snapd read.
type snapdRecord struct {
	name                     string
	apps, hooks, plugs, slot int
	plugSlots                []plugSlotRecord
}

type plugSlotRecord struct {
	kind, name, iface string
	apps, hooks       int // hooks is -1 for slots: snapd's record omits it
	attrs             string
}

func readSnapdRecord(t *testing.T, sourceMD string) snapdRecord {
	t.Helper()
	data, err := os.ReadFile(sourceMD)
	require.NoError(t, err)
	var rec snapdRecord
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for _, line := range strings.Split(string(data), "\n") {
		if m := snapLine.FindStringSubmatch(line); m != nil {
			rec.name, rec.apps, rec.hooks, rec.plugs, rec.slot = m[1], atoi(m[2]), atoi(m[3]), atoi(m[4]), atoi(m[5])
		} else if m := plugLine.FindStringSubmatch(line); m != nil {
			rec.plugSlots = append(rec.plugSlots, plugSlotRecord{"PLUG", m[1], m[2], atoi(m[3]), atoi(m[4]), m[5]})
		} else if m := slotLine.FindStringSubmatch(line); m != nil {
			rec.plugSlots = append(rec.plugSlots, plugSlotRecord{"SLOT", m[1], m[2], atoi(m[3]), -1, m[4]})
		}
	}
	require.NotEmpty(t, rec.name, "no snapd record in %s", sourceMD)
	return rec
}

// formatAttrs prints attributes as the record does: sorted key=value pairs
// in Go's %v notation.
func formatAttrs(attrs map[string]interface{}) string {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, attrs[k])
	}
	return strings.Join(parts, " ")
}

// withContentDefault adds the "content" attribute that snapd's content
// interface defaults to the plug or slot name when sanitizing it. That
// happens in the interface layer, not while reading snap.yaml, but the
// record was taken after it.
func withContentDefault(iface, name string, attrs map[string]interface{}) map[string]interface{} {
	if iface != "content" {
		return attrs
	}
	out := snap.CopyAttrs(attrs)
	if out == nil {
		out = make(map[string]interface{})
	}
	if _, ok := out["content"]; !ok {
		out["content"] = name
	}
	return out
}

func TestRealSnapsMatchSnapd(t *testing.T) {
	for name, file := range testutil.RealSnaps(t) {
		t.Run(name, func(t *testing.T) {
			rec := readSnapdRecord(t, filepath.Join(filepath.Dir(file), "SOURCE.md"))
			info, err := snap.ParseFile(file, snap.Options{})
			require.NoError(t, err)
			assert.Empty(t, info.Warnings)

			assert.Equal(t, rec.name, info.Name)
			assert.Equal(t, rec.apps, len(info.Apps), "apps")
			assert.Equal(t, rec.hooks, len(info.Hooks), "hooks")
			assert.Equal(t, rec.plugs, len(info.Plugs), "plugs")
			assert.Equal(t, rec.slot, len(info.Slots), "slots")
			require.Len(t, rec.plugSlots, len(info.Plugs)+len(info.Slots), "record lines")

			for _, r := range rec.plugSlots {
				if r.kind == "PLUG" {
					plug := info.Plugs[r.name]
					require.NotNil(t, plug, "plug %q", r.name)
					assert.Equal(t, r.iface, plug.Interface, "plug %q interface", r.name)
					assert.Equal(t, r.apps, len(plug.Apps), "plug %q apps", r.name)
					assert.Equal(t, r.hooks, len(plug.Hooks), "plug %q hooks", r.name)
					assert.Equal(t, r.attrs, formatAttrs(withContentDefault(plug.Interface, plug.Name, plug.Attrs)), "plug %q attrs", r.name)
				} else {
					slot := info.Slots[r.name]
					require.NotNil(t, slot, "slot %q", r.name)
					assert.Equal(t, r.iface, slot.Interface, "slot %q interface", r.name)
					assert.Equal(t, r.apps, len(slot.Apps), "slot %q apps", r.name)
					assert.Equal(t, r.attrs, formatAttrs(withContentDefault(slot.Interface, slot.Name, slot.Attrs)), "slot %q attrs", r.name)
				}
			}
		})
	}
}

// TestRealSnapsBindingsAreConsistent checks, on every real snap, that the
// two directions of every binding agree and that security tags have the
// shape the backends rely on.
func TestRealSnapsBindingsAreConsistent(t *testing.T) {
	tagRE := regexp.MustCompile(`^snap\.[a-z0-9-]+(?:_[a-z0-9]+)?\.(?:hook\.[a-z0-9-]+|[a-zA-Z0-9-]+)$`)
	for name, file := range testutil.RealSnaps(t) {
		t.Run(name, func(t *testing.T) {
			info, err := snap.ParseFile(file, snap.Options{InstanceKey: "k1", Revision: snap.R(7)})
			require.NoError(t, err)
			require.Equal(t, info.Name+"_k1", info.InstanceName())
			for _, plug := range info.Plugs {
				for appName, app := range plug.Apps {
					assert.Same(t, plug, app.Plugs[plug.Name], "app %q plug %q", appName, plug.Name)
				}
				for hookName, hook := range plug.Hooks {
					assert.Same(t, plug, hook.Plugs[plug.Name], "hook %q plug %q", hookName, plug.Name)
				}
				if plug.Unscoped {
					assert.Len(t, plug.Apps, len(info.Apps))
					assert.Len(t, plug.Hooks, len(info.Hooks))
				}
				for _, tag := range plug.SecurityTags() {
					assert.Regexp(t, tagRE, tag)
					assert.True(t, strings.HasPrefix(tag, "snap."+info.Name+"_k1."), tag)
				}
			}
			for _, app := range info.Apps {
				for _, plug := range app.Plugs {
					assert.Same(t, app, plug.Apps[app.Name])
				}
				for _, slot := range app.Slots {
					assert.Same(t, app, slot.Apps[app.Name])
				}
			}
			for _, hook := range info.Hooks {
				for _, plug := range hook.Plugs {
					assert.Same(t, hook, plug.Hooks[hook.Name])
				}
			}
		})
	}
}
