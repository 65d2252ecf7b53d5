// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

const daemonSnap = `name: tpl
version: "1"
base: core24
apps:
  a:
    command: a
    daemon: simple
`

const systemUserSnap = daemonSnap + `system-usernames:
  snap_daemon: shared
`

// compiledTemplate renders the snap's policy with the backend, compiled by
// the backend's BPF compiler for amd64 (with i386 as its compat
// architecture), and returns the source and the decoded .bin the backend
// wrote.
func compiledTemplate(t *testing.T, snapYAML string, opts seccomp.Options) (string, *bpf.Program) {
	t.Helper()
	files := casetest.RenderWith(t, nil, snapYAML, &seccomp.Backend{Options: opts, Compiler: seccomp.BPFCompiler{Arch: bpf.ArchAMD64}})
	src := files["var/lib/snapd/seccomp/bpf/snap.tpl.a.src"]
	bin := files["var/lib/snapd/seccomp/bpf/snap.tpl.a.bin"]
	require.NotEmpty(t, src)
	require.NotEmpty(t, bin)
	prog, err := bpf.Decode(bin, nil)
	require.NoError(t, err)
	return string(src), prog
}

// decision is one call and the action the filter must take on it.
type decision struct {
	what    string
	arch    bpf.Arch // ArchAMD64 unless set
	syscall string
	args    [6]uint64
	want    bpf.Action
}

func checkDecisions(t *testing.T, prog *bpf.Program, decisions []decision) {
	t.Helper()
	for _, d := range decisions {
		arch := d.arch
		if arch == bpf.ArchInvalid {
			arch = bpf.ArchAMD64
		}
		nr, ok := arch.SyscallNumber(d.syscall)
		require.True(t, ok, "%s has no %s", arch, d.syscall)
		res, err := prog.Run(bpf.Data{Nr: uint32(nr), Arch: arch.AuditArch(), Args: d.args})
		require.NoError(t, err)
		assert.Equal(t, d.want, res.Action, "%s (%s on %s)", d.what, d.syscall, arch)
	}
}

// The mode bits and flags the decisions use, as on amd64 and i386.
const (
	sISUID           = 0o4000
	sISGID           = 0o2000
	sIFREG           = 0o100000
	sIFCHR           = 0o20000
	oCREAT           = 0o100
	oWRONLY          = 0o1
	oTMPFILE         = 0o20200000
	oNotificationPip = 0o200 // O_NOTIFICATION_PIPE is O_EXCL
	atFDCWD          = 0xffffffffffffff9c
)

var (
	allow  = bpf.ActionAllow
	eperm  = bpf.ActionEPERM
	eacces = bpf.ActionEACCES
)

