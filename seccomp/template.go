// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

// defaultTemplate is the allow list of every strictly confined app and hook,
// the same statements as snapd's default template: the system calls
// ordinary programs make, grouped, each group with the reason it is safe to
// allow. What is left out needs an interface: network servers (bind,
// listen, accept), namespaces (unshare, setns), mounting, tracing other
// processes (ptrace), kernel modules (init_module, finit_module,
// delete_module), kexec, the kernel keyring (add_key, keyctl,
// request_key), open_by_handle_at and name_to_handle_at, raw I/O ports,
// rebooting, netlink sockets.
//
// AppArmor confines what the allowed calls may touch (files, sockets,
// capabilities); this list only takes away the kernel interfaces that are
// dangerous whatever they touch, and the arguments that would let a
// program escape what AppArmor sees (setuid and setgid mode bits, device
// nodes, faked terminal input). Names an architecture lacks are skipped
// for it, as snap-seccomp skips them.
//
// The template is data: the sections below and in template_files.go are
// concatenated in this order. What snapd adds after the interfaces'
// rules (the privilege-dropping calls, bind, socketcall) is in
// template_ids.go.
const defaultTemplate = templateProcesses +
	templateMemory +
	templateFiles +
	templateSetIDBits +
	templateDevices +
	templateIoctl +
	templateEvents +
	templateTime +
	templateSignals +
	templateIdentity +
	templateScheduling +
	templateIPC +
	templateSockets +
	templateChownRoot

const templateProcesses = `# Running programs: starting them, their threads and children, waiting
# for them, and ending.
execve
execveat
clone
# clone3 passes its flags in memory, out of a filter's reach, but grants no
# more than clone; glibc needs it for threads and falls back only when it
# does not exist.
clone3
fork
vfork
exit
exit_group
_exit
wait4
waitid
waitpid
oldwait4
set_tid_address
set_robust_list
get_robust_list
restart_syscall
# glibc registers restartable sequences for every thread.
rseq
rseq_slice_yield

# A descriptor for a process the caller may already name; what it can do
# with it is checked by the kernel against the caller's rights.
pidfd_open

# Comparing the open files of two processes, which the kernel allows only
# for processes the caller could ptrace (PTRACE_MODE_READ_REALCREDS), and
# only for files (KCMP_FILE).
kcmp - - KCMP_FILE

# Narrowing its own rights: seccomp filters and Landlock rule sets can only
# take permissions away from the calling process.
seccomp
landlock_create_ruleset
landlock_add_rule
landlock_restrict_self

# Process attributes. prctl is needed by too many runtimes to filter;
# personality changes only how the process itself is run.
prctl
personality

`

const templateMemory = `# Memory: mapping, protecting, advising, locking (bounded by rlimits).
brk
mmap
mmap2
munmap
mremap
mprotect
madvise
mincore
msync
mlock
mlock2
mlockall
munlock
munlockall
remap_file_pages
membarrier
memfd_create
# Memory that even the kernel does not map: secret only to the caller.
memfd_secret
mbind
get_mempolicy
set_mempolicy
# Sealing its own mappings; the flags argument must be 0.
mseal - - 0
# The shadow stack of control-flow enforcement (CET).
map_shadow_stack
# Per-process segment and thread-local storage set-up.
modify_ldt
arch_prctl
set_thread_area
get_thread_area

# ARM's own calls: cache maintenance, the thread pointer, debugging traps.
breakpoint
cacheflush
get_tls
set_tls
usr26
usr32

`

const templateIoctl = `# Terminal and device control, except TIOCSTI, which types into the
# terminal as if the user had, and TIOCLINUX, which can paste into a
# virtual console: a program with CAP_SYS_ADMIN could use them against
# other snaps or the user's own shell. The kernel reads the request as 32
# bits, so they are also refused whatever the upper 32 bits of the argument
# hold (CVE-2019-7303).
ioctl
~ioctl - TIOCSTI
~ioctl - TIOCLINUX
~ioctl - 4294967295|TIOCSTI
~ioctl - 4294967295|TIOCLINUX

`

const templateEvents = `# Waiting for events.
poll
ppoll
ppoll_time64
select
_newselect
pselect
pselect6
pselect6_time64
epoll_create
epoll_create1
epoll_ctl
epoll_ctl_old
epoll_wait
epoll_wait_old
epoll_pwait
epoll_pwait2
eventfd
eventfd2
signalfd
signalfd4
timerfd
timerfd_create
timerfd_settime
timerfd_settime64
timerfd_gettime
timerfd_gettime64

# Pipes, but not notification pipes (O_NOTIFICATION_PIPE), which reach the
# kernel's watch queues.
pipe
pipe2
~pipe2 - |O_NOTIFICATION_PIPE

# Asynchronous I/O on descriptors the process already has.
io_setup
io_destroy
io_submit
io_cancel
io_getevents
io_pgetevents
io_pgetevents_time64

`

