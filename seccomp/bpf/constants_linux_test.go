// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestConstantsMatchHost checks a sample of the generated constants
// against golang.org/x/sys/unix as compiled for the host.
func TestConstantsMatchHost(t *testing.T) {
	a := HostArch()
	if a == ArchInvalid {
		t.Skip("unsupported host architecture")
	}
	for name, want := range map[string]uint64{
		"AF_INET6": unix.AF_INET6, "AF_NETLINK": unix.AF_NETLINK, "SOCK_DGRAM": unix.SOCK_DGRAM,
		"CLONE_NEWNET": unix.CLONE_NEWNET, "CLONE_NEWUSER": unix.CLONE_NEWUSER,
		"TIOCSTI": unix.TIOCSTI, "TIOCLINUX": unix.TIOCLINUX, "O_DIRECTORY": unix.O_DIRECTORY,
		"O_CLOEXEC": unix.O_CLOEXEC, "PR_SET_NO_NEW_PRIVS": unix.PR_SET_NO_NEW_PRIVS,
		"NETLINK_ROUTE": unix.NETLINK_ROUTE, "S_IFIFO": unix.S_IFIFO, "PTRACE_ATTACH": unix.PTRACE_ATTACH,
		"MS_BIND": unix.MS_BIND, "MAP_ANONYMOUS": unix.MAP_ANONYMOUS,
	} {
		if got, ok := Constant(name, a); !ok || got != want {
			t.Errorf("%s on %s = %#x, %v; want %#x", name, a, got, ok, want)
		}
	}
}
