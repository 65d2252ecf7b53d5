// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/udev"
)

// network-manager: on the slot side, running NetworkManager, which
// configures the host's network (privileged); on the plug side, being its
// client over D-Bus (nmcli, network settings panels), which can change
// any network setting of the host.
//
// The slot is the host's NetworkManager on a classic system (the system
// snap's slot, implicit there), or a snap's daemon (the network-manager
// snap, which is how Ubuntu Core gets one). A plug never connects on its
// own; on a classic system it may be connected by hand, on Ubuntu Core
// only when the store allows it (a snap declaration).
//
// Decisions, as snapd's:
//   - On a classic system the plug's rules name the daemon as unconfined,
//     even when the slot is a snap's: the host's NetworkManager is the
//     one on the bus there. On Ubuntu Core they name the slot's apps.
//   - Introspection of the daemon by its clients is allowed on Ubuntu Core
//     only (LP: #1849291).
//   - The daemon's D-Bus policy (which snapd's dbus backend writes for a
//     snap's slot) is not written: plugpolicy has no dbus backend. The
//     daemon snap ships its own.
type networkManagerInterface struct {
	commonInterface
}

var (
	_ apparmor.ConnectedSlotDefiner = (*networkManagerInterface)(nil)
	_ apparmor.PermanentSlotDefiner = (*networkManagerInterface)(nil)
	_ seccomp.PermanentSlotDefiner  = (*networkManagerInterface)(nil)
	_ udev.PermanentSlotDefiner     = (*networkManagerInterface)(nil)
)

func newNetworkManager() interfaces.Interface {
	return &networkManagerInterface{commonInterface{
		name:              "network-manager",
		summary:           "allows operating as the NetworkManager service",
		docURL:            "https://snapcraft.io/docs/network-manager-interface",
		implicitOnClassic: true,
		// The system or an app snap may offer the slot; plugs connect
		// by hand on classic, and on Ubuntu Core only with the store's
		// allowance.
		baseDeclarationSlots: `
  network-manager:
    allow-installation:
      slot-snap-type:
        - app
        - core
    deny-auto-connection: true
    deny-connection:
      on-classic: false
`,
		connectedPlugSecComp: networkManagerPlugSecComp,
	}}
}

// AppArmorConnectedPlug lets the plug's apps call the daemon: the host's,
// unconfined, on a classic system; the slot's apps on Ubuntu Core, which
// the apps may also introspect.
func (iface *networkManagerInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if !spec.OnCore() {
		spec.AddSnippet(withLabels(networkManagerPlugAppArmor, "", "unconfined"))
		return nil
	}
	label := slotLabelExpr(slot)
	spec.AddSnippet(withLabels(networkManagerPlugAppArmor, "", label))
	spec.AddSnippet(withLabels(networkManagerPlugIntrospectAppArmor, "", label))
	return nil
}

// AppArmorConnectedSlot lets the daemon answer the plug's apps (and, on
// Ubuntu Core, be introspected by them).
func (iface *networkManagerInterface) AppArmorConnectedSlot(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	label := plugLabelExpr(plug)
	spec.AddSnippet(withLabels(networkManagerSlotAppArmor, label, ""))
	if spec.OnCore() {
		spec.AddSnippet(withLabels(networkManagerSlotIntrospectAppArmor, label, ""))
	}
	return nil
}

// AppArmorPermanentSlot adds what running NetworkManager takes.
func (iface *networkManagerInterface) AppArmorPermanentSlot(spec *apparmor.Specification, slot *snap.SlotInfo) error {
	spec.AddSnippet(networkManagerPermanentSlotAppArmor)
	return nil
}

// SecCompPermanentSlot adds the daemon's system calls.
func (iface *networkManagerInterface) SecCompPermanentSlot(spec *seccomp.Specification, slot *snap.SlotInfo) error {
	spec.AddSnippet(networkManagerPermanentSlotSecComp)
	return nil
}

// UDevPermanentSlot gives the daemon the rfkill device.
func (iface *networkManagerInterface) UDevPermanentSlot(spec *udev.Specification, slot *snap.SlotInfo) error {
	spec.TagDevice(`KERNEL=="rfkill"`)
	return nil
}

