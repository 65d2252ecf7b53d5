// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

// The first part of the strict template: what every strictly confined
// app and hook may do with the host's files and the kernel's
// information, whatever its base. The rules are snapd's, statement for
// statement; the comments are ours.

// commonAbstractions are the system abstractions and the first rules
// that complete them.
const commonAbstractions = `  #include <abstractions/base>
  #include <abstractions/consoles>
  #include <abstractions/openssl>

  # The preloaded libraries (older base abstractions lack it).
  /etc/ld.so.preload r,

  # Time zone settings on Red Hat style systems, and read locks on the
  # process's own memory map.
  /etc/sysconfig/clock r,
  owner @{PROC}/@{pid}/maps k,
`

// commonAfterKernel follows the kernel snap's rules (on Ubuntu Core).
const commonAfterKernel = `
  # The process's own mapped files, as a directory: the same facts as its
  # maps file, which the kernel guards with a ptrace read check.
  owner @{PROC}/@{pid}/map_files/ r,

  # The top of an eCryptfs private directory, which the base abstraction
  # reaches only below.
  owner @{HOME}/.Private/ r,
  owner @{HOMEDIRS}/.ecryptfs/*/.Private/ r,

  # Python programs.
  #include <abstractions/python>
  /etc/python3.[0-9]*/**                                r,
`

