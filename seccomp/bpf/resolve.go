// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"slices"
	"sync"
)

// line is one policy line with its constants resolved: the AND of its
// argument comparisons, sorted by argument.
type line []argCmp

// callRules gathers the rules that name one system call: rules[i] for i
// in idx, in source order. Aliases that share a number on some
// architecture get a callRules with the rules of both there.
type callRules struct {
	idx      []int32
	row      int32 // the slot (see ruleSet), -1 for merged aliases
	allows   int32 // allow lines
	denies   int32 // explicit denials
	allowAll bool  // an allow line without filters
	hot      bool  // the first rule names one of hotSyscalls
}

// sysRules is a system call number of one architecture and its rules.
type sysRules struct {
	nr uint32
	*callRules
}

// lines appends the system call's allow and deny lines to allow and deny.
func (s *callRules) lines(rules []resolvedRule, allow, deny []line) ([]line, []line) {
	for _, i := range s.idx {
		rr := &rules[i]
		if rr.deny {
			deny = append(deny, rr.line)
		} else {
			allow = append(allow, rr.line)
		}
	}
	return allow, deny
}

// resolvedRule is a policy rule whose operands have been resolved to the
// native architecture's values, which every architecture of a filter uses
// (as snapd's compiler uses the build host's headers for all of them), and
// whose system call has been looked up in the syscall table.
type resolvedRule struct {
	line line
	row  int32 // slot (see ruleSet), -1 when no table has the call
	deny bool
}

// ruleSet holds a policy's resolved rules, grouped by system call: calls
// has an entry for each slot that rules name, in slot order; callOf[slot]-1
// is its index there, or -1. A slot is a syscallTable row in one of the
// views the filter's ABIs read the lines with (abiView): slot
// k*len(syscallTable)+row holds row's lines as views[k] reads them.
// archRules reads them in each architecture's number order, so nothing is
// sorted per architecture.
type ruleSet struct {
	views  []abiView
	rules  []resolvedRule
	conds  []argCmp // the lines' storage
	byRow  []int32  // rule indexes grouped by slot, for calls[].idx
	start  []int32  // group's counts
	calls  []callRules
	callOf []int32
	// Storage that archRules reuses from one architecture to the next.
	sys         []sysRules
	merged      []callRules
	mergedRules []int32
}

// slots returns the number of slots: a row per view.
func (rs *ruleSet) slots() int { return len(rs.views) * len(syscallTable) }

// resolve resolves the rules of p for a filter whose native architecture
// is native and whose ABIs read them with views, and groups them.
func (rs *ruleSet) resolve(p *Policy, native Arch, views []abiView) error {
	rs.views = append(rs.views[:0], views...)
	nrules, nconds := 0, 0
	for _, v := range views {
		for i := range p.Rules {
			r := &p.Rules[i]
			nrules, nconds = nrules+1, nconds+len(r.Conds)
			if v&viewMux == 0 {
				continue
			}
			if _, _, ok := ruleMultiplexer(r); ok {
				nrules, nconds = nrules+1, nconds+len(r.Conds)+1
			}
		}
	}
	rs.rules = grow(rs.rules, nrules)[:0]
	// One array holds every line; each line is a capped window of it,
	// which appending within the capacity counted above leaves in place.
	conds := grow(rs.conds, nconds)[:0]
	for k, v := range views {
		offset := int32(k * len(syscallTable))
		for i := range p.Rules {
			r := &p.Rules[i]
			from := len(conds)
			for _, c := range r.Conds {
				value, mask, err := c.resolve(native)
				if err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				if c.Low32 {
					value, mask = value&0xffffffff, mask&0xffffffff
				}
				conds = append(conds, v.cond(argCmp{arg: c.Arg, op: c.Op, value: value, mask: mask, low32: c.Low32}))
			}
			l := window(conds, from)
			sortByArg(l)
			rs.rules = append(rs.rules, resolvedRule{line: l, row: slot(r.tableRow(), offset), deny: r.Deny})
			if v&viewMux == 0 {
				continue
			}
			if muxRow, op, ok := ruleMultiplexer(r); ok {
				from = len(conds)
				conds = v.muxLine(conds, l, op)
				rs.rules = append(rs.rules, resolvedRule{line: window(conds, from), row: slot(muxRow, offset), deny: r.Deny})
			}
		}
	}
	rs.conds = conds
	rs.group()
	return nil
}

// window returns conds[from:] as a line that appending cannot overwrite.
func window(conds []argCmp, from int) line {
	return line(conds[from:len(conds):len(conds)])
}

// slot returns the slot of syscallTable row row in the view at offset,
// or -1 for calls no table has.
func slot(row int, offset int32) int32 {
	if row < 0 {
		return -1
	}
	return int32(row) + offset
}

// viewOffset returns the first slot of the view architecture a reads the
// lines with.
func (rs *ruleSet) viewOffset(a Arch) int {
	return slices.Index(rs.views, a.view()) * len(syscallTable)
}

