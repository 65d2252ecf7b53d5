// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"fmt"
	"maps"
	"math"
	"math/rand"
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// The documented causes of disagreement between an exported profile,
// loaded as runc loads it (LoadOCI), and Policy.Decide (README.md), besides
// causeArg32, causeUnknown and causeShadow.
const (
	causeGapMux      = "export: EPERM, not EACCES: libseccomp multiplexes the call (bpf.OCIGapMultiplexed)"
	causeGapLow32    = "export: EPERM, not EACCES: the call's rules overlap in 32 bits (bpf.OCIGapLow32)"
	causeGapTooLarge = "export: EPERM: the exact form is too large (bpf.OCIGapTooLarge)"
	causeBadArch     = "other ABI: libseccomp's default bad-architecture action, KILL_THREAD (profiles cannot set it)"
	causeENOSYS      = "runc: ERRNO(ENOSYS) above the highest number the profile names on the ABI (patchbpf stub)"
)

var gapCauses = map[bpf.OCIGapKind]string{
	bpf.OCIGapMultiplexed: causeGapMux, bpf.OCIGapLow32: causeGapLow32, bpf.OCIGapTooLarge: causeGapTooLarge,
}

// profCall is one call of the profile as runc adds it: a name, an action
// and the entry's comparisons.
type profCall struct {
	name string
	act  bpf.Action
	args []specs.LinuxSeccompArg
}

// ociModel predicts what runc and libseccomp make of an exported profile:
// it applies the documented differences one at a time, so that a
// disagreement with Decide is explained only when each is accounted for.
type ociModel struct {
	p       *bpf.Policy
	opts    bpf.Options
	loaded  *Loaded
	gaps    map[string]bpf.OCIGapKind
	calls   []profCall
	def     bpf.Action
	covered []bpf.Arch
	// byNr indexes calls by ABI and number; muxed holds the calls i386
	// multiplexes.
	byNr    map[bpf.Arch]map[uint32][]int
	muxed   []int
	samples *model // agree_test.go's model, for the argument samples
}

func newOCIModel(tb testing.TB, p *bpf.Policy, opts bpf.Options, gaps []bpf.OCIGap, prof *specs.LinuxSeccomp, l *Loaded) *ociModel {
	tb.Helper()
	m := &ociModel{p: p, opts: opts, loaded: l, gaps: map[string]bpf.OCIGapKind{}, samples: newModel(p, opts, Config{})}
	for _, g := range gaps {
		m.gaps[g.Syscall] = g.Kind
	}
	m.def = ociAction(prof.DefaultAction, prof.DefaultErrnoRet)
	for _, e := range prof.Syscalls {
		for _, name := range e.Names {
			m.calls = append(m.calls, profCall{name, ociAction(e.Action, e.ErrnoRet), e.Args})
		}
	}
	m.byNr = map[bpf.Arch]map[uint32][]int{}
	for _, a := range bpf.Arches() {
		if slices.Contains(prof.Architectures, a.OCIArch()) {
			m.covered = append(m.covered, a)
		}
		m.byNr[a] = map[uint32][]int{}
		for i, c := range m.calls {
			if n, ok := a.SyscallNumber(c.name); ok {
				m.byNr[a][n] = append(m.byNr[a][n], i)
			}
		}
	}
	for i, c := range m.calls {
		_, sock := socketcalls[c.name]
		if _, ipc := ipcCalls[c.name]; sock || ipc {
			m.muxed = append(m.muxed, i)
		}
	}
	return m
}

func ociAction(act specs.LinuxSeccompAction, errnoRet *uint) bpf.Action {
	switch act {
	case specs.ActAllow:
		return bpf.ActionAllow
	case specs.ActLog:
		return bpf.ActionLog
	case specs.ActErrno:
		if errnoRet != nil {
			return bpf.ActionErrno | bpf.Action(uint16(*errnoRet))
		}
		return bpf.ActionEPERM
	}
	panic("unexpected action " + string(act))
}

