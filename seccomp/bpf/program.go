// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"encoding/binary"
	"fmt"
)

// Classic BPF opcode fields (linux/bpf_common.h, linux/filter.h).
const (
	clsLD   = 0x00
	clsLDX  = 0x01
	clsST   = 0x02
	clsSTX  = 0x03
	clsALU  = 0x04
	clsJMP  = 0x05
	clsRET  = 0x06
	clsMISC = 0x07

	sizeW = 0x00

	modeIMM = 0x00
	modeABS = 0x20
	modeMEM = 0x60
	modeLEN = 0x80

	aluADD = 0x00
	aluSUB = 0x10
	aluMUL = 0x20
	aluDIV = 0x30
	aluOR  = 0x40
	aluAND = 0x50
	aluLSH = 0x60
	aluRSH = 0x70
	aluNEG = 0x80
	aluXOR = 0xa0

	jmpJA   = 0x00
	jmpJEQ  = 0x10
	jmpJGT  = 0x20
	jmpJGE  = 0x30
	jmpJSET = 0x40

	srcK = 0x00
	srcX = 0x08

	retK = 0x00
	retA = 0x10

	miscTAX = 0x00
	miscTXA = 0x80
)

// The opcodes the compiler emits.
const (
	opLoadAbs   = clsLD | sizeW | modeABS // A = seccomp_data[k:k+4]
	opAndK      = clsALU | aluAND | srcK  // A &= k
	opJA        = clsJMP | jmpJA          // pc += k
	opJEQ       = clsJMP | jmpJEQ | srcK  // pc += A == k ? jt : jf
	opJGT       = clsJMP | jmpJGT | srcK  // pc += A > k ? jt : jf
	opJGE       = clsJMP | jmpJGE | srcK  // pc += A >= k ? jt : jf
	opJSET      = clsJMP | jmpJSET | srcK // pc += A & k != 0 ? jt : jf
	opRetK      = clsRET | retK           // return k
	bpfMemWords = 16                      // scratch memory M[0..15]
)

// MaxInstructions is the kernel's limit on the length of a filter
// (BPF_MAXINSNS).
const MaxInstructions = 4096

// seccomp_data offsets (linux/seccomp.h).
const (
	offNr       = 0
	offArch     = 4
	offIP       = 8
	offArgs     = 16
	seccompSize = 64
)

// Instruction is one classic BPF instruction, struct sock_filter.
type Instruction struct {
	Op uint16 // opcode
	Jt uint8  // forward offset if the condition holds
	Jf uint8  // forward offset if it does not
	K  uint32 // operand
}

// Program is a seccomp BPF filter.
type Program struct {
	// Instructions is the filter, at most MaxInstructions long.
	Instructions []Instruction
	// Order is the byte order of the kernel that runs the filter, which
	// is that of seccomp_data and of the encoded form; nil means the byte
	// order of the running program.
	Order binary.ByteOrder
}

func (p *Program) order() binary.ByteOrder {
	if p.Order == nil {
		return binary.NativeEndian
	}
	return p.Order
}

// instructionSize is sizeof(struct sock_filter).
const instructionSize = 8

// MarshalBinary encodes the program as the array of struct sock_filter
// that seccomp(2) loads and bwrap --seccomp reads, in p.Order. This is the
// .bin file snapd writes beside the policy source.
func (p *Program) MarshalBinary() ([]byte, error) {
	if n := len(p.Instructions); n == 0 || n > MaxInstructions {
		return nil, fmt.Errorf("cannot encode program of %d instructions: expected 1 to %d", n, MaxInstructions)
	}
	o := p.order()
	out := make([]byte, len(p.Instructions)*instructionSize)
	for i, in := range p.Instructions {
		chunk := out[i*instructionSize:]
		o.PutUint16(chunk, in.Op)
		chunk[2], chunk[3] = in.Jt, in.Jf
		o.PutUint32(chunk[4:], in.K)
	}
	return out, nil
}

// Decode reads an array of struct sock_filter in byte order order (nil
// for the running program's) and checks it as the kernel would.
func Decode(b []byte, order binary.ByteOrder) (*Program, error) {
	if len(b) == 0 || len(b)%instructionSize != 0 {
		return nil, fmt.Errorf("cannot decode BPF program: length %d is not a positive multiple of %d", len(b), instructionSize)
	}
	p := &Program{Order: order, Instructions: make([]Instruction, len(b)/instructionSize)}
	o := p.order()
	for i := range p.Instructions {
		chunk := b[i*instructionSize:]
		p.Instructions[i] = Instruction{
			Op: o.Uint16(chunk), Jt: chunk[2], Jf: chunk[3], K: o.Uint32(chunk[4:]),
		}
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("cannot decode BPF program: %w", err)
	}
	return p, nil
}

// Validate checks the program against the kernel's rules for seccomp
// filters (seccomp_check_filter and bpf_check_classic): a length of 1 to
// MaxInstructions, only the instructions seccomp permits, aligned loads
// within seccomp_data, scratch memory indexes below 16, no division by a
// zero constant, jumps that stay inside the program, and a final return.
func (p *Program) Validate() error {
	n := len(p.Instructions)
	if n == 0 || n > MaxInstructions {
		return fmt.Errorf("program has %d instructions: expected 1 to %d", n, MaxInstructions)
	}
	for pc, in := range p.Instructions {
		if err := checkInstruction(pc, n, in); err != nil {
			return fmt.Errorf("instruction %d (%s): %w", pc, in, err)
		}
	}
	if last := p.Instructions[n-1]; last.Op&0x07 != clsRET {
		return fmt.Errorf("program does not end with a return")
	}
	return nil
}

// checkInstruction applies the per-instruction rules of Validate.
func checkInstruction(pc, n int, in Instruction) error {
	switch in.Op {
	case opLoadAbs:
		if in.K%4 != 0 || in.K >= seccompSize {
			return fmt.Errorf("load outside seccomp_data or unaligned")
		}
	case clsLD | modeLEN, clsLDX | modeLEN, clsLD | modeIMM, clsLDX | modeIMM,
		clsMISC | miscTAX, clsMISC | miscTXA, clsRET | retK, clsRET | retA:
	case clsLD | modeMEM, clsLDX | modeMEM, clsST, clsSTX:
		if in.K >= bpfMemWords {
			return fmt.Errorf("scratch memory index out of range")
		}
	case clsALU | aluDIV | srcK:
		if in.K == 0 {
			return fmt.Errorf("division by zero")
		}
	case opJA:
		if uint64(pc)+1+uint64(in.K) >= uint64(n) {
			return fmt.Errorf("jump out of range")
		}
	default:
		if in.Op&0x07 == clsALU && validALU(in.Op) {
			return nil
		}
		if in.Op&0x07 == clsJMP && validJump(in.Op) {
			if pc+1+int(max(in.Jt, in.Jf)) >= n {
				return fmt.Errorf("jump out of range")
			}
			return nil
		}
		return fmt.Errorf("instruction not permitted in seccomp filters")
	}
	return nil
}

func validALU(op uint16) bool {
	switch op &^ srcX {
	case clsALU | aluADD, clsALU | aluSUB, clsALU | aluMUL, clsALU | aluDIV, clsALU | aluAND,
		clsALU | aluOR, clsALU | aluXOR, clsALU | aluLSH, clsALU | aluRSH:
		return true
	}
	return op == clsALU|aluNEG
}

func validJump(op uint16) bool {
	switch op &^ srcX {
	case opJEQ, opJGT, opJGE, opJSET:
		return true
	}
	return false
}
