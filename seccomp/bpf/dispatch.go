// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"slices"
)

// segment is a range of system call numbers under one AUDIT_ARCH value
// and the architecture whose calls carry them (ArchInvalid: an ABI the
// filter does not cover).
type segment struct {
	first, last uint32
	arch        Arch
}

// numberRange returns the system call numbers an architecture's calls
// carry: x86-64 and x32 share AUDIT_ARCH_X86_64 and split the number space
// at bit 30; every other architecture owns all of it.
func numberRange(a Arch) (first, last uint32) {
	switch a {
	case ArchAMD64:
		return 0, x32SyscallBit - 1
	case ArchX32:
		return x32SyscallBit, math.MaxUint32
	}
	return 0, math.MaxUint32
}

// segments covers the number space of an ABI group, marking the ranges of
// architectures with the same AUDIT_ARCH value that the filter leaves out.
func segments(g abiGroup) []segment {
	var segs []segment
	for _, a := range Arches() {
		if a.AuditArch() != g.audit {
			continue
		}
		first, last := numberRange(a)
		s := segment{first: first, last: last}
		if slices.Contains(g.arches, a) {
			s.arch = a
		}
		segs = append(segs, s)
	}
	slices.SortFunc(segs, func(x, y segment) int { return int(int64(x.first) - int64(y.first)) })
	return segs
}

// Leaf costs for the search tree (see buildTree). A return costs one
// instruction; a rule block its predicates' cost. Calls through a compat
// ABI are discounted, which sinks them below the native ones.
const (
	costReturn     = 1
	compatDiscount = 3
)

// hotDepth is the depth planTree tries to give the hot system calls.
const hotDepth = 6

// planTree builds the dispatch tree. The worst case is set by the costly
// rule blocks; the hot system calls (hotSyscalls, which dominate
// event-loop servers such as the kubelet) are then costed as if they were
// as expensive as that worst case allows at a small depth, which lifts
// them towards the root without making the worst case worse.
func (t *treeBuilder) planTree(spans []span) tree {
	root := t.buildTree(spans)
	worst := root.cost
	t.hot = grow(t.hot, len(spans))
	hot := t.hot
	copy(hot, spans)
	lifted := false
	for i := range hot {
		if hot[i].weight >= weightHot && hot[i].cost < worst-hotDepth {
			hot[i].cost, lifted = worst-hotDepth, true
		}
	}
	if !lifted {
		// The same spans would give the same tree again.
		return root
	}
	// The new tree's nodes follow root's, which stays valid.
	if r := t.buildTree(hot); r.cost <= worst {
		return r
	}
	return root
}

// Span weights, relative call frequencies: the tree balances them.
const (
	weightHot     = 64
	weightAllowed = 1
	weightRare    = 0.125 // denied or undefined numbers, and compat ABIs
)

// hotSyscalls are the system calls whose dispatch planTree shortens.
var hotSyscalls = [...]string{"read", "write", "futex", "epoll_pwait"}

// blockCode is the decision of a system call whose decision needs its
// arguments. It depends only on the call's rules, so the architectures
// that share them share it.
type blockCode struct {
	allow, deny predicate // nil: no test (allowAll, or no denials)
	cost        int
}

// ruleBlock places a blockCode in one ABI's dispatch.
type ruleBlock struct {
	start label
	code  int32 // index in compiler.codes
}

// blockCode returns the index of the code for a system call's rules. The
// code is a function of the rules' lines alone, so it is made once for
// each distinct sequence of lines: once per syscallTable row, which every
// architecture shares, and once for calls with the same lines, such as
// setresuid and setresuid32. (Merged aliases, whose callRules last only
// until the next architecture's, find codes but are not indexed.)
func (c *compiler) blockCode(s *callRules) int32 {
	if s.row >= 0 && c.codeOf[s.row] > 0 {
		return c.codeOf[s.row] - 1
	}
	h := c.rules.linesHash(s)
	i, ok := c.codeByLines[h]
	for ok && !c.rules.sameLines(c.codeRules[i], s) {
		i, ok = c.codeNext[i], c.codeNext[i] >= 0
	}
	if !ok {
		c.codes = append(c.codes, c.newBlockCode(s))
		i = int32(len(c.codes) - 1)
		c.codeRules = append(c.codeRules, s)
		c.codeNext = append(c.codeNext, -1)
		if s.row < 0 {
			return i
		}
		if first, chained := c.codeByLines[h]; chained {
			c.codeNext[i] = first
		}
		c.codeByLines[h] = i
	}
	if s.row >= 0 {
		c.codeOf[s.row] = i + 1
	}
	return i
}