// abi returns the ABI of the call if the profile covers it.
func (m *ociModel) abi(d bpf.Data) bpf.Arch {
	if a := abi(d); slices.Contains(m.covered, a) {
		return a
	}
	return bpf.ArchInvalid
}

// eval is libseccomp's decision for a call through the covered ABI a from
// the profile's rules (with 32-bit comparisons when low32, without the
// names libseccomp cannot place when resolvable, with the multiplexer
// rules of i386, ppc64le and s390x when mux): a call's unconditional
// rules override its conditional ones (shadowed), and rules of different
// actions must not overlap (false).
func (m *ociModel) eval(a bpf.Arch, d bpf.Data, low32, resolvable, mux bool) (act bpf.Action, shadowed, ok bool) {
	var always, matched []bpf.Action
	for _, i := range m.byNr[a][d.Nr] {
		c := m.calls[i]
		switch {
		case resolvable && (resolveName(0, c.name, false) == -1 || !Resolvable(a, c.name)):
		case unconditional(c.args, low32):
			always = append(always, c.act)
		case matches(c.args, d.Args, low32):
			matched = append(matched, c.act)
		}
	}
	for _, i := range m.muxed {
		// socketcall(SYS_*) or ipc(op), with the rule's comparisons of
		// the other arguments.
		c := m.calls[i]
		name, sel, ok := multiplexer(a, c.name)
		if n, _ := a.SyscallNumber(name); !mux || !ok || n != d.Nr {
			continue
		}
		args := []specs.LinuxSeccompArg{{Index: 0, Value: sel, Op: specs.OpEqualTo}}
		for _, x := range c.args {
			if x.Index != 0 {
				args = append(args, x)
			}
		}
		if matches(args, d.Args, low32) {
			matched = append(matched, c.act)
		}
	}
	acts := matched
	if len(always) > 0 {
		shadowed = slices.ContainsFunc(matched, func(x bpf.Action) bool { return x != always[0] })
		acts = always
	}
	slices.Sort(acts)
	switch acts = slices.Compact(acts); len(acts) {
	case 0:
		return m.def, false, true
	case 1:
		return acts[0], shadowed, true
	}
	return 0, shadowed, false
}

// unconditional reports whether libseccomp drops all the comparisons: a
// masked equality without mask bits (in the low 32 bits when low32) is
// none.
func unconditional(args []specs.LinuxSeccompArg, low32 bool) bool {
	for _, c := range args {
		mask := c.Value
		if low32 {
			mask &= math.MaxUint32
		}
		if c.Op != specs.OpMaskedEqual || mask != 0 {
			return false
		}
	}
	return true
}

// matches evaluates the comparisons as libseccomp compiles them: the
// masked value is masked too, and when low32 only the low 32 bits of the
// argument and the values count.
func matches(args []specs.LinuxSeccompArg, x [6]uint64, low32 bool) bool {
	for _, c := range args {
		a, v, w := x[c.Index], c.Value, c.ValueTwo
		if low32 {
			a, v, w = a&math.MaxUint32, v&math.MaxUint32, w&math.MaxUint32
		}
		var ok bool
		switch c.Op {
		case specs.OpEqualTo:
			ok = a == v
		case specs.OpNotEqual:
			ok = a != v
		case specs.OpGreaterThan:
			ok = a > v
		case specs.OpGreaterEqual:
			ok = a >= v
		case specs.OpLessThan:
			ok = a < v
		case specs.OpLessEqual:
			ok = a <= v
		case specs.OpMaskedEqual:
			ok = a&v == w&v
		}
		if !ok {
			return false
		}
	}
	return true
}

// stub reports whether runc's -ENOSYS stub answers the call.
func (m *ociModel) stub(d bpf.Data) bool {
	for tok, last := range m.loaded.LastSyscalls {
		if auditArch(tok) != d.Arch {
			continue
		}
		x32 := d.Nr&0x40000000 != 0
		if d.Arch == bpf.ArchAMD64.AuditArch() && x32 != (tok == Token(bpf.ArchX32)) {
			continue
		}
		if d.Nr > last {
			return true
		}
	}
	return false
}

