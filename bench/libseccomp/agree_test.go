// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"fmt"
	"maps"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// trickyPolicy exercises every filter form libseccomp can express (one
// comparison per argument), 64-bit constants, 32-bit ids, explicit
// denials with and without allow lines, i386's multiplexed calls and a
// name no kernel has. The forms libseccomp 2.5.4 miscompiles are left out
// (see libseccompBugs).
const trickyPolicy = `
read <=1000
read 4294967296
write !1 >4294967295
openat - |64 -
openat - 4294967295|64
close <3
dup >18446744073709551614
mmap - - - |34 -
~mmap - - - 34
~getppid
getpid
~getpid 0
socket AF_UNIX
connect
accept
~bind
shmget
chown - u:root -1
setresuid -1 u:_daemon_ 0
fchownat - - 4294967295 g:root
ioctl
~ioctl - TIOCSTI
~ioctl - 4294967295|TIOCSTI
prctl PR_SET_NAME
kill - 0
kill 0 9
setns - CLONE_NEWNET
pread
`

// The documented causes of disagreement between a libseccomp filter and
// Policy.Decide (README.md).
const (
	causeArg32    = "x32: libseccomp compares the low 32 bits of arguments and values only"
	causeUnknown  = "system call missing from libseccomp's table"
	causeShadow   = "one filter: a call's unconditional rule overrides its conditional ones"
	causeDenyOnly = "one filter: a \"~\" line of a call no allow line allows gives EACCES, not EPERM"
	causeOverlap  = "one filter: an allow and a \"~\" line with conditions both match; libseccomp's rule order picks"
)

// socketcalls and ipcCalls are the calls i386, ppc64le and s390x
// multiplex through socketcall and ipc, with the first argument that
// selects them (SYS_* in linux/net.h, the operations of linux/ipc.h).
var (
	socketcalls = map[string]uint64{
		"socket": 1, "bind": 2, "connect": 3, "listen": 4, "accept": 5,
		"getsockname": 6, "getpeername": 7, "socketpair": 8, "send": 9,
		"recv": 10, "sendto": 11, "recvfrom": 12, "shutdown": 13,
		"setsockopt": 14, "getsockopt": 15, "sendmsg": 16, "recvmsg": 17,
		"accept4": 18, "recvmmsg": 19, "sendmmsg": 20,
	}
	ipcCalls = map[string]uint64{
		"semop": 1, "semget": 2, "semctl": 3, "semtimedop": 4, "msgsnd": 11,
		"msgrcv": 12, "msgget": 13, "msgctl": 14, "shmat": 21, "shmdt": 22,
		"shmget": 23, "shmctl": 24,
	}
)

// model predicts what libseccomp makes of a policy: it applies the
// documented differences one at a time, so that a disagreement with
// Decide is explained only when every step is accounted for.
type model struct {
	p    *bpf.Policy
	opts bpf.Options
	cfg  Config
}

func newModel(p *bpf.Policy, opts bpf.Options, cfg Config) *model {
	return &model{p: p, opts: opts, cfg: cfg}
}

// abi returns the covered ABI a call is made through, as Decide sees it.
func abi(d bpf.Data) bpf.Arch {
	switch {
	case d.Arch == bpf.ArchI386.AuditArch():
		return bpf.ArchI386
	case d.Arch == bpf.ArchAMD64.AuditArch() && d.Nr&0x40000000 != 0:
		return bpf.ArchX32
	case d.Arch == bpf.ArchAMD64.AuditArch():
		return bpf.ArchAMD64
	}
	return bpf.ArchInvalid
}

// call is what the policy and the model say about one system call number
// of one ABI: steps[0] holds the policy's lines for it, and each further
// step the lines after one documented difference.
type call struct {
	m     *model
	a     bpf.Arch
	nr    uint32
	steps []step
	// sample holds the lines whose values the sampled arguments
	// exercise, and for a multiplexer the selectors' lines.
	sample []bpf.Rule
}

type step struct {
	cause string
	p     *bpf.Policy
}