// sortByArg sorts a line by argument, stably (an insertion sort: lines
// have at most a few conditions).
func sortByArg(l line) {
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && l[j].arg < l[j-1].arg; j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}

// group gathers the rules by slot (a counting sort, which keeps source
// order within a slot) into calls.
func (rs *ruleSet) group() {
	slots := rs.slots()
	start := grow(rs.start, slots+2)
	rs.start = start
	clear(start)
	for _, rr := range rs.rules {
		start[rr.row+2]++
	}
	for e := 2; e < len(start); e++ {
		start[e] += start[e-1]
	}
	// start[e+1] is now where slot e's rules begin (slot -1: unknown
	// calls); placing each rule moves it on to where slot e+1's begin.
	rs.byRow = grow(rs.byRow, len(rs.rules))
	for i, rr := range rs.rules {
		rs.byRow[start[rr.row+1]] = int32(i)
		start[rr.row+1]++
	}
	rs.calls = rs.calls[:0]
	rs.callOf = grow(rs.callOf, slots)
	hot := hotRows()
	for row := range slots {
		rs.callOf[row] = -1
		if start[row+1] == start[row] {
			continue
		}
		c := callRules{idx: rs.byRow[start[row]:start[row+1]], row: int32(row), hot: slices.Contains(hot[:], uint16(row%len(syscallTable)))}
		rs.count(&c)
		rs.callOf[row] = int32(len(rs.calls))
		rs.calls = append(rs.calls, c)
	}
	// archRules finds at most one system call per named slot.
	rs.sys = slices.Grow(rs.sys[:0], len(rs.calls))
}

// hotRows returns the syscallTable rows of hotSyscalls.
var hotRows = sync.OnceValue(func() (rows [len(hotSyscalls)]uint16) {
	for i, name := range hotSyscalls {
		rows[i] = uint16(syscallIndex(name))
	}
	return rows
})

// count sets the line counts of c.
func (rs *ruleSet) count(c *callRules) {
	for _, i := range c.idx {
		rr := &rs.rules[i]
		switch {
		case rr.deny:
			c.denies++
		case len(rr.line) == 0:
			c.allowAll = true
			c.allows++
		default:
			c.allows++
		}
	}
}

// archRules returns, sorted by number, the system calls of architecture a
// that the policy names. Names a does not have are skipped, as snapd does.
// The result is valid until the next call.
func (rs *ruleSet) archRules(a Arch) []sysRules {
	out := rs.sys[:0]
	rs.merged, rs.mergedRules = rs.merged[:0], rs.mergedRules[:0]
	order := syscallOrder(a)
	offset := rs.viewOffset(a)
	for i := 0; i < len(order); {
		s := sysRules{nr: uint32(order[i].nr)}
		// Rows with the same number (aliases) are neighbours in order.
		for nr := order[i].nr; i < len(order) && order[i].nr == nr; i++ {
			k := rs.callOf[offset+int(order[i].row)]
			switch {
			case k < 0:
			case s.callRules == nil:
				s.callRules = &rs.calls[k]
			default:
				s.callRules = rs.merge(s.callRules, &rs.calls[k])
			}
		}
		if s.callRules != nil {
			out = append(out, s)
		}
	}
	rs.sys = out
	return out
}

// merge returns the rules of two aliases named on an architecture where
// they share a number, in source order.
func (rs *ruleSet) merge(x, y *callRules) *callRules {
	from := len(rs.mergedRules)
	rs.mergedRules = append(append(rs.mergedRules, x.idx...), y.idx...)
	idx := rs.mergedRules[from:len(rs.mergedRules):len(rs.mergedRules)]
	slices.Sort(idx)
	hot := x.hot
	if y.idx[0] < x.idx[0] {
		hot = y.hot
	}
	rs.merged = append(rs.merged, callRules{idx: idx, row: -1, hot: hot})
	m := &rs.merged[len(rs.merged)-1]
	rs.count(m)
	return m
}

// linesHash hashes the lines of c's rules and whether they are denials:
// what the code for c depends on.
func (rs *ruleSet) linesHash(c *callRules) uint64 {
	h := uint64(len(c.idx))
	for _, i := range c.idx {
		rr := &rs.rules[i]
		h = (h ^ uint64(len(rr.line))) * 0x100000001b3
		if rr.deny {
			h = (h ^ 0xd) * 0x100000001b3
		}
		h ^= signature(rr.line).hash
	}
	return h
}

// sameLines reports whether x's and y's rules have the same lines and
// denials, in the same order.
func (rs *ruleSet) sameLines(x, y *callRules) bool {
	if len(x.idx) != len(y.idx) {
		return false
	}
	for k, i := range x.idx {
		a, b := &rs.rules[i], &rs.rules[y.idx[k]]
		if a.deny != b.deny || !slices.Equal(a.line, b.line) {
			return false
		}
	}
	return true
}
