// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

// An optimisation pass rewrites a program whose jumps hold absolute
// targets. Passes preserve the program's meaning for every input, keep all
// jumps pointing forward, and report whether they changed anything. They
// run in order, repeatedly, until none applies.
type pass struct {
	name string
	run  func([]node) ([]node, bool)
}

// passes returns the optimiser's passes in the order they run.
func passes() []pass {
	return []pass{
		{"threadJumps", threadJumps},
		{"inlineReturns", inlineReturns},
		{"removeRedundantLoads", removeRedundantLoads},
		{"removeUnreachable", removeUnreachable},
		{"removeFallthroughJumps", removeFallthroughJumps},
	}
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

// optimize runs the passes to a fixed point (bounded, as a safeguard).
func optimize(nodes []node) ([]node, []PassStat) {
	ps := passes()
	stats := make([]PassStat, len(ps))
	for i, p := range ps {
		stats[i].Name = p.name
	}
	for round := 0; round < 8; round++ {
		changed := false
		for i, p := range ps {
			before := len(nodes)
			var did bool
			if nodes, did = p.run(nodes); did {
				changed = true
				stats[i].Rewritten++
				stats[i].Removed += before - len(nodes)
			}
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
func threadJumps(nodes []node) ([]node, bool) {
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
func inlineReturns(nodes []node) ([]node, bool) {
	changed := false
	for i := range nodes {
		if nodes[i].op == opJA && nodes[nodes[i].jt].isRet() {
			nodes[i] = nodes[nodes[i].jt]
			changed = true
		}
	}
	return nodes, changed
}

// Accumulator states for removeRedundantLoads: the offset of the
// seccomp_data word A is known to hold, or one of these.
const (
	accUnseen  = -2 // no path reaches the instruction yet
	accUnknown = -1 // paths disagree, or A was computed
)

// removeRedundantLoads deletes a load of the word the accumulator already
// holds on every path into it. Because all jumps go forward, one scan in
// program order sees every predecessor of an instruction before the
// instruction itself.
func removeRedundantLoads(nodes []node) ([]node, bool) {
	in := make([]int64, len(nodes))
	for i := range in {
		in[i] = accUnseen
	}
	in[0] = accUnknown
	meet := func(t int32, v int64) {
		switch in[t] {
		case accUnseen:
			in[t] = v
		case v:
		default:
			in[t] = accUnknown
		}
	}
	remove := make([]bool, len(nodes))
	changed := false
	// in[i] is what A holds when instruction i starts; each instruction
	// passes its out state on to its successors with meet.
	for i, n := range nodes {
		out := in[i]
		switch {
		case n.op == opLoadAbs:
			if in[i] == int64(n.k) {
				remove[i], changed = true, true
			}
			out = int64(n.k)
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
	if !changed {
		return nodes, false
	}
	return compact(nodes, remove), true
}

// removeUnreachable deletes instructions no path from the start reaches.
func removeUnreachable(nodes []node) ([]node, bool) {
	reached := make([]bool, len(nodes))
	reached[0] = true
	for i, n := range nodes {
		if !reached[i] {
			continue
		}
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
	remove := make([]bool, len(nodes))
	changed := false
	for i, r := range reached {
		if !r {
			remove[i], changed = true, true
		}
	}
	if !changed {
		return nodes, false
	}
	return compact(nodes, remove), true
}

// removeFallthroughJumps deletes unconditional jumps to the next
// instruction.
func removeFallthroughJumps(nodes []node) ([]node, bool) {
	remove := make([]bool, len(nodes))
	changed := false
	for i, n := range nodes {
		if n.op == opJA && int(n.jt) == i+1 {
			remove[i], changed = true, true
		}
	}
	if !changed {
		return nodes, false
	}
	return compact(nodes, remove), true
}

// compact deletes the marked instructions, which must behave like no-ops
// (or be unreachable): a jump to a deleted instruction goes to the next
// kept one instead.
func compact(nodes []node, remove []bool) []node {
	newIndex := make([]int32, len(nodes)+1)
	kept := int32(0)
	for i := range nodes {
		newIndex[i] = kept
		if !remove[i] {
			kept++
		}
	}
	newIndex[len(nodes)] = kept
	out := make([]node, 0, kept)
	for i, n := range nodes {
		if remove[i] {
			continue
		}
		if n.isJump() {
			n.jt = newIndex[n.jt]
			if n.isCond() {
				n.jf = newIndex[n.jf]
			}
		}
		out = append(out, n)
	}
	return out
}
