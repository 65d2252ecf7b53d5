// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"cmp"
	"math/bits"
	"slices"
)

// Factoring the lines of a system call. Lines that differ in the test of
// one argument only hold together when the rest holds and one of the
// tests does: (a ∧ R) ∨ (b ∧ R) is (a ∨ b) ∧ R, which tests R once. The
// template's denials of set-user-ID files are of that shape:
//
//	~open - |O_CREAT |S_ISUID     ~open - |O_TMPFILE |S_ISUID
//	~open - |O_CREAT |S_ISGID     ~open - |O_TMPFILE |S_ISGID
//
// factor to (|O_CREAT ∨ |O_TMPFILE) ∧ (|S_ISUID ∨ |S_ISGID), and the
// second group is a single "jset S_ISUID|S_ISGID" (anyCmp). The rewrite
// is exact, and never makes a path longer: R and the tests of a and b
// are each tested at most once on any path through the merged line.

// cmpGroup is a disjunction of comparisons of one argument.
type cmpGroup struct {
	arg  int
	cmps []argCmp // sorted (compareCmps), no duplicates
}

// groupLine is a line whose tests are groups: the AND of one group per
// argument, by argument.
type groupLine []cmpGroup

// compareCmps orders comparisons, for groups to compare equal when they
// hold the same ones.
func compareCmps(a, b argCmp) int {
	return cmp.Or(cmp.Compare(a.arg, b.arg), cmp.Compare(a.op, b.op), cmp.Compare(a.value, b.value),
		cmp.Compare(a.mask, b.mask), cmpBool(a.low32, b.low32))
}

func (g cmpGroup) equal(o cmpGroup) bool {
	return g.arg == o.arg && slices.Equal(g.cmps, o.cmps)
}

// maxFactorLines bounds the lines factorLines compares pairwise (the
// rewrite is quadratic per merge); more are left as they are.
const maxFactorLines = 128

// factorLines appends to preds the predicates of lines (each holding one
// comparison per argument, at most), merged as described above, and
// returns preds.
func (pb *predBuilder) factorLines(preds []predicate, lines []line) []predicate {
	if len(lines) < 2 {
		for _, l := range lines {
			preds = append(preds, pb.linePredicate(l))
		}
		return preds
	}
	// The groups and their comparisons live in the builder's storage
	// until the predicates, which copy what they keep, are made; a merge
	// makes the merged group's own slice.
	gls, groups, cmps := pb.groupLines[:0], pb.groups[:0], pb.groupCmps[:0]
	for _, l := range lines {
		if len(lines) > maxFactorLines || !oneCmpPerArg(l) {
			preds = append(preds, pb.linePredicate(l))
			continue
		}
		from := len(groups)
		for _, c := range l {
			cmps = append(cmps, c)
			groups = append(groups, cmpGroup{arg: c.arg, cmps: cmps[len(cmps)-1 : len(cmps) : len(cmps)]})
		}
		gls = append(gls, groupLine(groups[from:len(groups):len(groups)]))
	}
	pb.groupLines, pb.groups, pb.groupCmps = gls, groups, cmps
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(gls) && !merged; i++ {
			for j := i + 1; j < len(gls) && !merged; j++ {
				if k := differingGroup(gls[i], gls[j]); k >= 0 {
					gls[i][k] = unionGroup(gls[i][k], gls[j][k])
					gls = slices.Delete(gls, j, j+1)
					merged = true
				}
			}
		}
	}
	for _, gl := range gls {
		preds = append(preds, pb.groupLinePredicate(gl))
	}
	return preds
}

// oneCmpPerArg reports whether l compares each argument once at most.
func oneCmpPerArg(l line) bool {
	for i := 1; i < len(l); i++ {
		if l[i].arg == l[i-1].arg { // lines are sorted by argument
			return false
		}
	}
	return true
}

// differingGroup returns the index of the one group in which a and b
// differ, testing the same arguments, or -1.
func differingGroup(a, b groupLine) int {
	if len(a) != len(b) {
		return -1
	}
	k := -1
	for i := range a {
		switch {
		case a[i].arg != b[i].arg:
			return -1
		case a[i].equal(b[i]):
		case k >= 0:
			return -1
		default:
			k = i
		}
	}
	return k
}

// unionGroup returns the disjunction of two groups on one argument,
// without the comparisons that imply another one.
func unionGroup(a, b cmpGroup) cmpGroup {
	all := append(slices.Clone(a.cmps), b.cmps...)
	slices.SortFunc(all, compareCmps)
	all = slices.Compact(all)
	kept := all[:0]
	for i, c := range all {
		redundant := false
		for j, o := range all {
			if i != j && implies(line{c}, line{o}) {
				redundant = true
				break
			}
		}
		if !redundant {
			kept = append(kept, c)
		}
	}
	return cmpGroup{arg: a.arg, cmps: kept}
}

// groupLinePredicate returns the AND of the line's groups, the cheapest
// first: the path that fails it early is short.
func (pb *predBuilder) groupLinePredicate(gl groupLine) predicate {
	if len(gl) == 1 {
		return pb.groupPredicate(gl[0])
	}
	preds := make([]predicate, len(gl))
	for i, g := range gl {
		preds[i] = pb.groupPredicate(g)
	}
	slices.SortStableFunc(preds, func(a, b predicate) int { return cmp.Compare(a.cost(), b.cost()) })
	return allOf(preds)
}

// groupPredicate returns the predicate of one group.
func (pb *predBuilder) groupPredicate(g cmpGroup) predicate {
	if len(g.cmps) == 1 {
		return pb.cmp(g.cmps[0])
	}
	a := &anyCmp{arg: g.arg}
	for _, c := range g.cmps {
		if bit, ok := lowBitTest(c); ok {
			a.bits |= bit
			continue
		}
		a.rest = append(a.rest, pb.cmp(c))
	}
	if a.bits == 0 {
		return anyOf(a.rest)
	}
	return a
}

// lowBitTest returns the bit of a comparison that holds when one bit of
// the argument's low word is set ("|S_ISUID"), whatever the other bits.
func lowBitTest(c argCmp) (uint32, bool) {
	lo := uint32(c.mask)
	highFree := c.low32 || c.mask>>32 == 0 && c.value>>32 == 0
	return lo, c.op == OpMaskedEqual && highFree && bits.OnesCount32(lo) == 1 && uint32(c.value) == lo
}

// anyCmp holds when one of the bits of the argument's low word is set,
// or one of the other comparisons (rest) of the argument holds: a
// disjunction of tests of one argument whose single-bit tests share one
// jset.
type anyCmp struct {
	arg  int
	bits uint32
	rest []predicate
}

func (a *anyCmp) emit(e *emitter, onTrue, onFalse label) {
	lo, _ := e.argHalves(a.arg)
	b := e.b
	next := onFalse
	if len(a.rest) > 0 {
		next = b.newLabel()
	}
	b.load(lo)
	b.jump(opJSET, a.bits, onTrue, next)
	if len(a.rest) > 0 {
		b.bind(next)
		anyOf(a.rest).emit(e, onTrue, onFalse)
	}
}

func (a *anyCmp) cost() int { return 2 + anyOf(a.rest).cost() }
