// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
)

// network-control: configuring the host's networking (interfaces,
// addresses, routes, wireless, tunnels, bridges) and network namespaces.
// It is privileged: only the system offers the slot, and plugs connect
// only when the store or the user says so.
//
// Decisions:
//   - "network xdp," is written only when the target's apparmor_parser
//     knows the xdp family (ParserFeatures.XDP), as snapd does; the bpf
//     system call that loads XDP programs is granted either way.
//   - The host's /var/lib/dhcp (DHCP leases) is bind-mounted, writable,
//     over the base snap's, as snapd does; a host without it is skipped
//     (x-snapd.ignore-missing).
type networkControlInterface struct {
	commonInterface
}

func newNetworkControl() interfaces.Interface {
	return &networkControlInterface{commonInterface{
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
		// AppArmor checks as tracing: deny that (and sys_ptrace) quietly.
		// rtnetlink falls back to loading any module by name when a
		// network module is missing: deny sys_module quietly too.
		suppressPtraceTrace:         true,
		suppressSysModuleCapability: true,
	}}
}

// AppArmorConnectedPlug adds the rules, and the XDP socket family where the
// parser knows it.
func (iface *networkControlInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if err := iface.commonInterface.AppArmorConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	if spec.Features().XDP {
		spec.AddSnippet(networkControlXDPAppArmor)
	}
	return nil
}

// MountConnectedPlug binds the host's DHCP leases into the snap, and lets
// snap-update-ns do so.
func (iface *networkControlInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddUpdateNS(networkControlUpdateNS)
	return spec.AddMountEntry(mount.Entry{
		Name:    "/var/lib/snapd/hostfs/var/lib/dhcp",
		Dir:     "/var/lib/dhcp",
		Options: []string{"bind", "rw", "x-snapd.ignore-missing"},
	})
}

// networkControlUpdateNS: snap-update-ns reaching the host's /var/lib/dhcp
// and binding it over the snap's.
const networkControlUpdateNS = `  # The host's DHCP leases.
  /var/ r,
  /var/lib/ r,
  /var/lib/snapd/ r,
  /var/lib/snapd/hostfs/ r,
  /var/lib/snapd/hostfs/var/ r,
  /var/lib/snapd/hostfs/var/lib/ r,
  /var/lib/snapd/hostfs/var/lib/dhcp/ r,
  /var/lib/dhcp/ r,
  mount options=(rw bind) /var/lib/snapd/hostfs/var/lib/dhcp/ -> /var/lib/dhcp/,
  umount /var/lib/dhcp/,
`

const networkControlXDPAppArmor = `
# XDP sockets (AF_XDP), for fast packet processing.
network xdp,
`

