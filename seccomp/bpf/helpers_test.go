// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"flag"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites the expected outputs of the golden tests (never their
// inputs): go test ./seccomp/bpf -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the file testdata/name, or rewrites the file.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read golden file (run with -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the output (run with -update to accept it):\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff lists the first lines that differ.
func lineDiff(want, got string) string {
	w, g := splitLines(want), splitLines(got)
	out, shown := "", 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out += "line " + itoa(i+1) + ":\n- " + a + "\n+ " + b + "\n"
			shown++
		}
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
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
	arches, err := opts.arches()
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewSource(1))
	failures := 0
	check := func(d Data, sub *Policy) {
		want, err := sub.Decide(opts, d)
		if err != nil {
			t.Fatalf("Decide: %v", err)
		}
		got, err := prog.Run(d)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got.Action != want {
			failures++
			if failures < 10 {
				t.Errorf("arch %#x nr %#x args %#x: filter says %s, policy says %s", d.Arch, d.Nr, d.Args, got.Action, want)
			}
		}
	}
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
		for i := range p.Rules {
			if nr, ok := a.SyscallNumber(p.Rules[i].Syscall); ok {
				byNr[nr] = append(byNr[nr], &p.Rules[i])
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
			samples := sampleArgs(byNr[nr], opts.Arch, rnd)
			if budget > 0 && len(samples) > budget {
				samples = samples[:budget]
			}
			for _, args := range samples {
				check(Data{Nr: nr, Arch: a.AuditArch(), Args: args, InstructionPointer: 0x401000}, sub)
			}
		}
	}
	check(Data{Nr: 0, Arch: 0xdeadbeef}, p)
}
