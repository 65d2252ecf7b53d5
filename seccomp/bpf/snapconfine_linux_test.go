// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// snapConfineExtra adds to kernelPolicy the template's denial of set-user-ID
// modes, on a call the policy allows.
const snapConfineExtra = "~fchmod - |S_ISUID\n"

// TestKernelSnapConfineChild is the child of TestKernelSnapConfine: it
// compiles the kernel policy to a .bin2, decodes it and loads its two
// filters as snap-confine does (sc_apply_seccomp_profile_for_security_tag
// and sc_apply_seccomp_filter): the deny filter first, then the allow
// filter, with seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG),
// on its one thread. It is skipped in a normal run.
func TestKernelSnapConfineChild(t *testing.T) {
	mode, ok := strings.CutPrefix(os.Getenv(childEnv), "bin2-")
	if !ok {
		t.Skip("runs only as the child of TestKernelSnapConfine")
	}
	fail := func(err error) {
		fmt.Printf("error: %v\n", err)
		os.Exit(0)
	}
	src := string(kernelPolicy(t, mode)) + snapConfineExtra
	bin, err := CompileSnapConfine("snap.kernel.test", []byte(src), Options{Arch: HostArch()})
	if err != nil {
		fail(err)
	}
	allow, deny, _, err := DecodeSnapConfine(bin, nil)
	if err != nil {
		fail(err)
	}
	// snap-confine is single-threaded when it loads the filters, without
	// TSYNC: here they confine this thread, which makes the probes.
	runtime.LockOSThread()
	for _, f := range []*Program{deny, allow} {
		if err := f.load(unix.SECCOMP_FILTER_FLAG_LOG); err != nil {
			fmt.Printf("refused: %v\n", err)
			os.Exit(0)
		}
	}
	var out strings.Builder
	for _, p := range append(probes(), fchmodProbes()...) {
		_, _, errno := unix.RawSyscall(p.nr, p.args[0], p.args[1], p.args[2])
		fmt.Fprintf(&out, "%s %d\n", p.name, int(errno))
	}
	os.Stdout.WriteString(out.String())
	os.Exit(0)
}

func fchmodProbes() []probe {
	neg := ^uintptr(0) // an invalid file descriptor
	return []probe{
		{"fchmod-suid", unix.SYS_FCHMOD, [3]uintptr{neg, 0o4755}},
		{"fchmod-plain", unix.SYS_FCHMOD, [3]uintptr{neg, 0o755}},
	}
}

// TestKernelSnapConfine loads a .bin2 into a child process as
// snap-confine does and checks the kernel's decisions: allowed calls
// work; a call no line allows fails with EPERM, also when a "~" line
// matches it (both filters return ERRNO, and the allow filter, loaded
// last, gives its errno); explicit denials of allowed calls (TIOCSTI, a
// set-user-ID mode) fail with EACCES.
func TestKernelSnapConfine(t *testing.T) {
	checkProbes(t, runChildTest(t, "TestKernelSnapConfineChild", "bin2-enforce"), map[string]unix.Errno{
		"getpid":              0,
		"getppid":             unix.EPERM,
		"getpriority-pgrp":    0,
		"getpriority-process": unix.EACCES,
		"getsid":              unix.EPERM,
		"setns-net":           unix.EBADF,
		"setns-uts":           unix.EPERM,
		"setns-net-high":      unix.EPERM,
		"ioctl-tiocsti":       unix.EACCES,
		"ioctl-tiocsti-high":  unix.EACCES,
		"ioctl-tiocgwinsz":    unix.EBADF,
		"fchmod-suid":         unix.EACCES,
		"fchmod-plain":        unix.EBADF,
	})
}

// TestKernelSnapConfineComplain is TestKernelSnapConfine under @complain:
// both filters default to LOG, so explicit denials still fail with EACCES,
// whether an allow line matches or not, and every other call reaches the
// kernel.
func TestKernelSnapConfineComplain(t *testing.T) {
	checkProbes(t, runChildTest(t, "TestKernelSnapConfineChild", "bin2-complain"), map[string]unix.Errno{
		"getpid":              0,
		"getppid":             0,
		"getpriority-process": unix.EACCES,
		"getsid":              unix.EACCES,
		"setns-uts":           unix.EBADF,
		"ioctl-tiocsti":       unix.EACCES,
		"ioctl-tiocgwinsz":    unix.EBADF,
		"fchmod-suid":         unix.EACCES,
		"fchmod-plain":        unix.EBADF,
	})
}