func (c *compiler) newBlockCode(s *callRules) blockCode {
	blk := blockCode{cost: costReturn}
	allow, deny := s.lines(c.rules.rules, c.allowBuf[:0], c.denyBuf[:0])
	c.allowBuf, c.denyBuf = allow[:0], deny[:0]
	if !s.allowAll {
		blk.allow = c.pb.linesPredicate(allow)
		blk.cost += blk.allow.cost()
	}
	if len(deny) > 0 {
		blk.deny = c.pb.linesPredicate(deny)
		blk.cost += blk.deny.cost()
	}
	return blk
}

// abiTargets are the shared jump targets of one ABI group's dispatch.
type abiTargets struct {
	allow, perm, other label
}

// abiSpans maps the number space of an ABI group to decisions: a return
// for calls decided by their number alone, a rule block otherwise. The
// spans and blocks are valid until the next call.
func (c *compiler) abiSpans(g abiGroup, t abiTargets) ([]span, []ruleBlock) {
	spans, blocks := c.spans[:0], c.blocks[:0]
	for _, seg := range segments(g) {
		if seg.arch == ArchInvalid {
			spans = appendSpan(spans, span{first: seg.first, target: t.other, cost: costReturn, weight: weightRare})
			if seg.last == math.MaxUint32 && slices.Contains(g.arches, ArchAMD64) {
				// Number -1 (a call a tracer skipped) is no x32 call
				// for libseccomp (see skippedCall): no rule names it.
				spans = appendSpan(spans, span{first: math.MaxUint32, target: t.perm, cost: costReturn, weight: weightRare})
			}
			continue
		}
		// Numbers between the policy's calls (undefined, or not named)
		// are denied with EPERM: the segment starts with such a span and
		// each call is followed by one, which appendSpan merges away
		// when the next call follows directly.
		discount := 0
		if seg.arch != c.opts.Arch {
			discount = compatDiscount
		}
		sys := c.rules.archRules(seg.arch)
		spans = slices.Grow(spans, 1+2*len(sys))
		spans = appendSpan(spans, span{first: seg.first, target: t.perm, cost: costReturn - discount, weight: weightRare})
		for i := range sys {
			s := &sys[i]
			if s.nr < seg.first || s.nr > seg.last {
				continue
			}
			target, cost, weight := t.perm, costReturn, weightRare
			switch {
			case s.allows == 0: // only named in explicit denials: EPERM
			case s.allowAll && s.denies == 0:
				target, weight = t.allow, weightAllowed
			default:
				target, weight = c.e.b.newLabel(), weightAllowed
				blk := ruleBlock{start: target, code: c.blockCode(s.callRules)}
				blocks = append(blocks, blk)
				cost = c.codes[blk.code].cost
			}
			switch {
			case discount > 0:
				weight = weightRare
			case s.hot:
				weight = weightHot
			}
			if seg.arch == c.opts.Arch && s.allows > 0 {
				c.stats.AllowedSyscalls++
			}
			spans = appendSpan(spans, span{first: s.nr, target: target, cost: cost - discount, weight: weight})
			if s.nr < seg.last {
				spans = appendSpan(spans, span{first: s.nr + 1, target: t.perm, cost: costReturn - discount, weight: weightRare})
			}
		}
	}
	c.spans, c.blocks = spans, blocks
	return spans, blocks
}