func (m *model) call(a bpf.Arch, nr uint32) *call {
	if !m.covers(a) {
		a = bpf.ArchInvalid
	}
	c := &call{m: m, a: a, nr: nr}
	lines := func(keep func(bpf.Rule) bool, from []bpf.Rule) *bpf.Policy {
		p := &bpf.Policy{Complain: m.p.Complain, Unrestricted: m.p.Unrestricted}
		for _, r := range from {
			if keep(r) {
				p.Rules = append(p.Rules, r)
			}
		}
		return p
	}
	all := func(bpf.Rule) bool { return true }
	var own []bpf.Rule
	if a != bpf.ArchInvalid {
		own, c.sample = callRules(m.p, a, nr)
	}
	c.steps = append(c.steps, step{"", lines(all, own)})
	if a == bpf.ArchX32 {
		own = lowHalves(own)
		c.steps = append(c.steps, step{causeArg32, lines(all, own)})
	}
	c.steps = append(c.steps, step{causeUnknown, lines(func(r bpf.Rule) bool { return Resolvable(a, r.Syscall) }, own)})
	return c
}

// callRules returns the policy's lines that decide system call nr of ABI
// a (those of the calls a multiplexes through nr too), and the lines
// whose values the samples are to exercise: those, and for a multiplexer
// a line comparing the first argument with each selector.
func callRules(p *bpf.Policy, a bpf.Arch, nr uint32) (own, sample []bpf.Rule) {
	for _, r := range p.Rules {
		if n, ok := a.SyscallNumber(r.Syscall); ok && n == nr {
			own = append(own, r)
			sample = append(sample, r)
			continue
		}
		mux, sel, ok := multiplexer(a, r.Syscall)
		if n, _ := a.SyscallNumber(mux); ok && n == nr {
			own = append(own, r)
			sample = append(sample, r, selectorRule(sel))
		}
	}
	return own, sample
}

// multiplexer returns the call that multiplexes name on a (i386, ppc64le,
// s390x) and the selector of name, as libseccomp adds them.
func multiplexer(a bpf.Arch, name string) (string, uint64, bool) {
	switch a {
	case bpf.ArchI386, bpf.ArchPPC64LE, bpf.ArchS390X:
	default:
		return "", 0, false
	}
	if n, ok := socketcalls[name]; ok {
		return "socketcall", n, true
	}
	if n, ok := ipcCalls[name]; ok {
		return "ipc", n, true
	}
	return "", 0, false
}

// selectorRule is a line comparing the first argument with sel, for the
// samples.
var selectorRule = func(sel uint64) bpf.Rule {
	p, err := bpf.Parse([]byte(fmt.Sprintf("socketcall %d\n", sel)))
	if err != nil {
		panic(err)
	}
	return p.Rules[0]
}

// lowHalves returns the lines with every comparison on the low 32 bits of
// the argument and of the values.
func lowHalves(rules []bpf.Rule) []bpf.Rule {
	out := slices.Clone(rules)
	for i := range out {
		out[i].Conds = slices.Clone(out[i].Conds)
		for j := range out[i].Conds {
			out[i].Conds[j].Low32 = true
		}
	}
	return out
}

func (c *call) policy() *bpf.Policy { return c.steps[0].p }

func (c *call) decide(tb testing.TB, p *bpf.Policy, d bpf.Data) bpf.Action {
	act, err := p.Decide(c.m.opts, d)
	if err != nil {
		tb.Fatal(err)
	}
	return act
}

