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

// hotDepths are the depths planTree tries to give the hot system calls.
var hotDepths = [...]int{6}

// planTree builds the dispatch tree. The worst case is set by the costly
// rule blocks; the hot system calls (read, write, futex and epoll_pwait,
// which dominate event-loop servers such as the kubelet) are then costed
// as if they were as expensive as that worst case allows at a small depth,
// which lifts them towards the root without making the worst case worse.
func planTree(spans []span) *tnode {
	root := buildTree(spans)
	worst := treeCost(spans, root)
	hot := make([]span, len(spans))
	for _, depth := range hotDepths {
		copy(hot, spans)
		for i := range hot {
			if hot[i].weight >= weightHot {
				hot[i].cost = max(hot[i].cost, worst-depth)
			}
		}
		if r := buildTree(hot); treeCost(hot, r) <= worst {
			return r
		}
	}
	return root
}

// Span weights, relative call frequencies: the tree balances them.
const (
	weightHot     = 64
	weightAllowed = 1
	weightRare    = 0.125 // denied or undefined numbers, and compat ABIs
)

func isHot(name string) bool {
	switch name {
	case "read", "write", "futex", "epoll_pwait":
		return true
	}
	return false
}

// ruleBlock is a system call whose decision needs its arguments.
type ruleBlock struct {
	s           *sysRules
	start       label
	allow, deny predicate // nil: no test (allowAll, or no denials)
	cost        int
}

// ruleBlock returns the block for a system call. The predicates depend
// only on the rules, so architectures that share them share the work.
func (c *compiler) ruleBlock(s *sysRules, start label) ruleBlock {
	var key [2]uint64 // the rules' indexes, hashed
	for _, k := range s.keys {
		i := uint64(uint32(k))
		key[0] = key[0]*1000003 + i + 1
		key[1] = key[1]*998244353 ^ i
	}
	if blk, ok := c.blocks[key]; ok {
		blk.s, blk.start = s, start
		return blk
	}
	blk := newRuleBlock(s, start, c.rules)
	c.blocks[key] = blk
	return blk
}

func newRuleBlock(s *sysRules, start label, rules []resolvedRule) ruleBlock {
	blk := ruleBlock{s: s, start: start, cost: costReturn}
	allow, deny := s.lines(rules)
	if !s.allowAll {
		blk.allow = linesPredicate(allow)
		blk.cost += blk.allow.cost()
	}
	if len(deny) > 0 {
		blk.deny = linesPredicate(deny)
		blk.cost += blk.deny.cost()
	}
	return blk
}

// abiTargets are the shared jump targets of one ABI group's dispatch.
type abiTargets struct {
	allow, perm, other label
}

// abiSpans maps the number space of an ABI group to decisions: a return
// for calls decided by their number alone, a rule block otherwise.
func (c *compiler) abiSpans(g abiGroup, t abiTargets) ([]span, []ruleBlock) {
	spans := make([]span, 0, 1024)
	var blocks []ruleBlock
	for _, seg := range segments(g) {
		if seg.arch == ArchInvalid {
			spans = append(spans, span{first: seg.first, target: t.other, cost: costReturn, weight: weightRare})
			continue
		}
		// Numbers between the policy's calls (undefined, or not named)
		// are denied with EPERM: the segment starts with such a span and
		// each call is followed by one, which normalizeSpans merges away
		// when the next call follows directly.
		discount := 0
		if seg.arch != c.opts.Arch {
			discount = compatDiscount
		}
		spans = append(spans, span{first: seg.first, target: t.perm, cost: costReturn - discount, weight: weightRare})
		sys := archRules(c.rules, seg.arch)
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
				blk := c.ruleBlock(s, target)
				blocks = append(blocks, blk)
				cost = blk.cost
			}
			switch {
			case discount > 0:
				weight = weightRare
			case isHot(s.name):
				weight = weightHot
			}
			if seg.arch == c.opts.Arch && s.allows > 0 {
				c.stats.AllowedSyscalls++
			}
			spans = append(spans, span{first: s.nr, target: target, cost: cost - discount, weight: weight})
			if s.nr < seg.last {
				spans = append(spans, span{first: s.nr + 1, target: t.perm, cost: costReturn - discount, weight: weightRare})
			}
		}
	}
	return normalizeSpans(spans), blocks
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
	pending := map[label]ruleBlock{}
	for _, blk := range blocks {
		pending[blk.start] = blk
	}
	returns := map[label]Action{t.allow: v.allow, t.perm: v.eperm, t.other: v.other}
	place := func(target label) (label, func()) {
		if a, ok := returns[target]; ok {
			l := b.newLabel()
			return l, func() { b.bind(l); b.ret(a) }
		}
		blk, ok := pending[target]
		if !ok {
			return target, nil
		}
		delete(pending, target)
		return target, func() { b.bind(blk.start); c.emitBlock(blk, v) }
	}
	if c.how == dispatchLinear {
		emitLinear(b, spans, t.perm)
	} else {
		emitTree(b, spans, planTree(spans), place)
	}
	b.bind(t.allow)
	b.ret(v.allow)
	b.bind(t.perm)
	b.ret(v.eperm)
	b.bind(t.other)
	b.ret(v.other)
	// Blocks the tree did not place (the linear dispatch places none).
	for _, blk := range blocks {
		if _, ok := pending[blk.start]; ok {
			b.bind(blk.start)
			c.emitBlock(blk, v)
		}
	}
	c.stats.ArgumentChecks += len(blocks)
}

// emitBlock emits the decision for one system call:
//
//	if no allow line matches:           EPERM
//	else if an explicit denial matches: EACCES
//	else:                               ALLOW
//
// with local returns, so that no jump leaves the block.
func (c *compiler) emitBlock(blk ruleBlock, v verdicts) {
	b := c.e.b
	allowL, permL, accesL := b.newLabel(), b.newLabel(), b.newLabel()
	check := allowL
	if blk.deny != nil {
		check = b.newLabel()
	}
	if blk.allow == nil {
		b.goTo(check)
	} else {
		blk.allow.emit(c.e, check, permL)
	}
	if blk.deny != nil {
		b.bind(check)
		blk.deny.emit(c.e, accesL, allowL)
	}
	b.bind(allowL)
	b.ret(v.allow)
	b.bind(permL)
	b.ret(v.eperm)
	b.bind(accesL)
	b.ret(v.eacces)
}
