// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network-setup-control: changing the system's network configuration
// through netplan (its files, the files it generates, its D-Bus API) and
// the networkd and ifupdown configuration. Plugs connect only when
// allowed.
func newNetworkSetupControl() interfaces.Interface {
	return &commonInterface{
		name:              "network-setup-control",
		summary:           "allows access to netplan configuration",
		docURL:            "https://snapcraft.io/docs/network-setup-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  network-setup-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: networkSetupControlAppArmor,
	}
}

const networkSetupControlAppArmor = `
# The base's netplan, to generate, apply and query configuration: the
# command (a link to the script on core18 and later), its data, and the
# Python it runs on UC26 and later.
/usr/sbin/netplan ixr,
/usr/share/netplan/netplan.script ixr,
/usr/share/netplan/ r,
/usr/share/netplan/** r,

/usr/lib/python/python* ixr,

# netplan calls busctl, which binds a debugging socket since systemd 254.
/usr/bin/busctl ixr,

unix (bind) type=stream addr="@[0-9a-fA-F]*/bus/busctl/*",

# The configuration: netplan's, ifupdown's and networkd's.
/etc/netplan/{,**} rw,
/etc/network/{,**} rw,
/etc/systemd/network/{,**} rw,

# What "netplan generate" writes for networkd and NetworkManager.
/run/ r,
/run/systemd/network/{,**} r,
/run/systemd/network/*-netplan-* w,
/run/NetworkManager/conf.d/{,**} r,
/run/NetworkManager/conf.d/*netplan*.conf* w,
/usr/libexec/netplan/configure ixr,

# netplan's udev rules (cloud-init writes there too).
/run/udev/rules.d/ rw,
/run/udev/rules.d/[0-9]*-netplan* rw,

#include <abstractions/dbus-strict>

# netplan's D-Bus API: generating, applying, querying and configuring, and
# its configuration objects.
dbus (send)
    bus=system
    interface=io.netplan.Netplan
    path=/io/netplan/Netplan
	member={Generate,Apply,Info,Config}
	peer=(label=unconfined),

dbus (send)
    bus=system
    interface=io.netplan.Netplan.Config
    path=/io/netplan/Netplan/config/*
	member={Get,Set,Try,Cancel,Apply}
	peer=(label=unconfined),
`
