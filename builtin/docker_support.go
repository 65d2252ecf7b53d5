// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// docker-support: running a container manager (dockerd, containerd, the
// container runtime of a Kubernetes node). The rules guard against
// mistakes, not against a hostile daemon: a container manager needs most
// of the system. With the plug attribute "privileged-containers: true" it
// may also start unconfined (privileged) containers, which is full control
// of the host.
//
// Besides AppArmor and seccomp rules, a connected plug:
//   - makes the snap manage its own device cgroup (it gives devices to
//     containers), so the udev backend writes no tagging rules for it;
//   - loads the overlay module at boot, for the overlay storage driver.
//
// And the plug, connected or not, sets Delegate=true on its daemons, so
// that they may create the containers' cgroups below their own (snapd's
// service snippet, against CVE-2020-27352).
//
// Decisions:
//   - snapd spells "every path" in the exec and change_profile rules as a
//     set of patterns that leaves out snap-confine of the core and snapd
//     snaps, because its devmode profiles carry their own exec rule for
//     snap-confine and two exec rules for one path conflict. plugpolicy
//     writes the same patterns, so that the access granted is snapd's and
//     a devmode profile may carry such a rule (see
//     dockerSupportAllButSnapConfine).
//   - The rules for Ubuntu Core's /system-data paths are added on Ubuntu
//     Core only, as snapd does: on a classic system /system-data is an
//     ordinary path that the daemon has no business writing.
//   - The home interface's "ix" rules are taken away from the whole snap
//     (they conflict with the change_profile rules, LP: #1797786), and so
//     is the template's silent denial of writing Python caches in snaps
//     (containers write theirs, which AppArmor sees as the snap's).
//   - The process's own mountinfo, which the default template denies, is
//     granted (runc and the daemon read it).
//   - "capability," includes sys_module, which network-control asks to
//     deny; like snapd, docker-support does not declare that it uses
//     sys_module, so a profile with both denies it. Modules come from the
//     kmod backend.
type dockerSupportInterface struct {
	commonInterface
	// privilegedAppArmor is what "privileged-containers: true" adds to
	// the AppArmor rules (dockerSupportPrivilegedSecComp to seccomp's).
	privilegedAppArmor string
}

var _ interfaces.PlugSanitizer = (*dockerSupportInterface)(nil)

