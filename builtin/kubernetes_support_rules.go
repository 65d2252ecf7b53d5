// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

// The rules of kubernetes-support, group by group. They grant what snapd's
// kubernetes-support grants, rule for rule; the comments are this
// project's.

const k8sAppArmorCommon = `
# Kubernetes node services: what every privileged flavor shares.

# Reading the cgroup tree, and raising resource limits for containers.
capability sys_resource,
/sys/fs/cgroup/{,**} r,

# Setting containers' OOM scores (which can adjust any process's), the
# kernel's overcommit policy, and reading huge page settings.
@{PROC}/@{pid}/oom_score_adj rw,
@{PROC}/sys/vm/overcommit_memory rw,
/sys/kernel/mm/hugepages/{,**} r,
/sys/kernel/mm/transparent_hugepage/{,**} r,

capability dac_override,

# The lock file of Calico's IPAM plugin (its ipam_lock_file setting).
/{,var/}run/calico/ipam.lock rwk,

# The Java CA store, which the ssl_certs abstraction leaves out
# (LP: #1816372), and the other CA certificates.
/etc/ssl/certs/java/{,*} r,
#include <abstractions/ssl_certs>

# systemd-run runs in its own child profile, systemd_run.
/{,usr/}bin/systemd-run Cxr -> systemd_run,
/run/systemd/private r,
`

// k8sSystemdRunCommon are the rules of the systemd_run child profile.
const k8sSystemdRunCommon = `
# systemd-run, run by the node's services to start transient units.
#include <abstractions/base>

/{,usr/}bin/systemd-run rm,
owner @{PROC}/@{pid}/stat r,
owner @{PROC}/@{pid}/environ r,
@{PROC}/cmdline r,

# It sets socket options that need net_admin.
capability net_admin,

# Finding out whether it runs in a container, as systemd-run does first.
@{PROC}/sys/kernel/osrelease r,
@{PROC}/1/sched r,
/run/systemd/container r,

# kubelet runs "systemd-run --scope true" to learn whether systemd can run
# its mounts; that reads /proc/1/environ, a ptrace read of systemd, and
# talks to systemd over its private socket.
ptrace (read) peer=unconfined,
/run/systemd/private rw,

# The same check, when kubelet runs in a nested container (LXD).
@{PROC}/1/cmdline r,

# Kernels with Ubuntu's ptrace patches before 20.04 ask for trace where
# read is meant (LP: #1890848); without sys_ptrace here, this cannot trace.
ptrace (trace) peer=unconfined,

/{,usr/}bin/true ixr,
@{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/{,usr/}bin/true ixr,
`

const k8sAppArmorKubelet = `
# kubelet.

# The dockershim and flannel sockets and state, at fixed paths that a
# control plane outside the snap may choose.
/run/dockershim.sock rw,
/run/flannel/{,**} rw,
/run/flannel/** k,

# Managing pods' cgroups, also through systemd's cgroup driver, which
# places containers in systemd's slices.
/sys/fs/cgroup/*/kubepods/{,**} rw,
/sys/fs/cgroup/*/systemd/{,system.slice/} rw,
/sys/fs/cgroup/*/systemd/system.slice/** r,
/sys/fs/cgroup/*/systemd/system.slice/cgroup.procs w,

# Tracing the snap's own processes (on kernels before 4.8 this can escape
# seccomp), and other processes when looking them up as ps does, but never
# unconfined ones.
capability sys_ptrace,
ptrace (trace) peer=snap.@{SNAP_INSTANCE_NAME}.*,
ptrace (trace),
deny ptrace (trace) peer=unconfined,

# Reading other processes' details; non-root namespace files need
# dac_read_search to be lstat'ed.
@{PROC}/[0-9]*/attr/ r,
@{PROC}/[0-9]*/fdinfo/ r,
@{PROC}/[0-9]*/map_files/ r,
@{PROC}/[0-9]*/ns/{,*} r,
capability dac_read_search,

# kubelet checks, and corrects, the kernel's panic settings, and reads the
# keyring quotas.
@{PROC}/sys/kernel/panic w,
@{PROC}/sys/kernel/panic_on_oops w,
@{PROC}/sys/kernel/keys/root_maxbytes r,
@{PROC}/sys/kernel/keys/root_maxkeys r,

/dev/kmsg r,

# Mounting and unmounting volumes in $SNAP_COMMON (some mounts go through
# systemd-run, others not, and unmounts never).
capability sys_admin,
mount /var/snap/@{SNAP_INSTANCE_NAME}/common/{,**} -> /var/snap/@{SNAP_INSTANCE_NAME}/common/{,**},
mount options=(rw, rshared) -> /var/snap/@{SNAP_INSTANCE_NAME}/common/{,**},
/{,usr/}bin/mount ixr,
/{,usr/}bin/umount ixr,
deny /run/mount/utab{,.lock} rw,
umount /var/snap/@{SNAP_INSTANCE_NAME}/common/**,

# A pod's fsGroup makes kubelet chown its volume recursively with the setgid
# bit on directories.
capability fsetid,
`