const templateTime = `# Time and timers; setting the clock needs CAP_SYS_TIME.
time
gettimeofday
clock_gettime
clock_gettime64
clock_getres
clock_getres_time64
clock_nanosleep
clock_nanosleep_time64
nanosleep
alarm
getitimer
setitimer
timer_create
timer_delete
timer_settime
timer_settime64
timer_gettime
timer_gettime64
timer_getoverrun
times
ftime

`

const templateSignals = `# Signals, sent to processes AppArmor allows.
kill
tkill
tgkill
rt_sigaction
rt_sigprocmask
rt_sigpending
rt_sigqueueinfo
rt_tgsigqueueinfo
rt_sigreturn
rt_sigsuspend
rt_sigtimedwait
rt_sigtimedwait_time64
sigaction
sigprocmask
sigpending
sigreturn
sigsuspend
sigtimedwait
sigwaitinfo
sigaltstack
signal
pause

`

const templateIdentity = `# Identity and limits: reading them, and changing its own process group
# and session (which programs need and no filter can tell apart).
# Raising hard limits needs CAP_SYS_RESOURCE, and capset CAP_SETPCAP for
# anything but dropping capabilities; AppArmor holds both.
getpid
getppid
gettid
getuid
getuid32
geteuid
geteuid32
getgid
getgid32
getegid
getegid32
getresuid
getresuid32
getresgid
getresgid32
getgroups
getgroups32
getpgid
getpgrp
getsid
setpgid
setpgrp
setsid
capget
capset
getrlimit
ugetrlimit
setrlimit
prlimit64
getrusage
getpriority
getcpu
getrandom
uname
olduname
oldolduname
sysinfo
# Reading the kernel log needs CAP_SYSLOG (or an unrestricted dmesg).
syslog

`

const templateScheduling = `# Scheduling: reading anything; changing only its own (pid 0) affinity and
# parameters, and only to lower priority. The niceness bound is <=19
# rather than >=0 because older libseccomp compares it wrongly; AppArmor
# holds CAP_SYS_NICE, which raising it needs. sched_setscheduler is
# allowed whole, as it always was.
sched_yield
sched_getaffinity
sched_getattr
sched_getparam
sched_getscheduler
sched_get_priority_max
sched_get_priority_min
sched_rr_get_interval
sched_rr_get_interval_time64
sched_setaffinity 0 - -
sched_setparam 0 -
sched_setscheduler
nice <=19
setpriority PRIO_PROCESS 0 <=19
ioprio_get

`

const templateIPC = `# Futexes, and System V IPC (whose objects outlive a killed process, but
# which programs depend on).
futex
futex_time64
futex_waitv
futex_wait
futex_wake
futex_requeue
ipc
msgget
msgctl
msgsnd
msgrcv
semget
semctl
semop
semtimedop
semtimedop_time64
shmget
shmctl
shmat
shmdt

`

const templateSockets = `# Sockets of every family AppArmor mediates (it allows none without an
# interface), and their use. Netlink, which AppArmor mediates only
# coarsely, is left to interfaces, which name the netlink family; AF_CONN
# (userspace SCTP) AppArmor cannot name at all.
socket AF_UNIX
socket AF_LOCAL
socket AF_INET
socket AF_INET6
socket AF_IPX
socket AF_XDP
socket AF_X25
socket AF_AX25
socket AF_ATMPVC
socket AF_APPLETALK
socket AF_PACKET
socket AF_ALG
socket AF_CAN
socket AF_BRIDGE
socket AF_NETROM
socket AF_ROSE
socket AF_NETBEUI
socket AF_SECURITY
socket AF_KEY
socket AF_ASH
socket AF_ECONET
socket AF_SNA
socket AF_IRDA
socket AF_PPPOX
socket AF_WANPIPE
socket AF_BLUETOOTH
socket AF_RDS
socket AF_LLC
socket AF_TIPC
socket AF_IUCV
socket AF_RXRPC
socket AF_ISDN
socket AF_PHONET
socket AF_IEEE802154
socket AF_CAIF
socket AF_NFC
socket AF_VSOCK
socket AF_MPLS
socket AF_IB
socket AF_QIPCRTR
# socketpair makes only AF_UNIX pairs on Linux.
socketpair
connect
getsockname
getpeername
getsockopt
setsockopt
send
sendto
sendmsg
sendmmsg
recv
recvfrom
recvmsg
recvmmsg
recvmmsg_time64
shutdown

`

const templateChownRoot = `# Changing the owner or group of files to root, which daemons running as
# root do: the permission checks (and AppArmor's hold on CAP_CHOWN) stop
# anyone else.
chown - u:root g:root
chown32 - u:root g:root
fchown - u:root g:root
fchown32 - u:root g:root
fchownat - - u:root g:root
lchown - u:root g:root
lchown32 - u:root g:root
chown - u:root -1
chown32 - u:root -1
fchown - u:root -1
fchown32 - u:root -1
fchownat - - u:root -1
lchown - u:root -1
lchown32 - u:root -1
chown - -1 g:root
chown32 - -1 g:root
fchown - -1 g:root
fchown32 - -1 g:root
fchownat - - -1 g:root
lchown - -1 g:root
lchown32 - -1 g:root
`
