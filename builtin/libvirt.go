// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// libvirt: being a client of the host's libvirt daemon, through its
// sockets. libvirt starts virtual machines with the host's devices and
// disks, so a plug is as good as root on the host and never connects on
// its own.
//
// The slot is the host's libvirtd, on a classic system: only the system
// snap may offer it (an app snap's slot is refused when the snap is added,
// as in snapd), and it adds no rules.
type libvirtInterface struct {
	commonInterface
}

var _ interfaces.SlotSanitizer = (*libvirtInterface)(nil)

func newLibvirt() interfaces.Interface {
	return &libvirtInterface{commonInterface{
		name:              "libvirt",
		summary:           "allows access to libvirt service",
		docURL:            "https://snapcraft.io/docs/libvirt-interface",
		implicitOnClassic: true,
		baseDeclarationSlots: `
  libvirt:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: libvirtAppArmor,
		connectedPlugSecComp:  libvirtSecComp,
	}}
}

// BeforePrepareSlot refuses a slot that is not the system's: the daemon is
// the host's, and an app snap offering the slot would only make clients
// trust it with the host's socket path.
func (iface *libvirtInterface) BeforePrepareSlot(slot *snap.SlotInfo) error {
	switch slot.Snap.Type {
	case snap.TypeOS, snap.TypeSnapd:
		return nil
	}
	return fmt.Errorf("snap %q, slot %q: %s slots are reserved for the system snap, not a snap of type %q",
		slot.Snap.InstanceName(), slot.Name, iface.Name(), slot.Snap.Type)
}

const libvirtAppArmor = `
# libvirtd's sockets: the read-only one and the read-write one.
/run/libvirt/libvirt-sock-ro rw,
/run/libvirt/libvirt-sock rw,

# The client configuration.
/etc/libvirt/* r,

# The host's dnsmasq leases and configuration of libvirt's networks, for
# finding the addresses of the guests.
/var/lib/snapd/hostfs/var/lib/libvirt/dnsmasq/{,**} r,
`

const libvirtSecComp = `
# Accepting connections on the sockets the client library listens on
# (the console and migration streams).
listen
accept
accept4
`