// k8sSystemdRunKubelet are the systemd_run child profile's rules for the
// mounts kubelet runs through systemd-run.
const k8sSystemdRunKubelet = `
# kubelet's mounts through systemd-run.
capability sys_admin,
/{,usr/}bin/mount ixr,
mount fstype="tmpfs" tmpfs -> /var/snap/@{SNAP_INSTANCE_NAME}/common/**,
deny /run/mount/utab{,.lock} rw,

# Volume subPaths, and volumes on NVMe (nvme0-99, namespaces and partitions
# 1-63), SCSI (sda-sdiv, partitions 1-15) and virtio (vda-vdz, partitions
# 1-63) disks.
mount /var/snap/@{SNAP_INSTANCE_NAME}/common/{,**} -> /var/snap/@{SNAP_INSTANCE_NAME}/common/{,**},
mount options=(rw, remount, bind) -> /var/snap/@{SNAP_INSTANCE_NAME}/common/{,**},
mount /dev/nvme{[0-9],[1-9][0-9]}n{[1-9],[1-5][0-9],6[0-3]}{,p{[1-9],[1-5][0-9],6[0-3]}} -> /var/snap/@{SNAP_INSTANCE_NAME}/common/**,
mount /dev/sd{[a-z],[a-h][a-z],i[a-v]}{[1-9],1[0-5]} -> /var/snap/@{SNAP_INSTANCE_NAME}/common/**,
mount /dev/vd[a-z]{[1-9],[1-5][0-9],6[0-3]} -> /var/snap/@{SNAP_INSTANCE_NAME}/common/**,
umount /var/snap/@{SNAP_INSTANCE_NAME}/common/**,

# A subPath bind mount goes through an open descriptor of kubelet
# (/proc/.../fd/N), a ptrace read of the parent; older Ubuntu kernels ask
# for trace instead (LP: #1890848).
ptrace (read) peer=snap.@{SNAP_INSTANCE_NAME}.@{SNAP_COMMAND_NAME},
ptrace (trace) peer=snap.@{SNAP_INSTANCE_NAME}.@{SNAP_COMMAND_NAME},
`

const k8sAppArmorKubeproxy = `
# kube-proxy.

# Its own cgroup.
/sys/fs/cgroup/*/kube-proxy/{,**} rw,

# Whether the kernel modules kube-proxy needs are loaded.
/sys/module/libcrc32c/initstate r,
/sys/module/llc/initstate r,
/sys/module/stp/initstate r,
/sys/module/ip_vs/initstate r,
/sys/module/ip_vs_rr/initstate r,
/sys/module/ip_vs_sh/initstate r,
/sys/module/ip_vs_wrr/initstate r,
`

// k8sAppArmorAutobind lets programs bind datagram unix sockets to
// automatically chosen names, as go-systemd's journald client (pulled into
// the API server through etcd's client) does. AppArmor 3 cannot say
// "automatic names only" (addr=auto), so any datagram address is allowed
// (LP: #1867216).
const k8sAppArmorAutobind = `
# Binding datagram unix sockets to automatic names, as journald clients do.
unix (bind) type=dgram,
`

const k8sSecCompAutobind = `
# Binding unix sockets to automatic names, as journald clients do.
bind
`

const k8sSecCompKubelet = `
# kubelet: mounting volumes, entering and creating namespaces (setns only
# into network namespaces), and chowning volumes for a pod's fsGroup.
mount
umount
umount2
unshare
setns - CLONE_NEWNET
fchownat
`
