// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

// The file sections of defaultTemplate (see template.go).

const templateFiles = `# Files and directories: AppArmor decides which paths these may use.
open
openat
creat
close
close_range
read
pread
pread64
readv
preadv
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
# Between descriptors AppArmor let the process open; the flags (the sixth
# argument) must be 0, as the kernel defines none.
copy_file_range - - - - - 0
# The page cache state of a file already open; the flags must be 0.
cachestat - - - 0
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
statvfs
fstatvfs
ustat
chdir
fchdir
getcwd
# chroot needs CAP_SYS_CHROOT, which AppArmor holds.
chroot
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
umask
utime
utimes
utimensat
utimensat_time64
futimesat
getxattr
fgetxattr
lgetxattr
getxattrat
listxattr
flistxattr
llistxattr
listxattrat
setxattr
fsetxattr
lsetxattr
setxattrat
removexattr
fremovexattr
lremovexattr
removexattrat
inotify_init
inotify_init1
inotify_add_watch
inotify_rm_watch

`

// templateSetIDBits lets programs set file modes, but never the setuid
// (S_ISUID, 04000) or setgid (S_ISGID, 02000) bit: a daemon running as
// root could otherwise leave a setuid-root program behind for anyone to
// run. The mode is an argument of chmod, fchmod, fchmodat, fchmodat2,
// creat, mknod and mknodat, and of open and openat when they create a file
// (O_CREAT, O_TMPFILE). openat2 passes its mode in memory, where no filter
// can read it, so it is refused whole; programs fall back to openat.
const templateSetIDBits = `# File modes, without the setuid and setgid bits.
chmod
fchmod
fchmodat
fchmodat2
~chmod - |S_ISUID
~fchmod - |S_ISUID
~fchmodat - - |S_ISUID
~fchmodat2 - - |S_ISUID -
~chmod - |S_ISGID
~fchmod - |S_ISGID
~fchmodat - - |S_ISGID
~fchmodat2 - - |S_ISGID -
~creat - |S_ISUID
~creat - |S_ISGID
~mknod - |S_ISUID
~mknodat - - |S_ISUID
~mknod - |S_ISGID
~mknodat - - |S_ISGID
~open - |O_CREAT |S_ISUID
~openat - - |O_CREAT |S_ISUID
~open - |O_CREAT |S_ISGID
~openat - - |O_CREAT |S_ISGID
~open - |O_TMPFILE |S_ISUID
~openat - - |O_TMPFILE |S_ISUID
~open - |O_TMPFILE |S_ISGID
~openat - - |O_TMPFILE |S_ISGID
~openat2

`

const templateDevices = `# Device nodes are refused: only regular files, FIFOs and sockets may be
# made with mknod.
mknod - |S_IFREG -
mknod - |S_IFIFO -
mknod - |S_IFSOCK -
mknodat - - |S_IFREG -
mknodat - - |S_IFIFO -
mknodat - - |S_IFSOCK -

`
