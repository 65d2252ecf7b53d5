// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
)

// unity7: an application of the Unity 7 desktop, which runs on X: X
// itself, Unity's D-Bus services (launcher, messaging menu, HUD),
// input methods, accessibility and the legacy desktop integration. X and
// these services do not isolate applications from one another. Only the
// system offers the slot; plugs connect on their own.
type unity7Interface struct {
	commonInterface
}

var _ apparmor.ConnectedPlugDefiner = (*unity7Interface)(nil)

func newUnity7() interfaces.Interface {
	return &unity7Interface{commonInterface{
		name:              "unity7",
		summary:           "allows interacting with Unity 7 services",
		docURL:            "https://snapcraft.io/docs/unity7-interface",
		implicitOnClassic: true,
		baseDeclarationSlots: `
  unity7:
    allow-installation:
      slot-snap-type:
        - core
`,
		connectedPlugSecComp: unity7SecComp,
	}}
}

// AppArmorConnectedPlug adds Unity's rules, with the messaging menu's
// object paths of the plug's snap, and the snap's own desktop files.
func (iface *unity7Interface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	// The messaging menu names an application's objects after its
	// desktop file, "-" spelt "_"; the desktop file starts with the
	// instance name, whose letters, digits and "_" stand in a pattern
	// as themselves.
	desktop := strings.ReplaceAll(plug.Snap().InstanceName(), "-", "_")
	spec.AddSnippet(strings.ReplaceAll(unity7AppArmor, "###SNAP_INSTANCE_DESKTOP###", desktop))
	spec.AddSnippet(ownDesktopFilesAppArmor)
	return nil
}

const unity7SecComp = `
# udev's device events, to find the mouse and keyboard.
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
bind
`
