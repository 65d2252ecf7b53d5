// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

// The sets of argument values that OCI comparisons express, and the
// algebra ExportOCI needs on them: intersection, complement, difference.

import (
	"fmt"
	"math"
	"math/bits"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// atom is a set of argument values that one OCI comparison expresses:
// the values x with x OP value, for OpMaskedEqual x & mask == value; op 0
// is every value.
type atom struct {
	op          Op
	value, mask uint64
}

// condAtom returns the comparison of a line's filter.
func condAtom(c Cond, native Arch) (atom, error) {
	value, mask, err := c.resolve(native)
	if err != nil {
		return atom{}, err
	}
	switch {
	case c.Low32 && c.Op == OpEqual:
		return atom{OpMaskedEqual, value & math.MaxUint32, math.MaxUint32}, nil
	case c.Low32 && c.Op == OpMaskedEqual:
		return atom{OpMaskedEqual, value & math.MaxUint32, mask & math.MaxUint32}, nil
	case c.Low32:
		return atom{}, fmt.Errorf("cannot express a 32-bit %s filter in an OCI profile", c.Op)
	case c.Op < OpEqual || c.Op > OpMaskedEqual:
		return atom{}, fmt.Errorf("unknown comparison %s", c.Op)
	}
	return atom{c.Op, value, mask}, nil
}

func (a atom) ociArg(i int) specs.LinuxSeccompArg {
	arg := specs.LinuxSeccompArg{Index: uint(i), Op: ociOps[a.op], Value: a.value}
	if a.op == OpMaskedEqual {
		arg.Value, arg.ValueTwo = a.mask, a.value
	}
	return arg
}

// ociOps maps comparisons to the OCI (libseccomp) operators.
var ociOps = map[Op]specs.LinuxSeccompOperator{
	OpEqual: specs.OpEqualTo, OpNotEqual: specs.OpNotEqual,
	OpGreater: specs.OpGreaterThan, OpGreaterEqual: specs.OpGreaterEqual,
	OpLess: specs.OpLessThan, OpLessEqual: specs.OpLessEqual,
	OpMaskedEqual: specs.OpMaskedEqual,
}

// valueRange is the values lo to hi, both included.
type valueRange struct{ lo, hi uint64 }

// ranges returns the atom as ranges of values; a masked equality, which
// is no range, has none.
func (a atom) ranges() []valueRange {
	const top = math.MaxUint64
	v := a.value
	span := func(lo, hi uint64, ok bool) []valueRange {
		if ok {
			return []valueRange{{lo, hi}}
		}
		return nil
	}
	switch a.op {
	case 0:
		return span(0, top, true)
	case OpEqual:
		return span(v, v, true)
	case OpNotEqual:
		return append(span(0, v-1, v > 0), span(v+1, top, v < top)...)
	case OpGreater:
		return span(v+1, top, v < top)
	case OpGreaterEqual:
		return span(v, top, true)
	case OpLess:
		return span(0, v-1, v > 0)
	case OpLessEqual:
		return span(0, v, true)
	}
	return nil
}

// fromRanges writes disjoint ranges as comparisons.
func fromRanges(rs []valueRange) []atom {
	const top = math.MaxUint64
	if len(rs) == 2 && rs[0].lo == 0 && rs[1].hi == top && rs[0].hi+2 == rs[1].lo {
		return []atom{{op: OpNotEqual, value: rs[0].hi + 1}}
	}
	var out []atom
	for _, s := range rs {
		switch {
		case s.lo == 0 && s.hi == top:
			out = append(out, atom{})
		case s.lo == 1 && s.hi == top, s.lo == 0 && s.hi == top-1:
			out = append(out, atom{op: OpNotEqual, value: (s.lo - 1) | (s.hi + 1)})
		case s.lo == s.hi:
			out = append(out, atom{op: OpEqual, value: s.lo})
		case s.lo == 0:
			out = append(out, atom{op: OpLessEqual, value: s.hi})
		case s.hi == top:
			out = append(out, atom{op: OpGreaterEqual, value: s.lo})
		default:
			out = clip(out, atom{op: OpMaskedEqual}, s)
		}
	}
	return out
}

// clip appends the values of the masked equality p within s, as masked
// equalities: p itself, or the halves p splits into at its highest free
// bit, clipped in turn.
func clip(out []atom, p atom, s valueRange) []atom {
	lo, hi := p.value, p.value|^p.mask
	switch {
	case hi < s.lo || lo > s.hi:
		return out
	case lo >= s.lo && hi <= s.hi:
		return append(out, p)
	}
	bit := uint64(1) << (63 - bits.LeadingZeros64(^p.mask))
	out = clip(out, atom{OpMaskedEqual, p.value, p.mask | bit}, s)
	return clip(out, atom{OpMaskedEqual, p.value | bit, p.mask | bit}, s)
}

// empty reports whether the atom holds for no value.
func (a atom) empty() bool {
	switch a.op {
	case OpMaskedEqual:
		return a.value&^a.mask != 0
	case OpGreater:
		return a.value == math.MaxUint64
	case OpLess:
		return a.value == 0
	}
	return false
}

// intersect returns the values both atoms hold for, as disjoint atoms.
func intersect(a, b atom) []atom {
	switch {
	case a.empty() || b.empty():
		return nil
	case a.op == 0:
		return []atom{b}
	case b.op == 0 || a == b:
		return []atom{a}
	case a.op == OpMaskedEqual && b.op == OpMaskedEqual:
		common := a.mask & b.mask
		if a.value&common != b.value&common {
			return nil
		}
		return []atom{{OpMaskedEqual, a.value | b.value, a.mask | b.mask}}
	case a.op == OpMaskedEqual:
		a, b = b, a
	}
	as := a.ranges()
	if b.op != OpMaskedEqual {
		var both []valueRange
		for _, x := range as {
			for _, y := range b.ranges() {
				if lo, hi := max(x.lo, y.lo), min(x.hi, y.hi); lo <= hi {
					both = append(both, valueRange{lo, hi})
				}
			}
		}
		return fromRanges(both)
	}
	in := b.value&b.mask == a.value&b.mask // a's value is one of b's
	switch {
	case a.op == OpEqual && in:
		return []atom{a}
	case a.op == OpEqual:
		return nil
	case a.op == OpNotEqual && in:
		return flips(a.value, b.mask, ^b.mask)
	case a.op == OpNotEqual:
		return []atom{b}
	}
	var out []atom
	for _, s := range as {
		out = clip(out, b, s)
	}
	return out
}

// complement returns the values the atom does not hold for, as disjoint
// atoms: the gaps between its ranges, or for a masked equality, per mask
// bit from the top, "the higher mask bits match and this one does not".
func complement(a atom) []atom {
	switch {
	case a.empty():
		return []atom{{}}
	case a.op == OpMaskedEqual && a.mask == math.MaxUint64:
		return []atom{{op: OpNotEqual, value: a.value}}
	case a.op == OpMaskedEqual:
		return flips(a.value, 0, a.mask)
	}
	var gaps []valueRange
	next, more := uint64(0), true // the first value not seen yet
	for _, r := range a.ranges() {
		if more && r.lo > next {
			gaps = append(gaps, valueRange{next, r.lo - 1})
		}
		next, more = r.hi+1, r.hi < math.MaxUint64
	}
	if more {
		gaps = append(gaps, valueRange{next, math.MaxUint64})
	}
	return fromRanges(gaps)
}

// flips returns, for each bit of free from the top, the masked equality
// "v's bits in fixed and in the higher bits of free, not v's in this one":
// the values of the masked equality (fixed, v) other than v when free is
// the rest, its complement when fixed is 0 and free its mask.
func flips(v, fixed, free uint64) []atom {
	var out []atom
	for free != 0 {
		bit := uint64(1) << (63 - bits.LeadingZeros64(free))
		out = append(out, atom{OpMaskedEqual, v&fixed | ^v&bit, fixed | bit})
		fixed, free = fixed|bit, free&^bit
	}
	return out
}

// isRange reports whether a comparison is <, <=, > or >=.
func isRange(op Op) bool { return op >= OpGreater && op <= OpLessEqual }

// blocks returns a range comparison as masked equalities: aligned blocks
// of values, at most two per bit.
func blocks(a atom) []atom {
	var out []atom
	for _, r := range a.ranges() {
		out = clip(out, atom{op: OpMaskedEqual}, r)
	}
	for i := range out {
		if out[i].mask == 0 {
			out[i] = atom{} // every value
		}
	}
	return out
}

// term is a rule's comparisons, one per argument (op 0: none).
type term [6]atom

func (t term) ociArgs() []specs.LinuxSeccompArg {
	var out []specs.LinuxSeccompArg
	for i, a := range t {
		if a.op != 0 {
			out = append(out, a.ociArg(i))
		}
	}
	return out
}

// with returns t with argument i replaced by each of as.
func (t term) with(i int, as []atom) []term {
	out := make([]term, len(as))
	for j, a := range as {
		out[j] = t
		out[j][i] = a
	}
	return out
}

// minus returns the values t holds for and d does not, as terms.
func (t term) minus(d term) []term {
	for i := range t {
		if len(intersect(t[i], d[i])) == 0 {
			return []term{t} // disjoint
		}
	}
	var out []term
	for i := range d {
		if d[i].op == 0 {
			continue
		}
		for _, c := range complement(d[i]) {
			out = append(out, t.with(i, intersect(t[i], c))...)
		}
	}
	return out
}

// and returns the values both terms hold for, as terms.
func (t term) and(d term) []term {
	out := []term{t}
	for i := range d {
		out = expand(out, func(x term) []term { return x.with(i, intersect(x[i], d[i])) })
	}
	return out
}

func expand(ts []term, f func(term) []term) []term {
	var out []term
	for _, t := range ts {
		out = append(out, f(t)...)
	}
	return out
}
