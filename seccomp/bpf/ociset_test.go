// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"math/rand"
	"testing"
)

// The set algebra of the OCI export, checked against Op.holds on the
// edges of every atom involved and on random values. The export's
// end-to-end check, a profile loaded by the real libseccomp as runc loads
// it, is in bench/libseccomp (it needs cgo).

// has reports whether x is in the atom (op 0: every value).
func (a atom) has(x uint64) bool {
	return a.op == 0 || a.op.holds(x, a.value, a.mask, false)
}

func anyHas(as []atom, x uint64) int {
	n := 0
	for _, a := range as {
		if a.has(x) {
			n++
		}
	}
	return n
}

var setValues = []uint64{0, 1, 2, 3, 19, 0x5412, 0x541c, 0x8000, 0xffff, 1 << 31,
	math.MaxUint32 - 1, math.MaxUint32, 1 << 32, 1<<32 + 0x5412, math.MaxUint64 - 1, math.MaxUint64}

var setMasks = []uint64{0, 1, 0xf, 0xf000, 0xffff, math.MaxUint32, 0xffffffff00000000, math.MaxUint64}

func randomAtom(rnd *rand.Rand) atom {
	a := atom{op: Op(rnd.Intn(int(OpMaskedEqual) + 1))}
	if a.op == 0 {
		return a
	}
	a.value = setValues[rnd.Intn(len(setValues))]
	if rnd.Intn(4) == 0 {
		a.value = rnd.Uint64() >> uint(rnd.Intn(64))
	}
	if a.op == OpMaskedEqual {
		a.mask = setMasks[rnd.Intn(len(setMasks))]
		if rnd.Intn(4) == 0 {
			a.mask = rnd.Uint64()
		}
		if rnd.Intn(8) != 0 { // mostly satisfiable
			a.value &= a.mask
		}
	}
	return a
}

// atomProbes returns the values worth testing for the atoms: their edges,
// their values with mask bits flipped, and random ones.
func atomProbes(rnd *rand.Rand, as ...atom) []uint64 {
	out := append([]uint64(nil), setValues...)
	for _, a := range as {
		out = append(out, a.value, a.value-1, a.value+1, a.value|^a.mask, a.value^a.mask)
		for b := uint64(1); b != 0; b <<= 1 {
			if a.mask&b != 0 {
				out = append(out, a.value^b)
			}
		}
	}
	for range 32 {
		out = append(out, rnd.Uint64())
	}
	return out
}

func TestOCISetAlgebra(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for i := range 20000 {
		a, b := randomAtom(rnd), randomAtom(rnd)
		both, not, blk := intersect(a, b), complement(a), []atom(nil)
		if isRange(a.op) {
			blk = blocks(a)
		}
		for _, x := range atomProbes(rnd, a, b) {
			want := a.has(x) && b.has(x)
			if n := anyHas(both, x); n > 1 || (n == 1) != want {
				t.Fatalf("case %d: intersect(%+v, %+v) = %+v: %#x in %d of them, want in %v", i, a, b, both, x, n, want)
			}
			if n := anyHas(not, x); n > 1 || (n == 1) == a.has(x) {
				t.Fatalf("case %d: complement(%+v) = %+v: %#x in %d of them, in the atom %v", i, a, not, x, n, a.has(x))
			}
			if blk != nil {
				if n := anyHas(blk, x); n > 1 || (n == 1) != a.has(x) {
					t.Fatalf("case %d: blocks(%+v) = %+v: %#x in %d of them, in the atom %v", i, a, blk, x, n, a.has(x))
				}
			}
		}
		for _, x := range blk {
			if x.op != 0 && x.op != OpMaskedEqual {
				t.Fatalf("case %d: blocks(%+v) has %+v, not a masked equality", i, a, x)
			}
		}
	}
}

func (t term) has(x [6]uint64) bool {
	for i, a := range t {
		if !a.has(x[i]) {
			return false
		}
	}
	return true
}

func TestOCITermAlgebra(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	randomTerm := func() term {
		var t term
		for range 1 + rnd.Intn(3) {
			t[rnd.Intn(3)] = randomAtom(rnd)
		}
		return t
	}
	for i := range 5000 {
		a, d := randomTerm(), randomTerm()
		rest, both := a.minus(d), a.and(d)
		var vals [3][]uint64
		for j := range vals {
			vals[j] = atomProbes(rnd, a[j], d[j])
		}
		for range 400 {
			var x [6]uint64
			for j := range vals {
				x[j] = vals[j][rnd.Intn(len(vals[j]))]
			}
			in := func(ts []term) bool {
				for _, t := range ts {
					if t.has(x) {
						return true
					}
				}
				return false
			}
			if got, want := in(rest), a.has(x) && !d.has(x); got != want {
				t.Fatalf("case %d: %v minus %v = %v: %#x in it %v, want %v", i, a, d, rest, x, got, want)
			}
			if got, want := in(both), a.has(x) && d.has(x); got != want {
				t.Fatalf("case %d: %v and %v = %v: %#x in it %v, want %v", i, a, d, both, x, got, want)
			}
		}
	}
}

// TestOCIAtomsDiffer checks that the probes can tell atoms apart: a
// comparison that cannot fail would pass the tests above whatever the
// algebra returns.
func TestOCIAtomsDiffer(t *testing.T) {
	rnd := rand.New(rand.NewSource(3))
	a := atom{op: OpLess, value: 3}
	wrong := []atom{{op: OpLessEqual, value: 3}}
	differ := false
	for _, x := range atomProbes(rnd, a) {
		differ = differ || anyHas(wrong, x) == 1 != a.has(x)
	}
	if !differ {
		t.Fatalf("probes of %+v cannot tell it from %+v", a, wrong)
	}
}
