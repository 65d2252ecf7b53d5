// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/snap"
)

// SystemSnap builds the snap that stands for the system itself: "core" of
// type os, or "snapd" of type snapd, as typ says. Its slots are those of
// every catalog interface that is implicit on the kind of system asked for
// (classic distribution or Ubuntu Core), each named after its interface, as
// snapd adds them. It has no apps or hooks, so plugs connect to it without
// any snap.yaml of the system.
func SystemSnap(typ snap.Type, classic bool, catalog []Interface) (*snap.Info, error) {
	var name string
	switch typ {
	case snap.TypeOS:
		name = "core"
	case snap.TypeSnapd:
		name = "snapd"
	default:
		return nil, fmt.Errorf("cannot build a system snap of type %q: use %q or %q", typ, snap.TypeOS, snap.TypeSnapd)
	}
	info := &snap.Info{
		Name: name, Version: "1", Type: typ, Confinement: snap.StrictConfinement,
		Summary: "the system",
		Apps:    map[string]*snap.AppInfo{}, Hooks: map[string]*snap.HookInfo{},
		Plugs: map[string]*snap.PlugInfo{}, Slots: map[string]*snap.SlotInfo{},
	}
	for _, iface := range catalog {
		si := iface.StaticInfo()
		if (classic && si.ImplicitOnClassic) || (!classic && si.ImplicitOnCore) {
			info.Slots[iface.Name()] = &snap.SlotInfo{
				Snap: info, Name: iface.Name(), Interface: iface.Name(),
				Apps: map[string]*snap.AppInfo{}, Hooks: map[string]*snap.HookInfo{}, Unscoped: true,
			}
		}
	}
	if err := info.Validate(); err != nil {
		return nil, fmt.Errorf("cannot build the system snap: %w", err)
	}
	return info, nil
}
