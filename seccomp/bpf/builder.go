// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
)

// label names a position in a program under construction. Jumps target
// labels; a label is bound to the index of the next instruction emitted.
type label int32

// pinsn is an instruction whose jump targets are still labels: a node
// that resolve turns into one with absolute targets, in place.
type pinsn = node

// builder accumulates instructions with symbolic jump targets. Every jump
// in a seccomp filter goes forward, so code is emitted in an order where
// each label is bound after the jumps to it; resolve checks that and turns
// labels into absolute instruction indexes for the optimiser and the
// assembler. Mistakes are programmer errors, reported by resolve.
//
// Since the jumps to a label precede its binding, the builder knows at
// each instruction everything that leads there, and leaves out two kinds
// of instructions that the optimiser would delete (see acc and reached).
type builder struct {
	insns []pinsn
	pos   []int32 // label to bound instruction index, or unbound, jumpedTo
	err   error
	// reached is set when an instruction emitted now could be reached:
	// the last one falls through, or a label jumped to is bound here. A
	// return that cannot be reached is left out (the unused returns of
	// rule blocks, the shared ones of the dispatch).
	reached bool
	// acc is what removeRedundantLoads finds the accumulator to hold when
	// the next instruction starts (an acc* state), and accAt the meet of
	// what the jumps to each label carry. A load of the word A holds is
	// left out, as that pass would delete it; while no instruction is
	// emitted where no path leads (exact), the two analyses agree.
	acc   int64
	accAt []int64
	exact bool
	// jas is set once an unconditional jump is emitted, and forked once
	// resolve finds a conditional jump with both branches to the same
	// instruction: what the other passes would work on (see clean).
	jas, forked bool
}

// Label positions before binding.
const (
	unbound  = -1
	jumpedTo = -2 // unbound, and a jump targets it
)

// reset empties the builder, keeping its storage.
func (b *builder) reset() {
	b.insns, b.pos, b.accAt, b.err = b.insns[:0], b.pos[:0], b.accAt[:0], nil
	b.reached, b.acc, b.exact = true, accUnknown, true
	b.jas, b.forked = false, false
}

// clean reports whether the optimisation passes would find nothing to do
// in the resolved program. threadJumps, inlineReturns and
// removeFallthroughJumps rewrite unconditional jumps, and conditional
// ones with both branches to the same place; removeRedundantLoads deletes
// the loads the builder left out already (exact); and exact means too
// that no instruction lies where no path leads, which removeUnreachable
// would delete.
func (b *builder) clean() bool {
	return b.exact && !b.jas && !b.forked
}

// newLabel returns a fresh unbound label.
func (b *builder) newLabel() label {
	b.pos = append(b.pos, unbound)
	b.accAt = append(b.accAt, accUnseen)
	return label(len(b.pos) - 1)
}

// bind binds l to the next instruction.
func (b *builder) bind(l label) {
	if b.pos[l] >= 0 && b.err == nil {
		b.err = fmt.Errorf("internal error: label %d bound twice", l)
	}
	b.reached = b.reached || b.pos[l] == jumpedTo
	b.pos[l] = int32(len(b.insns))
	switch at := b.accAt[l]; {
	case b.acc == accUnseen:
		b.acc = at
	case at != accUnseen && at != b.acc:
		b.acc = accUnknown
	}
}

// emit appends an instruction, and computes what A holds after it.
func (b *builder) emit(in pinsn) {
	if b.acc == accUnseen {
		b.exact = false // no path leads here
	}
	b.insns = append(b.insns, in)
	switch in.op & 0x07 {
	case clsJMP:
		b.jas = b.jas || in.op == opJA
		b.carry(label(in.jt))
		if in.op != opJA {
			b.carry(label(in.jf))
		}
		b.acc, b.reached = accUnseen, false
	case clsRET:
		b.acc, b.reached = accUnseen, false
	case clsLD:
		b.acc = accWord + int64(in.k)
	default:
		b.acc = accUnknown
	}
}

// carry passes the accumulator's state to the target of a jump, and notes
// the jump.
func (b *builder) carry(l label) {
	if l < 0 || int(l) >= len(b.pos) {
		return // resolve reports it
	}
	if b.pos[l] == unbound {
		b.pos[l] = jumpedTo
	}
	b.accAt[l] = meet(b.accAt[l], b.acc)
}

// load loads the 32-bit word at offset off of seccomp_data into A, unless
// A holds it already.
func (b *builder) load(off uint32) {
	if b.exact && b.acc == accWord+int64(off) {
		return
	}
	b.emit(pinsn{op: opLoadAbs, k: off, jt: -1, jf: -1})
}

// and masks the accumulator with k.
func (b *builder) and(k uint32) {
	b.emit(pinsn{op: opAndK, k: k, jt: -1, jf: -1})
}

// jump emits a conditional jump comparing A with k.
func (b *builder) jump(op uint16, k uint32, jt, jf label) {
	b.emit(pinsn{op: op, k: k, jt: int32(jt), jf: int32(jf)})
}

// goTo emits an unconditional jump.
func (b *builder) goTo(l label) {
	b.emit(pinsn{op: opJA, jt: int32(l), jf: -1})
}

// ret emits a return of action a, unless it cannot be reached.
func (b *builder) ret(a Action) {
	if b.reached {
		b.emit(pinsn{op: opRetK, k: uint32(a), jt: -1, jf: -1})
	}
}

// node is an instruction whose jump targets are absolute indexes.
type node struct {
	op     uint16
	k      uint32
	jt, jf int32
}

func (n node) isJump() bool { return n.op&0x07 == clsJMP }
func (n node) isCond() bool { return n.isJump() && n.op != opJA }
func (n node) isRet() bool  { return n.op&0x07 == clsRET }

// resolve returns the program with labels replaced by the indexes they
// are bound to, checking that every target is bound and lies ahead. It
// rewrites the builder's instructions in place and returns them: the
// builder is empty until reset.
func (b *builder) resolve() ([]node, error) {
	if b.err != nil {
		return nil, b.err
	}
	out := b.insns
	b.insns = nil
	// target returns the index label l is bound to, if it lies ahead of
	// instruction i.
	target := func(i int, l int32) (int32, error) {
		if l < 0 || int(l) >= len(b.pos) || b.pos[l] < 0 {
			return 0, fmt.Errorf("internal error: instruction %d jumps to unbound label %d", i, l)
		}
		if p := b.pos[l]; int(p) > i && int(p) < len(out) {
			return p, nil
		}
		return 0, fmt.Errorf("internal error: instruction %d jumps to %d, which is not ahead of it", i, b.pos[l])
	}
	for i := range out {
		n := &out[i]
		if !n.isJump() {
			n.jt, n.jf = -1, -1
			continue
		}
		var err error
		if n.jt, err = target(i, n.jt); err != nil {
			return nil, err
		}
		if n.op == opJA {
			n.jf = -1
			continue
		}
		if n.jf, err = target(i, n.jf); err != nil {
			return nil, err
		}
		b.forked = b.forked || n.jt == n.jf
	}
	if len(out) == 0 || !out[len(out)-1].isRet() {
		return nil, fmt.Errorf("internal error: program does not end with a return")
	}
	return out, nil
}
