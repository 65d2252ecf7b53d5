// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"cmp"
	"math/bits"
	"slices"
)

// predBuilder turns the lines of system calls into predicates. It keeps
// the storage that building them needs from one call to the next, and
// the comparisons the predicates point to.
type predBuilder struct {
	tb *treeBuilder // plans the searches of argSwitch
	// cmps holds the argCmp predicates: a predicate points into it, so
	// that storing one in an interface allocates nothing.
	cmps      []argCmp
	sigs      []lineSig // the signatures of the lines being simplified
	redundant []bool    // dropSubsumedLines' marks
	next      []int32   // dropSubsumedLines' lists
	// Storage for factorLines.
	groupLines []groupLine
	groups     []cmpGroup
	groupCmps  []argCmp
	// Stacks for switchLines, which nests: each call appends after what
	// its callers hold and truncates back when done.
	cases []caseLine
	conds []argCmp
	lines []line
}

// cmp returns c as a predicate.
func (pb *predBuilder) cmp(c argCmp) predicate {
	if len(pb.cmps) == cap(pb.cmps) {
		// A new array: the predicates point into the old one.
		pb.cmps = make([]argCmp, 0, max(64, 2*cap(pb.cmps)))
	}
	pb.cmps = append(pb.cmps, c)
	return &pb.cmps[len(pb.cmps)-1]
}

// linesPredicate builds the predicate "one of the lines holds", simplified
// by four rewrites: duplicate lines are dropped (dedupeLines), and so are
// lines that hold only when another line holds (dropSubsumedLines); a line
// without filters makes the disjunction true; and the lines that compare
// the same argument for equality become one argSwitch on it, each case
// holding the rest of its lines (switchLines), so that the argument is
// tested once, by a search, rather than once per line. It reorders and
// overwrites the elements of lines.
func (pb *predBuilder) linesPredicate(lines []line) predicate {
	// A line without filters is implied by every other line, so the
	// first two rewrites would leave only it (the first of them).
	for _, l := range lines {
		if len(l) == 0 {
			return always{}
		}
	}
	if len(lines) == 1 { // nothing to simplify
		return pb.linePredicate(lines[0])
	}
	pb.sigs = grow(pb.sigs, len(lines))
	for i, l := range lines {
		pb.sigs[i] = signature(l)
	}
	lines = pb.dropSubsumedLines(pb.dedupeLines(lines))
	var sw predicate
	if arg, n := switchArg(lines); n >= 2 {
		sw, lines = pb.switchLines(lines, arg)
	}
	switch {
	case sw == nil && len(lines) == 1:
		return pb.linePredicate(lines[0])
	case sw != nil && len(lines) == 0:
		return sw
	}
	preds := make(anyOf, 0, len(lines)+1)
	if sw != nil {
		preds = append(preds, sw)
	}
	preds = pb.factorLines(preds, lines)
	if len(preds) == 1 {
		return preds[0]
	}
	return preds
}

// linePredicate returns the predicate for one line with filters: the
// AND of its comparisons.
func (pb *predBuilder) linePredicate(l line) predicate {
	if len(l) == 1 {
		return pb.cmp(l[0])
	}
	all := make(allOf, len(l))
	for i, c := range l {
		all[i] = pb.cmp(c)
	}
	return all
}

// lineSig summarises a line, to tell quickly that two lines differ or
// that one cannot imply the other.
type lineSig struct {
	hash uint64 // of the conditions: equal lines have equal hashes
	args uint64 // a bit per argument the line tests
	eqs  uint64 // a bit per test fixing a low word, for its argument and value
}

func signature(l line) lineSig {
	var s lineSig
	for _, c := range l {
		h := uint64(c.arg) | uint64(c.op)<<8
		if c.low32 {
			h |= 1 << 16
		}
		s.hash = (s.hash^h^c.value*0x9e3779b97f4a7c15^c.mask*0xc2b2ae3d27d4eb4f)*0x100000001b3 + 1
		s.args |= 1 << (uint(c.arg) & 63)
		if c.op == OpEqual || c.op == OpMaskedEqual && uint32(c.mask) == 0xffffffff {
			s.eqs |= 1 << ((uint64(uint32(c.value))*0x9e3779b97f4a7c15 + uint64(c.arg)) >> 58)
		}
	}
	return s
}

// mayImply reports whether a line with signature s may imply one with
// signature o (see implies): o's arguments must be among s's, and each
// test of o that fixes a low word (an equality, a masked equality with
// all its low bits) needs one of s that fixes it to the same value.
func (s lineSig) mayImply(o lineSig) bool {
	return o.args&^s.args == 0 && o.eqs&^s.eqs == 0
}

// eqIndex returns the index in l of an equality test on argument arg.
func eqIndex(l line, arg int) int {
	for i := range l {
		if l[i].arg == arg && l[i].op == OpEqual {
			return i
		}
	}
	return -1
}

