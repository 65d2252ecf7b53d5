// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// cifs-mount: mounting SMB/CIFS shares onto the snap's own writable
// directories, and unmounting them. Mounting needs sys_admin, so plugs
// connect only when allowed.
//
// Decision: as in snapd, AppArmor does not tell file systems apart when
// unmounting, so the umount rules cover any mount on those directories.
func newCifsMount() interfaces.Interface {
	return &commonInterface{
		name:              "cifs-mount",
		summary:           "allows mounting and unmounting CIFS filesystems",
		docURL:            "https://snapcraft.io/docs/cifs-mount-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  cifs-mount:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: cifsMountAppArmor,
		connectedPlugSecComp:  cifsMountSecComp,
	}
}

const cifsMountAppArmor = `
# Mounting and unmounting needs sys_admin.
capability sys_admin,

# CIFS shares may be mounted on the snap's data directories only (the
# directories of SNAP_DATA and SNAP_COMMON, under either name of a parallel
# instance).
mount fstype=cifs //** -> /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/{,**},
mount fstype=cifs //** -> /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/common/{,**},

# Unmounting from the same directories (AppArmor cannot check the file
# system type here).
umount /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/{,**},
umount /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/common/{,**},

# libmount's write to /run/mount/utab on unmount is denied and logged; it
# is not silenced with a deny rule, which would override interfaces that
# grant it.
`

const cifsMountSecComp = `
# The mount system calls.
mount
umount
umount2
`