// TestTemplateDecisions runs decisions of the compiled default template in
// the BPF interpreter: what it must allow, and what it must refuse
// however the arguments are dressed up.
func TestTemplateDecisions(t *testing.T) {
	_, prog := compiledTemplate(t, daemonSnap, seccomp.Options{})
	checkDecisions(t, prog, []decision{
		{what: "read", syscall: "read", args: [6]uint64{0, 0, 10}, want: allow},
		{what: "TIOCGWINSZ", syscall: "ioctl", args: [6]uint64{1, 0x5413}, want: allow},
		{what: "TIOCSTI", syscall: "ioctl", args: [6]uint64{1, 0x5412}, want: eacces},
		{what: "TIOCSTI with high bits set (CVE-2019-7303)", syscall: "ioctl", args: [6]uint64{1, 0x1_0000_5412}, want: eacces},
		{what: "TIOCLINUX", syscall: "ioctl", args: [6]uint64{1, 0x541c}, want: eacces},
		{what: "chown to root", syscall: "chown", args: [6]uint64{0, 0, 0}, want: allow},
		{what: "chown to root, group unchanged", syscall: "chown", args: [6]uint64{0, 0, 0xffffffff}, want: allow},
		{what: "chgrp to root", syscall: "fchownat", args: [6]uint64{atFDCWD, 0, 0xffffffff, 0}, want: allow},
		{what: "chown to another user", syscall: "chown", args: [6]uint64{0, 1000, 1000}, want: eperm},
		{what: "mknod of a FIFO", syscall: "mknod", args: [6]uint64{0, 0o10644}, want: allow},
		{what: "mknod of a character device", syscall: "mknod", args: [6]uint64{0, sIFCHR | 0o644}, want: eperm},
		{what: "bind (needs network-bind)", syscall: "bind", args: [6]uint64{3}, want: eperm},
		{what: "unshare (needs an interface)", syscall: "unshare", args: [6]uint64{0x40000000}, want: eperm},
		{what: "ptrace", syscall: "ptrace", args: [6]uint64{16}, want: eperm},
		{what: "init_module", syscall: "init_module", want: eperm},
		{what: "sched_setaffinity of self", syscall: "sched_setaffinity", args: [6]uint64{0}, want: allow},
		{what: "sched_setaffinity of another", syscall: "sched_setaffinity", args: [6]uint64{1234}, want: eperm},
		{what: "AF_NETLINK socket (needs an interface)", syscall: "socket", args: [6]uint64{16, 3, 0}, want: eperm},
		{what: "AF_INET socket", syscall: "socket", args: [6]uint64{2, 1, 0}, want: allow},
		{what: "AF_XDP socket", syscall: "socket", args: [6]uint64{44, 3, 0}, want: allow},
		{what: "AF_QIPCRTR socket", syscall: "socket", args: [6]uint64{42, 2, 0}, want: allow},
		{what: "chroot", syscall: "chroot", want: allow},
		{what: "pidfd_open", syscall: "pidfd_open", args: [6]uint64{1}, want: allow},
		{what: "landlock_restrict_self", syscall: "landlock_restrict_self", args: [6]uint64{3}, want: allow},
		{what: "memfd_secret", syscall: "memfd_secret", want: allow},
		{what: "syslog", syscall: "syslog", args: [6]uint64{3}, want: allow},
		{what: "kcmp of files", syscall: "kcmp", args: [6]uint64{1, 2, 0}, want: allow},
		{what: "kcmp of memory (KCMP_VM)", syscall: "kcmp", args: [6]uint64{1, 2, 1}, want: eperm},
		{what: "copy_file_range with no flags", syscall: "copy_file_range", args: [6]uint64{3, 0, 4, 0, 100, 0}, want: allow},
		{what: "copy_file_range with flags", syscall: "copy_file_range", args: [6]uint64{3, 0, 4, 0, 100, 1}, want: eperm},
		{what: "preadv2 (snapd allows preadv only)", syscall: "preadv2", args: [6]uint64{3}, want: eperm},
		{what: "i386 clock_gettime64", arch: bpf.ArchI386, syscall: "clock_gettime64", want: allow},
		{what: "i386 ppoll_time64", arch: bpf.ArchI386, syscall: "ppoll_time64", want: allow},
		{what: "i386 timerfd_settime64", arch: bpf.ArchI386, syscall: "timerfd_settime64", want: allow},
	})
}

// TestTemplateRefusesSetIDBits: a root daemon must not make a setuid or
// setgid file, by any call that takes a mode; the same calls without
// those bits are allowed.
func TestTemplateRefusesSetIDBits(t *testing.T) {
	_, prog := compiledTemplate(t, daemonSnap, seccomp.Options{})
	var ds []decision
	for _, bit := range []struct {
		name string
		mode uint64
	}{{"setuid", sISUID}, {"setgid", sISGID}} {
		m := bit.mode | 0o755
		ds = append(ds,
			decision{what: bit.name + " chmod", syscall: "chmod", args: [6]uint64{0, m}, want: eacces},
			decision{what: bit.name + " fchmod", syscall: "fchmod", args: [6]uint64{3, m}, want: eacces},
			decision{what: bit.name + " fchmodat", syscall: "fchmodat", args: [6]uint64{atFDCWD, 0, m}, want: eacces},
			decision{what: bit.name + " fchmodat2", syscall: "fchmodat2", args: [6]uint64{atFDCWD, 0, m, 0}, want: eacces},
			decision{what: bit.name + " creat", syscall: "creat", args: [6]uint64{0, m}, want: eacces},
			decision{what: bit.name + " mknod", syscall: "mknod", args: [6]uint64{0, sIFREG | m}, want: eacces},
			decision{what: bit.name + " mknodat", syscall: "mknodat", args: [6]uint64{atFDCWD, 0, sIFREG | m}, want: eacces},
			decision{what: bit.name + " open O_CREAT", syscall: "open", args: [6]uint64{0, oCREAT | oWRONLY, m}, want: eacces},
			decision{what: bit.name + " openat O_CREAT", syscall: "openat", args: [6]uint64{atFDCWD, 0, oCREAT | oWRONLY, m}, want: eacces},
			decision{what: bit.name + " open O_TMPFILE", syscall: "open", args: [6]uint64{0, oTMPFILE | oWRONLY, m}, want: eacces},
			decision{what: bit.name + " openat O_TMPFILE", syscall: "openat", args: [6]uint64{atFDCWD, 0, oTMPFILE | oWRONLY, m}, want: eacces},
			decision{what: bit.name + " i386 fchmod", arch: bpf.ArchI386, syscall: "fchmod", args: [6]uint64{3, m}, want: eacces},
			decision{what: bit.name + " i386 openat O_CREAT", arch: bpf.ArchI386, syscall: "openat", args: [6]uint64{atFDCWD & 0xffffffff, 0, oCREAT | oWRONLY, m}, want: eacces},
		)
	}
	ds = append(ds,
		decision{what: "chmod 0755", syscall: "chmod", args: [6]uint64{0, 0o755}, want: allow},
		decision{what: "fchmodat2 0755", syscall: "fchmodat2", args: [6]uint64{atFDCWD, 0, 0o755, 0}, want: allow},
		decision{what: "creat 0644", syscall: "creat", args: [6]uint64{0, 0o644}, want: allow},
		decision{what: "openat O_CREAT 0644", syscall: "openat", args: [6]uint64{atFDCWD, 0, oCREAT | oWRONLY, 0o644}, want: allow},
		// Without O_CREAT or O_TMPFILE the kernel ignores the mode.
		decision{what: "openat without O_CREAT, setuid mode ignored", syscall: "openat", args: [6]uint64{atFDCWD, 0, 0, sISUID | 0o755}, want: allow},
	)
	checkDecisions(t, prog, ds)
}