// switchArg returns the argument that the most lines test for equality,
// and how many lines do.
func switchArg(lines []line) (arg, count int) {
	var counts [maxArgs]int
	for _, l := range lines {
		for a := range counts {
			if eqIndex(l, a) >= 0 {
				counts[a]++
			}
		}
	}
	for a, n := range counts {
		if n > count {
			arg, count = a, n
		}
	}
	return arg, count
}

// caseLine is a line of an argSwitch case: the line without its test of
// the switch's argument.
type caseLine struct {
	value uint64
	l     line
}

// switchLines builds the switch on arg from the lines that test it for
// equality, and returns the other lines (in lines' storage).
func (pb *predBuilder) switchLines(lines []line, arg int) (predicate, []line) {
	casesMark, condsMark, linesMark := len(pb.cases), len(pb.conds), len(pb.lines)
	defer func() {
		pb.cases, pb.conds, pb.lines = pb.cases[:casesMark], pb.conds[:condsMark], pb.lines[:linesMark]
	}()
	rest := lines[:0]
	low32 := false
	for _, l := range lines {
		i := eqIndex(l, arg)
		if i < 0 {
			rest = append(rest, l)
			continue
		}
		low32 = l[i].low32
		from := len(pb.conds)
		pb.conds = append(append(pb.conds, l[:i]...), l[i+1:]...)
		pb.cases = append(pb.cases, caseLine{l[i].value, pb.conds[from:len(pb.conds):len(pb.conds)]})
	}
	byValue := pb.cases[casesMark:]
	slices.SortStableFunc(byValue, func(x, y caseLine) int { return cmp.Compare(x.value, y.value) })
	n := 0
	for i := range byValue {
		if i == 0 || byValue[i].value != byValue[i-1].value {
			n++
		}
	}
	cases := make([]switchCase, 0, n)
	for i := 0; i < len(byValue); {
		c := switchCase{value: byValue[i].value}
		from := len(pb.lines)
		for ; i < len(byValue) && byValue[i].value == c.value; i++ {
			pb.lines = append(pb.lines, byValue[i].l)
		}
		if p := pb.linesPredicate(pb.lines[from:]); p != (always{}) {
			c.then = p
		}
		pb.lines = pb.lines[:from]
		cases = append(cases, c)
	}
	return pb.newArgSwitch(arg, low32, cases), rest
}

// manyLines is the number of lines from which dropSubsumedLines and
// dedupeLines index the lines in maps rather than compare them in lists:
// with thousands of lines for one system call, the lists would make them
// quadratic.
const manyLines = 64

// dropSubsumedLines drops each line that implies another line, which
// makes it redundant in a disjunction: the explicit denial of ioctl
// TIOCSTI is implied by the denial of TIOCSTI in the low 32 bits. It
// returns the kept lines in lines' storage.
func (pb *predBuilder) dropSubsumedLines(lines []line) []line {
	redundant := grow(pb.redundant, len(lines))
	pb.redundant = redundant
	next := grow(pb.next, len(lines))
	pb.next = next
	if len(lines) > manyLines {
		pb.markSubsumedByKey(lines, redundant, next)
	} else {
		pb.markSubsumedBySig(lines, redundant, next)
	}
	out := lines[:0]
	for i, l := range lines {
		if !redundant[i] {
			out = append(out, l)
		}
	}
	return out
}

// markSubsumedBySig marks the lines that imply another. A line can only
// imply lines whose equality tests it has too (see lineSig), so it is
// compared only with the lines without equality tests and those whose
// first equality test (in signature bits) it has: the lines are kept in
// lists by that bit, chained through next.
func (pb *predBuilder) markSubsumedBySig(lines []line, redundant []bool, next []int32) {
	sigs := pb.sigs
	var heads [65]int32 // per signature bit, and 64: no equality test
	for b := range heads {
		heads[b] = -1
	}
	for j := len(lines) - 1; j >= 0; j-- {
		b := bits.TrailingZeros64(sigs[j].eqs)
		next[j], heads[b] = heads[b], int32(j)
	}
	for i := range lines {
		redundant[i] = impliesListed(lines, sigs, next, i, heads[64], len(lines))
		for eqs := sigs[i].eqs; !redundant[i] && eqs != 0; eqs &= eqs - 1 {
			redundant[i] = impliesListed(lines, sigs, next, i, heads[bits.TrailingZeros64(eqs)], len(lines))
		}
	}
}

// eqKey is an equality test's argument and the low word it fixes: a line
// implies another only if it has every eqKey of the other (the tests that
// set a lineSig's eqs bits).
type eqKey struct {
	arg   int
	value uint32
}

func eqKeyOf(c argCmp) (eqKey, bool) {
	if c.op == OpEqual || c.op == OpMaskedEqual && uint32(c.mask) == 0xffffffff {
		return eqKey{c.arg, uint32(c.value)}, true
	}
	return eqKey{}, false
}

