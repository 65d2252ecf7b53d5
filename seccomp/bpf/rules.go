// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"encoding/binary"
	"math/bits"
)

// A predicate is a test on the arguments of one system call, the
// compiler's rule type. The set of implementations is closed: always,
// allOf, anyOf, argCmp and argSwitch.
//
// Contract of emit: the code it appends jumps to onTrue when the predicate
// holds for the call and to onFalse when it does not; it assumes nothing
// about the accumulator on entry, may leave anything in it, and never falls
// through past its last instruction. It binds only labels it creates.
//
// Contract of cost: an upper bound on the instructions the emitted code
// executes on any path, not counting the final jump to onTrue or onFalse
// when that is a fall-through the optimiser removes.
type predicate interface {
	emit(e *emitter, onTrue, onFalse label)
	cost() int
}

// emitter carries what predicates need to generate code: the builder and
// the byte order that decides where the halves of a 64-bit argument are.
type emitter struct {
	b     *builder
	order binary.ByteOrder
	// Storage for argSwitch, used as stacks: a nested predicate appends
	// after what its callers hold and truncates back when done.
	labels []label
	spans  []span
}

// argHalves returns the seccomp_data offsets of the low and high 32-bit
// words of argument i. The kernel stores the 64-bit value in its own byte
// order, so on a big-endian machine the high word comes first.
func (e *emitter) argHalves(i int) (lo, hi uint32) {
	base := uint32(offArgs + 8*i)
	if e.order == binary.BigEndian {
		return base + 4, base
	}
	return base, base + 4
}

// always holds for every call: a line without argument filters.
type always struct{}

func (always) emit(e *emitter, onTrue, _ label) { e.b.goTo(onTrue) }

func (always) cost() int { return 0 }

// allOf holds when all its predicates hold: the filters of one line.
type allOf []predicate

func (ps allOf) emit(e *emitter, onTrue, onFalse label) {
	for i, p := range ps {
		if i == len(ps)-1 {
			p.emit(e, onTrue, onFalse)
			return
		}
		next := e.b.newLabel()
		p.emit(e, next, onFalse)
		e.b.bind(next)
	}
	e.b.goTo(onTrue) // empty conjunction
}

func (ps allOf) cost() int {
	n := 0
	for _, p := range ps {
		n += p.cost()
	}
	return n
}

// anyOf holds when one of its predicates holds: several lines for one
// system call.
type anyOf []predicate

func (ps anyOf) emit(e *emitter, onTrue, onFalse label) {
	for i, p := range ps {
		if i == len(ps)-1 {
			p.emit(e, onTrue, onFalse)
			return
		}
		next := e.b.newLabel()
		p.emit(e, onTrue, next)
		e.b.bind(next)
	}
	e.b.goTo(onFalse) // empty disjunction
}

func (ps anyOf) cost() int { return allOf(ps).cost() }

// argCmp compares one argument with a constant. BPF words are 32 bits, so
// a 64-bit comparison checks the high halves first and decides on the low
// halves only when the high halves are equal. With low32 set the high
// half is ignored (32-bit id arguments).
type argCmp struct {
	arg         int
	op          Op
	value, mask uint64
	low32       bool
}

func (c argCmp) emit(e *emitter, onTrue, onFalse label) {
	lo, hi := e.argHalves(c.arg)
	vlo, vhi := uint32(c.value), uint32(c.value>>32)
	b := e.b
	switch c.op {
	case OpNotEqual:
		argCmp{c.arg, OpEqual, c.value, 0, c.low32}.emit(e, onFalse, onTrue)
	case OpLess: // a < v is !(a >= v)
		argCmp{c.arg, OpGreaterEqual, c.value, 0, c.low32}.emit(e, onFalse, onTrue)
	case OpLessEqual: // a <= v is !(a > v)
		argCmp{c.arg, OpGreater, c.value, 0, c.low32}.emit(e, onFalse, onTrue)
	case OpEqual:
		// Equal halves: the high half first, since a mismatch there
		// (most often a non-zero high word) decides alone.
		if !c.low32 {
			next := b.newLabel()
			b.load(hi)
			b.jump(opJEQ, vhi, next, onFalse)
			b.bind(next)
		}
		b.load(lo)
		b.jump(opJEQ, vlo, onTrue, onFalse)
	case OpGreater, OpGreaterEqual:
		if !c.low32 {
			// Decided by the high halves unless they are equal. When the
			// constant's high half is 0 (or all ones) a different high
			// half can only be greater (or smaller): one test suffices.
			eq := b.newLabel()
			b.load(hi)
			switch vhi {
			case 0:
				b.jump(opJEQ, vhi, eq, onTrue)
			case 0xffffffff:
				b.jump(opJEQ, vhi, eq, onFalse)
			default:
				next := b.newLabel()
				b.jump(opJGT, vhi, onTrue, next)
				b.bind(next)
				b.jump(opJEQ, vhi, eq, onFalse)
			}
			b.bind(eq)
		}
		b.load(lo)
		op := uint16(opJGT)
		if c.op == OpGreaterEqual {
			op = opJGE
		}
		b.jump(op, vlo, onTrue, onFalse)
	case OpMaskedEqual:
		// The mask applies to each half separately; both must match. A
		// high half without mask bits (and value) always matches.
		if !c.low32 && (c.mask>>32 != 0 || vhi != 0) {
			next := b.newLabel()
			maskedHalf(b, hi, uint32(c.mask>>32), vhi, next, onFalse)
			b.bind(next)
		}
		maskedHalf(b, lo, uint32(c.mask), vlo, onTrue, onFalse)
	}
}

