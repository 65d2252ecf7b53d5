// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math/bits"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestMaskedLinesSweep drives every line with a masked filter in the
// fixture and snapd's sources (the set-user-ID denials, O_CREAT and
// O_TMPFILE, O_NOTIFICATION_PIPE, the mknod file types, the 32-bit
// TIOCSTI) through every bit of its masks: for each filter, its value,
// the value with each bit of the argument flipped in turn, and a few
// others; all combinations over the line's filters. The combined filter
// and snap-confine's two filters must decide each call as Decide does,
// on amd64 (with i386, and x32), arm64 and big-endian s390x.
func TestMaskedLinesSweep(t *testing.T) {
	policies := []snapdRefPolicy{{"fixture", loadFixture(t)}}
	policies = append(policies, snapdRefPolicies(t)...)
	for _, pol := range policies {
		p := pol.p
		for _, opts := range []Options{{Arch: ArchAMD64}, {Arch: ArchAMD64, X32: true}, {Arch: ArchARM64}, {Arch: ArchS390X}} {
			prog, _, err := Compile(p, opts)
			if err != nil {
				t.Fatal(err)
			}
			allow, deny, err := CompileSnapConfineFilters(p, opts)
			if err != nil {
				t.Fatal(err)
			}
			arches, _ := opts.Arches()
			lines := 0
			for i := range p.Rules {
				r := &p.Rules[i]
				if !hasMaskedCond(r) {
					continue
				}
				lines++
				vectors := maskedVectors(t, r, opts.Arch)
				checkLineMatters(t, r, opts, vectors)
				for _, a := range arches {
					nr, ok := a.SyscallNumber(r.Syscall)
					if !ok {
						continue
					}
					sub := rulesOf(p, a, nr)
					for _, args := range vectors {
						d := Data{Nr: nr, Arch: a.AuditArch(), Args: args}
						want, err := sub.Decide(opts, d)
						if err != nil {
							t.Fatal(err)
						}
						wantAllow, wantDeny, _ := sub.decideFilters(opts, d)
						if checkRun(t, pol.name+": "+r.String()+": filter", prog, d, want) != want ||
							checkRun(t, pol.name+": "+r.String()+": allow filter", allow, d, wantAllow) != wantAllow ||
							checkRun(t, pol.name+": "+r.String()+": deny filter", deny, d, wantDeny) != wantDeny {
							return
						}
					}
				}
			}
			if lines == 0 {
				t.Fatalf("%s: no line with a masked filter", pol.name)
			}
		}
	}
}

func hasMaskedCond(r *Rule) bool {
	for _, c := range r.Conds {
		if c.Op == OpMaskedEqual {
			return true
		}
	}
	return false
}

// maskedVectors returns the argument vectors that TestMaskedLinesSweep
// tries for a line: for each filter, each of its candidates (every bit
// of the argument flipped from the filter's value, every subset of up to
// two mask bits, and extremes) combined with the other filters' key
// values (their value, and it with each mask bit flipped, and extremes).
func maskedVectors(t *testing.T, r *Rule, native Arch) [][6]uint64 {
	full := make([][]uint64, len(r.Conds))
	keys := make([][]uint64, len(r.Conds))
	for i, c := range r.Conds {
		value, mask, err := c.resolve(native)
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = []uint64{0, ^uint64(0), value, ^value}
		var maskBits []uint64
		for m := mask; m != 0; m &= m - 1 {
			maskBits = append(maskBits, 1<<bits.TrailingZeros64(m))
			keys[i] = append(keys[i], value^maskBits[len(maskBits)-1])
		}
		full[i] = append(slices.Clone(keys[i]), value|^mask, value|1<<32, value|1<<63)
		for b := range 64 {
			full[i] = append(full[i], value^1<<b)
		}
		for j, x := range maskBits {
			full[i] = append(full[i], x)
			for _, y := range maskBits[j+1:] {
				full[i] = append(full[i], x|y)
			}
		}
	}
	var out [][6]uint64
	for i := range r.Conds {
		vs := [][6]uint64{{}}
		for j, c := range r.Conds {
			cands := keys[j]
			if j == i {
				cands = full[j]
			}
			var next [][6]uint64
			for _, v := range vs {
				for _, x := range cands {
					v[c.Arg] = x
					next = append(next, v)
				}
			}
			vs = next
		}
		out = append(out, vs...)
	}
	return out
}

