// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network-control: configuring the host's networking (interfaces,
// addresses, routes, wireless, tunnels, bridges) and network namespaces.
// It is privileged: only the system offers the slot, and plugs connect
// only when the store or the user says so.
//
// Decisions:
//   - snapd adds "network xdp," when the parser knows the xdp family.
//     ParserFeatures has no field for it and the default target is any
//     AppArmor 2.13 parser, so the rule is left out; the seccomp side
//     (bpf) is kept. An apparmor.ParserFeatures.NetworkXDP field would let
//     a code hook add it.
//   - snapd also bind-mounts the host's /var/lib/dhcp into the snap's mount
//     namespace (and lets snap-update-ns do so). plugpolicy has no mount
//     backend; the AppArmor rules for /var/lib/dhcp are kept, so the
//     directory is usable wherever it is visible.
func newNetworkControl() interfaces.Interface {
	return &commonInterface{
		name:              "network-control",
		summary:           "allows configuring networking and network namespaces",
		docURL:            "https://snapcraft.io/docs/network-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own, since the interface gives control over all networking.
		baseDeclarationSlots: `
  network-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: networkControlAppArmor,
		connectedPlugSecComp:  networkControlSecComp,
		connectedPlugUDev: []string{
			`KERNEL=="rfkill"`,
			// Only the clone device has a node; the tun and tap
			// interfaces made from it do not.
			`KERNEL=="tun"`,
		},
		// "ip netns identify" reads other processes' namespaces, which
		// AppArmor checks as tracing: deny that quietly. The rare
		// networking tools that would load modules must not.
		suppressPtraceTrace:         true,
		suppressSysModuleCapability: true,
	}
}

const networkControlAppArmor = `
# Resolving names: the resolver configuration and NSS.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf rk,

# Talking to systemd-resolved: resolving names, and (as resolvectl does)
# setting a link's DNS servers, domains and DNS options, and reading and
# following resolved's properties, globally and per link.
#include <abstractions/dbus-strict>
dbus send
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="Resolve{Address,Hostname,Record,Service}"
     peer=(name="org.freedesktop.resolve1", label=unconfined),
dbus (send)
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="SetLink{DefaultRoute,DNSOverTLS,DNS,DNSEx,DNSSEC,DNSSECNegativeTrustAnchors,MulticastDNS,Domains,LLMNR}"
     peer=(label=unconfined),
dbus (send)
     bus=system
     path="/org/freedesktop/resolve1{,/link/*}"
     interface="org.freedesktop.DBus.Properties"
     member="Get{,All}"
     peer=(label=unconfined),
dbus (receive)
     bus=system
     path="/org/freedesktop/resolve1{,/link/*}"
     interface="org.freedesktop.DBus.Properties"
     member="PropertiesChanged"
     peer=(label=unconfined),

# The system's CA certificates, for tools that speak TLS.
#include <abstractions/ssl_certs>

# Administering the network stack; raw sockets (ping); dropping privileges
# (ping, pppd); broadcasting (Open vSwitch).
capability net_admin,
capability net_raw,
capability setuid,
capability net_broadcast,

# Sockets of the usual protocol families (the rare ones that distributions
# keep from loading are left out), raw IP for ping, and netlink for ip,
# arp and the kernel's uevents.
network appletalk,
network bridge,
network inet,
network inet6,
network ipx,
network packet,
network pppox,
network sna,
network inet raw,
network inet6 raw,
network netlink dgram,
network netlink raw,

# The state of the network namespace the process is in.
@{PROC}/@{pid}/net/ r,
@{PROC}/@{pid}/net/** r,

# Kernel network settings (sysctl net.*), read and written.
@{PROC}/sys/ r,
@{PROC}/sys/net/ r,
@{PROC}/sys/net/core/ r,
@{PROC}/sys/net/core/** rw,
@{PROC}/sys/net/ipv{4,6}/ r,
@{PROC}/sys/net/ipv{4,6}/** rw,
@{PROC}/sys/net/netfilter/ r,
@{PROC}/sys/net/netfilter/** rw,
@{PROC}/sys/net/nf_conntrack_max rw,

# Wireless settings that only debugfs exposes.
/sys/kernel/debug/ieee80211/ r,
/sys/kernel/debug/ieee80211/** rw,

# Parameters of the netfilter modules.
/sys/module/nf_*/ r,
/sys/module/nf_*/parameters/{,*} r,

# The networking tools of the host or the base, run under this profile;
# dhclient runs under its own profile.
/{,usr/}{,s}bin/{arp,arpd,bridge,dhclient-script,ifconfig,ifdown,ifquery,ifup,ip,ipmaddr,iptunnel,iw,nameif,netstat,nstat,ping,ping6,pppd,pppdump,pppoe-discovery,resolvectl,route,routef,routel,rtacct,rtmon,ss,sysctl,tc,wpa_action,wpa_cli,wpa_passphrase,wpa_supplicant} ixr,
/{,usr/}{,s}bin/dhclient Pxr,

# Radio kill switches: the device, and their state in sysfs.
/dev/rfkill rw,
/sys/class/rfkill/ r,
/sys/devices/{pci[0-9a-f]*,platform,virtual}/**/rfkill[0-9]*/{,**} r,
/sys/devices/{pci[0-9a-f]*,platform,virtual}/**/rfkill[0-9]*/state w,

# The hardware address of each network interface.
/sys/devices/{pci[0-9a-f]*,platform,virtual}/**/net/*/address r,

# iproute2's tables of names, some of which ip updates.
/etc/iproute2/{,**} r,
/etc/iproute2/rt_{protos,realms,scopes,tables} w,
/etc/iproute2/rt_{protos,tables}.d/* w,

# pppd checks the login uid and the mounts.
@{PROC}/@{pid}/loginuid r,
@{PROC}/@{pid}/mounts r,

# The static table of host names.
/etc/hosts w,

# resolvconf: the tool, its state, and the hooks it runs.
/{,usr/}sbin/resolvconf ixr,
/run/resolvconf/{,**} rk,
/run/resolvconf/** w,
/etc/resolvconf/{,**} r,
/{,usr/}lib/resolvconf/* ix,
/{,usr/}bin/run-parts ixr,
/etc/resolvconf/update.d/* ix,

# wpa_supplicant's control sockets, and its configuration and action
# scripts.
/{,var/}run/wpa_supplicant/ w,
/{,var/}run/wpa_supplicant/** rw,
/etc/wpa_supplicant/{,**} ixr,

# State of ifupdown and dhclient: pid files, leases, interface state.
/{,var/}run/dhclient.*.pid rw,
/var/lib/dhcp/ r,
/var/lib/dhcp/** rw,
/run/network/ifstate* rw,
/run/network/.ifstate* rw,
/run/network/ifup-* rw,
/run/network/ifdown-* rw,

# Tables of network, Ethernet and RPC names that route and arp read.
/etc/networks r,
/etc/ethers r,
/etc/rpc r,

# TUN/TAP through the clone device, and the sysfs settings of tap, MSTP and
# bchat interfaces and of bridges.
/dev/net/tun rw,
/sys/devices/virtual/net/{tap*,mstp*,bchat*}/** rw,
/sys/devices/virtual/net/*/bridge/* rw,

# Network namespaces as "ip netns" keeps them: entering one (setns needs
# sys_admin) and bind-mounting it under /run/netns, which snap-confine
# creates, so that it outlives the process.
capability sys_admin,
/ r,
/run/netns/ r,
/run/netns/* rw,
mount options=(rw, rshared) -> /run/netns/,
mount options=(rw, bind) /run/netns/ -> /run/netns/,
mount options=(rw, bind) / -> /run/netns/*,
umount /,

# "ip netns exec" and nsenter: a private mount namespace with a fresh /sys.
mount options=(rw, rslave) /,
mount options=(rw, rslave),
mount fstype=sysfs,
umount /sys/,
/{,usr/}{,s}bin/nsenter ixr,

# "ip netns identify" and "ip netns pids" look at other processes'
# namespaces; they never trace them, so tracing stays denied.
capability sys_ptrace,
`

const networkControlSecComp = `
# ping and ping6 drop capabilities.
capset
# Netlink sockets are bound before use.
bind
# "ip netns": mounts that keep namespaces, new namespaces, and entering
# network namespaces (and no other kind).
mount
umount
umount2
unshare
setns - CLONE_NEWNET
# The netlink families of network configuration: routing, FIB look-ups,
# socket diagnostics, IPsec, DECnet routing, iSCSI, RDMA, generic netlink,
# and the kernel's uevents.
socket AF_NETLINK - NETLINK_ROUTE
socket AF_NETLINK - NETLINK_FIB_LOOKUP
socket AF_NETLINK - NETLINK_INET_DIAG
socket AF_NETLINK - NETLINK_XFRM
socket AF_NETLINK - NETLINK_DNRTMSG
socket AF_NETLINK - NETLINK_ISCSI
socket AF_NETLINK - NETLINK_RDMA
socket AF_NETLINK - NETLINK_GENERIC
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
# Loading XDP programs onto interfaces.
bpf
`
