// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// templatePolicy compiles the default template for amd64.
func templatePolicy(t *testing.T) *bpf.Program {
	info, err := snap.Parse([]byte("name: tpl\nversion: \"1\"\napps:\n  a:\n    command: a\n"), snap.Options{})
	require.NoError(t, err)
	sources, err := seccomp.RenderSources(seccomp.NewSpecification(info, interfaces.ConfinementOptions{}))
	require.NoError(t, err)
	p, err := bpf.ParseWithOptions(sources["snap.tpl.a"], bpf.ParseOptions{Strict: true})
	require.NoError(t, err)
	prog, _, err := bpf.Compile(p, bpf.Options{Arch: bpf.ArchAMD64})
	require.NoError(t, err)
	return prog
}

// TestTemplateDecisions runs a few decisions of the default template in
// the BPF interpreter: what it must allow, and what it must refuse
// however the arguments are dressed up.
func TestTemplateDecisions(t *testing.T) {
	prog := templatePolicy(t)
	const amd64 = 0xc000003e
	nr := func(name string) uint32 {
		n, ok := bpf.ArchAMD64.SyscallNumber(name)
		require.True(t, ok, name)
		return uint32(n)
	}
	allow := bpf.ActionAllow
	for _, tc := range []struct {
		what    string
		syscall string
		args    [6]uint64
		allowed bool
	}{
		{"read", "read", [6]uint64{0, 0, 10}, true},
		{"TIOCGWINSZ", "ioctl", [6]uint64{1, 0x5413}, true},
		{"TIOCSTI", "ioctl", [6]uint64{1, 0x5412}, false},
		{"TIOCSTI with high bits set (CVE-2019-7303)", "ioctl", [6]uint64{1, 0x1_0000_5412}, false},
		{"TIOCLINUX", "ioctl", [6]uint64{1, 0x541c}, false},
		{"chown to root", "chown", [6]uint64{0, 0, 0}, true},
		{"chown to another user", "chown", [6]uint64{0, 1000, 1000}, false},
		{"mknod of a FIFO", "mknod", [6]uint64{0, 0o10644}, true},
		{"mknod of a character device", "mknod", [6]uint64{0, 0o20644}, false},
		{"bind (needs network-bind)", "bind", [6]uint64{3}, false},
		{"unshare (needs an interface)", "unshare", [6]uint64{0x40000000}, false},
		{"ptrace", "ptrace", [6]uint64{16}, false},
		{"init_module", "init_module", [6]uint64{}, false},
		{"sched_setaffinity of self", "sched_setaffinity", [6]uint64{0}, true},
		{"sched_setaffinity of another", "sched_setaffinity", [6]uint64{1234}, false},
		{"AF_NETLINK socket (needs an interface)", "socket", [6]uint64{16, 3, 0}, false},
		{"AF_INET socket", "socket", [6]uint64{2, 1, 0}, true},
	} {
		res, err := prog.Run(bpf.Data{Nr: nr(tc.syscall), Arch: amd64, Args: tc.args})
		require.NoError(t, err)
		assert.Equal(t, tc.allowed, res.Action == allow, "%s: %v", tc.what, res.Action)
	}
}