// TestTemplateRefusesOpenat2AndNotificationPipes: openat2's mode is out of
// a filter's reach, so it is refused whole; pipes may not be notification
// pipes.
func TestTemplateRefusesOpenat2AndNotificationPipes(t *testing.T) {
	_, prog := compiledTemplate(t, daemonSnap, seccomp.Options{})
	checkDecisions(t, prog, []decision{
		{what: "openat2", syscall: "openat2", args: [6]uint64{atFDCWD, 0, 0, 24}, want: eperm},
		{what: "i386 openat2", arch: bpf.ArchI386, syscall: "openat2", args: [6]uint64{0xffffff9c, 0, 0, 24}, want: eperm},
		{what: "pipe2 O_NOTIFICATION_PIPE", syscall: "pipe2", args: [6]uint64{0, oNotificationPip}, want: eacces},
		{what: "pipe2 O_CLOEXEC", syscall: "pipe2", args: [6]uint64{0, 0o2000000}, want: allow},
		{what: "i386 pipe2 O_NOTIFICATION_PIPE", arch: bpf.ArchI386, syscall: "pipe2", args: [6]uint64{0, oNotificationPip}, want: eacces},
	})
}

// TestPrivDrop: without system users a snap may change its ids (AppArmor
// holds the capabilities) but not its supplementary groups; with them, it
// may change ids only to its users and to root, and clear its groups.
func TestPrivDrop(t *testing.T) {
	const other = 1000
	_, bare := compiledTemplate(t, daemonSnap, seccomp.Options{})
	checkDecisions(t, bare, []decision{
		{what: "setuid to anyone", syscall: "setuid", args: [6]uint64{other}, want: allow},
		{what: "setresgid to anyone", syscall: "setresgid", args: [6]uint64{other, other, other}, want: allow},
		{what: "setgroups(0, NULL)", syscall: "setgroups", args: [6]uint64{0, 0}, want: eperm},
	})

	src, users := compiledTemplate(t, systemUserSnap, seccomp.Options{})
	assert.Contains(t, src, "\nsetuid u:snap_daemon\n")
	assert.NotContains(t, src, "\nsetuid\n")
	checkDecisions(t, users, []decision{
		{what: "setuid to root", syscall: "setuid", args: [6]uint64{0}, want: allow},
		{what: "setuid to another user", syscall: "setuid", args: [6]uint64{other}, want: eperm},
		{what: "setgroups(0, NULL)", syscall: "setgroups", args: [6]uint64{0, 0}, want: allow},
		{what: "setgroups(0, list)", syscall: "setgroups", args: [6]uint64{0, 0x7fff0000}, want: allow},
		{what: "setgroups(1, list)", syscall: "setgroups", args: [6]uint64{1, 0x7fff0000}, want: eperm},
		{what: "chown to another user", syscall: "chown", args: [6]uint64{0, other, other}, want: eperm},
	})
}

