// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network-bind: operating as a network service, accepting connections.
func newNetworkBind() interfaces.Interface {
	return &commonInterface{
		name:              "network-bind",
		summary:           "allows operating as a network service",
		docURL:            "https://snapcraft.io/docs/network-bind-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; any snap may plug it, and
		// connect automatically.
		baseDeclarationSlots: `
  network-bind:
    allow-installation:
      slot-snap-type:
        - core
`,
		connectedPlugAppArmor: networkBindAppArmor,
		connectedPlugSecComp:  networkBindSecComp,
	}
}

const networkBindAppArmor = `
# Resolving the names of peers: the resolver configuration, NSS, and the
# netlink socket glibc's resolver opens to list the local addresses.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf rk,
network netlink dgram,
` + resolvedAppArmor + `
# The CA certificates of TLS.
#include <abstractions/ssl_certs>

# TCP wrappers' access lists, which some servers honour.
/etc/hosts.deny r,
/etc/hosts.allow r,

# Listen backlog and port range limits that servers read.
@{PROC}/sys/net/core/somaxconn r,
@{PROC}/sys/net/ipv4/ip_local_port_range r,

# The IPv6 addresses and routes of the host, which the JVM reads when it
# starts.
@{PROC}/@{pid}/net/if_inet6 r,
@{PROC}/@{pid}/net/ipv6_route r,
`

const networkBindSecComp = `
# Serving: binding to an address, listening, and accepting connections.
bind
listen
accept
accept4
# Route netlink, through which servers list the local addresses.
socket AF_NETLINK - NETLINK_ROUTE
`
