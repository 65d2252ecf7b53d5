// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

// The parts of a profile that depend on the snap, its confinement or the
// target system. The rules are snapd's, statement for statement; the
// comments are ours. render.go decides which are written.

// pycacheDeny silences Python's attempts to write bytecode caches next
// to read-only modules (the base's and the snap's). An interface whose
// programs must write there takes it away (SetSuppressPycacheDeny).
const pycacheDeny = `
  # Python cannot write bytecode caches on read-only file systems; deny
  # it without logging.
  deny /usr/lib/python3*/{,**/}__pycache__/ w,
  deny /usr/lib/python3*/{,**/}__pycache__/**.pyc.[0-9]* w,
  deny @{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/**/__pycache__/             w,
  deny @{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/**/__pycache__/*.pyc.[0-9]* w,
`

// kernelSnapRules (Ubuntu Core): the kernel snap's modules and firmware,
// including those of its components. %[1]s is the kernel snap, %[2]s
// where snaps are mounted.
const kernelSnapRules = `
  # The kernel snap's modules and firmware.
  %[2]s/%[1]s/*/{modules,firmware}/{,**} r,
  %[2]s/%[1]s/components/mnt/*/*/{modules,firmware}/{,**} r,
  /var/snap/%[1]s/*/{modules,firmware}/{,**} r,
`

// devmodeSnapCommand (devmode): running the snap command, and snapd
// which implements it, from the base or the system snaps, with this
// profile, so that snap-confine below can be entered.
const devmodeSnapCommand = `
  # Devmode: the snap command may run strictly confined snaps. It runs
  # with this profile, then enters snap-confine's own profile.
  /usr/bin/snap ixr,
  /snap/{snapd,core}/*/usr/bin/snap ixr,
  /usr/lib{,exec}/snapd/snapd ixr,
  /snap/{snapd,core}/*/usr/lib/snapd/snapd ixr,
`

// devmodeSnapConfine is the transition to snap-confine's profile: %[1]s
// is the path that is run, %[2]s the profile (the host path of the
// system snap's snap-confine).
const devmodeSnapConfine = "  %[1]s Pxr -> %[2]s,\n"

// coreSaveRules (Ubuntu Core): the snap's folder on ubuntu-save.
const coreSaveRules = `
  # The install's own folder on the ubuntu-save partition.
  /var/lib/snapd/save/snap/@{SNAP_INSTANCE_NAME}/ rw,
  /var/lib/snapd/save/snap/@{SNAP_INSTANCE_NAME}/** mrwklix,
`

// remoteHomeRules: homes on NFS or CIFS, whose file access the kernel
// does over sockets that AppArmor checks against the program's profile
// (https://bugs.launchpad.net/ubuntu/+source/snapd/+bug/1662552).
const remoteHomeRules = `
  # Homes are on a network file system.
  network inet,
  network inet6,
`

// overlayRootRules: a writable overlay root, whose upper directory
// AppArmor sees for changed files; reading its directories is needed
// (https://bugs.launchpad.net/apparmor/+bug/1703674). %[1]s is the
// upper directory.
const overlayRootRules = `
  # The root file system is a writable overlay.
  "%[1]s/{,**/}" r,
`

// ptraceTraceDeny is written when an interface asked to silence tracing
// (reading other processes' files in /proc looks like tracing to the
// kernel) and none uses it: tracing can escape the seccomp sandbox on
// older kernels, so it is denied outright, with the capability.
const ptraceTraceDeny = `# Nothing here may trace other processes; deny it without logging.
deny ptrace (trace),
deny capability sys_ptrace,`

// sysModuleDeny is written when an interface asked to silence module
// loading (rtnetlink falls back to loading any module) and none uses it.
const sysModuleDeny = `# Nothing here may load kernel modules; deny it without logging.
deny capability sys_module,`

// privDropRules are written for snaps with system-usernames: root
// daemons may drop to those users; seccomp limits the IDs they may take.
// dac_override, dac_read_search and kill stay out, so that the usual
// permission checks still hold for root.
const privDropRules = `
  # Dropping privileges to the snap's system users (seccomp says which).
  capability setuid,
  capability setgid,
  capability chown,
`

// classicJailmodeRules: a classic snap in jailmode is confined by the
// strict template, and needs the core snap's dynamic linker and libc.
const classicJailmodeRules = `
  # Classic snap in jailmode: the core snap's libraries and snap-exec.
  @{INSTALL_DIR}/core/** r,
  @{INSTALL_DIR}/core/*/{,usr/}lib/@{multiarch}/{,**/}lib*.so* m,
  @{INSTALL_DIR}/core/*/usr/lib/snapd/snap-exec m,
`

// mountInfoDeny is the default for MountInfoKey: the mount table tells
// what the host holds. Interfaces that grant it add a prioritized
// snippet under that key, which replaces this one.
const mountInfoDeny = `deny @{PROC}/self/mountinfo r,
deny @{PROC}/@{pid}/mountinfo r,`

// layoutRules are a layout's rules in the snap's profiles (%[1]s is the
// layout's path as the snap sees it): a directory or file bind mount,
// or a tmpfs, may be used in full; a symbolic link needs nothing.
const (
	layoutDirRules     = "# Layout path: %[1]s\n\"%[1]s{,/**}\" mrwklix,"
	layoutFileRules    = "# Layout path: %[1]s\n\"%[1]s\" mrwklix,"
	layoutSymlinkRules = "# Layout path: %[1]s\n# (no extra permissions required for symlink)"
)

// classicRules make the profile of a classic snap: it is not confined,
// the profile only labels its processes; programs it runs keep the
// label unless they have a profile of their own. Interfaces add nothing.
// %[1]s is the change_profile rule the parser can read.
const classicRules = `  # Classic confinement: no confinement, only a label.
  / rwkl,
  /** rwlkm,
  /** pix,

  capability,
  %[1]s
  dbus,
  network,
  mount,
  remount,
  umount,
  pivot_root,
  ptrace,
  signal,
  unix,
`
