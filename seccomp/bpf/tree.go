// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"slices"
)

// span maps the 32-bit values from first up to the next span's first (the
// last span: up to 2^32-1) to a jump target. cost is the number of
// instructions executed at the target before the filter returns, at worst;
// weight estimates how often values in the span are seen.
type span struct {
	first  uint32
	target label
	cost   int
	weight float64
}

// A search tree over spans has the spans as leaves and a node for each
// split. A reference to a subtree (tref) is the index of its root node in
// the tree's node slice, or for a leaf ^ the index of its span. Nodes
// hold no pointers: one slice holds a whole tree, the garbage collector
// skips it, and leaves take no storage at all.
type tref int32

func leafRef(span int) tref { return ^tref(span) }

// leaf reports whether r is a leaf, and which span it is.
func (r tref) leaf() (span int, ok bool) { return int(^r), r < 0 }

// tnode splits a subtree at spans[mid].first: the values below go left.
type tnode struct {
	mid         int32
	left, right tref
}

// tree is a search tree over spans: root and the nodes below it, and
// its worst case: comparisons plus the cost of the span reached.
type tree struct {
	nodes []tnode
	root  tref
	cost  int
}

// treeBuilder builds search trees over spans (see build). One builder
// serves a whole compilation: its prefix sums, memo and node storage are
// reused from tree to tree.
type treeBuilder struct {
	spans  []span
	kraft  []float64 // kraft[i]: sum of 2^cost over spans[:i]
	weight []float64 // weight[i]: sum of weights over spans[:i]
	// scan is set when some weight is too small for the binary search
	// in balanced (see there); build then scans every split.
	scan  bool
	nodes []tnode
	// failed remembers the subproblems found infeasible for the current
	// budget, which keeps the search polynomial.
	failed failMemo
	hot    []span // planTree's re-costed copy of the spans
	// shift is subtracted from every cost and budget before it becomes a
	// power of two, so that spans costing more than a float64's exponent
	// holds (a system call with a thousand range tests) keep finite sums.
	shift int
}

// buildTree builds a search tree over spans that keeps the worst case
// (comparisons to reach a span plus the span's cost) as low as possible
// and, within that bound, balances the weight of the two sides of every
// node, so that most spans sit about log2(len(spans)) deep and frequent
// ones shallower. With equal costs it is a balanced tree of depth
// ceil(log2(len(spans))); a costly span, such as a system call whose
// arguments are checked, is lifted towards the root so that the worst path
// through the filter stays short.
//
// The bound is found by trying budgets upwards from the one Kraft's
// inequality allows: a subtree whose spans must all finish within budget
// B needs sum(2^cost) <= 2^B, so each node splits where both sides satisfy
// that for B-1, preferring the best weight balance.
//
// The tree's nodes are appended to t.nodes, after any earlier tree's.
func (t *treeBuilder) buildTree(spans []span) tree {
	t.spans = spans
	t.kraft = grow(t.kraft, len(spans)+1)
	t.weight = grow(t.weight, len(spans)+1)
	t.kraft[0], t.weight[0] = 0, 0
	t.scan = false
	t.shift = 0
	for _, s := range spans {
		t.shift = max(t.shift, s.cost-maxExponent)
	}
	for i, s := range spans {
		t.kraft[i+1] = t.kraft[i] + pow2(s.cost-t.shift)
		t.weight[i+1] = t.weight[i] + s.weight
		t.scan = t.scan || !(s.weight >= minSearchWeight)
	}
	budget := int(math.Ceil(math.Log2(t.kraft[len(spans)]))) + t.shift
	mark := len(t.nodes)
	t.nodes = slices.Grow(t.nodes, len(spans))
	for ; ; budget++ {
		t.failed.reset()
		t.nodes = t.nodes[:mark]
		if root, cost, ok := t.build(0, len(spans), budget); ok {
			return tree{nodes: t.nodes, root: root, cost: cost}
		}
	}
}

// maxExponent bounds the costs given to pow2 (after shift): with at most
// 2^20 spans of 2^maxExponent, a sum stays far from a float64's overflow.
const maxExponent = 900

// pow2 returns 2^e, as math.Ldexp(1, e) does.
func pow2(e int) float64 {
	if e < -1022 || e > 1023 {
		return math.Ldexp(1, e)
	}
	return math.Float64frombits(uint64(e+1023) << 52)
}