// TestHostAdditions: bind where AppArmor does not fully confine, and
// socketcall for 32-bit x86 kernels whose programs need it.
func TestHostAdditions(t *testing.T) {
	src, prog := compiledTemplate(t, daemonSnap, seccomp.Options{AppArmorIncomplete: true})
	assert.True(t, strings.HasSuffix(src, "\nbind\n"), "the source ends with bind")
	checkDecisions(t, prog, []decision{{what: "bind", syscall: "bind", args: [6]uint64{3}, want: allow}})

	for _, tc := range []struct {
		what string
		snap string
		opts seccomp.Options
		want bool
	}{
		{"amd64", daemonSnap, seccomp.Options{Arch: bpf.ArchAMD64, KernelVersion: "4.2.0"}, false},
		{"i386, core24, 6.8, ubuntu 24.04", daemonSnap, seccomp.Options{Arch: bpf.ArchI386, KernelVersion: "6.8.0-31-generic", OSID: "ubuntu", OSVersionID: "24.04"}, false},
		{"i386, kernel 4.2", daemonSnap, seccomp.Options{Arch: bpf.ArchI386, KernelVersion: "4.2.0-42-generic"}, true},
		{"i386, kernel 4.3", daemonSnap, seccomp.Options{Arch: bpf.ArchI386, KernelVersion: "4.3"}, false},
		{"i386, ubuntu 14.04", daemonSnap, seccomp.Options{Arch: bpf.ArchI386, OSID: "ubuntu", OSVersionID: "14.04"}, true},
		{"s390x, base core16", strings.Replace(daemonSnap, "core24", "core16", 1), seccomp.Options{Arch: bpf.ArchS390X}, true},
		{"i386, no base", strings.Replace(daemonSnap, "base: core24\n", "", 1), seccomp.Options{Arch: bpf.ArchI386}, true},
		{"arm64, no base", strings.Replace(daemonSnap, "base: core24\n", "", 1), seccomp.Options{Arch: bpf.ArchARM64}, false},
	} {
		files := casetest.RenderWith(t, nil, tc.snap, &seccomp.Backend{Options: tc.opts})
		src := string(files["var/lib/snapd/seccomp/bpf/snap.tpl.a.src"])
		assert.Equal(t, tc.want, strings.HasSuffix(src, "\nsocketcall\n"), "%s: socketcall", tc.what)
	}
}

// TestClassicAndDevmode: classic confinement is @unrestricted and devmode
// @complain, both over the whole policy, as snapd writes them; jail mode
// enforces.
func TestClassicAndDevmode(t *testing.T) {
	info, err := snap.Parse([]byte(daemonSnap), snap.Options{})
	require.NoError(t, err)
	for _, tc := range []struct {
		conf interfaces.ConfinementOptions
		want string
	}{
		{interfaces.ConfinementOptions{Classic: true}, "@unrestricted"},
		{interfaces.ConfinementOptions{DevMode: true}, "@complain"},
		{interfaces.ConfinementOptions{DevMode: true, JailMode: true}, ""},
	} {
		spec := seccomp.NewSpecification(info, tc.conf)
		sources, err := seccomp.RenderSources(spec, seccomp.Options{})
		require.NoError(t, err)
		src := string(sources["snap.tpl.a"])
		for _, d := range []string{"@unrestricted", "@complain"} {
			assert.Equal(t, d == tc.want, strings.Contains(src, "\n"+d+"\n"), "%+v: %s", tc.conf, d)
		}
		assert.Contains(t, src, "\n~openat2\n", "%+v: the template follows", tc.conf)
	}
}

// TestTemplateCompilesOnEveryArch compiles the template with everything
// the options and system users add, strictly, for every architecture: the
// compiler's tables know every name and constant the template uses.
func TestTemplateCompilesOnEveryArch(t *testing.T) {
	yaml := strings.Replace(systemUserSnap, "base: core24\n", "", 1)
	for _, arch := range bpf.Arches() {
		opts := seccomp.Options{Arch: arch, AppArmorIncomplete: true}
		files := casetest.RenderWith(t, nil, yaml, &seccomp.Backend{Options: opts})
		src := files["var/lib/snapd/seccomp/bpf/snap.tpl.a.src"]
		if arch == bpf.ArchI386 || arch == bpf.ArchS390X {
			assert.Contains(t, string(src), "\nsocketcall\n", arch)
		}
		_, err := bpf.CompileSource("snap.tpl.a", src, bpf.Options{Arch: arch, Strict: true})
		assert.NoError(t, err, arch)
	}
}
