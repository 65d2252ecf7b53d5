// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// netlink-audit: reading and writing the kernel's audit system over
// NETLINK_AUDIT. Plugs connect only when allowed.
//
// Decision: the rules need an AppArmor parser that knows audit_read
// (older parsers, as on Ubuntu 14.04, do not). snapd refuses the
// connection on such a host; connections here are made without host
// facts, so the rules are written anyway and such a parser rejects the
// profile: the snap fails to load, it never gets more than it should.
func newNetlinkAudit() interfaces.Interface {
	return &commonInterface{
		name:              "netlink-audit",
		summary:           "allows access to kernel audit system through netlink",
		docURL:            "https://snapcraft.io/docs/netlink-audit-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  netlink-audit:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: netlinkAuditAppArmor,
		connectedPlugSecComp:  netlinkAuditSecComp,
	}
}

const netlinkAuditAppArmor = `
# Netlink sockets.
network netlink,

# Multicast netlink sockets need net_admin (netlink(7)).
capability net_admin,

# Reading audit messages from the multicast group, and writing audit
# records (capabilities(7)).
capability audit_read,
capability audit_write,
`

const netlinkAuditSecComp = `
# NETLINK_AUDIT sockets, bound to join the audit multicast group.
bind
socket AF_NETLINK - NETLINK_AUDIT
`