// emitABI emits the dispatch for one AUDIT_ARCH value: load the number,
// search the ranges, and the code the ranges jump to.
func (c *compiler) emitABI(g abiGroup, v verdicts) {
	b := c.e.b
	t := abiTargets{b.newLabel(), b.newLabel(), b.newLabel()}
	spans, blocks := c.abiSpans(g, t)
	// A holds the system call number for the whole search; rule blocks
	// load arguments over it, which is fine as they never return to the
	// tree.
	b.load(offNr)
	// Returns and blocks are emitted where the tree reaches them, so that
	// the jumps to them stay within the 255 instructions a conditional
	// jump can span. A return is one instruction, as cheap as a jump to a
	// shared one.
	pl := &placer{c: c, v: v, t: t, blocks: blocks, placed: grow(c.placed, len(blocks))}
	clear(pl.placed)
	if c.how == dispatchLinear {
		emitLinear(b, spans, t.perm)
	} else {
		mark := len(c.tb.nodes)
		emitTree(b, spans, c.tb.planTree(spans), pl)
		c.tb.nodes = c.tb.nodes[:mark]
	}
	b.bind(t.allow)
	b.ret(v.allow)
	b.bind(t.perm)
	b.ret(v.eperm)
	b.bind(t.other)
	b.ret(v.other)
	// Blocks the tree did not place (the linear dispatch places none).
	for i, blk := range blocks {
		if !pl.placed[i] {
			b.bind(blk.start)
			c.emitBlock(c.codes[blk.code], v)
		}
	}
	c.placed = pl.placed
	c.stats.ArgumentChecks += len(blocks)
}

// placer puts the code for the leaves of an ABI's dispatch tree where
// the tree reaches them (see emitTree): a fresh return for a shared
// return target, and a rule block the first time the tree reaches it.
type placer struct {
	c      *compiler
	v      verdicts
	t      abiTargets
	blocks []ruleBlock // their start labels are consecutive (abiSpans)
	placed []bool      // per block: emitted already
}

// leafCode is code a placer emits after a jump to a leaf: a return of
// ret, or blocks[block]; at < 0: none.
type leafCode struct {
	at    label
	ret   Action
	block int32
}

var noCode = leafCode{at: -1}

// place returns the label for a jump to target and the code to emit.
func (p *placer) place(target label) (label, leafCode) {
	switch target {
	case p.t.allow:
		return p.ret(p.v.allow)
	case p.t.perm:
		return p.ret(p.v.eperm)
	case p.t.other:
		return p.ret(p.v.other)
	}
	if len(p.blocks) == 0 {
		return target, noCode
	}
	i := int(target - p.blocks[0].start)
	if i < 0 || i >= len(p.blocks) || p.blocks[i].start != target || p.placed[i] {
		return target, noCode
	}
	p.placed[i] = true
	return target, leafCode{at: target, block: int32(i)}
}

func (p *placer) ret(a Action) (label, leafCode) {
	l := p.c.e.b.newLabel()
	return l, leafCode{at: l, ret: a, block: -1}
}

// emit emits code that place returned; a nil placer has none.
func (p *placer) emit(code leafCode) {
	if p == nil || code.at < 0 {
		return
	}
	p.c.e.b.bind(code.at)
	if code.block < 0 {
		p.c.e.b.ret(code.ret)
		return
	}
	p.c.emitBlock(p.c.codes[p.blocks[code.block].code], p.v)
}

// emitBlock emits the decision for one system call:
//
//	if no allow line matches:           EPERM
//	else if an explicit denial matches: EACCES
//	else:                               ALLOW
//
// with local returns, so that no jump leaves the block. Without an allow
// test (allowAll) the block starts with the denials' test.
func (c *compiler) emitBlock(blk blockCode, v verdicts) {
	b := c.e.b
	allowL, permL, accesL := b.newLabel(), b.newLabel(), b.newLabel()
	if blk.allow != nil {
		check := allowL
		if blk.deny != nil {
			check = b.newLabel()
		}
		blk.allow.emit(&c.e, check, permL)
		if blk.deny != nil {
			b.bind(check)
		}
	}
	if blk.deny != nil {
		blk.deny.emit(&c.e, accesL, allowL)
	}
	b.bind(allowL)
	b.ret(v.allow)
	b.bind(permL)
	b.ret(v.eperm)
	b.bind(accesL)
	b.ret(v.eacces)
}