// predict returns the actions the model allows of libseccomp's filters
// (two where, in one filter, an allow and a "~" line with conditions both
// match: libseccomp's rule order picks) and the causes that make them
// differ from the policy's, and false when the model cannot tell.
func (c *call) predict(tb testing.TB, d bpf.Data) ([]bpf.Action, []string, bool) {
	var causes []string
	want := c.decide(tb, c.policy(), d)
	for _, s := range c.steps[1:] {
		if act := c.decide(tb, s.p, d); act != want {
			causes = append(causes, s.cause)
			want = act
		}
	}
	lib := c.steps[len(c.steps)-1].p
	if c.m.cfg.SplitDenials || c.a == bpf.ArchInvalid || lib.Unrestricted || lib.Complain {
		// snap-seccomp's filters, or one filter under @complain, which
		// holds the denials only: the policy's meaning.
		return []bpf.Action{want}, causes, true
	}
	// One filter: libseccomp keeps a call's unconditional rule and drops
	// its conditional ones; otherwise a matching "~" line gives EACCES.
	var always []bpf.Rule
	for _, r := range lib.Rules {
		if n, _ := c.a.SyscallNumber(r.Syscall); len(r.Conds) == 0 && n == c.nr {
			always = append(always, r)
		}
	}
	act, cause, also := bpf.ActionEPERM, causeDenyOnly, bpf.Action(0)
	switch {
	case len(always) > 0:
		if len(always) < len(lib.Rules) {
			cause = causeShadow
		}
		if slices.ContainsFunc(always, func(r bpf.Rule) bool { return r.Deny != always[0].Deny }) {
			return nil, causes, false
		}
		act = bpf.ActionAllow
		if always[0].Deny {
			act = bpf.ActionEACCES
		}
	default:
		allowed, denied := c.matches(tb, lib, d, false), c.matches(tb, lib, d, true)
		switch {
		case allowed && denied:
			act, also, cause = bpf.ActionEACCES, bpf.ActionAllow, causeOverlap
		case denied:
			act = bpf.ActionEACCES
		case allowed:
			act = bpf.ActionAllow
		}
	}
	acts := []bpf.Action{act}
	if also != 0 {
		acts = append(acts, also)
	}
	if act != want || also != 0 {
		causes = append(causes, cause)
	}
	return acts, causes, true
}

// covers reports whether the filters cover the ABI a.
func (m *model) covers(a bpf.Arch) bool {
	arches, _ := m.opts.Arches()
	return slices.Contains(arches, a)
}

// matches reports whether one of the lines of p of the kind deny matches d.
func (c *call) matches(tb testing.TB, p *bpf.Policy, d bpf.Data, deny bool) bool {
	q := &bpf.Policy{}
	for _, r := range p.Rules {
		if r.Deny == deny {
			r.Deny = false
			q.Rules = append(q.Rules, r)
		}
	}
	return c.decide(tb, q, d) == bpf.ActionAllow
}

// agreement is the outcome of comparing a filter with Decide.
type agreement struct {
	checked     int
	explained   map[string]int    // by causes, joined with "; "
	examples    map[string]string // one call per causes
	unexplained []string
}

// explain counts a difference the model predicts, by its causes, keeping
// the first call as the example.
func (a *agreement) explain(causes []string, what string) {
	key := strings.Join(causes, "; ")
	a.explained[key]++
	if _, ok := a.examples[key]; !ok {
		a.examples[key] = what
	}
}

// compare runs the filters on every system call number of amd64, i386
// and x32 (and a few numbers no table has, and other ABIs' calls) with
// sampled arguments, and compares their action with Policy.Decide's,
// explaining each difference with the model or reporting it.
func compare(tb testing.TB, p *bpf.Policy, fs filters, opts bpf.Options, cfg Config) agreement {
	tb.Helper()
	m := newModel(p, opts, cfg)
	out := agreement{explained: map[string]int{}, examples: map[string]string{}}
	rnd := rand.New(rand.NewSource(1))
	covered, err := opts.Arches()
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range bpf.Arches() {
		numbers := numbersOf(a, slices.Contains(covered, a))
		for _, nr := range numbers {
			d := bpf.Data{Nr: nr, Arch: a.AuditArch(), InstructionPointer: 0x401000}
			c := m.call(abi(d), nr)
			for _, args := range sampleArgs(c.sample, opts.Arch, rnd) {
				d.Args = args
				out.checked++
				want := c.decide(tb, c.policy(), d)
				got, err := fs.Run(d)
				if err != nil {
					tb.Fatal(err)
				}
				if got.Action == want {
					continue
				}
				via := a
				if c.a != bpf.ArchInvalid {
					via = c.a // x32's numbers under AUDIT_ARCH_X86_64
				}
				name, ok := via.SyscallName(nr)
				if !ok {
					name = "-"
				}
				what := fmt.Sprintf("%s %s (%#x) args %#x: libseccomp says %s, the policy %s", via, name, nr, args, got.Action, want)
				predicted, causes, ok := c.predict(tb, d)
				if !ok || !slices.Contains(predicted, got.Action) {
					out.unexplained = append(out.unexplained, fmt.Sprintf("%s (model: %v, %v)", what, predicted, causes))
					continue
				}
				out.explain(causes, what)
			}
		}
	}
	return out
}

