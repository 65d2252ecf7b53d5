// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// lxd: being a client of the LXD daemon, through its socket. LXD's API
// creates privileged containers and virtual machines, so a plug is as good
// as root on the host: an app snap may offer the slot, and a plug may
// connect to it, only when the store says so.
//
// The slot side adds no rules: the socket is a file, which the plug's rules
// name.
//
// Decision: like snapd, the socket's path is the lxd snap's, whatever snap
// offers the slot (the daemon is the lxd snap, and a parallel instance of
// it would be a second LXD that no client knows of).
func newLXD() interfaces.Interface {
	return &commonInterface{
		name:    "lxd",
		summary: "allows access to the LXD socket",
		docURL:  "https://snapcraft.io/docs/lxd-interface",
		baseDeclarationSlots: `
  lxd:
    allow-installation: false
    deny-connection: true
    deny-auto-connection: true
`,
		connectedPlugAppArmor: lxdAppArmor,
		connectedPlugSecComp:  lxdSecComp,
	}
}

const lxdAppArmor = `
# The LXD daemon's API socket.
/var/snap/lxd/common/lxd/unix.socket rw,
`

const lxdSecComp = `
# LXD's client libraries query the kernel over generic netlink.
socket AF_NETLINK - NETLINK_GENERIC
`
