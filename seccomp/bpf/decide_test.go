// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"math/bits"
	"slices"
	"testing"
)

// call names a system call on an architecture with arguments.
type call struct {
	arch Arch
	name string
	args [6]uint64
}

func (c call) data(t *testing.T) Data {
	t.Helper()
	nr, ok := c.arch.SyscallNumber(c.name)
	if !ok {
		t.Fatalf("no %s on %s", c.name, c.arch)
	}
	return Data{Nr: nr, Arch: c.arch.AuditArch(), Args: c.args}
}

// TestDecisions pins snapd's meaning on examples, for Policy.Decide and for
// the compiled filter run in the interpreter.
func TestDecisions(t *testing.T) {
	amd := func(name string, args ...uint64) call {
		c := call{arch: ArchAMD64, name: name}
		copy(c.args[:], args)
		return c
	}
	const m1 = math.MaxUint64
	for _, tc := range []struct {
		policy string
		call   call
		want   Action
	}{
		{"read", amd("read"), ActionAllow},
		{"read", amd("write"), ActionEPERM},
		{"read >=2", amd("read", 2), ActionAllow},
		{"read >=2", amd("read", 1), ActionEPERM},
		{"read >=2", amd("read", 1<<32), ActionAllow},
		{"read <=2", amd("read", 1<<32|1), ActionEPERM},
		{"read !2", amd("read", 2), ActionEPERM},
		{"read !2", amd("read", 2|1<<32), ActionAllow},
		{"read >2", amd("read", 3), ActionAllow},
		{"read <2", amd("read", 2), ActionEPERM},
		{"read |1", amd("read", 3), ActionAllow},
		{"read |1", amd("read", 2), ActionEPERM},
		{"read 4294967296", amd("read", 1<<32), ActionAllow},
		{"read 4294967296", amd("read", 0), ActionEPERM},
		{"read 2", amd("read", 2|1<<32), ActionEPERM},
		// Explicit denials: EACCES when an allow line matches too.
		{"ioctl\n~ioctl - TIOCSTI", amd("ioctl", 0, 0x5412), ActionEACCES},
		{"ioctl\n~ioctl - TIOCSTI", amd("ioctl", 0, 0x5413), ActionAllow},
		{"ioctl\n~ioctl - TIOCSTI", amd("ioctl", 0, 0x5412|1<<32), ActionAllow},
		{"ioctl\n~ioctl - 4294967295|TIOCSTI", amd("ioctl", 0, 0x5412|1<<32), ActionEACCES},
		{"~ioctl - TIOCSTI", amd("ioctl", 0, 0x5412), ActionEPERM},
		{"~ioctl - TIOCSTI", amd("ioctl", 0, 1), ActionEPERM},
		{"setpriority PRIO_PROCESS 0 >=5\n~setpriority PRIO_PROCESS 0 >=10", amd("setpriority", 0, 0, 2), ActionEPERM},
		{"setpriority PRIO_PROCESS 0 >=5\n~setpriority PRIO_PROCESS 0 >=10", amd("setpriority", 0, 0, 5), ActionAllow},
		{"setpriority PRIO_PROCESS 0 >=5\n~setpriority PRIO_PROCESS 0 >=10", amd("setpriority", 0, 0, 10), ActionEACCES},
		// Lines OR-ed, filters AND-ed.
		{"socket AF_INET SOCK_STREAM\nsocket AF_UNIX", amd("socket", 2, 1), ActionAllow},
		{"socket AF_INET SOCK_STREAM\nsocket AF_UNIX", amd("socket", 2, 2), ActionEPERM},
		{"socket AF_INET SOCK_STREAM\nsocket AF_UNIX", amd("socket", 1, 2), ActionAllow},
		{"setns - CLONE_NEWNET", amd("setns", 3, 0x40000000), ActionAllow},
		{"setns - CLONE_NEWNET", amd("setns", 3, 0x04000000), ActionEPERM},
		// 32-bit ids: the upper half of the argument is ignored.
		{"chown - u:root -1", amd("chown", 0, 0, 0xffffffff), ActionAllow},
		{"chown - u:root -1", amd("chown", 0, 1<<32, m1), ActionAllow},
		{"chown - u:root -1", amd("chown", 0, 99, m1), ActionEPERM},
		{"setuid u:snap_daemon", amd("setuid", 584788), ActionAllow},
		{"setgid g:snap_microk8s", amd("setgid", 584789|0xabcd<<32), ActionAllow},
		// A denial of a call no allow line allows: both filters return
		// ERRNO, and the allow filter, loaded last, gives its EPERM.
		{"~ioctl - TIOCSTI\nread", amd("ioctl", 0, 0x5412), ActionEPERM},
		// Directives. Under @complain the deny filter's default (LOG)
		// takes precedence over the allow filter's ALLOW, and its EACCES
		// over everything.
		{"@complain\nread", amd("write"), ActionLog},
		{"@complain\nioctl\n~ioctl - TIOCSTI", amd("ioctl", 0, 0x5412), ActionEACCES},
		{"@complain\n~ioctl - TIOCSTI", amd("ioctl", 0, 0x5412), ActionEACCES},
		{"@complain\nioctl\n~ioctl - TIOCSTI", amd("ioctl", 0, 0x5413), ActionLog},
		{"@complain\nread", amd("read"), ActionLog},
		{"@unrestricted\nread", amd("write"), ActionAllow},
		// Compat architectures and names missing on some.
		{"socketcall", call{arch: ArchI386, name: "socketcall"}, ActionAllow},
		{"socketcall", call{arch: ArchAMD64, name: "socket"}, ActionEPERM},
		{"read", call{arch: ArchX32, name: "read"}, ActionKillThread},
		{"read", call{arch: ArchARM, name: "read"}, ActionKillThread},
	} {
		checkDecision(t, tc.policy, tc.call, tc.want)
	}
}