// grow returns s resized to n elements, reusing its storage if it can.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n, n+n/4)
	}
	return s[:n]
}

// build returns a tree over spans[lo:hi] in which every span finishes
// within budget, and its worst case; ok is false if it finds none.
func (t *treeBuilder) build(lo, hi, budget int) (root tref, cost int, ok bool) {
	if hi-lo == 1 {
		c := t.spans[lo].cost
		return leafRef(lo), c, c <= budget
	}
	if t.failed.has(lo, hi, budget) {
		return 0, 0, false
	}
	// Splits s with sum(lo..s) <= limit and sum(s..hi) <= limit form an
	// interval, since the sums are monotonic in s. Try the split in it
	// that balances the weights best, then the one that leaves the most
	// room under the budget on both sides.
	limit := pow2(budget - 1 - t.shift)
	if balanced := t.balanced(lo, hi, limit); balanced >= 0 {
		if root, cost, ok = t.split(lo, balanced, hi, budget); ok {
			return root, cost, true
		}
		first, last := t.feasibleSplits(lo, hi, limit)
		if roomy := t.roomiest(lo, hi, first, last); roomy != balanced {
			if root, cost, ok = t.split(lo, roomy, hi, budget); ok {
				return root, cost, true
			}
		}
	}
	t.failed.add(lo, hi, budget)
	return 0, 0, false
}

// split returns a tree over spans[lo:hi] split at s, as build does.
func (t *treeBuilder) split(lo, s, hi, budget int) (tref, int, bool) {
	left, lcost, ok := t.build(lo, s, budget-1)
	if !ok {
		return 0, 0, false
	}
	right, rcost, ok := t.build(s, hi, budget-1)
	if !ok {
		return 0, 0, false
	}
	t.nodes = append(t.nodes, tnode{mid: int32(s), left: left, right: right})
	return tref(len(t.nodes) - 1), 1 + max(lcost, rcost), true
}

// fitsLeft and fitsRight report whether the sides of the split of
// spans[lo:hi] at s fit under limit: the splits where both do are the
// interval that feasibleSplits returns.
func (t *treeBuilder) fitsLeft(lo, s int, limit float64) bool {
	return t.kraft[s]-t.kraft[lo] <= limit
}

func (t *treeBuilder) fitsRight(s, hi int, limit float64) bool {
	return t.kraft[hi]-t.kraft[s] <= limit
}

// feasibleSplits returns the splits s of spans[lo:hi] with
// sum(lo..s) <= limit and sum(s..hi) <= limit, which form an interval
// [first, last] (empty if first > last).
func (t *treeBuilder) feasibleSplits(lo, hi int, limit float64) (first, last int) {
	// first: the smallest s in (lo, hi) whose right side fits, else hi.
	i, j := lo+1, hi
	for i < j {
		if m := int(uint(i+j) >> 1); t.fitsRight(m, hi, limit) {
			j = m
		} else {
			i = m + 1
		}
	}
	first = i
	// last: the largest s in (lo, hi) whose left side fits, else lo.
	i, j = lo+1, hi
	for i < j {
		if m := int(uint(i+j) >> 1); !t.fitsLeft(lo, m, limit) {
			j = m
		} else {
			i = m + 1
		}
	}
	return first, i - 1
}

// minSearchWeight is the smallest span weight for which balanced may
// binary-search; the compiler's weights are at least weightRare.
const minSearchWeight = 1e-6