// checkLineMatters checks that the vectors exercise the line: alone, as
// an allow line, it matches some of them and not others.
func checkLineMatters(t *testing.T, r *Rule, opts Options, vectors [][6]uint64) {
	t.Helper()
	alone := *r
	alone.Deny = false
	p := &Policy{Rules: []Rule{alone}}
	nr, ok := opts.Arch.SyscallNumber(r.Syscall)
	if !ok {
		return
	}
	seen := map[Action]bool{}
	for _, args := range vectors {
		a, err := p.Decide(opts, Data{Nr: nr, Arch: opts.Arch.AuditArch(), Args: args})
		if err != nil {
			t.Fatal(err)
		}
		seen[a] = true
	}
	if !seen[ActionAllow] || !seen[ActionEPERM] {
		t.Errorf("%s: the vectors give only %v", r, seen)
	}
}

// rulesOf returns the policy with only the rules that decide call nr
// through a, which Decide then reads faster, with the same answer.
func rulesOf(p *Policy, a Arch, nr uint32) *Policy {
	sub := &Policy{Complain: p.Complain, Unrestricted: p.Unrestricted}
	for _, r := range p.Rules {
		n, ok := a.SyscallNumber(r.Syscall)
		mux, _, muxed := multiplexer(r.Syscall)
		if muxed && a.view()&viewMux != 0 {
			m, _ := a.SyscallNumber(mux)
			muxed = m == nr
		}
		if ok && n == nr || muxed {
			sub.Rules = append(sub.Rules, r)
		}
	}
	return sub
}

// TestFactoredLinesRandom compiles random policies whose lines share
// filters, so that factorLines merges them in many ways, with masked,
// single-bit, equality and range filters, 32-bit id calls and explicit
// denials, and checks the filters against Decide.
func TestFactoredLinesRandom(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	calls := []string{"ioctl", "open", "mknod", "chown", "socket"}
	pool := []string{"-", "-", "|1", "|2", "|4", "|2048", "|1024", "6|2", "3|0", "6|6",
		"4294967296|4294967296", "1", "2", ">=3", "!1", "<4294967297", "|4294967296"}
	n := 80
	if testing.Short() {
		n = 10
	}
	for range n {
		var b strings.Builder
		for range 1 + rnd.Intn(10) {
			if rnd.Intn(3) == 0 {
				b.WriteString("~")
			}
			name := calls[rnd.Intn(len(calls))]
			b.WriteString(name)
			for range 1 + rnd.Intn(3) {
				tok := pool[rnd.Intn(len(pool))]
				if name == "chown" && (strings.ContainsAny(tok, "<>!|") || len(tok) > 8) {
					tok = "-" // 32-bit id calls take 32-bit equalities only
				}
				b.WriteString(" " + tok)
			}
			b.WriteString("\n")
		}
		p, err := Parse([]byte(b.String()))
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		for _, opts := range []Options{{Arch: ArchAMD64}, {Arch: ArchS390X, NativeOnly: true}} {
			prog, _, err := Compile(p, opts)
			if err != nil {
				t.Fatal(err)
			}
			allow, deny, err := CompileSnapConfineFilters(p, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstDecide(t, p, prog, opts, 200)
			checkPairAgainstDecide(t, p, allow, deny, opts, 200)
			if t.Failed() {
				t.Fatalf("policy:\n%s", b.String())
			}
		}
	}
}