// predict returns the action the model expects of the loaded profile, the
// documented causes that make it differ from Decide's, and false (with a
// reason) when the model cannot explain it.
func (m *ociModel) predict(tb testing.TB, d bpf.Data) (bpf.Action, []string, string) {
	want, err := m.p.Decide(m.opts, d)
	if err != nil {
		tb.Fatal(err)
	}
	var causes []string
	got := want
	next := func(act bpf.Action, cause string) {
		if act != got {
			causes = append(causes, cause)
			got = act
		}
	}
	a := m.abi(d)
	base32 := a == bpf.ArchI386 || a == bpf.ArchARM
	muxed := m.muxNumber(a, d.Nr)
	switch {
	case a == bpf.ArchInvalid && d.Arch == bpf.ArchAMD64.AuditArch() && d.Nr == math.MaxUint32:
		// Number -1: libseccomp's default action, as Decide says.
		next(m.def, "number -1 without x32: the profile's default action, not the policy's")
	case a == bpf.ArchInvalid:
		next(bpf.ActionKillThread, causeBadArch)
	default:
		// On a 32-bit ABI both the policy and libseccomp read the lines
		// in 32 bits, but the profile's rules are the policy's 64-bit
		// meaning (complements, blocks), which can read otherwise there:
		// first compare the 64-bit readings, then read the profile in
		// 32 bits. A multiplexer's rules are compared as they are.
		low32 := base32 && muxed
		if base32 && !muxed {
			next(m.policy64(tb, a, d), causeArg32)
		}
		act, shadowed, ok := m.eval(a, d, low32, false, true)
		if !ok {
			return 0, causes, "rules of different actions overlap"
		}
		if act != got {
			cause := m.gapCause(a, d.Nr)
			if shadowed {
				cause = causeShadow
			}
			if cause == "" {
				return 0, causes, fmt.Sprintf("the profile says %s and no gap explains it", act)
			}
			next(act, cause)
		}
		steps := []struct {
			low32, resolvable bool
			cause             string
		}{
			{base32 || a == bpf.ArchX32, false, causeArg32},
			{base32 || a == bpf.ArchX32, true, causeUnknown},
		}
		for _, s := range steps {
			act, _, ok := m.eval(a, d, s.low32, s.resolvable, true)
			if !ok {
				return 0, causes, "rules of different actions overlap (" + s.cause + ")"
			}
			next(act, s.cause)
		}
	}
	if m.stub(d) {
		next(bpf.ActionErrno|bpf.Action(38), causeENOSYS)
	}
	return got, causes, ""
}

// muxNumber reports whether nr is the number of a multiplexer on a.
func (m *ociModel) muxNumber(a bpf.Arch, nr uint32) bool {
	for _, mux := range []string{"socketcall", "ipc"} {
		if _, _, ok := multiplexer(a, "socket"); ok {
			if n, ok := a.SyscallNumber(mux); ok && n == nr {
				return true
			}
		}
	}
	return false
}

// gapCause returns the cause of the export's gap for the call nr of a,
// directly or through its multiplexer, or "".
func (m *ociModel) gapCause(a bpf.Arch, nr uint32) string {
	cause := ""
	for name, g := range m.gaps {
		n, ok := a.SyscallNumber(name)
		if mux, _, muxed := multiplexer(a, name); muxed && (!ok || n != nr) {
			n, ok = a.SyscallNumber(mux)
		}
		if ok && n == nr {
			cause = gapCauses[g]
		}
	}
	return cause
}

