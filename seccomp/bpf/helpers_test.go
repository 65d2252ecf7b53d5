// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"math/rand"
	"os"
	"testing"
)

// readFile returns the contents of a test data file.
func readFile(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// edgeValues are argument values every sample includes.
var edgeValues = []uint64{0, 1, 0xffffffff, 1 << 32, math.MaxUint64, 0x7fffffff, 0x80000000, 1<<32 | 1}

// sampleValues returns edge values and values around each constant the
// rules compare argument arg with.
func sampleValues(rules []*Rule, native Arch, arg int) []uint64 {
	out := append([]uint64(nil), edgeValues...)
	for _, r := range rules {
		for _, c := range r.Conds {
			if c.Arg != arg {
				continue
			}
			v, m, err := c.resolve(native)
			if err != nil {
				continue
			}
			out = append(out, v, v-1, v+1, v|1<<32, v&0xffffffff, v^1<<63, m, m|v, v&^m)
		}
	}
	return out
}

// sampleArgs returns argument vectors for a call with the given rules:
// all zeros; for each rule a vector meeting its conditions and that vector
// with each argument replaced by each sample value; and random mixes.
func sampleArgs(rules []*Rule, native Arch, rnd *rand.Rand) [][6]uint64 {
	var values [6][]uint64
	for i := range values {
		values[i] = sampleValues(rules, native, i)
	}
	out := [][6]uint64{{}}
	for _, r := range rules {
		var w [6]uint64
		for _, c := range r.Conds {
			v, _, err := c.resolve(native)
			if err != nil {
				continue
			}
			switch c.Op {
			case OpNotEqual, OpGreater:
				v++
			case OpLess:
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

// checkAgainstDecide runs prog on every system call number of every
// architecture the options cover (and a few numbers no table has, and the
// other architectures' calls) with sampled arguments, and fails when the
// filter's action differs from what Policy.Decide says.
func checkAgainstDecide(t testing.TB, p *Policy, prog *Program, opts Options, budget int) {
	t.Helper()
	sweep(t, p, opts, budget, func(d Data, sub *Policy) {
		want, err := sub.Decide(opts, d)
		if err != nil {
			t.Fatalf("Decide: %v", err)
		}
		checkRun(t, "filter", prog, d, want)
	})
}

// checkPairAgainstDecide is checkAgainstDecide for snap-confine's two
// filters: each gives its own action (decideFilters), and stacked as
// snap-confine loads them, deny filter first, they give Decide's.
func checkPairAgainstDecide(t testing.TB, p *Policy, allow, deny *Program, opts Options, budget int) {
	t.Helper()
	sweep(t, p, opts, budget, func(d Data, sub *Policy) {
		wantAllow, wantDeny, err := sub.decideFilters(opts, d)
		if err != nil {
			t.Fatalf("decideFilters: %v", err)
		}
		want, _ := sub.Decide(opts, d)
		a, d1 := checkRun(t, "allow filter", allow, d, wantAllow), checkRun(t, "deny filter", deny, d, wantDeny)
		if got := stacked(d1, a); got != want {
			t.Errorf("arch %#x nr %#x args %#x: the stacked filters say %s, Decide says %s", d.Arch, d.Nr, d.Args, got, want)
		}
	})
}

// checkRun runs prog on d and reports a result other than want; it
// returns the result.
func checkRun(t testing.TB, what string, prog *Program, d Data, want Action) Action {
	t.Helper()
	got, err := prog.Run(d)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got.Action != want && !t.Failed() {
		t.Errorf("arch %#x nr %#x args %#x: %s says %s, policy says %s", d.Arch, d.Nr, d.Args, what, got.Action, want)
	}
	return got.Action
}

// maxSamples bounds the argument vectors sweep tries per system call.
const maxSamples = 3000

// sweep calls check for every system call number of every architecture
// the options cover (and a few numbers no table has, and the other
// architectures' calls) with sampled arguments, with the policy's rules
// that decide the call.
func sweep(t testing.TB, p *Policy, opts Options, budget int, check func(Data, *Policy)) {
	t.Helper()
	arches, err := opts.Arches()
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewSource(1))
	for _, a := range Arches() {
		covered := false
		for _, c := range arches {
			covered = covered || c == a
		}
		byNr := map[uint32][]*Rule{}
		var numbers []uint32
		for _, name := range a.SyscallNames() {
			nr, _ := a.SyscallNumber(name)
			if _, ok := byNr[nr]; !ok {
				numbers = append(numbers, nr)
				byNr[nr] = nil
			}
		}
		// sampled holds, beside the rules, the multiplexers' selectors,
		// for the arguments to exercise them.
		sampled := map[uint32][]*Rule{}
		for i := range p.Rules {
			r := &p.Rules[i]
			if nr, ok := a.SyscallNumber(r.Syscall); ok {
				byNr[nr] = append(byNr[nr], r)
				sampled[nr] = append(sampled[nr], r)
			}
			if mux, op, ok := multiplexer(r.Syscall); ok && a.view()&viewMux != 0 {
				if nr, ok := a.SyscallNumber(mux); ok {
					byNr[nr] = append(byNr[nr], r)
					sel := &Rule{Syscall: mux, Conds: []Cond{{Op: OpEqual, Value: Operand{num: uint64(op)}}}}
					sampled[nr] = append(sampled[nr], r, sel)
				}
			}
		}
		first, _ := numberRange(a)
		numbers = append(numbers, first+999, first+0x3ffffff, math.MaxUint32)
		if !covered {
			numbers = numbers[:min(len(numbers), 20)] // another ABI: any call is refused alike
		}
		for _, nr := range numbers {
			// Only the rules for this number matter to Decide; keeping
			// just them makes the check fast without changing its answer.
			sub := &Policy{Unrestricted: p.Unrestricted, Complain: p.Complain}
			for _, r := range byNr[nr] {
				sub.Rules = append(sub.Rules, *r)
			}
			samples := sampleArgs(sampled[nr], opts.Arch, rnd)
			if budget > 0 && len(samples) > budget {
				samples = samples[:budget]
			}
			if n := len(samples); n > maxSamples {
				// A multiplexer carries every socket (or IPC) line: an
				// evenly spread part of its samples still meets each.
				kept := samples[:0]
				for i := 0; i < n; i += n/maxSamples + 1 {
					kept = append(kept, samples[i])
				}
				samples = kept
			}
			for _, args := range samples {
				check(Data{Nr: nr, Arch: a.AuditArch(), Args: args, InstructionPointer: 0x401000}, sub)
			}
		}
	}
	check(Data{Nr: 0, Arch: 0xdeadbeef}, p)
}
