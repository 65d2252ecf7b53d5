// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

// An optimisation pass rewrites a program whose jumps hold absolute
// targets. Passes preserve the program's meaning for every input, keep all
// jumps pointing forward, and report whether they changed anything. They
// run in order, repeatedly, until none applies. They rewrite the program
// in place, using the optimizer's storage for their bookkeeping.
type pass struct {
	name string
	run  func(*optimizer, []node) ([]node, bool)
}

// passes lists the optimiser's passes in the order they run.
var passes = [...]pass{
	{"threadJumps", (*optimizer).threadJumps},
	{"inlineReturns", (*optimizer).inlineReturns},
	{"removeRedundantLoads", (*optimizer).removeRedundantLoads},
	{"removeUnreachable", (*optimizer).removeUnreachable},
	{"removeFallthroughJumps", (*optimizer).removeFallthroughJumps},
}

// optimizer holds the storage the passes reuse.
type optimizer struct {
	acc   []int64 // removeRedundantLoads' accumulator states
	marks []bool  // instructions to delete, or reached
	index []int32 // compact's new indexes
	spare []node  // compact writes here, and keeps the old program here
}

// PassStat counts what one optimisation pass did during a compilation.
type PassStat struct {
	// Name is the pass's name, such as "removeRedundantLoads".
	Name string
	// Removed is the number of instructions the pass deleted.
	Removed int
	// Rewritten is the number of times it changed the program.
	Rewritten int
}

// optimize runs the passes to a fixed point (bounded, as a safeguard),
// or none if clean says that none would change the program.
// A pass is a function of the program alone, so one that changed nothing
// is not run again until another pass has changed the program.
func (o *optimizer) optimize(nodes []node, clean bool) ([]node, []PassStat) {
	stats := make([]PassStat, len(passes))
	var idleAt [len(passes)]int // the version a pass last left unchanged
	version := 1                // counts changes to the program
	for i, p := range passes {
		stats[i].Name = p.name
	}
	for round := 0; round < 8 && !clean; round++ {
		changed := false
		for i, p := range passes {
			if idleAt[i] == version {
				continue
			}
			before := len(nodes)
			var did bool
			if nodes, did = p.run(o, nodes); !did {
				idleAt[i] = version
				continue
			}
			changed = true
			version++
			stats[i].Rewritten++
			stats[i].Removed += before - len(nodes)
		}
		if !changed {
			break
		}
	}
	return nodes, stats
}

// finalTarget follows a chain of unconditional jumps.
func finalTarget(nodes []node, t int32) int32 {
	for nodes[t].op == opJA {
		t = nodes[t].jt
	}
	return t
}

// threadJumps points every jump straight at the end of any chain of
// unconditional jumps it lands on, and turns a conditional jump whose two
// branches go to the same place into an unconditional one.
func (*optimizer) threadJumps(nodes []node) ([]node, bool) {
	changed := false
	for i := range nodes {
		n := &nodes[i]
		if !n.isJump() {
			continue
		}
		if t := finalTarget(nodes, n.jt); t != n.jt {
			n.jt, changed = t, true
		}
		if !n.isCond() {
			continue
		}
		if t := finalTarget(nodes, n.jf); t != n.jf {
			n.jf, changed = t, true
		}
		if n.jt == n.jf {
			*n = node{op: opJA, jt: n.jt, jf: -1}
			changed = true
		}
	}
	return nodes, changed
}

// inlineReturns replaces an unconditional jump to a return with the
// return itself, saving an executed instruction.
func (*optimizer) inlineReturns(nodes []node) ([]node, bool) {
	changed := false
	for i := range nodes {
		if nodes[i].op == opJA && nodes[nodes[i].jt].isRet() {
			nodes[i] = nodes[nodes[i].jt]
			changed = true
		}
	}
	return nodes, changed
}

// Accumulator states for removeRedundantLoads: accWord+off when A is
// known to hold the seccomp_data word at offset off, or one of these.
const (
	accUnseen  = 0 // no path reaches the instruction yet
	accUnknown = 1 // paths disagree, or A was computed
	accWord    = 2
)

