// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// ociKernelEnv makes the test binary the child of TestOCIKernel: it loads
// the exported profile, as runc and libseccomp build it, into the kernel
// and prints what ioctl returns. A filter cannot be removed, hence the
// separate process.
const ociKernelEnv = "PLUGPOLICY_OCI_KERNEL_CHILD"

// ioctlProbes are the ioctl commands the child tries on fd -1: a denied
// one answers EACCES (or EPERM), an allowed one reaches the kernel and
// answers EBADF.
var ioctlProbes = []struct {
	name string
	cmd  uint64
}{
	{"TIOCSTI", unix.TIOCSTI},
	{"TIOCLINUX", unix.TIOCLINUX},
	{"TIOCSTI|1<<32", unix.TIOCSTI | 1<<32}, // the template compares the low 32 bits
	{"TIOCGWINSZ", unix.TIOCGWINSZ},
}

// TestOCIKernel loads the profile ExportOCI writes for the template
// fixture into the real kernel, as runc would (LoadOCI: its ENOSYS stub and
// libseccomp's filter), and checks that TIOCSTI and TIOCLINUX are denied
// with EACCES and other ioctls pass; and that the old export form lets
// TIOCSTI through in the kernel too.
func TestOCIKernel(t *testing.T) {
	requireAMD64(t)
	for _, tc := range []struct {
		mode string
		want map[string]unix.Errno
	}{
		{"export", map[string]unix.Errno{"TIOCSTI": unix.EACCES, "TIOCLINUX": unix.EACCES, "TIOCSTI|1<<32": unix.EACCES, "TIOCGWINSZ": unix.EBADF}},
		{"legacy", map[string]unix.Errno{"TIOCSTI": unix.EBADF, "TIOCLINUX": unix.EBADF, "TIOCSTI|1<<32": unix.EBADF, "TIOCGWINSZ": unix.EBADF}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestOCIKernelChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), ociKernelEnv+"="+tc.mode)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			got := map[string]unix.Errno{}
			for _, line := range strings.Split(string(out), "\n") {
				var name string
				var errno int
				if _, err := fmt.Sscanf(line, "ioctl %s %d", &name, &errno); err == nil {
					got[name] = unix.Errno(errno)
				} else if strings.HasPrefix(line, "error:") {
					t.Fatalf("child: %s", line)
				}
			}
			for name, want := range tc.want {
				if got[name] != want {
					t.Errorf("%s profile: ioctl(-1, %s) = %v, want %v", tc.mode, name, got[name], want)
				}
			}
		})
	}
}

// TestOCIKernelChild is the child's side; it is skipped in a normal run.
func TestOCIKernelChild(t *testing.T) {
	mode := os.Getenv(ociKernelEnv)
	if mode == "" {
		t.Skip("runs only as the child of TestOCIKernel")
	}
	fail := func(err error) {
		fmt.Printf("error: %v\n", err)
		os.Exit(0)
	}
	p := loadFixture(t)
	var prof *specs.LinuxSeccomp
	if mode == "legacy" {
		prof = legacyExportOCI(t, p, amd64)
	} else {
		var err error
		if prof, err = bpf.ExportOCI(p, amd64); err != nil {
			fail(err)
		}
	}
	l, err := LoadOCI(prof)
	if err != nil {
		fail(err)
	}
	if err := l.Program.Load(); err != nil {
		fail(err)
	}
	for _, c := range ioctlProbes {
		_, _, errno := unix.Syscall(unix.SYS_IOCTL, ^uintptr(0), uintptr(c.cmd), 0)
		fmt.Printf("ioctl %s %d\n", c.name, int(errno))
	}
	os.Exit(0)
}
