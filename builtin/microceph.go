// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// microceph: being a client of the MicroCeph daemon, through its control
// socket, which manages the storage cluster (its disks, its services, its
// keys). An app snap may offer the slot, and a plug may connect to it, only
// when the store says so.
//
// The slot side adds no rules: the socket is a file, which the plug's rules
// name.
//
// Decision: like snapd, the socket's path is the microceph snap's, whatever
// snap offers the slot.
func newMicroCeph() interfaces.Interface {
	return &commonInterface{
		name:    "microceph",
		summary: "allows access to the MicroCeph socket",
		docURL:  "https://snapcraft.io/docs/microceph-interface",
		baseDeclarationSlots: `
  microceph:
    allow-installation: false
    deny-connection: true
    deny-auto-connection: true
`,
		connectedPlugAppArmor: microCephAppArmor,
		connectedPlugSecComp:  microCephSecComp,
	}
}

const microCephAppArmor = `
# The MicroCeph daemon's control socket.
/var/snap/microceph/common/state/control.socket rw,
`

const microCephSecComp = `
# MicroCeph's client libraries query the kernel over generic netlink.
socket AF_NETLINK - NETLINK_GENERIC
`
