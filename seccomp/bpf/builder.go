// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
)

// label names a position in a program under construction. Jumps target
// labels; a label is bound to the index of the next instruction emitted.
type label int32

// pinsn is an instruction whose jump targets are still labels.
type pinsn struct {
	op     uint16
	k      uint32
	jt, jf label // conditional targets; jt alone for ja
}

// builder accumulates instructions with symbolic jump targets. Every jump
// in a seccomp filter goes forward, so code is emitted in an order where
// each label is bound after the jumps to it; resolve checks that and turns
// labels into absolute instruction indexes for the optimiser and the
// assembler. Mistakes are programmer errors, reported by resolve.
type builder struct {
	insns []pinsn
	pos   []int32 // label to bound instruction index, -1 while unbound
	err   error
}

func newBuilder(sizeHint int) *builder {
	return &builder{insns: make([]pinsn, 0, sizeHint), pos: make([]int32, 0, sizeHint/2)}
}

// newLabel returns a fresh unbound label.
func (b *builder) newLabel() label {
	b.pos = append(b.pos, -1)
	return label(len(b.pos) - 1)
}

// bind binds l to the next instruction.
func (b *builder) bind(l label) {
	if b.pos[l] >= 0 && b.err == nil {
		b.err = fmt.Errorf("internal error: label %d bound twice", l)
	}
	b.pos[l] = int32(len(b.insns))
}

// load loads the 32-bit word at offset off of seccomp_data into A.
func (b *builder) load(off uint32) {
	b.insns = append(b.insns, pinsn{op: opLoadAbs, k: off, jt: -1, jf: -1})
}

// and masks the accumulator with k.
func (b *builder) and(k uint32) {
	b.insns = append(b.insns, pinsn{op: opAndK, k: k, jt: -1, jf: -1})
}

// jump emits a conditional jump comparing A with k.
func (b *builder) jump(op uint16, k uint32, jt, jf label) {
	b.insns = append(b.insns, pinsn{op: op, k: k, jt: jt, jf: jf})
}

// goTo emits an unconditional jump.
func (b *builder) goTo(l label) {
	b.insns = append(b.insns, pinsn{op: opJA, jt: l, jf: -1})
}

// ret emits a return of action a.
func (b *builder) ret(a Action) {
	b.insns = append(b.insns, pinsn{op: opRetK, k: uint32(a), jt: -1, jf: -1})
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
// are bound to, checking that every target is bound and lies ahead.
func (b *builder) resolve() ([]node, error) {
	if b.err != nil {
		return nil, b.err
	}
	out := make([]node, len(b.insns))
	target := func(i int, l label) (int32, error) {
		if l < 0 || int(l) >= len(b.pos) || b.pos[l] < 0 {
			return 0, fmt.Errorf("internal error: instruction %d jumps to unbound label %d", i, l)
		}
		if p := b.pos[l]; int(p) > i && int(p) < len(b.insns) {
			return p, nil
		}
		return 0, fmt.Errorf("internal error: instruction %d jumps to %d, which is not ahead of it", i, b.pos[l])
	}
	for i, in := range b.insns {
		out[i] = node{op: in.op, k: in.k, jt: -1, jf: -1}
		if !out[i].isJump() {
			continue
		}
		var err error
		if out[i].jt, err = target(i, in.jt); err != nil {
			return nil, err
		}
		if in.op == opJA {
			continue
		}
		if out[i].jf, err = target(i, in.jf); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 || !out[len(out)-1].isRet() {
		return nil, fmt.Errorf("internal error: program does not end with a return")
	}
	return out, nil
}
