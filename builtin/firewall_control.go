// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// firewall-control: configuring the host's firewall (iptables, ip6tables
// and nftables through netfilter) and the firewall-related sysctls. It is
// privileged: plugs connect only when allowed.
//
// Decisions:
//   - The modules loaded at boot are the four that snapd names; the
//     nf_tables modules load on demand and are not listed.
//   - The nft program itself is not granted: snapd grants only the
//     iptables programs of the host, and a snap that uses nft ships it.
func newFirewallControl() interfaces.Interface {
	return &commonInterface{
		name:              "firewall-control",
		summary:           "allows control over network firewall",
		docURL:            "https://snapcraft.io/docs/firewall-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  firewall-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: firewallControlAppArmor,
		connectedPlugSecComp:  firewallControlSecComp,
		// The filter tables and the bridge netfilter hooks do not load on
		// demand, and the snap may not load modules itself.
		connectedPlugKModModules: []string{
			"arp_tables",
			"br_netfilter",
			"ip6table_filter",
			"iptable_filter",
		},
	}
}

const firewallControlAppArmor = `
# Resolving the host names that rules name, through NSS and
# systemd-resolved.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf rk,
` + resolvedAppArmor + `
# Changing the firewall.
capability net_admin,

# iptables and ip6tables of the host or the base, with the legacy and the
# nftables back ends (the multi-call programs the commands link to), run
# under this profile.
/{,usr/}{,s}bin/iptables{,-save,-restore} ixr,
/{,usr/}{,s}bin/ip6tables{,-save,-restore} ixr,
/{,usr/}{,s}bin/iptables-apply ixr,
/{,usr/}{,s}bin/xtables{,-legacy,-nft}-multi ixr,

# ping, to test rules: raw sockets, and setuid to drop privileges.
/{,usr/}{,s}bin/ping ixr,
/{,usr/}{,s}bin/ping6 ixr,
capability net_raw,
capability setuid,
network inet raw,
network inet6 raw,

# iptables reads where modprobe is; it may not load modules (the ones it
# needs are loaded at boot).
@{PROC}/sys/kernel/modprobe r,

# The lock that serialises iptables runs: an abstract socket in older
# versions, a file in newer ones.
unix (bind, listen) type=stream addr="@xtables",
/{,var/}run/xtables.lock rwk,

# The state of the network namespace the process is in.
@{PROC}/@{pid}/net/ r,
@{PROC}/@{pid}/net/** r,

# nft's names for packet marks, routing realms and device groups.
/etc/iproute2/ r,
/etc/iproute2/rt_marks r,
/etc/iproute2/rt_realms r,
/etc/iproute2/group r,

# sysctl, and reading the kernel network settings.
/{,usr/}{,s}bin/sysctl ixr,
@{PROC}/sys/ r,
@{PROC}/sys/net/ r,
@{PROC}/sys/net/core/ r,
@{PROC}/sys/net/core/** r,
@{PROC}/sys/net/ipv{4,6}/ r,
@{PROC}/sys/net/ipv{4,6}/** r,
@{PROC}/sys/net/netfilter/ r,
@{PROC}/sys/net/netfilter/** r,
@{PROC}/sys/net/nf_conntrack_max r,

# Whether the firewall modules are loaded.
/sys/module/arp_tables/               r,
/sys/module/arp_tables/initstate      r,
/sys/module/br_netfilter/             r,
/sys/module/br_netfilter/initstate    r,
/sys/module/iptable_filter/           r,
/sys/module/iptable_filter/initstate  r,
/sys/module/ip6table_filter/          r,
/sys/module/ip6table_filter/initstate r,
/sys/module/nf_*/initstate            r,

# The netfilter modules' parameters, and the size of the connection
# tracking table.
/sys/module/nf_*/                     r,
/sys/module/nf_*/parameters/{,*}      r,
/sys/module/nf_conntrack/parameters/hashsize w,

# The sysctls a firewall sets: bridge netfilter, reverse-path filtering,
# source routing, redirects, ICMP behaviour, forwarding, logging of
# martians, SYN cookies, and connection tracking limits and helpers.
@{PROC}/sys/net/bridge/bridge-nf-call-arptables rw,
@{PROC}/sys/net/bridge/bridge-nf-call-iptables rw,
@{PROC}/sys/net/bridge/bridge-nf-call-ip6tables rw,
@{PROC}/sys/net/bridge/bridge-nf-filter-pppoe-tagged rw,
@{PROC}/sys/net/bridge/bridge-nf-filter-vlan-tagged rw,
@{PROC}/sys/net/bridge/bridge-nf-pass-vlan-input-dev rw,
@{PROC}/sys/net/ipv4/conf/*/rp_filter w,
@{PROC}/sys/net/ipv{4,6}/conf/*/accept_source_route w,
@{PROC}/sys/net/ipv{4,6}/conf/*/accept_redirects w,
@{PROC}/sys/net/ipv4/icmp_echo_ignore_broadcasts w,
@{PROC}/sys/net/ipv4/icmp_ignore_bogus_error_responses w,
@{PROC}/sys/net/ipv4/icmp_echo_ignore_all w,
@{PROC}/sys/net/ipv4/ip_forward w,
@{PROC}/sys/net/ipv4/conf/*/log_martians w,
@{PROC}/sys/net/ipv4/tcp_syncookies w,
@{PROC}/sys/net/ipv6/conf/*/forwarding w,
@{PROC}/sys/net/netfilter/nf_conntrack_helper rw,
@{PROC}/sys/net/netfilter/nf_conntrack_max rw,
@{PROC}/sys/net/netfilter/nf_conntrack_tcp_timeout_close_wait rw,
@{PROC}/sys/net/netfilter/nf_conntrack_tcp_timeout_established rw,
`

const firewallControlSecComp = `
# The firewall's netlink families: netfilter (nftables, conntrack), the old
# IPv4 and IPv6 firewall queues, packet logging, and routing (interface
# names); netlink sockets are bound before use.
bind
socket AF_NETLINK - NETLINK_FIREWALL
socket AF_NETLINK - NETLINK_NFLOG
socket AF_NETLINK - NETLINK_NETFILTER
socket AF_NETLINK - NETLINK_IP6_FW
socket AF_NETLINK - NETLINK_ROUTE
# ping drops capabilities and switches user.
capset
setuid
`
