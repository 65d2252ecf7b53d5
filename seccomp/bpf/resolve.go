// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"slices"
	"sort"
)

// line is one policy line with its constants resolved: the AND of its
// argument comparisons, sorted by argument.
type line []argCmp

// sysRules gathers the rules for one system call number on one
// architecture: rules[i] for i in keys (each key packs the number in its
// high and a rule index in its low 32 bits).
type sysRules struct {
	nr       uint32
	name     string
	keys     []uint64
	allows   int  // allow lines
	denies   int  // explicit denials
	allowAll bool // an allow line without filters
}

// lines returns the system call's allow and deny lines.
func (s *sysRules) lines(rules []resolvedRule) (allow, deny []line) {
	for _, k := range s.keys {
		rr := &rules[uint32(k)]
		if rr.rule.Deny {
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
// whose system call has been looked up on every architecture.
type resolvedRule struct {
	rule *Rule
	line line
	nrs  [numArches]int32 // -1 where the architecture lacks the call
}

func resolveRules(p *Policy, native Arch) ([]resolvedRule, error) {
	out := make([]resolvedRule, len(p.Rules))
	for i := range p.Rules {
		r := &p.Rules[i]
		l := make(line, len(r.Conds))
		for j, c := range r.Conds {
			value, mask, err := c.resolve(native)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", r.Line, err)
			}
			if c.Low32 {
				value, mask = value&0xffffffff, mask&0xffffffff
			}
			l[j] = argCmp{arg: c.Arg, op: c.Op, value: value, mask: mask, low32: c.Low32}
		}
		sort.SliceStable(l, func(a, b int) bool { return l[a].arg < l[b].arg })
		out[i] = resolvedRule{rule: r, line: l}
		for a := range out[i].nrs {
			out[i].nrs[a] = -1
		}
		if e, ok := lookupSyscall(r.Syscall); ok {
			out[i].nrs = e.nr
		}
	}
	return out, nil
}

// archRules returns, sorted by number, the system calls of architecture a
// that the policy names. Names a does not have are skipped, as snapd does.
func archRules(rules []resolvedRule, a Arch) []sysRules {
	// Sort (number, rule index) pairs packed in one word: stable by index.
	keys := make([]uint64, 0, len(rules))
	for i := range rules {
		if nr := rules[i].nrs[a.index()]; nr >= 0 {
			keys = append(keys, uint64(nr)<<32|uint64(i))
		}
	}
	slices.Sort(keys)
	// Each sysRules takes a window of keys: the consecutive keys with its
	// number, in source order.
	out := make([]sysRules, 0, len(keys))
	for j, k := range keys {
		nr, rr := uint32(k>>32), &rules[uint32(k)]
		if len(out) == 0 || out[len(out)-1].nr != nr {
			out = append(out, sysRules{nr: nr, name: rr.rule.Syscall, keys: keys[j:j:len(keys)]})
		}
		s := &out[len(out)-1]
		s.keys = s.keys[:len(s.keys)+1]
		switch {
		case rr.rule.Deny:
			s.denies++
		case len(rr.line) == 0:
			s.allowAll = true
			s.allows++
		default:
			s.allows++
		}
	}
	return out
}

// linesPredicate builds the predicate "one of the lines holds", simplified
// by four rewrites: duplicate lines are dropped (dedupeLines), and so are
// lines that hold only when another line holds (dropSubsumedLines); a line
// without filters makes the disjunction true; and the lines that compare
// the same argument for equality become one argSwitch on it, each case
// holding the rest of its lines (switchLines), so that the argument is
// tested once, by a search, rather than once per line.
func linesPredicate(lines []line) predicate {
	lines = dropSubsumedLines(dedupeLines(lines))
	for _, l := range lines {
		if len(l) == 0 {
			return always{}
		}
	}
	var preds anyOf
	if arg, n := switchArg(lines); n >= 2 {
		var sw argSwitch
		sw, lines = switchLines(lines, arg)
		preds = append(preds, sw)
	}
	for _, l := range lines {
		if len(l) == 1 {
			preds = append(preds, l[0])
			continue
		}
		all := make(allOf, len(l))
		for i, c := range l {
			all[i] = c
		}
		preds = append(preds, all)
	}
	if len(preds) == 1 {
		return preds[0]
	}
	return preds
}

// eqIndex returns the index in l of an equality test on argument arg.
func eqIndex(l line, arg int) int {
	return slices.IndexFunc(l, func(c argCmp) bool { return c.arg == arg && c.op == OpEqual })
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

// switchLines builds the switch on arg from the lines that test it for
// equality, and returns the other lines.
func switchLines(lines []line, arg int) (argSwitch, []line) {
	byValue := map[uint64][]line{}
	var values []uint64
	var rest []line
	sw := argSwitch{arg: arg}
	for _, l := range lines {
		i := eqIndex(l, arg)
		if i < 0 {
			rest = append(rest, l)
			continue
		}
		v := l[i].value
		sw.low32 = l[i].low32
		if _, seen := byValue[v]; !seen {
			values = append(values, v)
		}
		byValue[v] = append(byValue[v], slices.Delete(slices.Clone(l), i, i+1))
	}
	slices.Sort(values)
	for _, v := range values {
		c := switchCase{value: v}
		if p := linesPredicate(byValue[v]); p != (always{}) {
			c.then = p
		}
		sw.cases = append(sw.cases, c)
	}
	return sw, rest
}

// dropSubsumedLines drops each line that implies another line, which
// makes it redundant in a disjunction: the explicit denial of ioctl
// TIOCSTI is implied by the denial of TIOCSTI in the low 32 bits.
func dropSubsumedLines(lines []line) []line {
	out := lines[:0:0]
	for i, l := range lines {
		redundant := false
		for j, o := range lines {
			if i != j && implies(l, o) && !(implies(o, l) && j > i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, l)
		}
	}
	return out
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
			if ca == cb || ca.op == OpEqual && !ca.low32 && cb.op.holds(ca.value, cb.value, cb.mask, cb.low32) {
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

// dedupeLines drops lines equal to an earlier one.
func dedupeLines(lines []line) []line {
	out := lines[:0:0]
	for _, l := range lines {
		if !slices.ContainsFunc(out, func(o line) bool { return slices.Equal(o, l) }) {
			out = append(out, l)
		}
	}
	return out
}