func newDockerSupport() interfaces.Interface {
	return &dockerSupportInterface{
		commonInterface: commonInterface{
			name:              "docker-support",
			summary:           "allows operating as the Docker daemon",
			docURL:            "https://snapcraft.io/docs/docker-support-interface",
			implicitOnCore:    true,
			implicitOnClassic: true,
			// Super-privileged: a snap may have the plug only when the store
			// says so (a snap declaration), and it never connects on its own.
			baseDeclarationPlugs: `
  docker-support:
    allow-installation: false
    deny-auto-connection: true
`,
			baseDeclarationSlots: `
  docker-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
			connectedPlugAppArmor: dockerSupportAppArmor +
				dockerSupportTransitions("docker-default") +
				dockerSupportTransitions("cri-containerd.apparmor.d") +
				dockerSupportAppArmorTail,
			connectedPlugSecComp:     dockerSupportSecComp + oneCallALine(dockerSupportDockerDefaultCalls),
			connectedPlugKModModules: []string{"overlay"},
			permanentPlugServices:    []string{"Delegate=true"},
			// The daemon traces the runtime it starts.
			usesPtraceTrace:      true,
			controlsDeviceCgroup: true,
		},
		privilegedAppArmor: dockerSupportPrivilegedAppArmorHead +
			forEachPattern("change_profile unsafe %s,", dockerSupportAllButSnapConfine) +
			dockerSupportPrivilegedAppArmorBody +
			forEachPattern("%s rwlix,", dockerSupportAllButSnapConfine),
	}
}

// BeforePreparePlug accepts a plug without "privileged-containers", or
// with true or false.
func (iface *dockerSupportInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs["privileged-containers"]
	if !ok {
		return nil
	}
	_, err := dockerSupportPrivilegedValue(v, plug.Snap.InstanceName(), plug.Name)
	return err
}

// dockerSupportPrivileged tells whether a connected plug has
// "privileged-containers: true". The static value was checked when the
// snap was added; a dynamic one is checked here.
func dockerSupportPrivileged(plug *interfaces.ConnectedPlug) (bool, error) {
	v, ok := plug.Lookup("privileged-containers")
	if !ok {
		return false, nil
	}
	return dockerSupportPrivilegedValue(v, plug.Snap().InstanceName(), plug.Name())
}

// dockerSupportPrivilegedValue checks a value of "privileged-containers"
// of a plug.
func dockerSupportPrivilegedValue(v interface{}, snapName, plug string) (bool, error) {
	b, isBool := v.(bool)
	if !isBool {
		return false, fmt.Errorf(`snap %q, plug %q: invalid value %#v for attribute "privileged-containers": want true or false`, snapName, plug, v)
	}
	return b, nil
}

// AppArmorConnectedPlug adds the rules of every docker-support plug, then
// those of privileged containers, those of Ubuntu Core, and the message
// queue and user namespace rules where the parser knows them.
func (iface *dockerSupportInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	privileged, err := dockerSupportPrivileged(plug)
	if err != nil {
		return err
	}
	if err := iface.commonInterface.AppArmorConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	spec.SetSuppressHomeIx()
	spec.SetSuppressPycacheDeny()
	spec.AddPrioritizedSnippet(apparmor.MountInfoKey, 1, dockerSupportMountInfoAppArmor)
	if privileged {
		spec.AddSnippet(iface.privilegedAppArmor)
	}
	if spec.OnCore() {
		spec.AddSnippet(dockerSupportCoreAppArmor)
	}
	if spec.Features().Mqueue {
		spec.AddSnippet(dockerSupportMqueueAppArmor)
	}
	if spec.Features().Userns {
		spec.AddSnippet(dockerSupportUsernsAppArmor)
	}
	return nil
}

// SecCompConnectedPlug adds the system calls of every docker-support plug,
// and lifts the filter for privileged containers.
func (iface *dockerSupportInterface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	privileged, err := dockerSupportPrivileged(plug)
	if err != nil {
		return err
	}
	if err := iface.commonInterface.SecCompConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	if privileged {
		spec.AddSnippet(dockerSupportPrivilegedSecComp)
	}
	return nil
}

// dockerSupportAllButSnapConfine are AppArmor patterns, one a line, that
// together match every absolute path below / except those leading to
// /snap/core/*/usr/lib/snapd/snap-confine and
// /snap/snapd/*/usr/lib/snapd/snap-confine: at each character of the two
// paths, a pattern takes every other character, one alternative per path
// where they differ. They are the patterns snapd writes, in its order.
// (They leave out the directories on the way and the top-level entries
// of the two snaps themselves.)
const dockerSupportAllButSnapConfine = `/[^s]**
/s[^n]**
/sn[^a]**
/sna[^p]**
/snap[^/]**
/snap/[^sc]**
/snap/{c[^o],s[^n]}**
/snap/{co[^r],sn[^a]}**
/snap/{cor[^e],sna[^p]}**
/snap/{core[^/],snap[^d]}**
/snap/snapd[^/]**
/snap/core/*/[^u]**
/snap/{core/*/u[^s],snapd/*/[^u]}**
/snap/{core/*/us[^r],snapd/*/u[^s]}**
/snap/{core/*/usr[^/],snapd/*/us[^r]}**
/snap/{core/*/usr/[^l],snapd/*/usr[^/]}**
/snap/{core/*/usr/l[^i],snapd/*/usr/[^l]}**
/snap/{core/*/usr/li[^b],snapd/*/usr/l[^i]}**
/snap/{core/*/usr/lib[^/],snapd/*/usr/li[^b]}**
/snap/{core/*/usr/lib/[^s],snapd/*/usr/lib[^/]}**
/snap/{core/*/usr/lib/s[^n],snapd/*/usr/lib/[^s]}**
/snap/{core/*/usr/lib/sn[^a],snapd/*/usr/lib/s[^n]}**
/snap/{core/*/usr/lib/sna[^p],snapd/*/usr/lib/sn[^a]}**
/snap/{core/*/usr/lib/snap[^d],snapd/*/usr/lib/sna[^p]}**
/snap/{core/*/usr/lib/snapd[^/],snapd/*/usr/lib/snap[^d]}**
/snap/{core/*/usr/lib/snapd/[^s],snapd/*/usr/lib/snapd[^/]}**
/snap/{core/*/usr/lib/snapd/s[^n],snapd/*/usr/lib/snapd/[^s]}**
/snap/{core/*/usr/lib/snapd/sn[^a],snapd/*/usr/lib/snapd/s[^n]}**
/snap/{core/*/usr/lib/snapd/sna[^p],snapd/*/usr/lib/snapd/sn[^a]}**
/snap/{core/*/usr/lib/snapd/snap[^-],snapd/*/usr/lib/snapd/sna[^p]}**
/snap/{core/*/usr/lib/snapd/snap-[^c],snapd/*/usr/lib/snapd/snap[^-]}**
/snap/{core/*/usr/lib/snapd/snap-c[^o],snapd/*/usr/lib/snapd/snap-[^c]}**
/snap/{core/*/usr/lib/snapd/snap-co[^n],snapd/*/usr/lib/snapd/snap-c[^o]}**
/snap/{core/*/usr/lib/snapd/snap-con[^f],snapd/*/usr/lib/snapd/snap-co[^n]}**
/snap/{core/*/usr/lib/snapd/snap-conf[^i],snapd/*/usr/lib/snapd/snap-con[^f]}**
/snap/{core/*/usr/lib/snapd/snap-confi[^n],snapd/*/usr/lib/snapd/snap-conf[^i]}**
/snap/{core/*/usr/lib/snapd/snap-confin[^e],snapd/*/usr/lib/snapd/snap-confi[^n]}**
/snap/snapd/*/usr/lib/snapd/snap-confin[^e]**`

// oneCallALine puts each of the space-separated system calls of calls on a
// line of its own, as the policy syntax wants them.
func oneCallALine(calls string) string {
	return strings.Join(strings.Fields(calls), "\n") + "\n"
}

// forEachPattern returns one rule per pattern of patterns (one a line):
// format with the pattern in place of its %s.
func forEachPattern(format, patterns string) string {
	var b strings.Builder
	for _, p := range strings.Split(patterns, "\n") {
		fmt.Fprintf(&b, format+"\n", p)
	}
	return b.String()
}

// dockerSupportTransitions are the rules that let the daemon start
// containers under the profile it loads for them (docker-default for
// Docker, cri-containerd.apparmor.d for containerd), and signal and trace
// them there.
func dockerSupportTransitions(profile string) string {
	return fmt.Sprintf("\n# Starting containers under the %s profile (from any\n# program but snap-confine), and signalling and tracing them.\n", profile) +
		forEachPattern("change_profile unsafe %s -> "+profile+",", dockerSupportAllButSnapConfine) +
		fmt.Sprintf("signal (send) peer=%s,\nptrace (read, trace) peer=%s,\n", profile, profile)
}

const dockerSupportAppArmor = `
# The D-Bus policy abstraction, for the systemd rules below.
#include <abstractions/dbus-strict>

# Docker's socket and state, and runc's.
/{,var/}run/docker.sock rw,
/{,var/}run/docker/     rw,
/{,var/}run/docker/**   mrwklix,
/{,var/}run/runc/       rw,
/{,var/}run/runc/**     mrwklix,

# containerd's sockets and state, for its own and the Kubernetes
# namespace.
/{,var/}run/containerd/{,s/,runc/,runc/k8s.io/,runc/k8s.io/*/} rw,
/{,var/}run/containerd/runc/k8s.io/*/** rwk,
/{,var/}run/containerd/{io.containerd*/,io.containerd*/k8s.io/,io.containerd*/k8s.io/*/} rw,
/{,var/}run/containerd/io.containerd*/*/** rwk,
/{,var/}run/containerd/s/** rwk,

# The IP address allocations of Kubernetes' CNI plugins.
/run/ipam-state/k8s-** rw,
/run/ipam-state/k8s-*/lock k,

# The containerd shims' abstract sockets.
unix (bind,listen) type=stream addr="@/containerd-shim/**.sock\x00",

# libmount's user mount options.
/{,var/}run/mount/utab r,

# Reading all of /proc; writing only a process's next AppArmor profile and
# its OOM score adjustment.
@{PROC}/ r,
@{PROC}/** r,
@{PROC}/[0-9]*/attr/{,apparmor/}exec w,
@{PROC}/[0-9]*/oom_score_adj w,

# The parts of /sys a container manager reads: huge pages, the root
# cpuset, and whether AppArmor is on.
/sys/kernel/mm/hugepages/ r,
/sys/kernel/mm/transparent_hugepage/{,**} r,
/sys/fs/cgroup/cpuset/cpuset.cpus r,
/sys/fs/cgroup/cpuset/cpuset.mems r,
/sys/module/apparmor/parameters/enabled r,

# Writing the cgroups of containers: Docker's "docker" groups and
# Kubernetes' "kubepods" groups (cgroup v1).
/sys/fs/cgroup/*/docker/   rw,
/sys/fs/cgroup/*/docker/** rw,
/sys/fs/cgroup/*/kubepods/ rw,
/sys/fs/cgroup/*/kubepods/** rw,

# containerd's systemd cgroup driver moves containers into systemd's
# system.slice: creating the groups there and moving processes into them.
/sys/fs/cgroup/*/systemd/{,system.slice/} rw,
/sys/fs/cgroup/*/systemd/system.slice/** r,
/sys/fs/cgroup/*/systemd/system.slice/cgroup.procs w,

# Tracing processes of this profile (the runtime the daemon starts).
ptrace (trace) peer=@{profile_name},

# Every capability: the daemon gives containers their own sets.
capability,

# Mounting container file systems anywhere, device mapper and loop
# devices included.
/dev/mapper/control rw,
/dev/mapper/docker* rw,
/dev/loop-control r,
/dev/loop[0-9]* rw,
/sys/devices/virtual/block/dm-[0-9]*/** r,
mount,
umount,

# pivot_root into a container's root, and removing the .pivot_root
# directory it leaves behind, which then sits at /.
pivot_root,
/.pivot_root[0-9]*/ rw,

# A container's file descriptors, which show up as /NNN paths since the
# profile attaches disconnected paths to /.
/[0-9]* rw,

# Compiling and loading the profiles the daemon applies to containers:
# apparmor_parser, its configuration and cache, and the kernel interface.
/{,usr/}sbin/apparmor_parser ixr,
/etc/apparmor.d/cache/ r,
/etc/apparmor.d/cache/.features r,
/etc/apparmor.d/{,cache/}docker* rw,
/var/cache/apparmor/{,*/} r,
/var/cache/apparmor/*/.features r,
/var/cache/apparmor/*/docker* rw,
/etc/apparmor.d/tunables/{,**} r,
/etc/apparmor.d/abstractions/{,**} r,
/etc/apparmor/parser.conf r,
/etc/apparmor.d/abi/{,*} r,
/etc/apparmor/subdomain.conf r,
/sys/kernel/security/apparmor/.replace rw,
/sys/kernel/security/apparmor/{,**} r,
`

const dockerSupportAppArmorTail = `
# The aufs storage driver.
/{dev,run}/shm/aufs.xino mrw,
/proc/fs/aufs/plink_maint w,
/sys/fs/aufs/** r,

# Reading the root directory (LP: #1502785).
/ r,

# New terminals, through the /dev/pts/ptmx that /dev/ptmx links to.
/dev/pts/ptmx rw,

# runc re-executes itself from a sealed in-memory copy, which AppArmor
# sees as /, against CVE-2019-5736 (LP: #1820344); containers run pause
# and busybox.
/ ix,
/bin/runc ixr,
/pause ixr,
/bin/busybox ixr,

# Under Kubernetes: flannel's subnet settings and the pods' secrets, which
# live at these host paths when the control plane is not a snap.
/run/flannel/{,**} rk,
/run/secrets/kubernetes.io/{,**} rk,

# Datagram sockets bound to automatic addresses (journald logging through
# go-systemd). The parser cannot yet say "automatic addresses only", so any
# datagram address is allowed (LP: #1867216).
unix (bind) type=dgram,

# With cgroup v2 the daemon runs containers as systemd transient units:
# starting, stopping, killing and changing them, and following their jobs.
dbus (send)
    bus=system
    path=/org/freedesktop/systemd1
    interface=org.freedesktop.systemd1.Manager
    member={StartTransientUnit,KillUnit,StopUnit,ResetFailedUnit,SetUnitProperties}
    peer=(name=org.freedesktop.systemd1,label=unconfined),
dbus (receive)
    bus=system
    path=/org/freedesktop/systemd1
    interface=org.freedesktop.systemd1.Manager
    member=JobRemoved
    peer=(label=unconfined),
dbus (send)
    bus=system
    interface=org.freedesktop.DBus.Properties
    path=/org/freedesktop/systemd1
    member=Get{,All}
    peer=(name=org.freedesktop.systemd1,label=unconfined),
`

// dockerSupportCoreAppArmor is for Ubuntu Core 16 and 18, whose kernel
// reports the upper layer of overlay mounts under /system-data.
const dockerSupportCoreAppArmor = `
# Ubuntu Core 16 and 18 show the snap's data, where the storage driver
# keeps its layers, under /system-data.
/system-data/var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/common/{,**} rwl,
/system-data/var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/{,**} rwl,
`

// dockerSupportMountInfoAppArmor replaces the template's denial of the
// process's own mount table.
const dockerSupportMountInfoAppArmor = `
owner @{PROC}/@{pid}/mountinfo r,
owner @{PROC}/self/mountinfo r,
`

// dockerSupportMqueueAppArmor needs AppArmor 4.0's mqueue rule.
const dockerSupportMqueueAppArmor = `
# POSIX and System V message queues, for containers' IPC.
mqueue,
`

// dockerSupportUsernsAppArmor needs AppArmor 4.0's userns rule.
const dockerSupportUsernsAppArmor = `
# Creating user namespaces, for rootless and user-namespaced containers.
userns,
`

// dockerSupportPrivilegedAppArmorHead and dockerSupportPrivilegedAppArmorBody
// frame the pattern lists of the privileged rules: see newDockerSupport.
const dockerSupportPrivilegedAppArmorHead = `
# privileged-containers: starting containers under any profile, or none,
# from any program but snap-confine.
`

const dockerSupportPrivilegedAppArmorBody = `
# Signalling and tracing unconfined containers.
signal (send) peer=unconfined,
ptrace (read, trace) peer=unconfined,

# Every device and all of /proc: this is ownership of the host.
/dev/** mrwkl,
@{PROC}/** mrwkl,

# Every file but snap-confine: driven by Kubernetes, the daemon creates
# and runs files anywhere in a container's tree.
`

const dockerSupportPrivilegedSecComp = `
# privileged-containers: no system call filter at all (module loading
# included), since privileged containers get every call.
@unrestricted
`

const dockerSupportSecComp = `
# A filter can only narrow what the daemon has, so it gets every call it
# lets containers make: Docker's default container filter, but not
# finit_module, init_module, query_module and delete_module (loading
# modules) nor name_to_handle_at and open_by_handle_at (used to escape
# containers); and the calls it makes itself.

# runc: a fresh session keyring for each container, pivot_root into its
# root, and tracing (which could be used to escape seccomp, but the
# daemon needs it).
keyctl
pivot_root
ptrace

# Setting the caller's own LSM attributes (such as the AppArmor profile
# for its next exec) with the system call newer kernels have for it.
lsm_set_self_attr

# Docker's default container filter.
`

// dockerSupportDockerDefaultCalls are the system calls of Docker's default
// container filter, several a line here; the policy gets one a line.
const dockerSupportDockerDefaultCalls = `
accept accept4 access acct adjtimex alarm arch_prctl bind bpf breakpoint brk
cacheflush capget capset chdir chmod chown chown32 chroot clock_getres
clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep
clock_nanosleep_time64 clone close connect copy_file_range creat dup dup2
dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait
epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit exit_group
faccessat fadvise64 fadvise64_64 fallocate fanotify_init fanotify_mark
fchdir fchmod fchmodat fchown fchown32 fchownat fcntl fcntl64 fdatasync
fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64
fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_time64
futimesat getcpu getcwd getdents getdents64 getegid getegid32 geteuid
geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername
getpgid getpgrp getpid getppid getpriority getrandom getresgid getresgid32
getresuid getresuid32 getrlimit get_robust_list getrusage getsid getsockname
getsockopt get_thread_area get_tls gettid gettimeofday getuid getuid32
getxattr inotify_add_watch inotify_init inotify_init1 inotify_rm_watch
io_cancel ioctl io_destroy io_getevents ioperm iopl ioprio_get ioprio_set
io_setup io_submit ipc kcmp kill lchown lchown32 lgetxattr link linkat
listen listxattr llistxattr _llseek lookup_dcookie lremovexattr lseek
lsetxattr lstat lstat64 madvise memfd_create mincore mkdir mkdirat mknod
mknodat mlock mlock2 mlockall mmap mmap2 modify_ldt mount mprotect
mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64
mq_timedsend mq_timedsend_time64 mq_unlink mremap msgctl msgget msgrcv
msgsnd msync munlock munlockall munmap nanosleep newfstatat _newselect open
openat pause perf_event_open personality pipe pipe2 poll ppoll ppoll_time64
prctl pread64 preadv prlimit64 process_vm_readv process_vm_writev pselect6
pselect6_time64 pwrite64 pwritev read readahead readlink readlinkat readv
reboot recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages
removexattr rename renameat renameat2 restart_syscall rmdir rt_sigaction
rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend
rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo s390_pci_mmio_read
s390_pci_mmio_write s390_runtime_instr sched_getaffinity sched_getattr
sched_getparam sched_get_priority_max sched_get_priority_min
sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64
sched_setaffinity sched_setattr sched_setparam sched_setscheduler
sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64
send sendfile sendfile64 sendmmsg sendmsg sendto setdomainname setfsgid
setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32
sethostname setitimer setns setpgid setpriority setregid setregid32
setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit
set_robust_list setsid setsockopt set_thread_area set_tid_address
settimeofday set_tls setuid setuid32 setxattr shmat shmctl shmdt shmget
shutdown sigaltstack signalfd signalfd4 sigreturn socket socketcall
socketpair splice stat stat64 statfs statfs64 stime symlink symlinkat sync
sync_file_range syncfs sysinfo syslog tee tgkill time timer_create
timer_delete timerfd_create timerfd_gettime timerfd_gettime64
timerfd_settime timerfd_settime64 timer_getoverrun timer_gettime
timer_gettime64 timer_settime timer_settime64 times tkill truncate
truncate64 ugetrlimit umask umount umount2 uname unlink unlinkat unshare
utime utimensat utimensat_time64 utimes vfork vhangup vmsplice wait4 waitid
waitpid write writev
`
