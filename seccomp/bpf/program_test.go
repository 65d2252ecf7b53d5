// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"encoding/binary"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	p := loadFixture(t)
	for _, a := range []Arch{ArchAMD64, ArchS390X} {
		prog, _, err := Compile(p, Options{Arch: a})
		if err != nil {
			t.Fatal(err)
		}
		bin, err := prog.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if len(bin) != 8*len(prog.Instructions) {
			t.Fatalf("%s: %d bytes for %d instructions", a, len(bin), len(prog.Instructions))
		}
		back, err := Decode(bin, a.ByteOrder())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back.Instructions, prog.Instructions) {
			t.Errorf("%s: decoded program differs", a)
		}
		// The first instruction loads seccomp_data.arch: opcode 0x20,
		// offset 4, laid out in the architecture's byte order.
		want := []byte{0x20, 0, 0, 0, 4, 0, 0, 0}
		if a.ByteOrder() == binary.BigEndian {
			want = []byte{0, 0x20, 0, 0, 0, 0, 0, 4}
		}
		if string(bin[:8]) != string(want) {
			t.Errorf("%s: first instruction encoded as % x, want % x", a, bin[:8], want)
		}
	}
	// CompileSource produces the same bytes.
	src := []byte("read\nwrite\n")
	bin, err := CompileSource("snap.test.app", src, Options{Arch: ArchARM64})
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := Parse(src)
	prog, _, _ := Compile(p2, Options{Arch: ArchARM64})
	again, _ := prog.MarshalBinary()
	if string(bin) != string(again) {
		t.Error("CompileSource and Compile disagree")
	}
}

func TestDecodeErrors(t *testing.T) {
	enc := func(ins ...Instruction) []byte {
		b, err := (&Program{Instructions: ins, Order: binary.LittleEndian}).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		bin []byte
		err string
	}{
		{nil, "cannot decode BPF program: length 0 is not a positive multiple of 8"},
		{make([]byte, 12), "cannot decode BPF program: length 12 is not a positive multiple of 8"},
		{make([]byte, 8*4097), "cannot decode BPF program: program has 4097 instructions: expected 1 to 4096"},
		{enc(Instruction{Op: opLoadAbs, K: 64}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (ld [64]): load outside seccomp_data or unaligned"},
		{enc(Instruction{Op: opLoadAbs, K: 2}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (ld [2]): load outside seccomp_data or unaligned"},
		{enc(Instruction{Op: opJEQ, Jt: 1}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (jeq #0x0, +1, +0): jump out of range"},
		{enc(Instruction{Op: opJA, K: 5}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (ja +5): jump out of range"},
		{enc(Instruction{Op: clsLD | 0x40}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (.op 0x0040 #0x0): instruction not permitted in seccomp filters"},
		{enc(Instruction{Op: clsALU | aluDIV | srcK}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (div #0x0): division by zero"},
		{enc(Instruction{Op: clsST, K: 16}, Instruction{Op: opRetK}), "cannot decode BPF program: instruction 0 (st M[16]): scratch memory index out of range"},
		{enc(Instruction{Op: opLoadAbs}), "cannot decode BPF program: program does not end with a return"},
	} {
		_, err := Decode(tc.bin, binary.LittleEndian)
		if err == nil || err.Error() != tc.err {
			t.Errorf("Decode: %v\nwant %s", err, tc.err)
		}
	}
}

// TestInterpreterInstructions runs the instructions the compiler never
// emits but a decoded program may contain.
func TestInterpreterInstructions(t *testing.T) {
	prog := &Program{Order: binary.LittleEndian, Instructions: []Instruction{
		{Op: opLoadAbs, K: offArgs},          // A = args[0] low
		{Op: clsST, K: 3},                    // M[3] = A
		{Op: clsLDX | modeIMM, K: 5},         // X = 5
		{Op: clsALU | aluADD | srcX},         // A += X
		{Op: clsALU | aluMUL | srcK, K: 3},   // A *= 3
		{Op: clsALU | aluSUB | srcK, K: 1},   // A -= 1
		{Op: clsALU | aluLSH | srcK, K: 4},   // A <<= 4
		{Op: clsALU | aluRSH | srcK, K: 2},   // A >>= 2
		{Op: clsALU | aluXOR | srcK, K: 0xf}, // A ^= 15
		{Op: clsALU | aluOR | srcK, K: 0x100},
		{Op: clsALU | aluDIV | srcK, K: 2},
		{Op: clsMISC | miscTAX},     // X = A
		{Op: clsLD | modeMEM, K: 3}, // A = M[3]
		{Op: clsALU | aluNEG},
		{Op: clsMISC | miscTXA},
		{Op: clsJMP | jmpJGT | srcX, Jt: 1}, // A > X: never (A == X)
		{Op: clsRET | retA},
		{Op: opRetK, K: 7},
	}}
	if err := prog.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := prog.Run(Data{Args: [6]uint64{2}})
	if err != nil {
		t.Fatal(err)
	}
	// ((((2+5)*3-1)<<4)>>2 ^ 15 | 256) / 2 = ((80^15)|256)/2 = (95|256)/2 = 175
	if r.Action != 175 || r.Executed != 17 {
		t.Errorf("Run = %d after %d instructions, want 175 after 17", r.Action, r.Executed)
	}
}

func TestTooLong(t *testing.T) {
	var b strings.Builder
	for i := range 1100 {
		b.WriteString("ioctl - " + strconv.Itoa(2*i) + "\n")
	}
	_, err := CompileSource("snap.big.app", []byte(b.String()), Options{Arch: ArchAMD64, NativeOnly: true})
	want := `cannot compile seccomp policy "snap.big.app": program has 4172 instructions, more than the kernel's limit of 4096`
	if err == nil || err.Error() != want {
		t.Errorf("CompileSource: %v\nwant %s", err, want)
	}
}

func TestCompileSourceErrorsNameThePolicy(t *testing.T) {
	_, err := CompileSource("snap.kube-node.kubelet", []byte("setns - CLONE_NEWNE\n"), Options{Arch: ArchAMD64})
	want := `cannot compile seccomp policy "snap.kube-node.kubelet": line 1: invalid argument "CLONE_NEWNE": unknown constant "CLONE_NEWNE"; expected a decimal number or a known constant such as AF_INET or CLONE_NEWNET`
	if err == nil || err.Error() != want {
		t.Errorf("CompileSource: %v\nwant %s", err, want)
	}
}

func TestUnrestrictedProgram(t *testing.T) {
	p, _ := Parse([]byte("@unrestricted\n"))
	prog, stats, err := Compile(p, Options{Arch: ArchAMD64})
	if err != nil || stats.Instructions != 1 || prog.Instructions[0] != (Instruction{Op: opRetK, K: uint32(ActionAllow)}) {
		t.Errorf("unrestricted: %+v %+v %v", prog, stats, err)
	}
}