// balanced returns the feasible split (see feasibleSplits) that divides
// the weight of spans[lo:hi] most evenly, the one nearest the middle on a
// tie, and the first of those: the minimum of imbalance over the feasible
// splits. It returns -1 when no split is feasible.
//
// The difference between the two sides' weights grows with s, by twice
// the weight of the span moved across, so its absolute value falls and
// then rises: the minimum over all splits lies on one of the two around
// the sign change, and the minimum over the feasible interval there too
// if both are feasible, else at the interval's end nearest to them. The
// tie-breaker adds at most 2e-9 per step, far less than twice
// minSearchWeight, so it cannot move the minimum elsewhere. Only the
// ends of the interval need the binary searches of feasibleSplits.
func (t *treeBuilder) balanced(lo, hi int, limit float64) int {
	if t.scan {
		first, last := t.feasibleSplits(lo, hi, limit)
		if first > last {
			return -1
		}
		best := first
		for s := first + 1; s <= last; s++ {
			if t.imbalance(lo, s, hi) < t.imbalance(lo, best, hi) {
				best = s
			}
		}
		return best
	}
	w := t.weight
	i, j := lo+1, hi // the first split whose left side weighs as much or more
	for i < j {
		if m := int(uint(i+j) >> 1); (w[m]-w[lo])-(w[hi]-w[m]) >= 0 {
			j = m
		} else {
			i = m + 1
		}
	}
	// i-1 and i are feasible when i-1 >= first and i <= last.
	if i-1 > lo && i < hi && t.fitsRight(i-1, hi, limit) && t.fitsLeft(lo, i, limit) {
		if t.imbalance(lo, i, hi) < t.imbalance(lo, i-1, hi) {
			return i
		}
		return i - 1
	}
	first, last := t.feasibleSplits(lo, hi, limit)
	switch {
	case first > last:
		return -1
	case i <= first:
		return first
	case i > last:
		return last
	case t.imbalance(lo, i, hi) < t.imbalance(lo, i-1, hi):
		return i
	}
	return i - 1
}

// imbalance measures how unevenly splitting spans[lo:hi] at s divides
// their weight, with the split nearest the middle winning ties.
func (t *treeBuilder) imbalance(lo, s, hi int) float64 {
	w := math.Abs((t.weight[s] - t.weight[lo]) - (t.weight[hi] - t.weight[s]))
	return w + math.Abs(float64(2*s-lo-hi))*1e-9
}

// roomiest returns the first split in [first, last] where the larger of
// the two sides' Kraft sums is smallest: splitting there leaves both
// sides the most freedom under the budget.
//
// The left sum grows with s and the right one shrinks, so their maximum
// is the right sum up to the first split where the left one is at least
// as large (s), and the left sum from there on. The smallest value is
// either the left sum at s, or the right sum just before s, which the
// right sum may already have reached a few splits earlier (where spans
// too small to change the sum cross over).
func (t *treeBuilder) roomiest(lo, hi, first, last int) int {
	k := t.kraft
	i, j := first, last+1
	for i < j {
		if m := int(uint(i+j) >> 1); k[m]-k[lo] >= k[hi]-k[m] {
			j = m
		} else {
			i = m + 1
		}
	}
	s := i
	if s == first {
		return s
	}
	// The first split whose right sum equals the one just before s.
	right := k[hi] - k[s-1]
	i, j = first, s-1
	for i < j {
		if m := int(uint(i+j) >> 1); k[hi]-k[m] <= right {
			j = m
		} else {
			i = m + 1
		}
	}
	if s > last || t.room(lo, i, hi) >= t.room(lo, s, hi) {
		return i
	}
	return s
}

// room is the smaller of the two sides' Kraft sums' distance from the
// larger one: splitting where it is largest leaves both sides the most
// freedom.
func (t *treeBuilder) room(lo, s, hi int) float64 {
	return -max(t.kraft[s]-t.kraft[lo], t.kraft[hi]-t.kraft[s])
}

// failMemo is a set of (lo, hi, budget) triples: an open-addressing hash
// table whose entries belong to the current generation only, so that
// reset empties it without touching its storage.
type failMemo struct {
	slots []failSlot
	gen   int32
	count int
}

type failSlot struct {
	lo, hi, budget, gen int32
}

func (m *failMemo) reset() {
	m.gen++
	m.count = 0
	if m.gen == math.MaxInt32 {
		clear(m.slots)
		m.gen = 1
	}
}

// slot returns where (lo, hi, budget) is or would go.
func (m *failMemo) slot(lo, hi, budget int) *failSlot {
	mask := len(m.slots) - 1
	h := (uint64(lo)*0x9e3779b97f4a7c15 ^ uint64(hi)*0xc2b2ae3d27d4eb4f ^ uint64(budget)*0x165667b19e3779f9) >> 20
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := &m.slots[i]
		if s.gen != m.gen || int(s.lo) == lo && int(s.hi) == hi && int(s.budget) == budget {
			return s
		}
	}
}

