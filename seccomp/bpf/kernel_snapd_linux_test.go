// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// maskedProbe is a system call with up to four arguments that the
// child of TestKernelSnapdStrict makes.
type maskedProbe struct {
	name string
	nr   uintptr
	args [4]uintptr
}

// maskedProbes drive snapd's masked denials. Every path is NULL, so a
// call the filter lets through fails with EFAULT in the kernel and
// changes nothing.
func maskedProbes() []maskedProbe {
	const at = ^uintptr(99) // AT_FDCWD, -100
	neg := ^uintptr(0)      // an invalid file descriptor
	ps := []maskedProbe{
		{"openat-creat-suid", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_CREAT | unix.O_WRONLY, 0o4755}},
		{"openat-creat-sgid", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_CREAT | unix.O_WRONLY, 0o2755}},
		{"openat-creat", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_CREAT | unix.O_WRONLY, 0o755}},
		{"openat-tmpfile-sgid", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_TMPFILE | unix.O_RDWR, 0o2755}},
		{"openat-directory-sgid", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_DIRECTORY, 0o2755}},
		{"openat-suid-read", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_RDONLY, 0o4755}},
		{"fchmodat-suid", unix.SYS_FCHMODAT, [4]uintptr{at, 0, 0o4755}},
		{"fchmodat-plain", unix.SYS_FCHMODAT, [4]uintptr{at, 0, 0o755}},
		{"mknodat-fifo", unix.SYS_MKNODAT, [4]uintptr{at, 0, unix.S_IFIFO | 0o644}},
		{"mknodat-fifo-suid", unix.SYS_MKNODAT, [4]uintptr{at, 0, unix.S_IFIFO | 0o4644}},
		{"mknodat-sock", unix.SYS_MKNODAT, [4]uintptr{at, 0, unix.S_IFSOCK | 0o644}},
		{"mknodat-chr", unix.SYS_MKNODAT, [4]uintptr{at, 0, unix.S_IFCHR | 0o644}},
		{"pipe2-notification", unix.SYS_PIPE2, [4]uintptr{0, unix.O_EXCL}},
		{"pipe2-cloexec", unix.SYS_PIPE2, [4]uintptr{0, unix.O_CLOEXEC}},
		{"ioctl-tiocsti", unix.SYS_IOCTL, [4]uintptr{neg, unix.TIOCSTI}},
		{"ioctl-tioclinux", unix.SYS_IOCTL, [4]uintptr{neg, unix.TIOCLINUX}},
		{"ioctl-tiocgwinsz", unix.SYS_IOCTL, [4]uintptr{neg, unix.TIOCGWINSZ}},
	}
	if strconv.IntSize == 64 {
		hi := uintptr(uint64(1) << 32)
		ps = append(ps,
			maskedProbe{"ioctl-tiocsti-high", unix.SYS_IOCTL, [4]uintptr{neg, unix.TIOCSTI | hi}},
			maskedProbe{"openat-creat-suid-high", unix.SYS_OPENAT, [4]uintptr{at, 0, unix.O_CREAT | hi, 0o4755 | hi}})
	}
	return ps
}

// TestKernelSnapdStrictChild is the child of TestKernelSnapdStrict: it
// compiles snapd's strict template source (mode "bin": the single
// filter, loaded with TSYNC; "bin2": snap-confine's two filters, deny
// filter first), loads it and prints the probes' errnos. It is skipped
// in a normal run.
func TestKernelSnapdStrictChild(t *testing.T) {
	mode, ok := strings.CutPrefix(os.Getenv(childEnv), "snapd-")
	if !ok {
		t.Skip("runs only as the child of TestKernelSnapdStrict")
	}
	fail := func(err error) {
		fmt.Printf("error: %v\n", err)
		os.Exit(0)
	}
	p := snapdRefPolicies(t)[0].p // template/strict
	runtime.LockOSThread()
	var err error
	if mode == "bin" {
		var prog *Program
		if prog, _, err = Compile(p, Options{Arch: HostArch()}); err == nil {
			err = prog.Load()
		}
	} else {
		var allow, deny *Program
		if allow, deny, err = CompileSnapConfineFilters(p, Options{Arch: HostArch()}); err != nil {
			fail(err)
		}
		for _, f := range []*Program{deny, allow} {
			if err = f.load(unix.SECCOMP_FILTER_FLAG_LOG); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Printf("refused: %v\n", err)
		os.Exit(0)
	}
	var out strings.Builder
	for _, p := range maskedProbes() {
		_, _, errno := unix.RawSyscall6(p.nr, p.args[0], p.args[1], p.args[2], p.args[3], 0, 0)
		fmt.Fprintf(&out, "%s %d\n", p.name, int(errno))
	}
	os.Stdout.WriteString(out.String())
	os.Exit(0)
}

// TestKernelSnapdStrict loads snapd's strict template, compiled, into a
// child process and checks the kernel's decisions on its masked
// denials: set-user-ID and set-group-ID modes with O_CREAT or O_TMPFILE
// (both of its bits), in fchmodat and mknodat, O_NOTIFICATION_PIPE, and
// TIOCSTI and TIOCLINUX, also with a high word, fail with EACCES; the
// same calls without those bits pass the filter (EFAULT: the NULL path);
// a device node no line allows fails with EPERM.
func TestKernelSnapdStrict(t *testing.T) {
	for _, mode := range []string{"bin", "bin2"} {
		t.Run(mode, func(t *testing.T) {
			checkProbes(t, runChildTest(t, "TestKernelSnapdStrictChild", "snapd-"+mode), map[string]unix.Errno{
				"openat-creat-suid":      unix.EACCES,
				"openat-creat-sgid":      unix.EACCES,
				"openat-creat":           unix.EFAULT,
				"openat-tmpfile-sgid":    unix.EACCES,
				"openat-directory-sgid":  unix.EFAULT,
				"openat-suid-read":       unix.EFAULT,
				"fchmodat-suid":          unix.EACCES,
				"fchmodat-plain":         unix.EFAULT,
				"mknodat-fifo":           unix.EFAULT,
				"mknodat-fifo-suid":      unix.EACCES,
				"mknodat-sock":           unix.EFAULT,
				"mknodat-chr":            unix.EPERM,
				"pipe2-notification":     unix.EACCES,
				"pipe2-cloexec":          unix.EFAULT,
				"ioctl-tiocsti":          unix.EACCES,
				"ioctl-tioclinux":        unix.EACCES,
				"ioctl-tiocgwinsz":       unix.EBADF,
				"ioctl-tiocsti-high":     unix.EACCES,
				"openat-creat-suid-high": unix.EACCES,
			})
		})
	}
}