// markSubsumedByKey is markSubsumedBySig for many lines: the lists are by
// the exact eqKey of a line's first equality test, so that a line is
// compared with the few lines that share one of its tests, not with a
// 64th of all. The lines without equality tests (ranges, say) have no key
// to index them by, so a line is compared with the first maxUnkeyedTries
// of them only: a redundant line that stays costs instructions, never
// correctness, and the work stays linear.
func (pb *predBuilder) markSubsumedByKey(lines []line, redundant []bool, next []int32) {
	heads := make(map[eqKey]int32)
	none := int32(-1) // the list of lines without equality tests
	for j := len(lines) - 1; j >= 0; j-- {
		k, ok := firstEqKey(lines[j])
		if !ok {
			next[j], none = none, int32(j)
			continue
		}
		h, found := heads[k]
		if !found {
			h = -1
		}
		next[j], heads[k] = h, int32(j)
	}
	for i, l := range lines {
		redundant[i] = impliesListed(lines, pb.sigs, next, i, none, maxUnkeyedTries)
		for _, c := range l {
			if redundant[i] {
				break
			}
			if k, ok := eqKeyOf(c); ok {
				if h, found := heads[k]; found {
					redundant[i] = impliesListed(lines, pb.sigs, next, i, h, len(lines))
				}
			}
		}
	}
}

// maxUnkeyedTries bounds markSubsumedByKey's comparisons of a line with
// the lines without equality tests.
const maxUnkeyedTries = 32

func firstEqKey(l line) (eqKey, bool) {
	for _, c := range l {
		if k, ok := eqKeyOf(c); ok {
			return k, true
		}
	}
	return eqKey{}, false
}

// impliesListed reports whether line i implies another line among the
// first tries of the list that starts at head and is chained through next.
// Of two equal lines, the later one is the redundant one.
func impliesListed(lines []line, sigs []lineSig, next []int32, i int, head int32, tries int) bool {
	l := lines[i]
	for j := head; j >= 0 && tries > 0; j, tries = next[j], tries-1 {
		o := lines[j]
		if int(j) != i && sigs[i].mayImply(sigs[j]) && implies(l, o) &&
			!(sigs[j].mayImply(sigs[i]) && implies(o, l) && int(j) > i) {
			return true
		}
	}
	return false
}

// implies reports whether line a holding guarantees that line b holds:
// every condition of b is implied by a condition of a on the same
// argument. It recognises identical conditions and full 64-bit equalities
// (which fix the argument's value); it is conservative otherwise.
func implies(a, b line) bool {
	for _, cb := range b {
		found := false
		for _, ca := range a {
			if ca.arg != cb.arg {
				continue
			}
			if ca == cb || ca.op == OpEqual && !ca.low32 && cb.op.holds(ca.value, cb.value, cb.mask, cb.low32) || masksImply(ca, cb) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// dedupeLines drops lines equal to an earlier one, in lines' storage,
// keeping pb.sigs in step. Past manyLines, the kept lines are indexed by
// their hash.
func (pb *predBuilder) dedupeLines(lines []line) []line {
	sigs := pb.sigs
	var byHash map[uint64][]int32
	if len(lines) > manyLines {
		byHash = make(map[uint64][]int32, len(lines))
	}
	out := lines[:0]
	for i, l := range lines {
		dup := false
		if byHash != nil {
			for _, j := range byHash[sigs[i].hash] {
				if slices.Equal(out[j], l) {
					dup = true
					break
				}
			}
		} else {
			for j, o := range out {
				if sigs[j].hash == sigs[i].hash && slices.Equal(o, l) {
					dup = true
					break
				}
			}
		}
		if !dup {
			if byHash != nil {
				byHash[sigs[i].hash] = append(byHash[sigs[i].hash], int32(len(out)))
			}
			sigs[len(out)] = sigs[i]
			out = append(out, l)
		}
	}
	pb.sigs = sigs[:len(out)]
	return out
}

// masksImply reports whether the masked equality (or equality) a, which
// fixes the argument's bits in its mask, implies the masked equality (or
// equality) b: b's mask bits are among a's, and a fixes them to b's
// value. "|S_IFSOCK" (both bits of 0140000 set) implies "|S_IFREG" (bit
// 0100000 set), and so does "S_IFSOCK".
func masksImply(a, b argCmp) bool {
	am, av, ok := a.fixedBits()
	if !ok {
		return false
	}
	bm, bv, ok := b.fixedBits()
	return ok && bm&^am == 0 && av&bm == bv
}

// fixedBits returns the bits of the argument that an equality or masked
// equality fixes, and their values (a comparison of the low 32 bits
// fixes none of the high ones).
func (c argCmp) fixedBits() (mask, value uint64, ok bool) {
	switch c.op {
	case OpEqual:
		mask = ^uint64(0)
	case OpMaskedEqual:
		mask = c.mask
	default:
		return 0, 0, false
	}
	if c.low32 {
		mask &= 0xffffffff
	}
	if c.value&^mask != 0 {
		return 0, 0, false // never holds
	}
	return mask, c.value, true
}