// policy64 returns what the policy's lines for the call d of a mean with
// whole 64-bit comparisons, as on a 64-bit ABI: the meaning the profile's
// rules are written for.
func (m *ociModel) policy64(tb testing.TB, a bpf.Arch, d bpf.Data) bpf.Action {
	allowed, denied := false, false
	for _, r := range m.p.Rules {
		if n, ok := a.SyscallNumber(r.Syscall); !ok || n != d.Nr {
			continue
		}
		var args []specs.LinuxSeccompArg
		for _, c := range r.Conds {
			v, _ := c.Value.Value(m.opts.Arch)
			x := specs.LinuxSeccompArg{Index: uint(c.Arg), Value: v, Op: ociCompare[c.Op]}
			switch {
			case c.Op == bpf.OpMaskedEqual:
				mask, _ := c.Mask.Value(m.opts.Arch)
				x.Value, x.ValueTwo = mask, v
				if c.Low32 {
					x.Value &= math.MaxUint32
				}
			case c.Low32:
				x.Value, x.ValueTwo, x.Op = math.MaxUint32, v, specs.OpMaskedEqual
			}
			args = append(args, x)
		}
		if matches(args, d.Args, false) {
			allowed, denied = allowed || !r.Deny, denied || r.Deny
		}
	}
	switch {
	case m.p.Complain && denied:
		return bpf.ActionEACCES
	case m.p.Complain:
		return bpf.ActionLog
	case !allowed:
		return bpf.ActionEPERM
	case denied:
		return bpf.ActionEACCES
	}
	return bpf.ActionAllow
}

var ociCompare = map[bpf.Op]specs.LinuxSeccompOperator{
	bpf.OpEqual: specs.OpEqualTo, bpf.OpNotEqual: specs.OpNotEqual,
	bpf.OpGreater: specs.OpGreaterThan, bpf.OpGreaterEqual: specs.OpGreaterEqual,
	bpf.OpLess: specs.OpLessThan, bpf.OpLessEqual: specs.OpLessEqual,
	bpf.OpMaskedEqual: specs.OpMaskedEqual,
}

// permissive reports whether an action lets the call through.
func permissive(a bpf.Action) bool { return a == bpf.ActionAllow || a == bpf.ActionLog }

// ociAgreement is the outcome of comparing a loaded profile with Decide.
type ociAgreement struct {
	agreement
	// permissive lists the calls through the native ABI that the
	// profile lets through and the policy denies: always a failure.
	permissive []string
}

// compareOCI runs the loaded profile on every system call number of
// amd64, i386 and x32 (and a few numbers no table has, and other ABIs'
// calls) with sampled arguments, and compares its action with Decide's,
// explaining each difference with the model or reporting it. gaps are
// those ExportOCIWithGaps reports for the policy.
func compareOCI(tb testing.TB, p *bpf.Policy, opts bpf.Options, gaps []bpf.OCIGap, prof *specs.LinuxSeccomp, l *Loaded) ociAgreement {
	tb.Helper()
	m := newOCIModel(tb, p, opts, gaps, prof, l)
	out := ociAgreement{agreement: agreement{explained: map[string]int{}, examples: map[string]string{}}}
	rnd := rand.New(rand.NewSource(1))
	for _, a := range bpf.Arches() {
		for _, nr := range numbersOf(a, slices.Contains(m.covered, a)) {
			d := bpf.Data{Nr: nr, Arch: a.AuditArch(), InstructionPointer: 0x401000}
			sample := m.samples.call(abi(d), nr).sample
			vectors := append(sampleArgs(sample, opts.Arch, rnd), m.profileArgs(abi(d), nr)...)
			via := a
			if abi(d) != bpf.ArchInvalid {
				via = abi(d) // x32's numbers under AUDIT_ARCH_X86_64
			}
			for _, args := range vectors {
				d.Args = args
				out.checked++
				want, err := p.Decide(opts, d)
				if err != nil {
					tb.Fatal(err)
				}
				got, err := l.Program.Run(d)
				if err != nil {
					tb.Fatal(err)
				}
				name, ok := via.SyscallName(nr)
				if !ok {
					name = "-"
				}
				what := fmt.Sprintf("%s %s (%#x) args %#x: runc+libseccomp say %s, the policy %s", via, name, nr, args, got.Action, want)
				if via == opts.Arch && permissive(got.Action) && !permissive(want) {
					out.permissive = append(out.permissive, what)
				}
				if got.Action == want {
					continue
				}
				predicted, causes, why := m.predict(tb, d)
				if why != "" || predicted != got.Action {
					out.unexplained = append(out.unexplained, fmt.Sprintf("%s (model: %s %v %s)", what, predicted, causes, why))
					continue
				}
				out.explain(causes, what)
			}
		}
	}
	return out
}

