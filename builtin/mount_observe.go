// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// mount-observe: reading the mount table, swap and disk quota information.
// Mount arguments can leak what the host holds, so plugs connect only when
// allowed.
//
// Decisions:
//   - snapd runs df from the directories its @{SNAP_COREUTIL_DIRS} variable
//     names (for the Rust coreutils of newer Ubuntu releases); plugpolicy's
//     profiles define no such variable, so the classic /bin and /usr/bin
//     paths are written out.
//   - snapd's default template denies the process's own mountinfo and this
//     interface lifts the denial; plugpolicy's template already allows it,
//     so the rules below only repeat it for the per-thread paths.
//   - The quotactl filters compare the whole command argument with the
//     Q_* constants, as snapd's do.
func newMountObserve() interfaces.Interface {
	return &commonInterface{
		name:              "mount-observe",
		summary:           "allows reading mount table and quota information",
		docURL:            "https://snapcraft.io/docs/mount-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  mount-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: mountObserveAppArmor,
		connectedPlugSecComp:  mountObserveSecComp,
	}
}

const mountObserveAppArmor = `
# df, from the host or the base.
/{,usr/}bin/df ixr,

# The system's mount table (df reads it), and pid 1's, which htop reads to
# tell whether it runs in a container.
@{PROC}/mounts r,
@{PROC}/1/mounts r,

# The process's own view of the mounts, also through /proc/thread-self.
owner @{PROC}/@{pid}/mounts r,
owner @{PROC}/@{pid}/mountinfo r,
owner @{PROC}/@{pid}/mountstats r,
owner @{PROC}/@{pid}/task/@{tid}/mounts r,
owner @{PROC}/@{pid}/task/@{tid}/mountinfo r,

# Block devices in sysfs, which df and lsblk-like tools look up.
/sys/devices/*/block/{,**} r,

# ZFS's ARC statistics, which htop counts in the memory use.
@{PROC}/spl/kstat/zfs/arcstats r,

# Swap devices and files.
@{PROC}/swaps r,

# The static and legacy mount tables, and libmount's user mount options.
/etc/mtab r,
/etc/fstab r,
/run/mount/utab r,
`

const mountObserveSecComp = `
# Reading disk quotas and quota settings, not changing them.
quotactl Q_GETQUOTA - - -
quotactl Q_GETINFO - - -
quotactl Q_GETFMT - - -
quotactl Q_XGETQUOTA - - -
quotactl Q_XGETQSTAT - - -

# Listing the mounts and reading their attributes by mount id (Linux 6.8).
listmount
statmount
`