// meet returns the state of an instruction whose state was state, given
// one more predecessor passing on v.
func meet(state, v int64) int64 {
	switch state {
	case accUnseen, v:
		return v
	}
	return accUnknown
}

// removeRedundantLoads deletes a load of the word the accumulator already
// holds on every path into it. Because all jumps go forward, one scan in
// program order sees every predecessor of an instruction before the
// instruction itself.
func (o *optimizer) removeRedundantLoads(nodes []node) ([]node, bool) {
	in := grow(o.acc, len(nodes))
	o.acc = in
	clear(in) // accUnseen
	in[0] = accUnknown
	meet := func(t int32, v int64) { in[t] = meet(in[t], v) }
	remove := o.clearMarks(len(nodes))
	removed := 0
	// in[i] is what A holds when instruction i starts; each instruction
	// passes its out state on to its successors with meet.
	for i, n := range nodes {
		out := in[i]
		switch {
		case n.op == opLoadAbs:
			if in[i] == accWord+int64(n.k) {
				remove[i] = true
				removed++
			}
			out = accWord + int64(n.k)
		case n.isJump():
			meet(n.jt, out)
			if n.isCond() {
				meet(n.jf, out)
			}
			continue
		case n.isRet():
			continue
		default:
			out = accUnknown
		}
		if i+1 < len(nodes) {
			meet(int32(i+1), out)
		}
	}
	if removed == 0 {
		return nodes, false
	}
	return o.compact(nodes, remove, false, len(nodes)-removed), true
}

// clearMarks returns marks for n instructions, all false.
func (o *optimizer) clearMarks(n int) []bool {
	o.marks = grow(o.marks, n)
	clear(o.marks)
	return o.marks
}

// removeUnreachable deletes instructions no path from the start reaches.
func (o *optimizer) removeUnreachable(nodes []node) ([]node, bool) {
	reached := o.clearMarks(len(nodes))
	reached[0] = true
	kept := 0
	for i, n := range nodes {
		if !reached[i] {
			continue
		}
		kept++
		switch {
		case n.isRet():
		case n.isJump():
			reached[n.jt] = true
			if n.isCond() {
				reached[n.jf] = true
			}
		case i+1 < len(nodes):
			reached[i+1] = true
		}
	}
	if kept == len(nodes) {
		return nodes, false
	}
	return o.compact(nodes, reached, true, kept), true
}

// removeFallthroughJumps deletes unconditional jumps to the next
// instruction.
func (o *optimizer) removeFallthroughJumps(nodes []node) ([]node, bool) {
	var remove []bool
	removed := 0
	for i, n := range nodes {
		if n.op == opJA && int(n.jt) == i+1 {
			if remove == nil {
				remove = o.clearMarks(len(nodes))
			}
			remove[i] = true
			removed++
		}
	}
	if removed == 0 {
		return nodes, false
	}
	return o.compact(nodes, remove, false, len(nodes)-removed), true
}

// compact keeps the kept instructions whose mark is keep and deletes the
// others, which must behave like no-ops (or be unreachable): a jump to a
// deleted instruction goes to the next kept one instead. It scans
// backwards, so that the new indexes of a jump's targets, which lie
// ahead, are known when it moves the jump, and writes the result to the
// spare storage, which then takes the old program's.
func (o *optimizer) compact(nodes []node, marks []bool, keep bool, kept int) []node {
	out := grow(o.spare, kept)
	newIndex := grow(o.index, len(nodes))
	o.index = newIndex
	j := int32(kept) // the new index of the next kept instruction
	for i := len(nodes) - 1; i >= 0; i-- {
		if marks[i] != keep {
			newIndex[i] = j
			continue
		}
		j--
		newIndex[i] = j
		n := nodes[i]
		if n.isJump() {
			n.jt = newIndex[n.jt]
			if n.isCond() {
				n.jf = newIndex[n.jf]
			}
		}
		out[j] = n
	}
	o.spare = nodes[:0]
	return out
}