// checkDecision checks Decide and the compiled filter on one call.
func checkDecision(t *testing.T, policy string, c call, want Action) {
	t.Helper()
	p, err := Parse([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Arch: ArchAMD64}
	d := c.data(t)
	got, err := p.Decide(opts, d)
	if err != nil || got != want {
		t.Errorf("%q: Decide(%s %#x) = %s, %v; want %s", policy, c.name, c.args, got, err, want)
	}
	prog, _, err := Compile(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	r, err := prog.Run(d)
	if err != nil || r.Action != want {
		t.Errorf("%q: filter(%s %#x) = %s, %v; want %s", policy, c.name, c.args, r.Action, err, want)
	}
}

// TestDecisionsOnI386 pins how libseccomp, and so snapd, reads lines on
// i386: the low 32 bits, and socketcall and ipc for the calls they carry.
func TestDecisionsOnI386(t *testing.T) {
	for _, tc := range []struct {
		policy string
		call   call
		want   Action
	}{
		// i386 reads the low 32 bits only (and its kernel passes no more).
		{"read 4294967296", call{arch: ArchI386, name: "read"}, ActionAllow},
		{"read <=19", call{arch: ArchI386, name: "read", args: [6]uint64{1<<32 | 19}}, ActionAllow},
		{"ioctl\n~ioctl - TIOCSTI", call{arch: ArchI386, name: "ioctl", args: [6]uint64{0, 0x5412 | 1<<32}}, ActionEACCES},
		// i386's socketcall and ipc carry the socket and IPC calls: the
		// selector replaces the first filter, the others stay.
		{"socket AF_NETLINK - NETLINK_AUDIT", call{arch: ArchI386, name: "socketcall", args: [6]uint64{1, 0, 9}}, ActionAllow},
		{"socket AF_NETLINK - NETLINK_AUDIT", call{arch: ArchI386, name: "socketcall", args: [6]uint64{1, 0, 0}}, ActionEPERM},
		{"socket AF_NETLINK - NETLINK_AUDIT", call{arch: ArchI386, name: "socketcall", args: [6]uint64{2, 0, 9}}, ActionEPERM},
		{"socket AF_NETLINK - NETLINK_AUDIT", call{arch: ArchI386, name: "socket", args: [6]uint64{16, 0, 9}}, ActionAllow},
		{"accept\nshmget\n~shmget - 0", call{arch: ArchI386, name: "socketcall", args: [6]uint64{5}}, ActionAllow},
		{"accept\nshmget\n~shmget - 0", call{arch: ArchI386, name: "ipc", args: [6]uint64{23, 1}}, ActionAllow},
		{"accept\nshmget\n~shmget - 0", call{arch: ArchI386, name: "ipc", args: [6]uint64{23, 0}}, ActionEACCES},
		{"accept\nshmget\n~shmget - 0", call{arch: ArchI386, name: "shmget", args: [6]uint64{0, 0}}, ActionEACCES},
		{"accept\nshmget\n~shmget - 0", call{arch: ArchI386, name: "ipc", args: [6]uint64{22}}, ActionEPERM},
		{"accept", call{arch: ArchAMD64, name: "accept"}, ActionAllow},
	} {
		checkDecision(t, tc.policy, tc.call, tc.want)
	}
}

func TestOtherArchitectures(t *testing.T) {
	p, err := Parse([]byte("read\n"))
	if err != nil {
		t.Fatal(err)
	}
	x32read := Data{Nr: 0x40000000, Arch: ArchAMD64.AuditArch()}
	skipped := Data{Nr: math.MaxUint32, Arch: ArchAMD64.AuditArch()}
	arm := Data{Nr: 3, Arch: ArchARM.AuditArch()}
	for _, tc := range []struct {
		opts Options
		d    Data
		want Action
	}{
		{Options{Arch: ArchAMD64}, x32read, ActionKillThread},
		{Options{Arch: ArchAMD64, X32: true}, x32read, ActionAllow},
		{Options{Arch: ArchAMD64, X32: true, NativeOnly: true}, x32read, ActionKillThread},
		{Options{Arch: ArchAMD64, NativeOnly: true, OtherArch: OtherArchKillProcess}, x32read, ActionKillProcess},
		{Options{Arch: ArchAMD64, NativeOnly: true, OtherArch: OtherArchDeny}, x32read, ActionEPERM},
		{Options{Arch: ArchAMD64, NativeOnly: true}, Data{Nr: 0, Arch: ArchAMD64.AuditArch()}, ActionAllow},
		// libseccomp's x32 guard lets number -1 through to the default.
		{Options{Arch: ArchAMD64}, skipped, ActionEPERM},
		{Options{Arch: ArchAMD64, NativeOnly: true, OtherArch: OtherArchKillProcess}, skipped, ActionEPERM},
		{Options{Arch: ArchAMD64, X32: true}, skipped, ActionEPERM},
		{Options{Arch: ArchX32}, skipped, ActionEPERM},
		{Options{Arch: ArchI386}, Data{Nr: math.MaxUint32, Arch: ArchAMD64.AuditArch()}, ActionKillThread},
		{Options{Arch: ArchX32}, Data{Nr: 0, Arch: ArchAMD64.AuditArch()}, ActionKillThread},
		{Options{Arch: ArchX32}, x32read, ActionAllow},
		{Options{Arch: ArchARM64}, arm, ActionAllow},
		{Options{Arch: ArchARM64, NativeOnly: true, OtherArch: OtherArchDeny}, arm, ActionEPERM},
		{Options{Arch: ArchS390X}, Data{Nr: 3, Arch: ArchS390X.AuditArch()}, ActionAllow},
	} {
		prog, _, err := Compile(p, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		r, err := prog.Run(tc.d)
		if err != nil || r.Action != tc.want {
			t.Errorf("%+v %+v: %s, %v; want %s", tc.opts, tc.d, r.Action, err, tc.want)
		}
		if got, err := p.Decide(tc.opts, tc.d); err != nil || got != tc.want {
			t.Errorf("%+v %+v: Decide: %s, %v; want %s", tc.opts, tc.d, got, err, tc.want)
		}
	}
	if _, _, err := Compile(p, Options{Arch: ArchAMD64, OtherArch: 3}); err == nil || err.Error() != "cannot compile seccomp policy: invalid other-architecture action 3" {
		t.Errorf("Compile with other-architecture action 3: %v", err)
	}
	if _, _, err := Compile(p, Options{}); err == nil || err.Error() != `cannot compile seccomp policy: invalid architecture "Arch(0)": expected one of the supported architectures` {
		t.Errorf("Compile without an architecture: %v", err)
	}
	if _, err := ParseArch("mips"); err == nil || err.Error() != `invalid architecture "mips": expected one of amd64, i386, x32, arm64, arm, ppc64le, s390x, riscv64` {
		t.Errorf("ParseArch(mips): %v", err)
	}
	for name, want := range map[string]Arch{"x86_64": ArchAMD64, "386": ArchI386, "armhf": ArchARM, "ppc64el": ArchPPC64LE, "aarch64": ArchARM64} {
		if a, err := ParseArch(name); err != nil || a != want {
			t.Errorf("ParseArch(%s) = %s, %v", name, a, err)
		}
	}
}

// TestCheapDecisions checks the shape of the dispatch on the template
// fixture: the worst decision within ceil(log2(n+1))+10 instructions, and
// read, write, futex and epoll_pwait among the cheapest (no more than the
// median), as the benchmarks report in detail.
func TestCheapDecisions(t *testing.T) {
	checkCheapDecisions(t, loadFixture(t))
}

// checkCheapDecisions checks TestCheapDecisions' bounds on a policy.
func checkCheapDecisions(t *testing.T, p *Policy) {
	t.Helper()
	prog, stats, err := Compile(p, Options{Arch: ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	worst, mean := decisionCosts(t, prog, p)
	if bound := bits.Len(uint(stats.AllowedSyscalls)) + 10; worst > bound { // ceil(log2(n+1))+10
		t.Errorf("worst decision takes %d instructions, more than ceil(log2(%d+1))+10 = %d", worst, stats.AllowedSyscalls, bound)
	}
	t.Logf("%d instructions, n %d, worst decision %d, mean %.2f", stats.Instructions, stats.AllowedSyscalls, worst, mean)
	if mean >= 20 {
		t.Errorf("mean decision takes %.1f instructions", mean)
	}
	var costs []int
	for _, name := range ArchAMD64.SyscallNames() {
		nr, _ := ArchAMD64.SyscallNumber(name)
		r, err := prog.Run(Data{Nr: nr, Arch: ArchAMD64.AuditArch()})
		if err != nil {
			t.Fatal(err)
		}
		costs = append(costs, r.Executed)
	}
	slices.Sort(costs)
	median := costs[len(costs)/2]
	for _, hot := range hotSyscalls {
		nr, _ := ArchAMD64.SyscallNumber(hot)
		r, _ := prog.Run(Data{Nr: nr, Arch: ArchAMD64.AuditArch()})
		if r.Executed > median {
			t.Errorf("%s takes %d instructions, more than the median %d", hot, r.Executed, median)
		}
	}
}
