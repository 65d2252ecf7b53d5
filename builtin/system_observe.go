// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

// system-observe: reading the state of every process and of the system as
// a whole (ps, top, monitoring agents). It reveals what everyone runs, so
// plugs connect only when allowed.
//
// Decisions:
//   - As snapd does, the host's /boot is bind-mounted into the snap,
//     read-only, so that /boot/config-* can be read, where the host has
//     such a file (Host.BootConfig, a host fact); the entry comes with the
//     plug, connected or not, and snap-update-ns is allowed the mount
//     with the connection, whatever the host.
//   - The ptrace system call stays as the default template has it: ps
//     asks AppArmor for tracing but never makes the call.
type systemObserveInterface struct {
	commonInterface
	host Host
}

func newSystemObserve() interfaces.Interface {
	return &systemObserveInterface{commonInterface: commonInterface{
		name:              "system-observe",
		summary:           "allows observing all processes and drivers",
		docURL:            "https://snapcraft.io/docs/system-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  system-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: systemObserveAppArmor,
		connectedPlugSecComp:  systemObserveSecComp,
		// ps asks for tracing when it reads other processes' files, and
		// needs only read access: deny the rest quietly.
		suppressPtraceTrace: true,
	}}
}

// forHost gives the interface whether the host has kernel configurations.
func (iface *systemObserveInterface) forHost(h Host) interfaces.Interface {
	c := *iface
	c.host = Host{BootConfig: h.BootConfig}
	return &c
}

// MountPermanentPlug binds the host's /boot, read-only, where it holds
// kernel configurations.
func (iface *systemObserveInterface) MountPermanentPlug(spec *mount.Specification, plug *snap.PlugInfo) error {
	if !iface.host.BootConfig {
		return nil
	}
	return spec.AddMountEntry(mount.Entry{Name: "/var/lib/snapd/hostfs/boot", Dir: "/boot", Options: []string{"bind", "ro"}})
}

// MountConnectedPlug lets snap-update-ns bind the host's /boot, read-only.
func (iface *systemObserveInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddUpdateNS(systemObserveUpdateNS)
	return nil
}

// systemObserveUpdateNS: binding the host's /boot read-only.
const systemObserveUpdateNS = `  # Read-only access to /boot
  mount options=(bind,rw) /var/lib/snapd/hostfs/boot/ -> /boot/,
  mount options=(bind,remount,ro) -> /boot/,
  umount /boot/,
`