// edgeValues are argument values every sample includes.
var edgeValues = []uint64{0, 1, 0xffffffff, 1 << 32, math.MaxUint64, 0x7fffffff, 0x80000000, 1<<32 | 1}

// sampleValues returns edge values and values around each constant the
// rules compare argument arg with (seccomp/bpf's helpers_test.go).
func sampleValues(rules []bpf.Rule, native bpf.Arch, arg int) []uint64 {
	out := slices.Clone(edgeValues)
	for _, r := range rules {
		for _, c := range r.Conds {
			if c.Arg != arg {
				continue
			}
			v, _ := c.Value.Value(native)
			m, _ := c.Mask.Value(native)
			out = append(out, v, v-1, v+1, v|1<<32, v&0xffffffff, v^1<<63, m, m|v, v&^m)
		}
	}
	return out
}

// sampleArgs returns argument vectors for a call with the given rules:
// all zeros; for each rule a vector meeting its conditions and that vector
// with each argument replaced by each sample value; and random mixes
// (seccomp/bpf's helpers_test.go).
func sampleArgs(rules []bpf.Rule, native bpf.Arch, rnd *rand.Rand) [][6]uint64 {
	var values [6][]uint64
	for i := range values {
		values[i] = sampleValues(rules, native, i)
	}
	out := [][6]uint64{{}}
	for _, r := range rules {
		var w [6]uint64
		for _, c := range r.Conds {
			v, _ := c.Value.Value(native)
			switch c.Op {
			case bpf.OpNotEqual, bpf.OpGreater:
				v++
			case bpf.OpLess:
				v--
			}
			w[c.Arg] = v
		}
		out = append(out, w)
		for i := range w {
			if len(r.Conds) == 0 {
				break
			}
			for _, x := range values[i] {
				v := w
				v[i] = x
				out = append(out, v)
			}
		}
	}
	n := 4
	if len(rules) > 0 {
		n = 32
	}
	for range n {
		var v [6]uint64
		for i := range v {
			v[i] = values[i][rnd.Intn(len(values[i]))]
		}
		out = append(out, v)
	}
	return out
}

func checkAgreement(t *testing.T, p *bpf.Policy, opts bpf.Options, cfg Config) agreement {
	t.Helper()
	fs := compileLibseccomp(t, p, opts, cfg)
	res := compare(t, p, fs, opts, cfg)
	total := 0
	for _, key := range slices.Sorted(maps.Keys(res.explained)) {
		total += res.explained[key]
		t.Logf("%d explained disagreements: %s; e.g. %s", res.explained[key], key, res.examples[key])
	}
	for i, u := range res.unexplained {
		if i == 20 {
			t.Errorf("... %d more", len(res.unexplained)-i)
			break
		}
		t.Errorf("unexplained: %s", u)
	}
	t.Logf("%d calls checked, %d explained and %d unexplained disagreements", res.checked, total, len(res.unexplained))
	return res
}

// TestAgreesWithDecide compiles the fixture and a policy with every
// filter form with libseccomp and checks that the filters decide every
// call as Policy.Decide does, but for the documented differences, which
// it counts.
func TestAgreesWithDecide(t *testing.T) {
	requireAMD64(t)
	t.Logf("libseccomp %s", Version())
	policies := []struct {
		name string
		p    *bpf.Policy
	}{
		{"fixture", loadFixture(t)},
		{"tricky", parse(t, trickyPolicy)},
		{"tricky-complain", parse(t, "@complain\n"+trickyPolicy)},
		{"tricky-unrestricted", parse(t, "@unrestricted\n"+trickyPolicy)},
	}
	for _, pc := range policies {
		for _, v := range variants {
			for _, opts := range []bpf.Options{amd64, {Arch: bpf.ArchAMD64, X32: true}, {Arch: bpf.ArchAMD64, NativeOnly: true, OtherArch: bpf.OtherArchDeny}} {
				name := pc.name + "/" + v.name
				switch {
				case opts.NativeOnly:
					name += "/native-only"
				case opts.X32:
					name += "/x32"
				}
				t.Run(name, func(t *testing.T) {
					if pc.name == "fixture" && !opts.NativeOnly {
						for _, a := range []bpf.Arch{bpf.ArchAMD64, bpf.ArchI386, bpf.ArchX32} {
							if u := Unresolved(pc.p, a); len(u) > 0 {
								t.Logf("%s: not in libseccomp's table: %v", a, u)
							}
						}
						t.Logf("unknown to libseccomp, left out: %v", Unknown(pc.p))
					}
					checkAgreement(t, pc.p, opts, v.cfg)
				})
			}
		}
	}
}