const networkManagerPlugAppArmor = `
# Calling NetworkManager over the system bus.
#include <abstractions/dbus-strict>

# GnuTLS's system configuration, which nmcli's TLS library reads.
/etc/gnutls/config r,

# Everything on the daemon's objects, and its object manager.
dbus (receive, send)
    bus=system
    path=/org/freedesktop/NetworkManager{,/**}
    peer=(label=###SLOT_SECURITY_TAGS###),

dbus (receive, send)
    bus=system
    path=/org/freedesktop
    interface=org.freedesktop.DBus.ObjectManager
    peer=(label=###SLOT_SECURITY_TAGS###),

# nmcli asks the bus which user a connection is.
dbus (send)
   bus=system
   path=/org/freedesktop/DBus
   interface=org.freedesktop.DBus
   member=GetConnectionUnixUser
   peer=(label=unconfined),
`

const networkManagerPlugIntrospectAppArmor = `
# Introspecting the daemon's objects.
dbus (send)
    bus=system
    interface="org.freedesktop.DBus.Introspectable"
    member="Introspect"
    peer=(label=###SLOT_SECURITY_TAGS###),
`

const networkManagerSlotAppArmor = `
# The plug's apps call the daemon's objects and its object manager, and
# get their signals.
dbus (receive, send)
    bus=system
    path=/org/freedesktop/NetworkManager{,/**}
    peer=(label=###PLUG_SECURITY_TAGS###),

dbus (receive, send)
    bus=system
    path=/org/freedesktop
    interface=org.freedesktop.DBus.ObjectManager
    peer=(label=###PLUG_SECURITY_TAGS###),

# The daemon reads its clients' /proc/PID/stat for their start time, which
# AppArmor treats as tracing them; it needs none of what that would show,
# so the denial is silenced.
deny ptrace (trace,read) peer=###PLUG_SECURITY_TAGS###,
`

const networkManagerSlotIntrospectAppArmor = `
# The plug's apps introspect the daemon's objects.
dbus (receive)
    bus=system
    interface="org.freedesktop.DBus.Introspectable"
    member="Introspect"
    peer=(label=###PLUG_SECURITY_TAGS###),
`