func (m *failMemo) has(lo, hi, budget int) bool {
	return m.count > 0 && m.slot(lo, hi, budget).gen == m.gen
}

func (m *failMemo) add(lo, hi, budget int) {
	if 2*(m.count+1) > len(m.slots) {
		m.rehash()
	}
	s := m.slot(lo, hi, budget)
	*s = failSlot{int32(lo), int32(hi), int32(budget), m.gen}
	m.count++
}

// rehash doubles the table, keeping the current generation's entries.
func (m *failMemo) rehash() {
	old := m.slots
	m.slots = make([]failSlot, max(256, 2*len(old)))
	gen := m.gen
	m.gen, m.count = 1, 0
	for _, s := range old {
		if s.gen == gen {
			*m.slot(int(s.lo), int(s.hi), int(s.budget)) = failSlot{s.lo, s.hi, s.budget, 1}
			m.count++
		}
	}
}

// emitTree emits a search for the value in the accumulator over spans
// (sorted, covering 0 to 2^32-1, neighbours with different targets) that
// jumps to the target of the span containing it, along t, a tree over
// spans. Each internal node is one "jge first-of-right-subtree"
// instruction. Nodes are laid out in preorder: a node's left child is the
// next instruction and its right child follows the left subtree, so jumps
// between nodes stay short.
//
// pl, when not nil, is asked for each leaf where the leaf falls in the
// preorder: it returns the label the jump to the leaf should use and,
// optionally, code to emit right there (binding that label), which keeps
// the jump short.
func emitTree(b *builder, spans []span, t tree, pl *placer) {
	if i, ok := t.root.leaf(); ok {
		l, code := spans[i].target, noCode
		if pl != nil {
			l, code = pl.place(spans[i].target)
		}
		b.goTo(l)
		pl.emit(code)
		return
	}
	emitNode(b, spans, t, t.root, pl)
}

func emitNode(b *builder, spans []span, t tree, r tref, pl *placer) {
	nd := &t.nodes[r]
	left, right := nd.left, nd.right
	ll, lcode := pickChild(b, spans, left, pl)
	rl, rcode := pickChild(b, spans, right, pl)
	b.jump(opJGE, spans[nd.mid].first, rl, ll)
	emitChild(b, spans, t, left, ll, lcode, pl)
	emitChild(b, spans, t, right, rl, rcode, pl)
}

// pickChild returns the label for the jump to child c of a node, and the
// code a placer puts there if c is a leaf.
func pickChild(b *builder, spans []span, c tref, pl *placer) (label, leafCode) {
	i, leaf := c.leaf()
	switch {
	case !leaf:
		return b.newLabel(), noCode
	case pl == nil:
		return spans[i].target, noCode
	}
	return pl.place(spans[i].target)
}

// emitChild emits child c of a node, where pickChild said.
func emitChild(b *builder, spans []span, t tree, c tref, l label, code leafCode, pl *placer) {
	if _, leaf := c.leaf(); leaf {
		pl.emit(code)
		return
	}
	b.bind(l)
	emitNode(b, spans, t, c, pl)
}

// emitLinear is the baseline dispatch that snapd's compiler gets from
// libseccomp without its tree optimisation: an equality test for each
// system call number whose target differs from the default, in ascending
// order, then the default. Wide spans (the x32 range) get one range test.
// Only benchmarks use it, to measure the tree against.
func emitLinear(b *builder, spans []span, def label) {
	for i, s := range spans {
		if s.target == def {
			continue
		}
		last := uint32(math.MaxUint32)
		if i+1 < len(spans) {
			last = spans[i+1].first - 1
		}
		next := b.newLabel()
		switch {
		case last-s.first >= 64 && last == math.MaxUint32:
			b.jump(opJGE, s.first, s.target, next)
		case last-s.first >= 64:
			in := b.newLabel()
			b.jump(opJGE, s.first, in, next)
			b.bind(in)
			b.jump(opJGT, last, next, s.target)
		default:
			for v := s.first; v != last; v++ {
				after := b.newLabel()
				b.jump(opJEQ, v, s.target, after)
				b.bind(after)
			}
			b.jump(opJEQ, last, s.target, next)
		}
		b.bind(next)
	}
	b.goTo(def)
}