// commonUntilSnapDirs comes after the bytecode cache denials: shells,
// snapd's helpers, and the facts about the system that runtimes read.
const commonUntilSnapDirs = `
  # Perl programs, and the compiled modules the perl abstraction misses.
  #include <abstractions/perl>
  /usr/lib/@{multiarch}/perl{,5,-base}/auto/**.so* mr,

  # Locking memory: a snap could exhaust it, which nothing here can
  # mediate.
  capability ipc_lock,

  # The files a shell reads at start-up.
  /etc/bash.bashrc r,
  /etc/inputrc r,
  /etc/environment r,
  /etc/profile r,

  # User, group and seat look-ups.
  /etc/{passwd,group,nsswitch.conf} r,
  /var/lib/extrausers/{passwd,group} r,
  /run/systemd/users/[0-9]* r,
  /etc/default/nss r,

  # libnl's tables.
  /etc/libnl-3/{classid,pktloc} r,

  # snap-exec, and snapctl merged into it, which start every app.
  /usr/lib/snapd/snap-exec m,
  /usr/lib/snapd/snapctl m,

  # Debugging the app under gdbserver.
  /usr/lib/snapd/snap-gdbserver-shim ixr,

  # Tab completion of the snap's commands, run inside the snap.
  /etc/bash_completion.d/{,*} r,
  /usr/lib/snapd/etelpmoc.sh ixr,
  /usr/share/bash-completion/bash_completion r,

  # What uptime reads.
  @{PROC}/uptime r,
  @{PROC}/loadavg r,

  # The operating system's release, with read locks on it.
  /etc/os-release rk,
  /usr/lib/os-release k,
  /etc/debian_version r,

  # The systemd journal's sockets, including those of the per-quota-group
  # journal namespaces ("snap-*").
  /run/systemd/journal{,.snap-*}/socket w,
  /run/systemd/journal{,.snap-*}/stdout rw,
  /run/systemd/journal{,.snap-*}/dev-log w,

  # snapctl and snapd's socket for it.
  /usr/bin/snapctl ixr,
  /usr/lib/snapd/snapctl ixr,
  @{PROC}/sys/net/core/somaxconn r,
  /run/snapd-snap.socket rw,

  # The highest number of file descriptors a process may open.
  @{PROC}/sys/fs/nr_open r,

  # What Java's and other runtimes read at start-up. The command line of
  # the process's own tasks only: other processes' would leak.
  @{PROC}/@{pid}/ r,
  @{PROC}/@{pid}/fd/ r,
  owner @{PROC}/@{pid}/auxv r,
  @{PROC}/sys/vm/zone_reclaim_mode r,
  /etc/lsb-release r,
  /sys/devices/**/read_ahead_kb r,
  /sys/devices/system/cpu/** r,
  /sys/devices/system/node/node[0-9]*/* r,
  /sys/kernel/mm/transparent_hugepage/enabled r,
  /sys/kernel/mm/transparent_hugepage/defrag r,
  owner @{PROC}/@{pid}/cmdline r,
  owner @{PROC}/@{pid}/comm r,

  # A thread may rename itself and its thread group (the kernel allows
  # no more).
  owner @{PROC}/@{pid}/task/@{tid}/comm rw,

  # The process's own file descriptors through /proc (/dev/stdin and
  # friends, and the O_TMPFILE-then-linkat technique). Another process's
  # are guarded by ptrace checks, which no rule here grants.
  owner @{PROC}/@{pid}/{,task/@{tid}}fd/[0-9]* rw,

  # Harmless facts about the system and the process itself.
  /dev/{,u}random w,
  /etc/machine-id r,
  /etc/mime.types r,
  /etc/default/keyboard r,
  @{PROC}/ r,
  @{PROC}/version r,
  @{PROC}/version_signature r,
  /etc/{,writable/}hostname r,
  /etc/{,writable/}localtime r,
  /etc/{,writable/}mailname r,
  /etc/{,writable/}timezone r,
  owner @{PROC}/@{pid}/cgroup rk,
  @{PROC}/@{pid}/cpuset r,
  @{PROC}/@{pid}/io r,
  owner @{PROC}/@{pid}/fdinfo/* r,
  owner @{PROC}/@{pid}/limits r,
  owner @{PROC}/@{pid}/loginuid r,
  owner @{PROC}/@{pid}/sessionid r,
  @{PROC}/@{pid}/smaps r,
  @{PROC}/@{pid}/smaps_rollup r,
  @{PROC}/@{pid}/stat r,
  @{PROC}/@{pid}/statm r,
  @{PROC}/@{pid}/status r,
  @{PROC}/@{pid}/task/ r,
  @{PROC}/@{pid}/task/[0-9]*/smaps r,
  @{PROC}/@{pid}/task/[0-9]*/stat r,
  @{PROC}/@{pid}/task/[0-9]*/statm r,
  @{PROC}/@{pid}/task/[0-9]*/status r,
  @{PROC}/sys/fs/pipe-max-size r,
  @{PROC}/sys/kernel/hostname r,
  @{PROC}/sys/kernel/osrelease r,
  @{PROC}/sys/kernel/ostype r,
  @{PROC}/sys/kernel/pid_max r,
  @{PROC}/sys/kernel/yama/ptrace_scope r,
  @{PROC}/sys/kernel/shmmax r,
  # How much of D-Bus AppArmor mediates.
  /sys/kernel/security/apparmor/features/dbus/mask r,
  @{PROC}/sys/fs/file-max r,
  @{PROC}/sys/fs/file-nr r,
  @{PROC}/sys/fs/inotify/max_* r,
  @{PROC}/sys/kernel/pid_max r,
  @{PROC}/sys/kernel/random/boot_id r,
  @{PROC}/sys/kernel/random/entropy_avail r,
  @{PROC}/sys/kernel/random/uuid r,
  @{PROC}/sys/kernel/cap_last_cap r,
  # uuidd, which hands out UUIDs from time and randomness only.
  /run/uuidd/request rw,
  /sys/devices/virtual/tty/{console,tty*}/active r,
  # Memory and CPU limits, the system's and the snap's own cgroups'.
  /sys/fs/cgroup/memory/{,user.slice/}memory.limit_in_bytes r,
  /sys/fs/cgroup/memory/{,**/}snap.@{SNAP_INSTANCE_NAME}{,.*}/memory.limit_in_bytes r,
  /sys/fs/cgroup/memory/{,**/}snap.@{SNAP_INSTANCE_NAME}{,.*}/memory.stat r,
  /sys/fs/cgroup/system.slice/snap.@{SNAP_INSTANCE_NAME}{,.*}/memory.{high,max} r,
  /sys/fs/cgroup/cpu,cpuacct/{,user.slice/}cpu.cfs_{period,quota}_us r,
  /sys/fs/cgroup/cpu,cpuacct/{,**/}snap.@{SNAP_INSTANCE_NAME}{,.*}/cpu.cfs_{period,quota}_us r,
  /sys/fs/cgroup/cpu,cpuacct/{,user.slice/}cpu.shares r,
  /sys/fs/cgroup/cpu,cpuacct/{,**/}snap.@{SNAP_INSTANCE_NAME}{,.*}/cpu.shares r,
  /sys/kernel/mm/transparent_hugepage/hpage_pmd_size r,
  /sys/module/apparmor/parameters/enabled r,
  /{,usr/}lib/ r,

  # Reading the out-of-memory adjustments. Writing them is not granted:
  # raising another process's score would get it killed first.
  owner @{PROC}/@{pid}/oom_{,score_}adj r,

  # Top-level sysfs directories, for hardware assignment.
  /etc/udev/udev.conf r,
  /sys/       r,
  /sys/bus/   r,
  /sys/class/ r,

  # Network interface names and counters.
  @{PROC}/net/dev r,
  @{PROC}/@{pid}/net/dev r,
`
