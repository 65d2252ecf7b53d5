// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network: outgoing network access, as a client.
func newNetwork() interfaces.Interface {
	return &commonInterface{
		name:              "network",
		summary:           "allows access to the network",
		docURL:            "https://snapcraft.io/docs/network-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; any snap may plug it, and
		// connect automatically.
		baseDeclarationSlots: `
  network:
    allow-installation:
      slot-snap-type:
        - core
`,
		connectedPlugAppArmor: networkAppArmor,
		connectedPlugSecComp:  networkSecComp,
	}
}

const networkAppArmor = `
# Resolving names: the resolver configuration, NSS and its modules, mDNS's
# allow list, and the netlink socket glibc's resolver opens to list the
# local addresses.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf rk,
/etc/mdns.allow r,
network netlink dgram,
` + resolvedAppArmor + `
# Looking up systemd's dynamic users, as nss-systemd does.
dbus send
     bus=system
     path="/org/freedesktop/systemd1"
     interface="org.freedesktop.systemd1.Manager"
     member="{GetDynamicUsers,LookupDynamicUserByName,LookupDynamicUserByUID}"
     peer=(name="org.freedesktop.systemd1"),

# The system's CA certificates, to verify TLS peers.
#include <abstractions/ssl_certs>

# Socket tuning that network libraries read.
@{PROC}/sys/net/core/somaxconn r,
@{PROC}/sys/net/ipv4/tcp_fastopen r,

# netcat, as a client.
/{,usr/}bin/nc{,.openbsd} ixr,
`

// resolvedAppArmor lets a program resolve names through systemd-resolved's
// D-Bus API, as nss-resolve does: only the Resolve* methods, and only with
// resolved itself. The client interfaces (network, network-bind,
// network-observe, firewall-control) share it.
const resolvedAppArmor = `
# Resolving names through systemd-resolved, directly or through
# nss-resolve.
#include <abstractions/dbus-strict>
dbus send
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="Resolve{Address,Hostname,Record,Service}"
     peer=(name="org.freedesktop.resolve1"),
`

const networkSecComp = `
# Clients bind too: to a local port for UDP replies, or to a source address.
bind
# Route netlink, through which Go's net package and glibc list the local
# addresses.
socket AF_NETLINK - NETLINK_ROUTE
# Userspace SCTP (usrsctp) encapsulated in UDP.
socket AF_CONN
`
