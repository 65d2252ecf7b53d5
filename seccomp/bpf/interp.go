// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
)

// Result is the outcome of running a filter on one call.
type Result struct {
	// Action is the filter's return value.
	Action Action
	// Executed counts the instructions executed, the return included.
	Executed int
}

// Run interprets the program on the call d the way the kernel runs a
// seccomp filter: seccomp_data is laid out in p.Order, 32-bit loads read it
// in that order, and the program's return value is the action. It fails
// only on programs that Validate rejects.
func (p *Program) Run(d Data) (Result, error) {
	var buf [seccompSize]byte
	o := p.order()
	o.PutUint32(buf[offNr:], d.Nr)
	o.PutUint32(buf[offArch:], d.Arch)
	o.PutUint64(buf[offIP:], d.InstructionPointer)
	for i, a := range d.Args {
		o.PutUint64(buf[offArgs+8*i:], a)
	}
	// The machine: accumulator A, index register X and 16 words of
	// scratch memory, all zero at the start as in the kernel.
	var (
		a, x uint32
		mem  [bpfMemWords]uint32
	)
	insns := p.Instructions
	// Jumps only go forward, so the loop ends after at most len(insns)
	// steps; running off the end is an invalid program.
	for pc, executed := 0, 1; pc < len(insns); pc, executed = pc+1, executed+1 {
		in := insns[pc]
		switch in.Op & 0x07 {
		case clsRET:
			if in.Op == clsRET|retA {
				return Result{Action(a), executed}, nil
			}
			return Result{Action(in.K), executed}, nil
		case clsJMP:
			// pc advances by one more at the end of the iteration.
			next, err := jump(in, a, x)
			if err != nil {
				return Result{}, fmt.Errorf("instruction %d: %w", pc, err)
			}
			pc += next
		case clsALU:
			var err error
			if a, err = alu(in, a, x); err != nil {
				return Result{}, fmt.Errorf("instruction %d: %w", pc, err)
			}
		default:
			if err := loadStore(in, &a, &x, &mem, &buf, p); err != nil {
				return Result{}, fmt.Errorf("instruction %d: %w", pc, err)
			}
		}
	}
	return Result{}, fmt.Errorf("program ran off its end")
}

// jump returns how far past the next instruction a jump goes.
func jump(in Instruction, a, x uint32) (int, error) {
	if in.Op == opJA {
		return int(in.K), nil
	}
	k := in.K
	if in.Op&srcX != 0 {
		k = x
	}
	var cond bool
	switch in.Op &^ srcX {
	case opJEQ:
		cond = a == k
	case opJGT:
		cond = a > k
	case opJGE:
		cond = a >= k
	case opJSET:
		cond = a&k != 0
	default:
		return 0, fmt.Errorf("invalid jump opcode %#x", in.Op)
	}
	if cond {
		return int(in.Jt), nil
	}
	return int(in.Jf), nil
}

// alu applies an arithmetic instruction to the accumulator.
func alu(in Instruction, a, x uint32) (uint32, error) {
	k := in.K
	if in.Op&srcX != 0 {
		k = x
	}
	switch in.Op &^ srcX {
	case clsALU | aluADD:
		return a + k, nil
	case clsALU | aluSUB:
		return a - k, nil
	case clsALU | aluMUL:
		return a * k, nil
	case clsALU | aluDIV:
		if k == 0 {
			return 0, nil // the kernel returns 0 from the filter; Validate rejects the constant case
		}
		return a / k, nil
	case clsALU | aluAND:
		return a & k, nil
	case clsALU | aluOR:
		return a | k, nil
	case clsALU | aluXOR:
		return a ^ k, nil
	case clsALU | aluLSH:
		return a << (k & 31), nil
	case clsALU | aluRSH:
		return a >> (k & 31), nil
	case clsALU | aluNEG:
		return -a, nil
	}
	return 0, fmt.Errorf("invalid ALU opcode %#x", in.Op)
}

// loadStore executes the load, store and register-transfer instructions.
func loadStore(in Instruction, a, x *uint32, mem *[bpfMemWords]uint32, buf *[seccompSize]byte, p *Program) error {
	switch in.Op {
	case opLoadAbs:
		if in.K%4 != 0 || in.K >= seccompSize {
			return fmt.Errorf("load at offset %d outside seccomp_data", in.K)
		}
		*a = p.order().Uint32(buf[in.K:])
	case clsLD | modeLEN:
		*a = seccompSize
	case clsLDX | modeLEN:
		*x = seccompSize
	case clsLD | modeIMM:
		*a = in.K
	case clsLDX | modeIMM:
		*x = in.K
	case clsLD | modeMEM, clsLDX | modeMEM, clsST, clsSTX:
		if in.K >= bpfMemWords {
			return fmt.Errorf("scratch memory index %d out of range", in.K)
		}
		switch in.Op {
		case clsLD | modeMEM:
			*a = mem[in.K]
		case clsLDX | modeMEM:
			*x = mem[in.K]
		case clsST:
			mem[in.K] = *a
		default:
			mem[in.K] = *x
		}
	case clsMISC | miscTAX:
		*x = *a
	case clsMISC | miscTXA:
		*a = *x
	default:
		return fmt.Errorf("invalid opcode %#x", in.Op)
	}
	return nil
}
