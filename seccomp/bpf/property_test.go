// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"testing"
)

// trickyPolicy exercises every filter form, 64-bit constants, 32-bit ids,
// explicit denials with and without allow lines, and aliases.
const trickyPolicy = `
read >=2 <=1000
read 4294967296
write !1 >4294967295
openat - |64 -
openat - 4294967295|64
close <3
close >18446744073709551614
mmap - - - |34 -
~mmap - - - 34
~getppid
getpid
~getpid 0
socket AF_INET SOCK_STREAM
socket AF_INET SOCK_DGRAM
socket AF_NETLINK - NETLINK_ROUTE
socket AF_NETLINK - NETLINK_AUDIT
socket AF_UNIX
socket AF_INET6 - 6
chown - u:root -1
chown - -1 g:snap_daemon
setresuid -1 u:_daemon_ 0
setgroups 0 -
fchownat - - 4294967295 g:root
ioctl
~ioctl - TIOCSTI
~ioctl - 4294967295|TIOCSTI
prctl PR_SET_NAME
prctl PR_CAP_AMBIENT PR_CAP_AMBIENT_RAISE
prctl <=4
kill - 0
kill 0 9
sync_file_range2
arm_sync_file_range - - - 1
sched_yield
~sched_yield
setns - CLONE_NEWNET
setns - CLONE_NEWNS
pread
`

func TestProperty(t *testing.T) {
	policies := map[string]*Policy{"fixture": loadFixture(t)}
	for name, src := range map[string]string{
		"tricky":       trickyPolicy,
		"complain":     "@complain\n" + trickyPolicy,
		"unrestricted": "@unrestricted\n" + trickyPolicy,
	} {
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		policies[name] = p
	}
	for name, p := range policies {
		for _, a := range Arches() {
			for _, opts := range []Options{
				{Arch: a},
				{Arch: a, NativeOnly: true, OtherArch: OtherArchDeny},
			} {
				t.Run(name+"/"+a.String(), func(t *testing.T) {
					prog, _, err := Compile(p, opts)
					if err != nil {
						t.Fatal(err)
					}
					if err := prog.Validate(); err != nil {
						t.Fatal(err)
					}
					budget := 0
					if testing.Short() {
						budget = 8
					}
					checkAgainstDecide(t, p, prog, opts, budget)
				})
			}
		}
	}
}

// TestPropertyLongJumps compiles a policy with big argument blocks, so
// that jumps exceed 255 instructions and need trampolines, and checks it.
func TestPropertyLongJumps(t *testing.T) {
	src := "getpid\n"
	for i := range 80 {
		src += "ioctl - " + itoa(3*i+1) + " " + itoa(i) + "\n"
		src += "fcntl " + itoa(i) + " >" + itoa(i*7) + "\n"
	}
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Arch: ArchAMD64, NativeOnly: true}
	prog, stats, err := Compile(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if stats.LongJumps == 0 {
		t.Fatalf("expected the program of %d instructions to need long jumps", stats.Instructions)
	}
	checkAgainstDecide(t, p, prog, opts, 64)
}
