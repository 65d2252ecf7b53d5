// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

import "text/template"

// defaultTemplate is the allow list of every strictly confined app and hook:
// the system calls ordinary programs make, grouped, each group with the
// reason it is safe to allow. What is left out needs an interface: network
// servers (bind, listen, accept), namespaces (unshare, setns), mounting,
// tracing other processes (ptrace), kernel modules, the kernel keyring,
// open_by_handle_at and name_to_handle_at, raw I/O ports, rebooting.
//
// AppArmor confines what the allowed calls may touch (files, sockets,
// capabilities); this list only takes away the kernel interfaces that are
// dangerous whatever they touch. Names unknown on an architecture are
// skipped for it.
const defaultTemplate = `# Running programs: starting them, their threads and children, waiting
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
rseq

# Memory: mapping, protecting, advising, locking (bounded by rlimits).
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
mbind
get_mempolicy
set_mempolicy
modify_ldt
arch_prctl
set_thread_area
get_thread_area
breakpoint
cacheflush
set_tls
usr26
usr32

# Files and directories: AppArmor decides which paths these may use.
open
openat
openat2
creat
close
close_range
read
pread
pread64
readv
preadv
preadv2
write
pwrite
pwrite64
writev
pwritev
pwritev2
lseek
llseek
_llseek
dup
dup2
dup3
fcntl
fcntl64
flock
fallocate
truncate
truncate64
ftruncate
ftruncate64
fsync
fdatasync
sync
syncfs
sync_file_range
sync_file_range2
arm_sync_file_range
readahead
fadvise64
fadvise64_64
arm_fadvise64_64
sendfile
sendfile64
splice
tee
vmsplice
copy_file_range
getdents
getdents64
readdir
access
faccessat
faccessat2
stat
stat64
lstat
lstat64
fstat
fstat64
fstatat64
newfstatat
oldstat
oldlstat
oldfstat
statx
statfs
statfs64
fstatfs
fstatfs64
ustat
chdir
fchdir
getcwd
mkdir
mkdirat
rmdir
rename
renameat
renameat2
link
linkat
symlink
symlinkat
unlink
unlinkat
readlink
readlinkat
chmod
fchmod
fchmodat
umask
utime
utimes
utimensat
futimesat
getxattr
fgetxattr
lgetxattr
listxattr
flistxattr
llistxattr
setxattr
fsetxattr
lsetxattr
removexattr
fremovexattr
lremovexattr
inotify_init
inotify_init1
inotify_add_watch
inotify_rm_watch

# Device nodes are refused: only regular files, FIFOs and sockets may be
# made with mknod.
mknod - |S_IFREG -
mknod - |S_IFIFO -
mknod - |S_IFSOCK -
mknodat - - |S_IFREG -
mknodat - - |S_IFIFO -
mknodat - - |S_IFSOCK -

# Terminal and device control, except TIOCSTI, which types into the
# terminal as if the user had, and TIOCLINUX, which can paste into a
# virtual console. The kernel reads the request as 32 bits, so they are
# refused whatever the upper 32 bits of the argument hold.
ioctl
~ioctl - 4294967295|TIOCSTI
~ioctl - 4294967295|TIOCLINUX

# Waiting for events.
poll
ppoll
select
_newselect
pselect6
epoll_create
epoll_create1
epoll_ctl
epoll_wait
epoll_pwait
epoll_pwait2
eventfd
eventfd2
signalfd
signalfd4
timerfd
timerfd_create
timerfd_settime
timerfd_gettime
pipe
pipe2
io_setup
io_destroy
io_submit
io_cancel
io_getevents
io_pgetevents

# Time and timers.
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
timer_gettime
timer_getoverrun
times
ftime

# Signals, sent to processes AppArmor allows.
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
sigaction
sigprocmask
sigpending
sigreturn
sigsuspend
sigaltstack
signal
pause

# Identity and limits: reading them, and changing its own process group
# and session. Raising hard limits needs a capability AppArmor withholds.
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
personality
prctl
seccomp

# Scheduling: reading anything; changing only its own (pid 0) affinity and
# parameters, and only to lower priority.
sched_yield
sched_getaffinity
sched_getattr
sched_getparam
sched_getscheduler
sched_get_priority_max
sched_get_priority_min
sched_rr_get_interval
sched_setaffinity 0 - -
sched_setparam 0 -
sched_setscheduler
nice <=19
setpriority PRIO_PROCESS 0 <=19
ioprio_get

# System V IPC and futexes.
futex
futex_time64
futex_waitv
ipc
msgget
msgctl
msgsnd
msgrcv
semget
semctl
semop
semtimedop
shmget
shmctl
shmat
shmdt

# Sockets of every family AppArmor mediates (it allows none without an
# interface), and their use. Netlink, which AppArmor mediates only
# coarsely, is left to interfaces, which name the netlink family.
socket AF_UNIX
socket AF_LOCAL
socket AF_INET
socket AF_INET6
socket AF_IPX
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
shutdown

# Changing the owner of files to root, and user and group ids to root:
# AppArmor holds the capabilities (chown, setuid, setgid) that make these
# work.
chown - u:root g:root
chown32 - u:root g:root
fchown - u:root g:root
fchown32 - u:root g:root
fchownat - - u:root g:root
lchown - u:root g:root
lchown32 - u:root g:root
setgroups 0 0
setgroups32 0 0
setuid u:root
setuid32 u:root
setgid g:root
setgid32 g:root
setreuid u:root u:root
setreuid32 u:root u:root
setreuid -1 u:root
setreuid32 -1 u:root
setreuid u:root -1
setreuid32 u:root -1
setregid g:root g:root
setregid32 g:root g:root
setregid -1 g:root
setregid32 -1 g:root
setregid g:root -1
setregid32 g:root -1
setresuid u:root u:root u:root
setresuid32 u:root u:root u:root
setresuid -1 u:root -1
setresuid32 -1 u:root -1
setresuid u:root u:root -1
setresuid32 u:root u:root -1
setresgid g:root g:root g:root
setresgid32 g:root g:root g:root
setresgid -1 g:root -1
setresgid32 -1 g:root -1
setresgid g:root g:root -1
setresgid32 g:root g:root -1
`

