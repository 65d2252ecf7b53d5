// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// fuse-support: running a FUSE file system, mounted by the snap itself
// (as root) on its own writable directories. Unprivileged mounts through
// fusermount are not supported. Plugs connect only when allowed.
//
// Decision: as in snapd, /etc/fuse.conf is denied, so that the host's
// settings (user_allow_other) cannot widen what the mount rules allow.
func newFuseSupport() interfaces.Interface {
	return &commonInterface{
		name:              "fuse-support",
		summary:           "allows access to the FUSE file system",
		docURL:            "https://snapcraft.io/docs/fuse-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  fuse-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: fuseSupportAppArmor,
		connectedPlugSecComp:  fuseSupportSecComp,
		connectedPlugUDev:     []string{`KERNEL=="fuse"`},
	}
}

const fuseSupportAppArmor = `
# The FUSE device, through which the file system serves the kernel.
/dev/fuse rw,

# Mounting needs sys_admin.
capability sys_admin,

# FUSE mounts (file system type fuse.<name>) on the snap's writable
# directories only, with the default options (rw,nosuid,nodev) or read
# only: the file system need not go through fusermount, so nothing else
# holds back other options. Local FUSE file systems do not widen access:
# AppArmor checks the files underneath. The user's snap directories are
# per instance; the system ones under both names of a parallel instance.
mount fstype=fuse.* options=(ro,nosuid,nodev) ** -> /home/*/snap/@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}/{,**/},
mount fstype=fuse.* options=(rw,nosuid,nodev) ** -> /home/*/snap/@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}/{,**/},
mount fstype=fuse.* options=(ro,nosuid,nodev) ** -> /home/*/snap/@{SNAP_INSTANCE_NAME}/common/{,**/},
mount fstype=fuse.* options=(rw,nosuid,nodev) ** -> /home/*/snap/@{SNAP_INSTANCE_NAME}/common/{,**/},
mount fstype=fuse.* options=(ro,nosuid,nodev) ** -> /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/{,**/},
mount fstype=fuse.* options=(rw,nosuid,nodev) ** -> /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/{,**/},
mount fstype=fuse.* options=(ro,nosuid,nodev) ** -> /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/common/{,**/},
mount fstype=fuse.* options=(rw,nosuid,nodev) ** -> /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/common/{,**/},

# The host's FUSE settings must not apply: the mount rules above are the
# only options allowed.
deny /etc/fuse.conf r,

# The FUSE control file system.
/sys/fs/fuse/ r,
/sys/fs/fuse/** r,
`

const fuseSupportSecComp = `
# The mount system call.
mount
`