// TestCompareFindsMistakes checks that the comparison is not blind: a
// filter built from the fixture less one line disagrees with the fixture
// in ways no documented cause explains.
func TestCompareFindsMistakes(t *testing.T) {
	requireAMD64(t)
	p := loadFixture(t)
	for _, tc := range []struct {
		drop string // lines for this call, of either kind, are left out
		deny bool
		cfg  Config
	}{
		{"getpid", false, variants[0].cfg},
		{"ioctl", true, variants[2].cfg},
		{"setns", false, variants[2].cfg},
	} {
		less := &bpf.Policy{}
		for _, r := range p.Rules {
			if r.Syscall != tc.drop || r.Deny != tc.deny {
				less.Rules = append(less.Rules, r)
			}
		}
		if len(less.Rules) == len(p.Rules) {
			t.Fatalf("the fixture has no line for %s", tc.drop)
		}
		res := compare(t, p, compileLibseccomp(t, less, amd64, tc.cfg), amd64, tc.cfg)
		if len(res.unexplained) == 0 {
			t.Errorf("without the lines for %s (deny %v), the filter's differences all pass as explained: %v", tc.drop, tc.deny, res.explained)
		} else {
			t.Logf("without the lines for %s (deny %v): %d unexplained, e.g. %s", tc.drop, tc.deny, len(res.unexplained), res.unexplained[0])
		}
	}
}

// libseccompBugs are policies libseccomp 2.5.4 compiles wrongly: its BPF
// generator jumps to code that expects the accumulator to hold another
// word of seccomp_data than it does (README.md). The agreement tests
// leave these forms out; TestLibseccompMiscompiles records them.
var libseccompBugs = []struct {
	name string
	src  string
	opts bpf.Options
	cfg  Config
}{
	{
		// After the low half fails "<3", the ">" test of the next line
		// compares that low half as if it were the high one:
		// close(0xffffffff) is allowed.
		"64-bit < and > lines for one argument",
		"close <3\nclose >18446744073709551614\n",
		bpf.Options{Arch: bpf.ArchAMD64, NativeOnly: true}, Config{Optimize: OptimizeBinaryTree},
	},
	{
		// With the binary tree, the last test, A == 1 (socket's AF_UNIX
		// and i386 socketcall's SYS_SOCKET), is one block, which the
		// NETLINK line's args[2] tests jump to when they fail, with
		// args[2] in A: socket(AF_NETLINK, 0, 1) is allowed.
		"binary tree: a shared test reached with another word in A",
		"socket AF_NETLINK - NETLINK_ROUTE\nsocket AF_UNIX\nconnect\n",
		amd64, Config{Optimize: OptimizeBinaryTree},
	},
}

// TestLibseccompMiscompiles checks that the comparison finds the
// miscompilations of libseccompBugs in libseccomp 2.5.4, which README.md
// documents, and reports whether another linked version still makes them.
// The benchmark's fixture does not use these forms (TestAgreesWithDecide
// checks it).
func TestLibseccompMiscompiles(t *testing.T) {
	requireAMD64(t)
	documented := Version() == "2.5.4"
	for _, bug := range libseccompBugs {
		p := parse(t, bug.src)
		res := compare(t, p, compileLibseccomp(t, p, bug.opts, bug.cfg), bug.opts, bug.cfg)
		switch {
		case len(res.unexplained) > 0:
			t.Logf("libseccomp %s miscompiles %q (%s): %d calls, e.g. %s", Version(), bug.src, bug.name, len(res.unexplained), res.unexplained[0])
		case documented:
			t.Errorf("libseccomp %s: no miscompilation of %q found (%s)", Version(), bug.src, bug.name)
		default:
			t.Logf("libseccomp %s compiles %q correctly (%s)", Version(), bug.src, bug.name)
		}
	}
}
