// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"slices"
)

// maxCondJump is the farthest a conditional jump reaches: its jt and jf
// offsets are 8 bits wide. ja takes a 32-bit offset.
const maxCondJump = 255

// assemble turns absolute jump targets into the relative offsets of
// struct sock_filter. A conditional jump whose target lies more than 255
// instructions ahead is sent to a trampoline inserted right after it (one
// for each far branch): a copy of the target if that is a return, else a
// "ja target". Insertions lengthen only the jumps that span them, and those
// all start earlier in the program, so a single backward scan places every
// trampoline. It returns the program and the number of long jumps (the
// trampolines that cost an extra instruction).
func assemble(nodes []node) ([]Instruction, int, error) {
	nodes = slices.Clone(nodes)
	longJumps := 0
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if !n.isCond() {
			continue
		}
		offT, offF := int(n.jt)-i-1, int(n.jf)-i-1
		farT, farF := offT > maxCondJump, offF > maxCondJump
		if !farT && !farF {
			continue
		}
		// A trampoline for one branch pushes the other branch's target
		// one further away, which may put it out of reach as well.
		farT = farT || offT+1 > maxCondJump
		farF = farF || offF+1 > maxCondJump
		count := int32(0)
		if farT {
			count++
		}
		if farF {
			count++
		}
		var tramp []node
		if farT {
			tramp = append(tramp, trampoline(nodes, n.jt, count))
		}
		if farF {
			tramp = append(tramp, trampoline(nodes, n.jf, count))
		}
		// Targets lie ahead of i, so shifting moves this jump's too.
		shiftTargets(nodes, int32(i), count)
		for _, t := range tramp {
			if t.op == opJA {
				longJumps++
			}
		}
		nodes = slices.Insert(nodes, i+1, tramp...)
		if farT {
			nodes[i].jt = int32(i + 1)
		}
		if farF {
			nodes[i].jf = int32(i + len(tramp))
		}
	}
	out := make([]Instruction, len(nodes))
	for i, n := range nodes {
		out[i] = Instruction{Op: n.op, K: n.k}
		switch {
		case n.op == opJA:
			out[i].K = uint32(int(n.jt) - i - 1)
		case n.isCond():
			jt, jf := int(n.jt)-i-1, int(n.jf)-i-1
			if jt < 0 || jf < 0 || jt > maxCondJump || jf > maxCondJump {
				return nil, 0, fmt.Errorf("internal error: jump from %d out of range after placing trampolines", i)
			}
			out[i].Jt, out[i].Jf = uint8(jt), uint8(jf)
		}
	}
	return out, longJumps, nil
}

// trampoline returns the instruction that stands in for a far target: a
// copy of it when it is a return (which costs nothing extra to execute),
// otherwise a long jump to it.
// target is an index before the insertion of count instructions.
func trampoline(nodes []node, target, count int32) node {
	if t := nodes[target]; t.isRet() {
		return t
	}
	return node{op: opJA, jt: target + count, jf: -1}
}

// shiftTargets moves every jump target after position at by delta, making
// room for delta instructions inserted after it.
func shiftTargets(nodes []node, at, delta int32) {
	for j := range nodes {
		if !nodes[j].isJump() {
			continue
		}
		if nodes[j].jt > at {
			nodes[j].jt += delta
		}
		if nodes[j].jf > at {
			nodes[j].jf += delta
		}
	}
}
