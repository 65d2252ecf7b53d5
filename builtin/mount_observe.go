// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
)

// mount-observe: reading the mount table, swap and disk quota information.
// Mount arguments can leak what the host holds, so plugs connect only when
// allowed.
//
// Decisions:
//   - The default template denies the process's own mountinfo; this
//     interface lifts the denial by adding its own mountinfo rules under
//     apparmor.MountInfoKey with a higher priority, as snapd does.
//   - The quotactl filters compare the whole command argument with the
//     Q_* constants, as snapd's do.
type mountObserveInterface struct {
	commonInterface
}

func newMountObserve() interfaces.Interface {
	return &mountObserveInterface{commonInterface{
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
	}}
}

// mountInfoPriority is the priority of mount-observe's mountinfo rules,
// above the template's denial (0).
const mountInfoPriority = 1

// AppArmorConnectedPlug adds the rules, and lets the apps read their own
// mountinfo in place of the template's denial.
func (iface *mountObserveInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if err := iface.commonInterface.AppArmorConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	spec.AddPrioritizedSnippet(apparmor.MountInfoKey, mountInfoPriority, mountObserveMountInfoAppArmor)
	return nil
}

const mountObserveMountInfoAppArmor = `
owner @{PROC}/@{pid}/mountinfo r,
owner @{PROC}/self/mountinfo r,
`

const mountObserveAppArmor = `
# df, from whichever coreutils the base has.
@{SNAP_COREUTIL_DIRS}df ixr,

# The system's mount table (df reads it), and pid 1's, which htop reads to
# tell whether it runs in a container.
@{PROC}/mounts r,
@{PROC}/1/mounts r,

# The process's own view of the mounts, also through /proc/thread-self
# (where there is no mountstats).
owner @{PROC}/@{pid}/mounts r,
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
