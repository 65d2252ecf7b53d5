// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network-observe: reading the state of the host's networking (interfaces,
// routes, sockets, statistics) without changing it. It leaks what the
// host's network looks like, so plugs connect only when allowed.
//
// Decision: like snapd, it does not grant net_admin, which would make it
// network-control; it does not deny it either, so that a snap plugging
// both gets what network-control grants.
func newNetworkObserve() interfaces.Interface {
	return &commonInterface{
		name:              "network-observe",
		summary:           "allows querying network status",
		docURL:            "https://snapcraft.io/docs/network-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  network-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: networkObserveAppArmor,
		connectedPlugSecComp:  networkObserveSecComp,
	}
}

const networkObserveAppArmor = `
# Resolving names: the resolver configuration and NSS.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf r,
` + resolvedAppArmor + `
# Following systemd-networkd's manager and links (for networkd-dispatcher
# and the like), and querying them, read-only.
#include <abstractions/dbus-strict>
dbus receive
     bus=system
     path=/org/freedesktop/network1
     interface=org.freedesktop.DBus.Properties
     member=PropertiesChanged
     peer=(label=unconfined),

dbus receive
     bus=system
     path=/org/freedesktop/network1/link/_*
     interface=org.freedesktop.DBus.Properties
     member=PropertiesChanged
     peer=(label=unconfined),

dbus send
     bus=system
     path=/org/freedesktop/network1/link/_*
     interface=org.freedesktop.DBus.Properties
     member=Get{,All}
     peer=(name=org.freedesktop.network1, label=unconfined),

dbus send
     bus=system
     path=/org/freedesktop/network1
     interface=org.freedesktop.network1.Manager
     member={ListLinks,GetLinkByName,DescribeLink,Describe}
     peer=(name=org.freedesktop.network1, label=unconfined),

# The system's CA certificates, for tools that speak TLS.
#include <abstractions/ssl_certs>

# Which kernel modules (network drivers among them) are loaded.
@{PROC}/modules r,

# The state of the network namespace the process is in.
@{PROC}/@{pid}/net/ r,
@{PROC}/@{pid}/net/** r,

# Kernel network settings (sysctl net.*), read only.
@{PROC}/sys/ r,
@{PROC}/sys/net/ r,
@{PROC}/sys/net/core/ r,
@{PROC}/sys/net/core/** r,
@{PROC}/sys/net/ipv{4,6}/ r,
@{PROC}/sys/net/ipv{4,6}/** r,
@{PROC}/sys/net/netfilter/ r,
@{PROC}/sys/net/netfilter/** r,
@{PROC}/sys/net/nf_conntrack_max r,

# The networking tools of the host or the base that only look, run under
# this profile: netstat cannot show other users' processes (-p), nstat
# can reset its own counters.
/{,usr/}{,s}bin/arp ixr,
/{,usr/}{,s}bin/bridge ixr,
/{,usr/}{,s}bin/ifconfig ixr,
/{,usr/}{,s}bin/ip ixr,
/{,usr/}{,s}bin/ipmaddr ixr,
/{,usr/}{,s}bin/iptunnel ixr,
/{,usr/}{,s}bin/netstat ixr,
/{,usr/}{,s}bin/nstat ixr,
/{,usr/}{,s}bin/route ixr,
/{,usr/}{,s}bin/routel ixr,
/{,usr/}{,s}bin/rtacct ixr,
/{,usr/}{,s}bin/ss ixr,
/{,usr/}{,s}bin/sysctl ixr,
/{,usr/}{,s}bin/tc ixr,

# Netlink, for arp, ip and ss.
network netlink dgram,

# iproute2's tables of names.
/etc/iproute2/{,**} r,

# ping: raw sockets, and setuid to drop privileges.
/{,usr/}{,s}bin/ping ixr,
/{,usr/}{,s}bin/ping6 ixr,
capability net_raw,
capability setuid,
network inet raw,
network inet6 raw,

# Tables of network, Ethernet and RPC names that route and arp read.
/etc/networks r,
/etc/ethers r,
/etc/rpc r,

# The network devices in sysfs.
/sys/devices/**/net/** rk,

# The kernel's uevents about network devices.
network netlink raw,
`

const networkObserveSecComp = `
# ping and ping6 drop capabilities.
capset
# Netlink sockets are bound before use.
bind
# Netlink families for reading: socket diagnostics (ss), routing (ip,
# arp), generic netlink (multicast statistics) and the kernel's uevents.
socket AF_NETLINK - NETLINK_INET_DIAG
socket AF_NETLINK - NETLINK_ROUTE
socket AF_NETLINK - NETLINK_GENERIC
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
`
