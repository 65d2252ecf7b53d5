// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"sort"
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

// tnode is a node of a search tree over spans[lo:hi]: a leaf when left is
// nil, otherwise split at spans[mid].first.
type tnode struct {
	lo, hi, mid int
	left, right *tnode
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
func buildTree(spans []span) *tnode {
	t := treeBuilder{spans: spans, kraft: make([]float64, len(spans)+1), weight: make([]float64, len(spans)+1)}
	for i, s := range spans {
		t.kraft[i+1] = t.kraft[i] + math.Ldexp(1, s.cost)
		t.weight[i+1] = t.weight[i] + s.weight
	}
	budget := int(math.Ceil(math.Log2(t.kraft[len(spans)])))
	t.arena = make([]tnode, 0, 2*len(spans))
	for ; ; budget++ {
		clear(t.failed)
		t.arena = t.arena[:0]
		if root := t.build(0, len(spans), budget); root != nil {
			return root
		}
	}
}

type treeBuilder struct {
	spans  []span
	kraft  []float64 // kraft[i]: sum of 2^cost over spans[:i]
	weight []float64 // weight[i]: sum of weights over spans[:i]
	// failed remembers the subproblems (lo, hi, budget) found infeasible
	// for the current budget, which keeps the search polynomial.
	failed map[[3]int]bool
	arena  []tnode // node storage, to spare the allocator
}

func (t *treeBuilder) node(n tnode) *tnode {
	if len(t.arena) == cap(t.arena) {
		return &n
	}
	t.arena = append(t.arena, n)
	return &t.arena[len(t.arena)-1]
}

// build returns a tree over spans[lo:hi] in which every span finishes
// within budget, or nil.
func (t *treeBuilder) build(lo, hi, budget int) *tnode {
	if hi-lo == 1 {
		if t.spans[lo].cost > budget {
			return nil
		}
		return t.node(tnode{lo: lo, hi: hi})
	}
	key := [3]int{lo, hi, budget}
	if t.failed != nil && t.failed[key] {
		return nil
	}
	limit := math.Ldexp(1, budget-1)
	// Splits s with sum(lo..s) <= limit and sum(s..hi) <= limit form an
	// interval, since the sums are monotonic in s.
	first := sort.Search(hi-lo-1, func(i int) bool { return t.kraft[hi]-t.kraft[lo+1+i] <= limit }) + lo + 1
	last := sort.Search(hi-lo-1, func(i int) bool { return t.kraft[lo+1+i]-t.kraft[lo] > limit }) + lo
	if first <= last {
		// Try the split that balances the weights best, then the one
		// that leaves the most room under the budget on both sides.
		balanced, roomy := first, first
		for s := first + 1; s <= last; s++ {
			if t.imbalance(lo, s, hi) < t.imbalance(lo, balanced, hi) {
				balanced = s
			}
			if t.room(lo, s, hi) > t.room(lo, roomy, hi) {
				roomy = s
			}
		}
		for i, s := range [2]int{balanced, roomy} {
			if i == 1 && s == balanced {
				break
			}
			if left := t.build(lo, s, budget-1); left != nil {
				if right := t.build(s, hi, budget-1); right != nil {
					return t.node(tnode{lo: lo, hi: hi, mid: s, left: left, right: right})
				}
			}
		}
	}
	if t.failed == nil {
		t.failed = map[[3]int]bool{}
	}
	t.failed[key] = true
	return nil
}

// room is the smaller of the two sides' Kraft sums' distance from the
// larger one: splitting where it is largest leaves both sides the most
// freedom.
func (t *treeBuilder) room(lo, s, hi int) float64 {
	return -max(t.kraft[s]-t.kraft[lo], t.kraft[hi]-t.kraft[s])
}

// imbalance measures how unevenly splitting spans[lo:hi] at s divides
// their weight, with the split nearest the middle winning ties.
func (t *treeBuilder) imbalance(lo, s, hi int) float64 {
	w := math.Abs((t.weight[s] - t.weight[lo]) - (t.weight[hi] - t.weight[s]))
	return w + math.Abs(float64(2*s-lo-hi))*1e-9
}

// treeDepth is ceil(log2(n)): the depth of a balanced search tree with n
// leaves, in comparisons.
func treeDepth(n int) int {
	d := 0
	for 1<<d < n {
		d++
	}
	return d
}

// emitTree emits a search for the value in the accumulator over spans
// (sorted, covering 0 to 2^32-1, neighbours with different targets) that
// jumps to the target of the span containing it. Each internal node is one
// "jge first-of-right-subtree" instruction. Nodes are laid out in
// preorder: a node's left child is the next instruction and its right
// child follows the left subtree, so jumps between nodes stay short.
//
// place, when not nil, is asked for each leaf where the leaf falls in the
// preorder: it returns the label the jump to the leaf should use and,
// optionally, code to emit right there (binding that label), which keeps
// the jump short. root is the tree buildTree made for spans, or nil to
// have it built.
func emitTree(b *builder, spans []span, root *tnode, place placer) {
	if len(spans) == 1 {
		l, code := spans[0].target, func() {}
		if place != nil {
			l, code = place(spans[0].target)
		}
		b.goTo(l)
		code()
		return
	}
	if root == nil {
		root = buildTree(spans)
	}
	emitNode(b, spans, root, place)
}

// placer decides where the code for a leaf target goes (see emitTree).
type placer func(target label) (label, func())

func emitNode(b *builder, spans []span, n *tnode, place placer) {
	type child struct {
		n    *tnode
		l    label
		code func()
	}
	pick := func(c *tnode) child {
		if c.left != nil {
			return child{c, b.newLabel(), nil}
		}
		if place == nil {
			return child{c, spans[c.lo].target, nil}
		}
		l, code := place(spans[c.lo].target)
		return child{c, l, code}
	}
	left, right := pick(n.left), pick(n.right)
	b.jump(opJGE, spans[n.mid].first, right.l, left.l)
	for _, c := range [2]child{left, right} {
		switch {
		case c.n.left != nil:
			b.bind(c.l)
			emitNode(b, spans, c.n, place)
		case c.code != nil:
			c.code()
		}
	}
}

// treeCost is the worst case of a tree: comparisons plus span cost.
func treeCost(spans []span, n *tnode) int {
	if n.left == nil {
		return spans[n.lo].cost
	}
	return 1 + max(treeCost(spans, n.left), treeCost(spans, n.right))
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
