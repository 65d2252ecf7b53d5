// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// bpfTrickyPolicy is seccomp/bpf's tricky policy, with "close <3" and
// "close >18446744073709551614", which libseccomp 2.5.4 miscompiles as two
// rules (libseccompBugs): the export avoids that form.
var bpfTrickyPolicy = func() string {
	b, err := os.ReadFile("../../seccomp/bpf/testdata/tricky.src")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// denialsPolicy gives explicit denials every shape the export has to
// complement or intersect: ranges, != , 64-bit values, masked equalities,
// several arguments, 32-bit ids, an unconditional denial of a conditional
// allow, denials on i386's multiplexed calls and a denial no allow line
// overlaps.
const denialsPolicy = `
prctl <=10
prctl PR_SET_NAME 5
~prctl 4
~prctl >8 -
~prctl - >=4294967296
kill >=5 !9
~kill <100 9
~kill 7 >=15
~kill 4294967300
fcntl - |1024
~fcntl 3 F_SETFL
~fcntl - 3072|2048
lseek - - 1
~lseek
setresuid -1 u:_daemon_ 0
setresuid 0 0 0
~setresuid 0 - 0
setuid u:root
~setuid 0
bind
~bind 3
shmget - - |512
~shmget 7
getpriority
~getpriority 1 0
dup3 <100
~dup3 >200
`

func TestOCIAgreesWithDecide(t *testing.T) {
	requireAMD64(t)
	t.Logf("libseccomp %s, runc %s semantics", Version(), RuncVersion)
	policies := []struct {
		name string
		p    *bpf.Policy
	}{
		{"fixture", loadFixture(t)},
		{"tricky", parse(t, trickyPolicy)},
		{"bpf-tricky", parse(t, bpfTrickyPolicy)},
		{"denials", parse(t, denialsPolicy)},
		{"denials-complain", parse(t, "@complain\n"+denialsPolicy)},
		{"bpf-tricky-complain", parse(t, "@complain\n"+bpfTrickyPolicy)},
		{"tricky-unrestricted", parse(t, "@unrestricted\n"+trickyPolicy)},
	}
	for _, pc := range policies {
		for _, opts := range []bpf.Options{amd64, {Arch: bpf.ArchAMD64, NativeOnly: true, OtherArch: bpf.OtherArchDeny}} {
			name := pc.name
			if opts.NativeOnly {
				name += "/native-only"
			}
			t.Run(name, func(t *testing.T) { checkOCI(t, pc.p, opts) })
		}
	}
}

// TestOCITIOCSTI checks the explicit denials of the template in the loaded
// profile: TIOCSTI and TIOCLINUX (also with high bits set: the template
// compares the low 32 bits) get EACCES through every ABI, other ioctls are
// allowed; and the profile of the old export form lets them through.
func TestOCITIOCSTI(t *testing.T) {
	requireAMD64(t)
	p := loadFixture(t)
	tiocsti, _ := bpf.Constant("TIOCSTI", bpf.ArchAMD64)
	tioclinux, _ := bpf.Constant("TIOCLINUX", bpf.ArchAMD64)
	tcgets, _ := bpf.Constant("TCGETS", bpf.ArchAMD64)
	cases := []struct {
		cmd  uint64
		want bpf.Action
	}{
		{tiocsti, bpf.ActionEACCES}, {tioclinux, bpf.ActionEACCES},
		{tiocsti | 1<<32, bpf.ActionEACCES}, {tioclinux | 0xffffffff00000000, bpf.ActionEACCES},
		{tcgets, bpf.ActionAllow}, {tiocsti + 1, bpf.ActionAllow}, {0, bpf.ActionAllow},
	}
	run := func(prof *specs.LinuxSeccomp, a bpf.Arch, cmd uint64) bpf.Action {
		l, err := LoadOCI(prof)
		if err != nil {
			t.Fatal(err)
		}
		nr, _ := a.SyscallNumber("ioctl")
		r, err := l.Program.Run(bpf.Data{Nr: nr, Arch: a.AuditArch(), Args: [6]uint64{1, cmd}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Action
	}
	prof, err := bpf.ExportOCI(p, bpf.Options{Arch: bpf.ArchAMD64, X32: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []bpf.Arch{bpf.ArchAMD64, bpf.ArchI386, bpf.ArchX32} {
		for _, c := range cases {
			if got := run(prof, a, c.cmd); got != c.want {
				t.Errorf("%s ioctl(1, %#x): %s, want %s", a, c.cmd, got, c.want)
			}
		}
	}
	old := legacyExportOCI(t, p, amd64)
	if got := run(old, bpf.ArchAMD64, tiocsti); got != bpf.ActionAllow {
		t.Errorf("the old export form: amd64 ioctl(1, TIOCSTI): %s; libseccomp no longer lets the unconditional rule win?", got)
	} else {
		t.Logf("the old export form: amd64 ioctl(1, TIOCSTI) is allowed (libseccomp %s keeps the unconditional ioctl rule)", Version())
	}
}

// TestOCICompareFindsMistakes checks that the comparison is not blind: the
// old export form (allow lines and "~" lines as they are, relying on a
// precedence libseccomp does not give) is caught letting TIOCSTI through,
// and a profile less the template's EACCES rules is caught with
// differences no gap explains.
func TestOCICompareFindsMistakes(t *testing.T) {
	requireAMD64(t)
	p := loadFixture(t)
	prof, gaps, err := bpf.ExportOCIWithGaps(p, amd64)
	if err != nil {
		t.Fatal(err)
	}
	old := legacyExportOCI(t, p, amd64)
	l, err := LoadOCI(old)
	if err != nil {
		t.Fatal(err)
	}
	res := compareOCI(t, p, amd64, gaps, old, l)
	reportOCI(t, res, false)
	if !slices.ContainsFunc(res.permissive, func(s string) bool { return strings.Contains(s, fmt.Sprintf("ioctl (0x10) args [0x0 0x%x", 0x5412)) }) {
		t.Errorf("the old export form lets ioctl(TIOCSTI) through unnoticed (%d calls found more permissive)", len(res.permissive))
	}

	less := prof
	less.Syscalls = slices.DeleteFunc(less.Syscalls, func(e specs.LinuxSyscall) bool { return e.Action == specs.ActErrno })
	if l, err = LoadOCI(less); err != nil {
		t.Fatal(err)
	}
	res = compareOCI(t, p, amd64, gaps, less, l)
	if len(res.unexplained) == 0 || len(res.permissive) > 0 {
		t.Errorf("without its EACCES rules the profile passes: %d unexplained, %d more permissive", len(res.unexplained), len(res.permissive))
	} else {
		t.Logf("without its EACCES rules: %d unexplained, e.g. %s", len(res.unexplained), res.unexplained[0])
	}
}

// legacyExportOCI is the export form ExportOCI replaced: one ALLOW entry
// per allow line and one ERRNO(EACCES) entry per "~" line of an allowed
// call, relying on libseccomp preferring a call's conditional rules.
func legacyExportOCI(tb testing.TB, p *bpf.Policy, opts bpf.Options) *specs.LinuxSeccomp {
	tb.Helper()
	prof, err := bpf.ExportOCI(&bpf.Policy{Complain: p.Complain, Unrestricted: p.Unrestricted}, opts)
	if err != nil {
		tb.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, r := range p.Rules {
		allowed[r.Syscall] = allowed[r.Syscall] || !r.Deny
	}
	for _, r := range p.Rules {
		if !allowed[r.Syscall] || r.Deny && p.Complain {
			continue
		}
		e := specs.LinuxSyscall{Names: []string{r.Syscall}, Action: specs.ActAllow}
		if r.Deny {
			errno := uint(13)
			e.Action, e.ErrnoRet = specs.ActErrno, &errno
		}
		for _, c := range r.Conds {
			v, _ := c.Value.Value(opts.Arch)
			arg := specs.LinuxSeccompArg{Index: uint(c.Arg), Op: legacyOps[c.Op], Value: v}
			switch {
			case c.Low32 && c.Op == bpf.OpEqual:
				arg.Op, arg.Value, arg.ValueTwo = specs.OpMaskedEqual, math.MaxUint32, v&math.MaxUint32
			case c.Op == bpf.OpMaskedEqual:
				arg.Value, _ = c.Mask.Value(opts.Arch)
				arg.ValueTwo = v
			}
			e.Args = append(e.Args, arg)
		}
		prof.Syscalls = append(prof.Syscalls, e)
	}
	return prof
}

var legacyOps = map[bpf.Op]specs.LinuxSeccompOperator{
	bpf.OpEqual: specs.OpEqualTo, bpf.OpNotEqual: specs.OpNotEqual,
	bpf.OpGreater: specs.OpGreaterThan, bpf.OpGreaterEqual: specs.OpGreaterEqual,
	bpf.OpLess: specs.OpLessThan, bpf.OpLessEqual: specs.OpLessEqual,
	bpf.OpMaskedEqual: specs.OpMaskedEqual,
}
