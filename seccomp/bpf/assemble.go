// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
)

// maxCondJump is the farthest a conditional jump reaches: its jt and jf
// offsets are 8 bits wide. ja takes a 32-bit offset.
const maxCondJump = 255

// assembler turns absolute jump targets into the relative offsets of
// struct sock_filter. A conditional jump whose target lies more than 255
// instructions ahead is sent to a trampoline inserted right after it (one
// for each far branch): a copy of the target if that is a return, else a
// "ja target". Insertions lengthen only the jumps that span them, and those
// all start earlier in the program, so a single backward scan places every
// trampoline (plan); a forward scan then writes the program (write).
type assembler struct {
	nodes []node
	// inserts lists the trampolines in the order plan places them, from
	// the end of the program backwards.
	inserts []insert
	// total counts the instructions inserts adds.
	total int
	pos   []int32 // write's new indexes
}

// insert is the trampolines that follow the conditional jump at index
// after: one for each far branch, t for jt then f for jf.
type insert struct {
	after  int32
	before int32 // instructions inserted by earlier entries of inserts
	t, f   bool
}

func (in insert) count() int {
	n := 0
	for _, far := range [2]bool{in.t, in.f} {
		if far {
			n++
		}
	}
	return n
}

// assemble returns the program and the number of long jumps (the
// trampolines that cost an extra instruction). The assembler keeps its
// storage for the next program.
func (a *assembler) assemble(nodes []node) ([]Instruction, int, error) {
	a.nodes, a.inserts, a.total = nodes, a.inserts[:0], 0
	a.plan()
	return a.write()
}

// shift returns the number of trampolines inserted before instruction i,
// among those placed so far.
func (a *assembler) shift(i int32) int {
	// inserts is sorted by decreasing after: a binary search for the
	// first one before i, after which all are.
	lo, hi := 0, len(a.inserts)
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); a.inserts[m].after < i {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == len(a.inserts) {
		return 0
	}
	return a.total - int(a.inserts[lo].before)
}

// distance is the offset from instruction i to instruction t > i once
// the trampolines placed so far, which all follow i, are in.
func (a *assembler) distance(i, t int32) int {
	d := int(t - i - 1)
	if d+a.total <= maxCondJump {
		return d // near, whatever lies between
	}
	return d + a.shift(t)
}

// plan places the trampolines, scanning backwards.
func (a *assembler) plan() {
	for i := int32(len(a.nodes)) - 1; i >= 0; i-- {
		n := a.nodes[i]
		if !n.isCond() {
			continue
		}
		offT, offF := a.distance(i, n.jt), a.distance(i, n.jf)
		farT, farF := offT > maxCondJump, offF > maxCondJump
		if !farT && !farF {
			continue
		}
		// A trampoline for one branch pushes the other branch's target
		// one further away, which may put it out of reach as well.
		farT = farT || offT+1 > maxCondJump
		farF = farF || offF+1 > maxCondJump
		in := insert{after: i, before: int32(a.total), t: farT, f: farF}
		a.inserts = append(a.inserts, in)
		a.total += in.count()
	}
}

// write returns the program with the trampolines in and relative
// offsets, and the number of long jumps.
func (a *assembler) write() ([]Instruction, int, error) {
	out := make([]Instruction, len(a.nodes)+a.total)
	// pos[i] is where instruction i ends up.
	a.pos = grow(a.pos, len(a.nodes))
	p, next := 0, len(a.inserts)-1 // inserts[next] is the next one ahead
	for i := range a.nodes {
		a.pos[i] = int32(p)
		p++
		if next >= 0 && a.inserts[next].after == int32(i) {
			p += a.inserts[next].count()
			next--
		}
	}
	pos := a.pos
	longJumps := 0
	next = len(a.inserts) - 1
	for i, n := range a.nodes {
		p := int(pos[i])
		in := Instruction{Op: n.op, K: n.k}
		switch {
		case n.op == opJA:
			in.K = uint32(pos[n.jt] - pos[i] - 1)
		case n.isCond():
			jt, jf := int(pos[n.jt])-p-1, int(pos[n.jf])-p-1
			if next >= 0 && a.inserts[next].after == int32(i) {
				ins := a.inserts[next]
				next--
				tramp := p + 1
				for _, far := range [2]struct {
					on     bool
					target int32
					off    *int
				}{{ins.t, n.jt, &jt}, {ins.f, n.jf, &jf}} {
					if !far.on {
						continue
					}
					*far.off = tramp - p - 1
					out[tramp] = a.trampoline(far.target, int(pos[far.target])-tramp-1)
					if out[tramp].Op == opJA {
						longJumps++
					}
					tramp++
				}
			}
			if jt < 0 || jf < 0 || jt > maxCondJump || jf > maxCondJump {
				return nil, 0, fmt.Errorf("internal error: jump from %d out of range after placing trampolines", p)
			}
			in.Jt, in.Jf = uint8(jt), uint8(jf)
		}
		out[p] = in
	}
	return out, longJumps, nil
}

// trampoline returns the instruction that stands in for a far target: a
// copy of it when it is a return (which costs nothing extra to execute),
// otherwise a long jump to it, off instructions ahead.
func (a *assembler) trampoline(target int32, off int) Instruction {
	if t := a.nodes[target]; t.isRet() {
		return Instruction{Op: t.op, K: t.k}
	}
	return Instruction{Op: opJA, K: uint32(off)}
}
