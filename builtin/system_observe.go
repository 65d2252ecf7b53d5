// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// system-observe: reading the state of every process and of the system as
// a whole (ps, top, monitoring agents). It reveals what everyone runs, so
// plugs connect only when allowed.
//
// Decisions:
//   - snapd also bind-mounts the host's /boot into the snap when a kernel
//     config is there, so that /boot/config* can be read; plugpolicy has
//     no mount backend, and only the AppArmor rule is kept.
//   - snapd's seccomp snippet for this interface holds comments only (a
//     denial of ptrace it never enabled), so there is no seccomp part.
func newSystemObserve() interfaces.Interface {
	return &commonInterface{
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
		// ps asks for tracing when it reads other processes' files, and
		// needs only read access: deny the rest quietly.
		suppressPtraceTrace: true,
	}
}

const systemObserveAppArmor = `
# ps maps terminal numbers to names.
@{PROC}/tty/drivers r,

# Reading other processes' details in /proc needs ptrace read access. It
# does not need tracing, which stays denied. kptr_restrict hides kernel
# addresses without capability syslog, which is not granted.
ptrace (read),

# System-wide counters and settings that monitoring tools read.
@{PROC}/{cgroups,locks,modules,mdstat,schedstat,stat,vmstat,zoneinfo,diskstats,kallsyms,partitions} r,
@{PROC}/pressure/{cpu,io,memory} r,
@{PROC}/sys/kernel/{panic,panic_on_oops,sched_autogroup_enabled} r,
@{PROC}/sys/vm/{max_map_count,panic_on_oom,swappiness} r,

# The non-private details of every process and thread: command line,
# status, statistics, cgroup, executable, open file positions. Of the
# memory map only the summary (smaps_rollup) is readable.
@{PROC}/*/{,task/,task/*/} r,
@{PROC}/*/{,task/*/}{autogroup,auxv,cgroup,cmdline,comm,exe,io,oom_score,smaps_rollup,schedstat,stat,statm,status,wchan} r,
@{PROC}/*/{,task/*/}fdinfo/* r,

# Every process's security label.
@{PROC}/*/{,task/*/}attr/{,apparmor/}current r,

# The host's os-release, seen through snapd's view of the host.
/var/lib/snapd/hostfs/etc/os-release rk,
/var/lib/snapd/hostfs/usr/lib/os-release rk,

# The configuration the kernel was built with.
@{PROC}/config.gz r,
/boot/config* r,

# CPU bandwidth limits and memory statistics of the whole system (cgroup
# v1 roots).
/sys/fs/cgroup/cpu,cpuacct/cpu.{cfs_period_us,cfs_quota_us,shares,stat} r,
/sys/fs/cgroup/memory/memory.stat r,

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
@{PROC}/sys/fs/protected_{hardlinks,symlinks,fifos,regular} r,
`
