// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

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
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The kernel test re-runs the test binary with kernelChildEnv set; the
// child (TestKernelTemplateChild) loads the compiled default template into
// itself, makes the probing calls and prints "probe errno" for each. A
// filter cannot be removed, hence the separate process.
const kernelChildEnv = "PLUGPOLICY_SECCOMP_TEMPLATE_CHILD"

// missing is a path whose directory does not exist, so that a call the
// filter lets through fails in the kernel with ENOENT and creates nothing.
const missing = "/plugpolicy-does-not-exist/file"

// kernelProbe is a call the child makes once the filter is loaded.
type kernelProbe struct {
	name string
	nr   uintptr
	args [4]uintptr
}

func kernelProbes() []kernelProbe {
	path, err := unix.BytePtrFromString(missing)
	if err != nil {
		panic(err)
	}
	p := uintptr(unsafe.Pointer(path))
	fdcwd := unix.AT_FDCWD
	at := uintptr(fdcwd) // sign-extended, as the C library passes it
	bad := ^uintptr(0)   // -1: an invalid descriptor
	return []kernelProbe{
		{"fchmod-0755", unix.SYS_FCHMOD, [4]uintptr{bad, 0o755}},
		{"fchmod-setuid", unix.SYS_FCHMOD, [4]uintptr{bad, unix.S_ISUID | 0o755}},
		{"fchmod-setgid", unix.SYS_FCHMOD, [4]uintptr{bad, unix.S_ISGID | 0o755}},
		{"fchmodat-setuid", unix.SYS_FCHMODAT, [4]uintptr{at, p, unix.S_ISUID | 0o755}},
		{"openat-creat-0644", unix.SYS_OPENAT, [4]uintptr{at, p, unix.O_CREAT | unix.O_WRONLY, 0o644}},
		{"openat-creat-setuid", unix.SYS_OPENAT, [4]uintptr{at, p, unix.O_CREAT | unix.O_WRONLY, unix.S_ISUID | 0o755}},
		{"openat-tmpfile-setgid", unix.SYS_OPENAT, [4]uintptr{at, p, unix.O_TMPFILE | unix.O_WRONLY, unix.S_ISGID | 0o755}},
		{"mknodat-setuid", unix.SYS_MKNODAT, [4]uintptr{at, p, unix.S_IFREG | unix.S_ISUID | 0o755}},
		{"openat2", unix.SYS_OPENAT2, [4]uintptr{at, p, 0, 0}},
		{"pipe2-notification", unix.SYS_PIPE2, [4]uintptr{0, unix.O_EXCL}}, // O_NOTIFICATION_PIPE,
	}
}

// TestKernelTemplateChild is the child's side; it is skipped in a normal
// run.
func TestKernelTemplateChild(t *testing.T) {
	if os.Getenv(kernelChildEnv) == "" {
		t.Skip("runs only as the child of TestKernelTemplate")
	}
	fail := func(err error) {
		fmt.Printf("error: %v\n", err)
		os.Exit(0)
	}
	info, err := snap.Parse([]byte(daemonSnap), snap.Options{})
	if err != nil {
		fail(err)
	}
	sources, err := seccomp.RenderSources(seccomp.NewSpecification(info, interfaces.ConfinementOptions{}), seccomp.Options{})
	if err != nil {
		fail(err)
	}
	bin, err := seccomp.BPFCompiler{}.Compile("snap.tpl.a", sources["snap.tpl.a"])
	if err != nil {
		fail(err)
	}
	prog, err := bpf.Decode(bin, nil)
	if err != nil {
		fail(err)
	}
	runtime.LockOSThread()
	if err := prog.Load(); err != nil {
		fmt.Printf("refused: %v\n", err)
		os.Exit(0)
	}
	var out strings.Builder
	for _, p := range kernelProbes() {
		_, _, errno := unix.RawSyscall6(p.nr, p.args[0], p.args[1], p.args[2], p.args[3], 0, 0)
		fmt.Fprintf(&out, "%s %d\n", p.name, int(errno))
	}
	os.Stdout.WriteString(out.String())
	os.Exit(0)
}

// TestKernelTemplate loads the compiled default template into a child
// process and checks the kernel's decisions on the calls that would make
// a setuid or setgid file, on openat2 and on notification pipes: they are
// refused (EACCES for an explicit denial, EPERM for a call no line
// allows), while the same calls without the forbidden bits reach the
// kernel (and fail there, on the invalid descriptor or missing
// directory).
func TestKernelTemplate(t *testing.T) {
	if bpf.HostArch() != bpf.ArchAMD64 && bpf.HostArch() != bpf.ArchARM64 {
		t.Skipf("the probes are written for amd64 and arm64, not %s", runtime.GOARCH)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil || !bytes.Contains(status, []byte("\nSeccomp:")) {
		t.Skipf("the kernel does not report seccomp support in /proc/self/status (%v)", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKernelTemplateChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), kernelChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	got := map[string]unix.Errno{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "refused: "):
			t.Skipf("the kernel refuses seccomp filters: %s", strings.TrimPrefix(line, "refused: "))
		case strings.HasPrefix(line, "error: "):
			t.Fatal(line)
		}
		if f := strings.Fields(line); len(f) == 2 {
			if n, err := strconv.Atoi(f[1]); err == nil {
				got[f[0]] = unix.Errno(n)
			}
		}
	}
	want := map[string]unix.Errno{
		"fchmod-0755":           unix.EBADF,
		"fchmod-setuid":         unix.EACCES,
		"fchmod-setgid":         unix.EACCES,
		"fchmodat-setuid":       unix.EACCES,
		"openat-creat-0644":     unix.ENOENT,
		"openat-creat-setuid":   unix.EACCES,
		"openat-tmpfile-setgid": unix.EACCES,
		"mknodat-setuid":        unix.EACCES,
		"openat2":               unix.EPERM,
		"pipe2-notification":    unix.EACCES,
	}
	for _, p := range kernelProbes() {
		g, ok := got[p.name]
		if !ok {
			t.Errorf("%s: no result in\n%s", p.name, out)
			continue
		}
		if g != want[p.name] {
			t.Errorf("%s: errno %d (%v), want %d (%v)", p.name, int(g), g, int(want[p.name]), want[p.name])
		}
	}
}