func (c argCmp) cost() int {
	switch c.op {
	case OpMaskedEqual:
		n := maskedHalfCost(uint32(c.mask), uint32(c.value))
		if !c.low32 {
			n += maskedHalfCost(uint32(c.mask>>32), uint32(c.value>>32))
		}
		return n
	case OpGreater, OpGreaterEqual, OpLess, OpLessEqual:
		switch {
		case c.low32:
			return 2
		case c.value>>32 == 0 || c.value>>32 == 0xffffffff:
			return 4
		}
		return 5
	}
	if c.low32 {
		return 2
	}
	return 4
}

func maskedHalfCost(mask, value uint32) int {
	switch {
	case mask == 0 && value == 0:
		return 0 // a jump to the next test, which the optimiser removes
	case value&^mask != 0 || mask == 0:
		return 1
	case mask == 0xffffffff || value == 0 || value == mask && bits.OnesCount32(mask) == 1:
		return 2
	}
	return 3
}

// maskedHalf tests (word & mask) == value on one 32-bit half, using the
// cheapest instruction sequence for the mask.
func maskedHalf(b *builder, off, mask, value uint32, onTrue, onFalse label) {
	switch {
	case value&^mask != 0: // bits outside the mask can never match
		b.goTo(onFalse)
	case mask == 0: // value is 0 too: always true
		b.goTo(onTrue)
	case mask == 0xffffffff:
		b.load(off)
		b.jump(opJEQ, value, onTrue, onFalse)
	case value == 0: // none of the mask bits set
		b.load(off)
		b.jump(opJSET, mask, onFalse, onTrue)
	case value == mask && bits.OnesCount32(mask) == 1: // the one bit set
		b.load(off)
		b.jump(opJSET, mask, onTrue, onFalse)
	default:
		b.load(off)
		b.and(mask)
		b.jump(opJEQ, value, onTrue, onFalse)
	}
}

// argSwitch dispatches on the value of one argument: each case holds when
// the argument equals its value and its predicate (nil: always) holds; no
// case holds for other values. It is what several lines become when they
// all test one argument for equality, such as the socket domains of the
// default template, or socket AF_NETLINK with a netlink protocol. The high
// word is compared once per distinct high word, and the low word by a
// search over runs of values, so the cost grows with the logarithm of the
// number of cases. Cases are sorted by value, values unique (only low
// words when low32).
//
// newArgSwitch plans the searches once: cost and emit use the plans.
type argSwitch struct {
	arg    int
	low32  bool
	groups []switchGroup // runs of cases with the same high word; one if low32
	worst  int           // cost()
}

type switchCase struct {
	value uint64
	then  predicate
}

// switchGroup is a run of cases with the same high word, and the search
// over their low words: the tree over caseSpans(cases) if there are more
// than maxChain cases, which lowCost costs.
type switchGroup struct {
	cases []switchCase
	tree  tree
	cost  int // of the low search and the cases' predicates, load excluded
}

func (pb *predBuilder) newArgSwitch(arg int, low32 bool, cases []switchCase) *argSwitch {
	s := &argSwitch{arg: arg, low32: low32}
	// One group per distinct high word (when low32: one for all cases).
	for i, c := range cases {
		if i > 0 && (low32 || c.value>>32 == cases[i-1].value>>32) {
			g := &s.groups[len(s.groups)-1]
			g.cases = g.cases[:len(g.cases)+1]
			continue
		}
		s.groups = append(s.groups, switchGroup{cases: cases[i : i+1]})
	}
	worst := 0
	for i := range s.groups {
		g := &s.groups[i]
		g.cost = pb.lowCost(g)
		worst = max(worst, g.cost)
	}
	if low32 {
		s.worst = 1 + worst
	} else {
		// ld hi, one jeq per high word, ld lo, the low search.
		s.worst = 1 + len(s.groups) + 1 + worst
	}
	return s
}

