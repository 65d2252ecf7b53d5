// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// mnemonic returns the assembler name of an opcode and how its operand is
// written: "k" for #k, "mem" for [k], "m" for M[k], "x" for the X register,
// "" for none.
func mnemonic(op uint16) (name, operand string) {
	switch op {
	case opLoadAbs:
		return "ld", "mem"
	case clsLD | modeLEN:
		return "ld", "len"
	case clsLDX | modeLEN:
		return "ldx", "len"
	case clsLD | modeIMM:
		return "ld", "k"
	case clsLDX | modeIMM:
		return "ldx", "k"
	case clsLD | modeMEM:
		return "ld", "m"
	case clsLDX | modeMEM:
		return "ldx", "m"
	case clsST:
		return "st", "m"
	case clsSTX:
		return "stx", "m"
	case clsMISC | miscTAX:
		return "tax", ""
	case clsMISC | miscTXA:
		return "txa", ""
	case clsRET | retK:
		return "ret", "k"
	case clsRET | retA:
		return "ret", "a"
	case opJA:
		return "ja", "ja"
	}
	operand = "k"
	if op&srcX != 0 {
		operand = "x"
	}
	switch op & 0x07 {
	case clsJMP:
		names := map[uint16]string{jmpJEQ: "jeq", jmpJGT: "jgt", jmpJGE: "jge", jmpJSET: "jset"}
		if n, ok := names[op&0xf0]; ok {
			return n, operand
		}
	case clsALU:
		names := map[uint16]string{aluADD: "add", aluSUB: "sub", aluMUL: "mul", aluDIV: "div",
			aluOR: "or", aluAND: "and", aluLSH: "lsh", aluRSH: "rsh", aluXOR: "xor", aluNEG: "neg"}
		if n, ok := names[op&0xf0]; ok {
			if op&0xf0 == aluNEG {
				return n, ""
			}
			return n, operand
		}
	}
	return fmt.Sprintf(".op %#04x", op), "k"
}

// String renders the instruction on its own, with relative jump offsets.
func (in Instruction) String() string {
	name, operand := mnemonic(in.Op)
	var arg string
	switch operand {
	case "k":
		arg = fmt.Sprintf("#%#x", in.K)
	case "mem":
		arg = fmt.Sprintf("[%d]", in.K)
	case "m":
		arg = fmt.Sprintf("M[%d]", in.K)
	case "x":
		arg = "x"
	case "a":
		arg = "a"
	case "len":
		arg = "#len"
	case "ja":
		return fmt.Sprintf("ja +%d", in.K)
	}
	if in.Op&0x07 == clsJMP {
		return fmt.Sprintf("%s %s, +%d, +%d", name, arg, in.Jt, in.Jf)
	}
	return strings.TrimSpace(name + " " + arg)
}

// fieldName names the seccomp_data word at offset off.
func fieldName(off uint32, order binary.ByteOrder) string {
	switch {
	case off == offNr:
		return "nr"
	case off == offArch:
		return "arch"
	case off < offArgs:
		return "instruction_pointer " + half(off-offIP, order)
	case off < seccompSize:
		return fmt.Sprintf("args[%d] %s", (off-offArgs)/8, half((off-offArgs)%8, order))
	}
	return ""
}

// half says which half of a 64-bit field the word at byte offset off (0
// or 4) within it is.
func half(off uint32, order binary.ByteOrder) string {
	if (off == 0) == (order == binary.BigEndian) {
		return "high"
	}
	return "low"
}

// Disassemble renders the program one instruction per line with absolute
// jump targets and comments: the seccomp_data field a load reads, the
// architecture an AUDIT_ARCH constant names, the system call a number
// names in the dispatch of an architecture, and the action a return takes.
func (p *Program) Disassemble() string {
	var b strings.Builder
	order := p.order()
	archAt := map[int]Arch{} // first instruction of each architecture's dispatch
	var loaded uint32 = 0xffffffff
	var current Arch
	width := len(fmt.Sprint(len(p.Instructions) - 1))
	for pc, in := range p.Instructions {
		if a, ok := archAt[pc]; ok {
			current = a
		}
		name, operand := mnemonic(in.Op)
		var text, comment string
		switch {
		case in.Op == opJA:
			text = fmt.Sprintf("ja   %d", pc+1+int(in.K))
		case in.Op&0x07 == clsJMP:
			arg := "x"
			if operand == "k" {
				arg = fmt.Sprintf("#%#x", in.K)
				comment = p.jumpComment(in, pc, loaded, current, archAt)
			}
			text = fmt.Sprintf("%-4s %s, %d, %d", name, arg, pc+1+int(in.Jt), pc+1+int(in.Jf))
		case in.Op == opLoadAbs:
			loaded = in.K
			text = fmt.Sprintf("ld   [%d]", in.K)
			comment = fieldName(in.K, order)
		case in.Op == opRetK:
			text = fmt.Sprintf("ret  #%#x", in.K)
			comment = Action(in.K).String()
		default:
			if in.Op&0x07 != clsALU {
				loaded = 0xffffffff
			} else {
				loaded = 0xfffffffe // A derived from a load, not a field
			}
			text = in.String()
		}
		fmt.Fprintf(&b, "%*d  %s", width, pc, text)
		if comment != "" {
			fmt.Fprintf(&b, "%*s; %s", max(1, 28-len(text)), "", comment)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// jumpComment explains the constant of a conditional jump from what the
// accumulator was last loaded with.
func (p *Program) jumpComment(in Instruction, pc int, loaded uint32, current Arch, archAt map[int]Arch) string {
	switch loaded {
	case offArch:
		for _, a := range Arches() {
			if a.AuditArch() == in.K && in.Op&0xf0 == jmpJEQ {
				archAt[pc+1+int(in.Jt)] = a
				if a == ArchX32 || a == ArchAMD64 {
					return "AUDIT_ARCH_X86_64 (amd64, x32)"
				}
				return "AUDIT_ARCH of " + a.String()
			}
		}
	case offNr:
		if current == ArchInvalid {
			return ""
		}
		a := current
		if (a == ArchAMD64 || a == ArchX32) && in.K&x32SyscallBit != 0 {
			a = ArchX32
		} else if a == ArchX32 {
			a = ArchAMD64
		}
		if name, ok := a.SyscallName(in.K); ok {
			return name
		}
	}
	return ""
}