// userRules lets a snap that declares a system user (system-usernames)
// drop privileges to it, and hand files to it. It is executed with the
// user's name, which is also its group's.
var userRules = template.Must(template.New("user").Parse(`# Dropping privileges to the snap's system user {{.}}, and giving files
# to it.
setuid u:{{.}}
setuid32 u:{{.}}
setgid g:{{.}}
setgid32 g:{{.}}
setreuid u:{{.}} u:{{.}}
setreuid32 u:{{.}} u:{{.}}
setreuid -1 u:{{.}}
setreuid32 -1 u:{{.}}
setreuid u:{{.}} -1
setreuid32 u:{{.}} -1
setreuid u:root u:{{.}}
setreuid32 u:root u:{{.}}
setreuid u:{{.}} u:root
setreuid32 u:{{.}} u:root
setregid g:{{.}} g:{{.}}
setregid32 g:{{.}} g:{{.}}
setregid -1 g:{{.}}
setregid32 -1 g:{{.}}
setregid g:{{.}} -1
setregid32 g:{{.}} -1
setregid g:root g:{{.}}
setregid32 g:root g:{{.}}
setregid g:{{.}} g:root
setregid32 g:{{.}} g:root
setresuid u:{{.}} u:{{.}} u:{{.}}
setresuid32 u:{{.}} u:{{.}} u:{{.}}
setresuid -1 u:{{.}} -1
setresuid32 -1 u:{{.}} -1
setresuid u:{{.}} u:{{.}} -1
setresuid32 u:{{.}} u:{{.}} -1
setresuid u:{{.}} u:{{.}} u:root
setresuid32 u:{{.}} u:{{.}} u:root
setresuid u:{{.}} u:root u:root
setresuid32 u:{{.}} u:root u:root
setresgid g:{{.}} g:{{.}} g:{{.}}
setresgid32 g:{{.}} g:{{.}} g:{{.}}
setresgid -1 g:{{.}} -1
setresgid32 -1 g:{{.}} -1
setresgid g:{{.}} g:{{.}} -1
setresgid32 g:{{.}} g:{{.}} -1
setresgid g:{{.}} g:{{.}} g:root
setresgid32 g:{{.}} g:{{.}} g:root
setresgid g:{{.}} g:root g:root
setresgid32 g:{{.}} g:root g:root
chown - u:{{.}} g:{{.}}
chown32 - u:{{.}} g:{{.}}
fchown - u:{{.}} g:{{.}}
fchown32 - u:{{.}} g:{{.}}
fchownat - - u:{{.}} g:{{.}}
lchown - u:{{.}} g:{{.}}
lchown32 - u:{{.}} g:{{.}}
chown - u:{{.}} -1
chown32 - u:{{.}} -1
fchown - u:{{.}} -1
fchown32 - u:{{.}} -1
fchownat - - u:{{.}} -1
lchown - u:{{.}} -1
lchown32 - u:{{.}} -1
chown - -1 g:{{.}}
chown32 - -1 g:{{.}}
fchown - -1 g:{{.}}
fchown32 - -1 g:{{.}}
fchownat - - -1 g:{{.}}
lchown - -1 g:{{.}}
lchown32 - -1 g:{{.}}
`))