func (s *argSwitch) emit(e *emitter, onTrue, onFalse label) {
	lo, hi := e.argHalves(s.arg)
	b := e.b
	if s.low32 {
		b.load(lo)
		s.lowSwitch(e, &s.groups[0], onTrue, onFalse)
		return
	}
	// One equality test per distinct high word (usually just 0) picks
	// the group, then each group searches its low words.
	mark := len(e.labels)
	e.labels = append(e.labels, make([]label, len(s.groups))...)
	labels := e.labels[mark:]
	b.load(hi)
	for i, g := range s.groups {
		labels[i] = b.newLabel()
		next := onFalse
		if i < len(s.groups)-1 {
			next = b.newLabel()
		}
		b.jump(opJEQ, uint32(g.cases[0].value>>32), labels[i], next)
		if next != onFalse {
			b.bind(next)
		}
	}
	for i := range s.groups {
		b.bind(labels[i])
		b.load(lo)
		s.lowSwitch(e, &s.groups[i], onTrue, onFalse)
	}
	e.labels = e.labels[:mark]
}

// lowSwitch dispatches on the low word in the accumulator: a chain of
// equality tests for up to three cases, the group's search tree
// otherwise; then the cases' predicates.
func (s *argSwitch) lowSwitch(e *emitter, g *switchGroup, onTrue, onFalse label) {
	b := e.b
	cases := g.cases
	// A case without a further predicate jumps straight to onTrue; one
	// with a predicate gets a label where that predicate's code goes,
	// after the search. The labels live on e.labels until the cases'
	// predicates, which may use it too, are emitted.
	mark := len(e.labels)
	for _, c := range cases {
		l := onTrue
		if c.then != nil {
			l = b.newLabel()
		}
		e.labels = append(e.labels, l)
	}
	targets := e.labels[mark:]
	if len(cases) <= maxChain {
		for i, c := range cases {
			next := onFalse
			if i < len(cases)-1 {
				next = b.newLabel()
			}
			b.jump(opJEQ, uint32(c.value), targets[i], next)
			if next != onFalse {
				b.bind(next)
			}
		}
	} else {
		e.spans = caseSpans(e.spans[:0], cases, targets, onFalse)
		emitTree(b, e.spans, g.tree, nil)
	}
	for i, c := range cases {
		if c.then != nil {
			b.bind(targets[i])
			c.then.emit(e, onTrue, onFalse)
		}
	}
	e.labels = e.labels[:mark]
}

// maxChain is the most cases tested by a chain of equalities rather than
// a search tree.
const maxChain = 3

// caseSpans appends to spans those of a search over the cases' low words:
// runs of case values with the case targets, gaps with onFalse.
func caseSpans(spans []span, cases []switchCase, targets []label, onFalse label) []span {
	spans = append(spans, span{first: 0, target: onFalse, weight: 1})
	for i, c := range cases {
		cost := 0
		if c.then != nil {
			cost = c.then.cost()
		}
		spans = appendSpan(spans, span{first: uint32(c.value), target: targets[i], cost: cost, weight: 1})
		if uint32(c.value) != 0xffffffff {
			spans = appendSpan(spans, span{first: uint32(c.value) + 1, target: onFalse, weight: 1})
		}
	}
	return spans
}

// lowCost is the worst case of lowSwitch over a group, the load
// excluded. For more than maxChain cases it plans the group's search
// tree, with distinct labels standing for the targets as emission would
// use, so that emission finds the same spans and reuses the tree.
func (pb *predBuilder) lowCost(g *switchGroup) int {
	worst := 0
	if len(g.cases) <= maxChain {
		for i, c := range g.cases {
			if c.then != nil {
				worst = max(worst, i+1+c.then.cost())
			}
		}
		return max(worst, len(g.cases))
	}
	targets := make([]label, len(g.cases))
	for i, c := range g.cases {
		targets[i] = label(1)
		if c.then != nil {
			targets[i] = label(2 + i)
		}
	}
	spans := caseSpans(nil, g.cases, targets, label(0))
	g.tree = pb.tb.buildTree(spans)
	return g.tree.cost
}

func (s *argSwitch) cost() int { return s.worst }

// appendSpan appends s to spans, keeping them normalized: neighbours
// with the same target merge, and of two spans with the same first value
// the later one wins. The first span must start at 0.
func appendSpan(spans []span, s span) []span {
	n := len(spans)
	if n > 0 && spans[n-1].first == s.first {
		spans, n = spans[:n-1], n-1
	}
	if n > 0 && spans[n-1].target == s.target {
		last := &spans[n-1]
		last.cost = max(last.cost, s.cost)
		last.weight += s.weight
		return spans
	}
	return append(spans, s)
}
