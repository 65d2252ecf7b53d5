// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The kernel tests re-run the test binary with childEnv set to a mode; the
// child (TestKernelChild) loads a compiled filter into itself, makes
// probing system calls and prints each result as "probe errno", which the
// parent checks. A filter cannot be removed, hence the separate process.
const childEnv = "PLUGPOLICY_SECCOMP_KERNEL_CHILD"

// kernelPolicy is the template fixture without the calls the probes use,
// plus these lines.
const kernelExtra = `
getpriority
~getpriority PRIO_PROCESS 0
~getsid 0
`

func kernelPolicy(t *testing.T, mode string) []byte {
	t.Helper()
	var b strings.Builder
	if mode == "complain" {
		b.WriteString("@complain\n")
	}
	for _, line := range strings.Split(readFile(t, templateFixture), "\n") {
		switch strings.Fields(line + " x")[0] {
		case "getppid", "getpriority", "getsid":
			continue
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(kernelExtra)
	return []byte(b.String())
}

// probe is a system call the child makes once the filter is loaded.
type probe struct {
	name string
	nr   uintptr
	args [3]uintptr
}

func probes() []probe {
	const hi = uint64(1) << 32
	neg := ^uintptr(0) // -1: an invalid file descriptor
	ps := []probe{
		{"getpid", unix.SYS_GETPID, [3]uintptr{}},
		{"getppid", unix.SYS_GETPPID, [3]uintptr{}},
		{"getpriority-pgrp", unix.SYS_GETPRIORITY, [3]uintptr{unix.PRIO_PGRP, 0}},
		{"getpriority-process", unix.SYS_GETPRIORITY, [3]uintptr{unix.PRIO_PROCESS, 0}},
		{"getsid", unix.SYS_GETSID, [3]uintptr{0}},
		{"setns-net", unix.SYS_SETNS, [3]uintptr{neg, unix.CLONE_NEWNET}},
		{"setns-uts", unix.SYS_SETNS, [3]uintptr{neg, unix.CLONE_NEWUTS}},
		{"ioctl-tiocsti", unix.SYS_IOCTL, [3]uintptr{neg, unix.TIOCSTI}},
		{"ioctl-tiocgwinsz", unix.SYS_IOCTL, [3]uintptr{neg, unix.TIOCGWINSZ}},
	}
	if strconv.IntSize == 64 {
		// Only the low half of the argument differs from an allowed call.
		ps = append(ps,
			probe{"setns-net-high", unix.SYS_SETNS, [3]uintptr{neg, uintptr(unix.CLONE_NEWNET | hi)}},
			probe{"ioctl-tiocsti-high", unix.SYS_IOCTL, [3]uintptr{neg, uintptr(unix.TIOCSTI | hi)}})
	}
	return ps
}

// TestKernelChild is the child's side; it is skipped in a normal run.
func TestKernelChild(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("runs only as the child of TestKernelEnforce and TestKernelComplain")
	}
	bin, err := CompileSource("snap.kernel.test", kernelPolicy(t, mode), Options{Arch: HostArch()})
	if err != nil {
		fmt.Printf("error: %v\n", err)
		os.Exit(0)
	}
	prog, err := Decode(bin, nil)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		os.Exit(0)
	}
	// A thread that exists before the filter is loaded, to check that the
	// filter reaches every thread (SECCOMP_FILTER_FLAG_TSYNC).
	ask, answer := make(chan struct{}), make(chan string)
	go func() {
		runtime.LockOSThread()
		<-ask
		_, _, errno := unix.RawSyscall(unix.SYS_GETPPID, 0, 0, 0)
		answer <- fmt.Sprintf("other-thread-getppid %d", int(errno))
	}()
	if err := prog.Load(); err != nil {
		fmt.Printf("refused: %v\n", err)
		os.Exit(0)
	}
	var out strings.Builder
	for _, p := range probes() {
		_, _, errno := unix.RawSyscall(p.nr, p.args[0], p.args[1], p.args[2])
		fmt.Fprintf(&out, "%s %d\n", p.name, int(errno))
	}
	ask <- struct{}{}
	out.WriteString(<-answer + "\n")
	os.Stdout.WriteString(out.String())
	os.Exit(0)
}

// runChild runs the child in mode and returns its probes' errnos.
func runChild(t *testing.T, mode string) map[string]unix.Errno {
	t.Helper()
	return runChildTest(t, "TestKernelChild", mode)
}

// runChildTest runs the test binary's test child as the child in mode and
// returns its probes' errnos.
func runChildTest(t *testing.T, child, mode string) map[string]unix.Errno {
	t.Helper()
	if HostArch() == ArchInvalid {
		t.Skipf("no syscall table for %s", runtime.GOARCH)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil || !bytes.Contains(status, []byte("\nSeccomp:")) {
		t.Skipf("the kernel does not report seccomp support in /proc/self/status (%v)", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	results := map[string]unix.Errno{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "refused: "):
			t.Skipf("the kernel refuses seccomp filters: %s", strings.TrimPrefix(line, "refused: "))
		case strings.HasPrefix(line, "error: "):
			t.Fatal(line)
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		if n, err := strconv.Atoi(f[1]); err == nil {
			results[f[0]] = unix.Errno(n)
		}
	}
	if len(results) == 0 {
		t.Fatalf("child printed no results:\n%s", out)
	}
	return results
}

func checkProbes(t *testing.T, got, want map[string]unix.Errno) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			if strings.HasSuffix(name, "-high") && strconv.IntSize != 64 {
				continue
			}
			t.Errorf("%s: no result", name)
			continue
		}
		if g != w {
			t.Errorf("%s: errno %d (%v), want %d (%v)", name, int(g), g, int(w), w)
		}
	}
}

// TestKernelEnforce loads the compiled template fixture into a child
// process and checks the kernel's decisions: allowed calls work, calls no
// line allows fail with EPERM, explicit denials with EACCES, setns passes
// the filter for CLONE_NEWNET only (and then fails with EBADF in the
// kernel, for the invalid descriptor), and 64-bit arguments are compared
// whole.
func TestKernelEnforce(t *testing.T) {
	checkProbes(t, runChild(t, "enforce"), map[string]unix.Errno{
		"getpid":               0,
		"getppid":              unix.EPERM,
		"getpriority-pgrp":     0,
		"getpriority-process":  unix.EACCES,
		"getsid":               unix.EPERM,
		"setns-net":            unix.EBADF,
		"setns-uts":            unix.EPERM,
		"setns-net-high":       unix.EPERM,
		"ioctl-tiocsti":        unix.EACCES,
		"ioctl-tiocsti-high":   unix.EACCES,
		"ioctl-tiocgwinsz":     unix.EBADF,
		"other-thread-getppid": unix.EPERM,
	})
}

// TestKernelComplain checks that under @complain only explicit denials
// are denied (EACCES, as snap-confine's deny filter does, whether an allow
// line matches or not): the other calls reach the kernel, which judges
// them on its own.
func TestKernelComplain(t *testing.T) {
	checkProbes(t, runChild(t, "complain"), map[string]unix.Errno{
		"getpid":               0,
		"getppid":              0,
		"getpriority-pgrp":     0,
		"getpriority-process":  unix.EACCES,
		"getsid":               unix.EACCES,
		"setns-uts":            unix.EBADF,
		"ioctl-tiocsti":        unix.EACCES,
		"ioctl-tiocgwinsz":     unix.EBADF,
		"other-thread-getppid": 0,
	})
}
