// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/snap"

// What the display-server interfaces (x11, wayland, desktop) share: their
// slot is the host's session on classic systems (the system snap's
// implicit slot, whose services run outside any snap), and an app snap's
// (a confined X server, compositor or desktop shell) anywhere.

// providedBySystem tells whether a slot is the system snap's implicit
// one. Slot-side rules are written only for an app snap's slot: the
// system's programs are not confined by snap profiles.
func providedBySystem(slot *snap.SlotInfo) bool {
	switch slot.Snap.Type {
	case snap.TypeOS, snap.TypeSnapd:
		return true
	}
	return false
}

// displayServerInputDevices are the devices a display server snap reads
// its users' input from, and the virtual terminals it runs on; udev tags
// them for the slot's apps.
var displayServerInputDevices = []string{
	`KERNEL=="tty[0-9]*"`,
	`KERNEL=="mice"`,
	`KERNEL=="mouse[0-9]*"`,
	`KERNEL=="event[0-9]*"`,
	`KERNEL=="ts[0-9]*"`,
}

// displayServerSecComp: a display server listens on its socket and
// accepts its clients, and reads udev's device events.
const displayServerSecComp = `
# Serving clients on the display socket.
bind
listen
accept
accept4
# udev's device events.
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
`