const networkControlAppArmor = `
# Resolving names: the resolver configuration and NSS.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf rk,

# Talking to systemd-resolved, and only to it: resolving names, setting and
# reading links' DNS settings, flushing its caches, and pinging it.
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
     member="SetLink*"
     peer=(name="org.freedesktop.resolve1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="GetLink"
     peer=(name="org.freedesktop.resolve1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/resolve1/link/*"
     interface="org.freedesktop.resolve1.Link"
     member="Set*"
     peer=(name="org.freedesktop.resolve1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="FlushCaches"
     peer=(name="org.freedesktop.resolve1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.DBus.Peer"
     member="Ping"
     peer=(name="org.freedesktop.resolve1", label=unconfined),

# resolvectl reads and follows resolved's properties, globally and per
# link.
dbus (send)
     bus=system
     path="/org/freedesktop/resolve1"
     interface=org.freedesktop.DBus.Properties
     member=Get{,All}
     peer=(label=unconfined),

dbus (receive)
     bus=system
     path="/org/freedesktop/resolve1"
     interface=org.freedesktop.DBus.Properties
     member=PropertiesChanged
     peer=(label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/resolve1/link/*"
     interface="org.freedesktop.DBus.Properties"
     member=Get{,All}
     peer=(label=unconfined),

dbus (receive)
     bus=system
     path="/org/freedesktop/resolve1/link/*"
     interface="org.freedesktop.DBus.Properties"
     member=PropertiesChanged
     peer=(label=unconfined),

# networkctl: its own bus socket, and networkd's and udev's state of the
# links.
unix (bind) type=stream addr="@*/bus/networkctl*/system",
/run/systemd/netif/links/ r,
/run/systemd/netif/links/* r,
/run/systemd/netif/lldp/[0-9]* r,
/run/udev/data/n[0-9]* r,

# networkctl talking to systemd-networkd: listing, describing and
# configuring links, reloading, and following their properties.
dbus (send)
     bus=system
     path="/org/freedesktop/network1"
     interface="org.freedesktop.network1.Manager"
     member="{ListLinks,GetLinkByName,GetLinkByIndex,SetLinkNTP,SetLinkDNS,SetLinkDNSEx,SetLinkDomains,SetLinkDefaultRoute,SetLinkLLMNR,SetLinkMulticastDNS,SetLinkDNSOverTLS,SetLinkDNSSEC,SetLinkDNSSECNegativeTrustAnchors,RevertLinkNTP,RevertLinkDNS,RenewLink,ForceRenewLink,ReconfigureLink,Reload,DescribeLink,Describe}"
     peer=(name="org.freedesktop.network1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/network1"
     interface="org.freedesktop.DBus.Properties"
     member=Get{,All}
     peer=(name="org.freedesktop.network1", label=unconfined),

dbus (receive)
     bus=system
     path="/org/freedesktop/network1"
     interface="org.freedesktop.DBus.Properties"
     member=PropertiesChanged
     peer=(label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/network1"
     interface="org.freedesktop.DBus.Peer"
     member=Ping
     peer=(name="org.freedesktop.network1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/network1/link/_*"
     interface="org.freedesktop.network1.Link"
     member="{SetNTP,SetDNS,SetDNSEx,SetDomains,SetDefaultRoute,SetLLMNR,SetMulticastDNS,SetDNSOverTLS,SetDNSSEC,SetDNSSECNegativeTrustAnchors,RevertNTP,RevertDNS,Renew,ForceRenew,Reconfigure,Describe}"
     peer=(name="org.freedesktop.network1", label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/network1/link/_*"
     interface="org.freedesktop.DBus.Properties"
     member=Get{,All}
     peer=(name="org.freedesktop.network1", label=unconfined),

dbus (receive)
     bus=system
     path="/org/freedesktop/network1/link/_*"
     interface="org.freedesktop.DBus.Properties"
     member=PropertiesChanged
     peer=(label=unconfined),

# Managing Wi-Fi networks through wpa_supplicant.
dbus (receive, send)
    bus=system
    path=/fi/w1/wpa_supplicant1{,/**}
    interface=fi.w1.wpa_supplicant1*
    peer=(label=unconfined),
dbus (receive, send)
    bus=system
    path=/fi/w1/wpa_supplicant1{,/**}
    interface=org.freedesktop.DBus.*
    peer=(label=unconfined),

# The system's CA certificates, for tools that speak TLS.
#include <abstractions/ssl_certs>

# Administering the network stack; raw sockets; dropping privileges (ping);
# broadcasting (Open vSwitch).
capability net_admin,
capability net_raw,
capability setuid,
capability net_broadcast,

# Sockets of the usual protocol families; the rare ones that distributions
# keep from loading (blacklist-rare-network.conf) are left out.
network appletalk,
network bridge,
network inet,
network inet6,
network ipx,
network packet,
network pppox,
network sna,

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
/sys/module/nf_*/                r,
/sys/module/nf_*/parameters/{,*} r,

# The networking tools of the host or the base, run under this profile
# (netstat cannot show other users' processes); dhclient runs under its
# own profile. pppstats is left out: it needs sys_module.
/{,usr/}{,s}bin/arp ixr,
/{,usr/}{,s}bin/arpd ixr,
/{,usr/}{,s}bin/bridge ixr,
/{,usr/}{,s}bin/dhclient Pxr,
/{,usr/}{,s}bin/dhclient-script ixr,
/{,usr/}{,s}bin/ifconfig ixr,
/{,usr/}{,s}bin/ifdown ixr,
/{,usr/}{,s}bin/ifquery ixr,
/{,usr/}{,s}bin/ifup ixr,
/{,usr/}{,s}bin/ip ixr,
/{,usr/}{,s}bin/ipmaddr ixr,
/{,usr/}{,s}bin/iptunnel ixr,
/{,usr/}{,s}bin/iw ixr,
/{,usr/}{,s}bin/nameif ixr,
/{,usr/}{,s}bin/netstat ixr,
/{,usr/}{,s}bin/networkctl ixr,
/{,usr/}{,s}bin/nstat ixr,
/{,usr/}{,s}bin/ping ixr,
/{,usr/}{,s}bin/ping6 ixr,
/{,usr/}{,s}bin/pppd ixr,
/{,usr/}{,s}bin/pppdump ixr,
/{,usr/}{,s}bin/pppoe-discovery ixr,
/{,usr/}{,s}bin/resolvectl ixr,
/{,usr/}{,s}bin/route ixr,
/{,usr/}{,s}bin/routef ixr,
/{,usr/}{,s}bin/routel ixr,
/{,usr/}{,s}bin/rtacct ixr,
/{,usr/}{,s}bin/rtmon ixr,
/{,usr/}{,s}bin/ss ixr,
/{,usr/}{,s}bin/sysctl ixr,
/{,usr/}{,s}bin/tc ixr,
/{,usr/}{,s}bin/wpa_action ixr,
/{,usr/}{,s}bin/wpa_cli ixr,
/{,usr/}{,s}bin/wpa_passphrase ixr,
/{,usr/}{,s}bin/wpa_supplicant ixr,

# Radio kill switches: the device, and their state in sysfs.
/dev/rfkill rw,
/sys/class/rfkill/ r,
/sys/devices/{pci[0-9a-f]*,platform,virtual}/**/rfkill[0-9]*/{,**} r,
/sys/devices/{pci[0-9a-f]*,platform,virtual}/**/rfkill[0-9]*/state w,

# The hardware address of each network interface.
/sys/devices/{pci[0-9a-f]*,platform,virtual}/**/net/*/address r,

# Netlink for arp.
network netlink dgram,

# iproute2's tables of names, some of which ip updates.
/etc/iproute2/{,**} r,
/etc/iproute2/rt_{protos,realms,scopes,tables} w,
/etc/iproute2/rt_{protos,tables}.d/* w,

# ping: raw IP sockets.
/{,usr/}{,s}bin/ping ixr,
/{,usr/}{,s}bin/ping6 ixr,
network inet raw,
network inet6 raw,

# pppd switches user, and checks the login uid and the mounts.
capability setuid,
@{PROC}/@{pid}/loginuid r,
@{PROC}/@{pid}/mounts r,

# The static table of host names.
/etc/hosts w,

# resolvconf: the tool, its state, and the hooks it runs (through
# run-parts).
/{,usr/}sbin/resolvconf ixr,
/run/resolvconf/{,**} rwk,
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

# TUN/TAP through the clone device (the tun and tap interfaces made from it
# have no device nodes).
/dev/net/tun rw,

# The sysfs settings of tap, MSTP and bchat interfaces, and of bridges.
/sys/devices/virtual/net/{tap*,mstp*,bchat*}/** rw,
/sys/devices/virtual/net/*/bridge/* rw,

# Network namespaces as "ip netns" keeps them: entering one (setns needs
# sys_admin) and bind-mounting it under /run/netns (which snap-confine
# creates, hence no write on the directory), so that it outlives the
# process.
capability sys_admin,
network netlink raw,

/ r,
/run/netns/ rk,
/run/netns/* rw,
mount options=(rw, rshared) -> /run/netns/,
mount options=(rw, bind) /run/netns/ -> /run/netns/,
mount options=(rw, bind) / -> /run/netns/*,
umount /run/netns/*,
umount /,

# "ip netns identify" and "ip netns pids" look at other processes'
# namespaces; they never trace them, and the profile's ptrace denial
# (with that of sys_ptrace) keeps it so.
capability sys_ptrace,

# "ip netns exec": a private mount namespace with a fresh /sys.
mount options=(rw, rslave) /,
mount options=(rw, rslave),
mount fstype=sysfs,
umount /sys/,

# nsenter, to run a command in a network namespace.
/{,usr/}{,s}bin/nsenter ixr,
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
