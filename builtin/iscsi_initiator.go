// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
)

// iscsi-initiator: acting as an iSCSI initiator (open-iscsi's iscsiadm and
// iscsid): its configuration and persistent state, the iSCSI objects in
// sysfs, iscsid's abstract control socket, and the iSCSI over TCP and
// LIO core modules, loaded at boot. Offered by the system on classic
// distributions only; plugs never connect on their own.
//
// The host's /var/lib/iscsi/nodes (through /var/lib/snapd/hostfs) is
// bind-mounted, writable, onto the same path in the snap's mount
// namespace, so that the snap shares the host's node database, as with
// snapd; snap-update-ns gets the rules for that mount and for the
// writable mimics that create the mount point in the base snap.
type iscsiInitiatorInterface struct {
	commonInterface
}

func newISCSIInitiator() interfaces.Interface {
	return &iscsiInitiatorInterface{commonInterface{
		name:              "iscsi-initiator",
		summary:           "allows access to iSCSI initiator functionality for block storage operations",
		docURL:            "https://snapcraft.io/docs/iscsi-initiator-interface",
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  iscsi-initiator:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  iscsi-initiator:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor:    iscsiInitiatorAppArmor,
		connectedPlugKModModules: []string{"iscsi_tcp", "target_core_mod"},
	}}
}

// iscsiNodesDir is the node database, the host's bound over the snap's.
const iscsiNodesDir = "/var/lib/iscsi/nodes"

// MountConnectedPlug binds the host's node database into the snap, and
// lets snap-update-ns do so, creating the mount point where the base snap
// lacks it.
func (iface *iscsiInitiatorInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddUpdateNS(`  # The host's iSCSI node database.
  mount options=(bind, rw) /var/lib/snapd/hostfs/var/lib/iscsi/nodes/ -> /var/lib/iscsi/nodes/,
  umount /var/lib/iscsi/nodes/,
`)
	if err := spec.AddWritableProfile(iscsiNodesDir, 0); err != nil {
		return err
	}
	return spec.AddMountEntry(mount.Entry{Name: "/var/lib/snapd/hostfs" + iscsiNodesDir, Dir: iscsiNodesDir, Options: []string{"bind", "rw"}})
}

const iscsiInitiatorAppArmor = `
# iSCSI initiator configuration files
/etc/iscsi/initiatorname.iscsi r,
/etc/iscsi/iscsid.conf r,
# Additional Open-iSCSI persistent state
/etc/iscsi/ifaces/ rwk,
/etc/iscsi/ifaces/** rw,
/etc/iscsi/send_targets/ rwk,
/etc/iscsi/send_targets/** rw,
/etc/iscsi/fw/ rwk,
/etc/iscsi/fw/** rw,
/etc/iscsi/static/ rwk,
/etc/iscsi/static/** rw,
/etc/iscsi/isns/ rwk,
/etc/iscsi/isns/** rw,
# iSCSI target node information for persistent connections
/{etc,var/lib}/iscsi/nodes/ rwk,
/{etc,var/lib}/iscsi/nodes/** rw,

# Runtime files and locks for iSCSI daemon operation
/run/lock/iscsi/ rw,
/run/lock/iscsi/** rwlk,
# iSCSI transport layer information (TCP and iSER)
/sys/devices/virtual/iscsi_transport/tcp/** r,
/sys/devices/virtual/iscsi_transport/iser/** r,
# iSCSI session and host management through sysfs
/sys/class/iscsi_session/** rw,
/sys/class/iscsi_host/** r,
# SCSI host adapter information for iSCSI devices
/sys/devices/platform/host*/scsi_host/host*/** rw,
# iSCSI connection state and statistics
/sys/devices/platform/host*/session*/connection*/iscsi_connection/connection*/** rw,
# iSCSI session state and configuration
/sys/devices/platform/host*/session*/iscsi_session/session*/** rw,
# SCSI target device information
/sys/devices/platform/host*/session*/target*/** rw,
# iSCSI host adapter configuration
/sys/devices/platform/host*/iscsi_host/host*/** rw,

# Communication with iscsiadm daemon via abstract Unix socket
unix (send, receive, connect) type=stream peer=(addr="@ISCSIADM_ABSTRACT_NAMESPACE"),

`