const networkManagerPermanentSlotAppArmor = `
# The daemon configures the host's network devices: interfaces, addresses,
# routes, bridges, Wi-Fi, and the raw sockets of DHCP.

capability net_admin,
capability net_bind_service,
capability net_raw,

network netlink,
network bridge,
network inet,
network inet6,
network packet,

# The kernel's tables of the process's network namespace.
@{PROC}/@{pid}/net/ r,
@{PROC}/@{pid}/net/** r,

# Network settings under /proc/sys, read and written as sysctl does.
@{PROC}/sys/ r,
@{PROC}/sys/net/ r,
@{PROC}/sys/net/core/ r,
@{PROC}/sys/net/core/** rw,
@{PROC}/sys/net/ipv{4,6}/ r,
@{PROC}/sys/net/ipv{4,6}/** rw,
@{PROC}/sys/net/netfilter/ r,
@{PROC}/sys/net/netfilter/** rw,
@{PROC}/sys/net/nf_conntrack_max rw,
@{PROC}/sys/net/mptcp/ r,
@{PROC}/sys/net/mptcp/** rw,

# systemd's DHCP client reads the boot's id (and, below, the machine id).
@{PROC}/sys/kernel/random/boot_id r,

# Telling network devices apart: their port and device ids, and indexes.
/sys/devices/**/**/net/**/phys_port_id r,
/sys/devices/**/**/net/**/dev_id r,
/sys/devices/virtual/net/**/phys_port_id r,
/sys/devices/virtual/net/**/dev_id r,
/sys/devices/**/net/**/ifindex r,

# Bridge settings, in the bridges' sysfs directories.
/sys/devices/virtual/net/*/bridge/* rw,

# Turning radios on and off (the udev rules tag the device for the slot's
# daemons), and udev's properties of the devices.
/dev/rfkill rw,

/run/udev/data/* r,

# GnuTLS's system configuration (for its TLS connections).
/etc/gnutls/config r,

# netplan's configuration, which NetworkManager reads and writes as its
# store of connections.
/etc/netplan/{,**} rw,

# What netplan generates for NetworkManager, and its own run-time state.
/run/NetworkManager/{,**} rw,

# The ifupdown plugin reads which interfaces ifupdown manages.
/etc/network/interfaces r,
# systemd's DHCP client derives its client id from the machine id.
/etc/machine-id r,

# resolvconf of the base, for setting the host's name servers, and ifupdown's
# state, which NetworkManager reads.
/{,usr/}sbin/resolvconf ixr,
/run/resolvconf/{,**} rk,
/run/resolvconf/** w,
/etc/resolvconf/{,**} r,
/{,usr/}lib/resolvconf/* ix,
/run/network/ifstate* r,
# resolvconf's helpers.
/{,usr/}bin/run-parts ixr,
/etc/resolvconf/update.d/* ix,

# Resolving names.
#include <abstractions/nameservice>
/run/systemd/resolve/stub-resolv.conf r,

# The system bus.
#include <abstractions/dbus-strict>

# systemd-resolved, through its D-Bus API: resolving names, and setting the
# name servers and other DNS settings of each link. NetworkManager sends to
# the unique name of resolved's connection, not to the well-known name, so
# the peer is only its label (resolved runs unconfined).
dbus send
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="Resolve{Address,Hostname,Record,Service}"
     peer=(label=unconfined),

dbus (send)
     bus=system
     path="/org/freedesktop/resolve1"
     interface="org.freedesktop.resolve1.Manager"
     member="SetLink{DefaultRoute,DNSOverTLS,DNS,DNSEx,DNSSEC,DNSSECNegativeTrustAnchors,MulticastDNS,Domains,LLMNR}"
     peer=(label=unconfined),

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
     member="Set{DefaultRoute,DNS,DNSEx,DNSSEC,DNSSECNegativeTrustAnchors,DNSOverTLS,Domains,LLMNR,MulticastDNS}"
     peer=(name="org.freedesktop.resolve1", label=unconfined),

# The bus itself: owning names, and telling who is calling (for polkit's
# checks).
dbus (send)
   bus=system
   path=/org/freedesktop/DBus
   interface=org.freedesktop.DBus
   member={Request,Release}Name
   peer=(name=org.freedesktop.DBus, label=unconfined),

dbus (receive, send)
   bus=system
   path=/org/freedesktop/DBus
   interface=org.freedesktop.DBus
   member=GetConnectionUnixProcessID
   peer=(label=unconfined),

dbus (receive, send)
   bus=system
   path=/org/freedesktop/DBus
   interface=org.freedesktop.DBus
   member=GetConnectionUnixUser
   peer=(label=unconfined),

# The daemon's well-known bus names: NetworkManager's and those of its
# OpenVPN plugins.
dbus (bind)
    bus=system
    name="org.freedesktop.NetworkManager",
dbus (bind)
    bus=system
    name="org.freedesktop.NetworkManager.openvpn.*",

# Unconfined clients (the host's nmcli, desktops) call the daemon, and get
# its signals and properties, and its object manager.
dbus (receive, send)
    bus=system
    path=/org/freedesktop/NetworkManager{,/**}
    interface=org.freedesktop.NetworkManager*
    peer=(label=unconfined),

dbus (receive, send)
    bus=system
    path=/org/freedesktop/NetworkManager{,/**}
    interface=org.freedesktop.DBus.*
    peer=(label=unconfined),

dbus (receive, send)
    bus=system
    path=/org/freedesktop
    interface=org.freedesktop.DBus.ObjectManager
    peer=(label=unconfined),

# systemd-hostnamed: reading and setting the host name. The rules without
# a peer are for the first call, which starts hostnamed by D-Bus
# activation, when it has no label yet.
dbus (receive, send)
    bus=system
    path=/org/freedesktop/hostname1
    interface=org.freedesktop.DBus.Properties
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/freedesktop/hostname1
    interface=org.freedesktop.DBus.Properties
    member="Get{,All}",

dbus(receive, send)
    bus=system
    path=/org/freedesktop/hostname1
    interface=org.freedesktop.hostname1
    member={Set,SetStatic}Hostname
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/freedesktop/hostname1
    interface=org.freedesktop.hostname1
    member={Set,SetStatic}Hostname,

# systemd-logind: delaying sleep (an inhibitor, whose first call may
# start logind) and learning of sleep and of sessions.
dbus (send)
    bus=system
    path=/org/freedesktop/login1
    member=Inhibit
    interface=org.freedesktop.login1.Manager,
dbus (receive)
    bus=system
    path=/org/freedesktop/login1
    member=PrepareForSleep
    interface=org.freedesktop.login1.Manager
    peer=(label=unconfined),
dbus (receive)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.login1.Manager
    member=Session{New,Removed}
    peer=(label=unconfined),

# wpa_supplicant, which the daemon drives for Wi-Fi.
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
`

const networkManagerPlugSecComp = `
# Listening to the kernel's device events (nmcli monitors devices).
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
`

const networkManagerPermanentSlotSecComp = `
# Serving its clients' sockets, setting the host name, and every netlink
# protocol (routing, generic netlink for Wi-Fi, device events, ...).
accept
accept4
bind
listen
sethostname
socket AF_NETLINK - -
`