// numbersOf returns the system call numbers of a to try: all of its table
// and a few no table has (only 20 for ABIs the profile does not cover).
func numbersOf(a bpf.Arch, covered bool) []uint32 {
	var numbers []uint32
	seen := map[uint32]bool{}
	for _, name := range a.SyscallNames() {
		if nr, _ := a.SyscallNumber(name); !seen[nr] {
			seen[nr] = true
			numbers = append(numbers, nr)
		}
	}
	first := uint32(0)
	if a == bpf.ArchX32 {
		first = 0x40000000
	}
	numbers = append(numbers, first+999, first+0x3ffffff, math.MaxUint32)
	if !covered {
		numbers = numbers[:min(len(numbers), 20)]
	}
	return numbers
}

// profileArgs returns argument vectors that meet each of the profile's
// rules for the call, and each of them with one argument moved to the
// edges of its comparison, so that the exported comparisons (complements
// of masked equalities and the like) are exercised, not only the policy's.
func (m *ociModel) profileArgs(a bpf.Arch, nr uint32) [][6]uint64 {
	var out [][6]uint64
	for _, i := range m.byNr[a][nr] {
		c := m.calls[i]
		if len(c.args) == 0 {
			continue
		}
		var w [6]uint64
		for _, x := range c.args {
			switch x.Op {
			case specs.OpNotEqual, specs.OpGreaterThan:
				w[x.Index] = x.Value + 1
			case specs.OpLessThan:
				w[x.Index] = x.Value - 1
			case specs.OpMaskedEqual:
				w[x.Index] = x.ValueTwo
			default:
				w[x.Index] = x.Value
			}
		}
		out = append(out, w)
		for _, x := range c.args {
			edges := []uint64{x.Value - 1, x.Value, x.Value + 1, x.Value | 1<<32}
			if x.Op == specs.OpMaskedEqual {
				low := x.Value & -x.Value
				edges = []uint64{x.ValueTwo ^ low, x.ValueTwo | ^x.Value, x.ValueTwo ^ x.Value&(1<<63|1<<31)}
			}
			for _, e := range edges {
				v := w
				v[x.Index] = e
				out = append(out, v)
			}
		}
	}
	return out
}

// checkOCI exports the policy, loads the profile as runc does, compares it
// with Decide and reports the outcome; it fails on unexplained differences
// and on any call through the native ABI the profile lets through and the
// policy denies.
func checkOCI(t *testing.T, p *bpf.Policy, opts bpf.Options) ociAgreement {
	t.Helper()
	prof, gaps, err := bpf.ExportOCIWithGaps(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		t.Logf("gap: %s", g)
	}
	l, err := LoadOCI(prof)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d profile entries, %d libseccomp rules, binary tree %v, %d instructions (stub %d), unknown to libseccomp: %v",
		len(prof.Syscalls), l.Rules, l.BinaryTree, len(l.Program.Instructions), l.Stub, l.Unknown)
	res := compareOCI(t, p, opts, gaps, prof, l)
	reportOCI(t, res, true)
	return res
}

// reportOCI logs the outcome, as errors when fail is set.
func reportOCI(t *testing.T, res ociAgreement, fail bool) {
	t.Helper()
	log := t.Logf
	if fail {
		log = t.Errorf
	}
	total := 0
	for _, key := range slices.Sorted(maps.Keys(res.explained)) {
		total += res.explained[key]
		t.Logf("%d explained disagreements: %s; e.g. %s", res.explained[key], key, res.examples[key])
	}
	for i, u := range res.unexplained {
		if i == 10 {
			log("... %d more unexplained", len(res.unexplained)-i)
			break
		}
		log("unexplained: %s", u)
	}
	for i, u := range res.permissive {
		if i == 10 {
			log("... %d more calls allowed that the policy denies", len(res.permissive)-i)
			break
		}
		log("allowed, the policy denies it: %s", u)
	}
	t.Logf("%d calls checked, %d explained and %d unexplained disagreements, %d more permissive on the native ABI",
		res.checked, total, len(res.unexplained), len(res.permissive))
}