const systemObserveAppArmor = `
# ps maps terminal numbers to names.
@{PROC}/tty/drivers r,

# Reading other processes' details in /proc needs ptrace read access. It
# does not need tracing, which stays denied. kptr_restrict hides kernel
# addresses without capability syslog, which is not granted.
ptrace (read),

# System-wide counters and settings that monitoring tools read.
@{PROC}/cgroups r,
@{PROC}/buddyinfo r,
@{PROC}/locks r,
@{PROC}/modules r,
@{PROC}/mdstat r,
@{PROC}/schedstat r,
@{PROC}/slabinfo r,
@{PROC}/softirqs r,
@{PROC}/stat r,
@{PROC}/vmstat r,
@{PROC}/zoneinfo r,
@{PROC}/diskstats r,
@{PROC}/kallsyms r,
@{PROC}/partitions r,
@{PROC}/pressure/cpu r,
@{PROC}/pressure/io r,
@{PROC}/pressure/memory r,
@{PROC}/sys/kernel/panic r,
@{PROC}/sys/kernel/panic_on_oops r,
@{PROC}/sys/kernel/random/poolsize r,
@{PROC}/sys/kernel/random/urandom_min_reseed_secs r,
@{PROC}/sys/kernel/random/write_wakeup_threshold r,
@{PROC}/sys/kernel/sched_autogroup_enabled r,
@{PROC}/sys/kernel/threads-max r,
@{PROC}/sys/vm/max_map_count r,
@{PROC}/sys/vm/panic_on_oom r,
@{PROC}/sys/vm/swappiness r,

# The non-private details of every process and thread: command line,
# status, statistics, cgroup, executable, open file positions. Of the
# memory map only the summary (smaps_rollup) is readable.
@{PROC}/*/{,task/,task/*/} r,
@{PROC}/*/{,task/*/}autogroup r,
@{PROC}/*/{,task/*/}auxv r,
@{PROC}/*/{,task/*/}cgroup r,
@{PROC}/*/{,task/*/}cmdline r,
@{PROC}/*/{,task/*/}comm r,
@{PROC}/*/{,task/*/}exe r,
@{PROC}/*/{,task/*/}fdinfo/* r,
@{PROC}/*/{,task/*/}io r,
@{PROC}/*/{,task/*/}oom_score r,
@{PROC}/*/{,task/*/}smaps_rollup r,
@{PROC}/*/{,task/*/}schedstat r,
@{PROC}/*/{,task/*/}stat r,
@{PROC}/*/{,task/*/}statm r,
@{PROC}/*/{,task/*/}status r,
@{PROC}/*/{,task/*/}wchan r,

# Listing a process's open files, for per-process GPU monitors (nvtop).
@{PROC}/*/fdinfo/ r,

# Every process's security label.
@{PROC}/*/{,task/*/}attr/{,apparmor/}current r,

# The host's os-release, seen through snapd's view of the host.
/var/lib/snapd/hostfs/etc/os-release rk,
/var/lib/snapd/hostfs/usr/lib/os-release rk,

# The configuration the kernel was built with.
@{PROC}/config.gz r,
/boot/config* r,

# CPU bandwidth limits and memory statistics of the whole system (cgroup
# v1 roots), and the CPU limit of system.slice (cgroup v2).
/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us r,
/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us r,
/sys/fs/cgroup/cpu,cpuacct/cpu.shares r,
/sys/fs/cgroup/cpu,cpuacct/cpu.stat r,
/sys/fs/cgroup/memory/memory.stat r,
/sys/fs/cgroup/system.slice/cpu.max r,

# What ext4, btrfs and ZFS tell about their file systems.
/sys/fs/{btrfs,ext4}/{,**} r,
@{PROC}/spl/kstat/zfs/{,**} r,

# Host name details from hostnamed, which D-Bus starts on demand (so the
# peer's label cannot be named).
#include <abstractions/dbus-strict>
dbus (send)
    bus=system
    path=/org/freedesktop/hostname1
    interface=org.freedesktop.DBus.Properties
    member=Get{,All},
dbus (send)
    bus=system
    path=/org/freedesktop/hostname1
    interface=org.freedesktop.DBus.Introspectable
    member=Introspect,

# Listing the names on the system and session buses, and asking any peer
# for the machine id.
dbus (send)
    bus={session,system}
    path={/,/org/freedesktop/DBus}
    interface=org.freedesktop.DBus
    member={ListNames,ListActivatableNames}
    peer=(label=unconfined),
dbus (send)
    bus={session,system}
    interface=org.freedesktop.DBus.Peer
    member=GetMachineId
    peer=(label=unconfined),

# Reading systemd's properties and its units', listing units and finding
# a unit's object.
dbus (send)
    bus=system
    interface=org.freedesktop.DBus.Properties
    path=/org/freedesktop/systemd1{,/**}
    member=Get{,All}
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/freedesktop/systemd1
    interface=org.freedesktop.systemd1.Manager
    member={GetUnit,ListUnits}
    peer=(label=unconfined),

# Whether the link and file protections are on (read only).
@{PROC}/sys/fs/protected_hardlinks r,
@{PROC}/sys/fs/protected_symlinks r,
@{PROC}/sys/fs/protected_fifos r,
@{PROC}/sys/fs/protected_regular r,
`

const systemObserveSecComp = `
# Reading the caller's own LSM attributes (its AppArmor label) with the
# system call newer kernels have for it.
lsm_get_self_attr
`
