// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// netlink-connector: talking to the kernel's netlink connector
// (NETLINK_CONNECTOR, e.g. the process events connector). The kernel does
// not tell connectors apart, so a plug reaches all of them; plugs connect
// only when allowed.
func newNetlinkConnector() interfaces.Interface {
	return &commonInterface{
		name:              "netlink-connector",
		summary:           "allows communication through the kernel netlink connector",
		docURL:            "https://snapcraft.io/docs/netlink-connector-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  netlink-connector:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: netlinkConnectorAppArmor,
		connectedPlugSecComp:  netlinkConnectorSecComp,
	}
}

const netlinkConnectorAppArmor = `
# Netlink sockets, and net_admin, which netlink(7) requires for the
# connector's multicast groups.
network netlink,
capability net_admin,
`

const netlinkConnectorSecComp = `
# NETLINK_CONNECTOR sockets, bound to join the connector's groups.
bind
socket AF_NETLINK - NETLINK_CONNECTOR
`
