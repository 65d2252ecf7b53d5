// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSnapConfineHeader pins the header's bytes: snap-seccomp's
// unrestricted file (its TestUnrestricted), and the lengths in the native
// architecture's byte order, s390x's big endian included.
func TestSnapConfineHeader(t *testing.T) {
	bin, err := CompileSnapConfine("snap.free.app", []byte("@unrestricted\nread\n"), Options{Arch: ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	want := [SnapConfineHeaderSize]byte{'S', 'C', 1, 1}
	if !bytes.Equal(bin, want[:]) {
		t.Errorf("unrestricted: % x, want % x", bin, want)
	}
	for _, a := range []Arch{ArchAMD64, ArchS390X} {
		bin, err := CompileSnapConfine("snap.small.app", []byte(readFile(t, smallFixture)), Options{Arch: a})
		if err != nil {
			t.Fatal(err)
		}
		allow, deny, err := CompileSnapConfineFilters(parseFixture(t, smallFixture), Options{Arch: a})
		if err != nil {
			t.Fatal(err)
		}
		la, ld := 8*len(allow.Instructions), 8*len(deny.Instructions)
		hdr := make([]byte, SnapConfineHeaderSize)
		copy(hdr, "SC\x01\x00")
		a.ByteOrder().PutUint32(hdr[8:], uint32(la))
		a.ByteOrder().PutUint32(hdr[12:], uint32(ld))
		if !bytes.Equal(bin[:SnapConfineHeaderSize], hdr) {
			t.Errorf("%s: header % x, want % x", a, bin[:SnapConfineHeaderSize], hdr)
		}
		ab, _ := allow.MarshalBinary()
		db, _ := deny.MarshalBinary()
		if !bytes.Equal(bin[SnapConfineHeaderSize:], append(ab, db...)) {
			t.Errorf("%s: the filters do not follow the header, allow first", a)
		}
		gotAllow, gotDeny, unrestricted, err := DecodeSnapConfine(bin, a.ByteOrder())
		if err != nil || unrestricted || !slices.Equal(gotAllow.Instructions, allow.Instructions) || !slices.Equal(gotDeny.Instructions, deny.Instructions) {
			t.Errorf("%s: decoding gives unrestricted %v, %v, and other filters", a, unrestricted, err)
		}
	}
}

func parseFixture(t *testing.T, name string) *Policy {
	t.Helper()
	p, err := Parse([]byte(readFile(t, name)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDecodeSnapConfineErrors checks that the decoder refuses what
// snap-confine refuses.
func TestDecodeSnapConfineErrors(t *testing.T) {
	good, err := CompileSnapConfine("snap.small.app", []byte(readFile(t, smallFixture)), Options{Arch: ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{good[:100], "file of 100 bytes is shorter than the 128-byte header"},
		{edit(func(b []byte) []byte { b[1] = 'X'; return b }), `header starts with "SX", not "SC"`},
		{edit(func(b []byte) []byte { b[2] = 2; return b }), "version 2, expected 1"},
		{edit(func(b []byte) []byte { le.PutUint32(b[8:], 32*1024+8); return b }), "allow filter of 32776 bytes: expected a multiple of 8 up to 32768"},
		{edit(func(b []byte) []byte { le.PutUint32(b[12:], le.Uint32(b[12:])+4); return b }), "deny filter of"},
		{good[:len(good)-8], "its header says"},
		{append(bytes.Clone(good), 0, 0, 0, 0, 0, 0, 0, 0), "its header says"},
		{edit(func(b []byte) []byte { le.PutUint32(b[8:], 0); le.PutUint32(b[12:], 0); return b[:128] }), "allow filter may only be empty in unrestricted profiles"},
		{edit(func(b []byte) []byte { b[len(b)-8] = 0xff; return b }), "deny filter: cannot decode BPF program"},
	} {
		_, _, _, err := DecodeSnapConfine(tc.data, le)
		if err == nil || !strings.HasPrefix(err.Error(), "cannot decode snap-confine filters: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeSnapConfine: %v, want %q", err, tc.want)
		}
	}
	if _, _, u, err := DecodeSnapConfine(edit(func(b []byte) []byte { b[3] = 1; return b }), le); err != nil || !u {
		t.Errorf("an unrestricted file with filters: unrestricted %v, %v", u, err)
	}
	if IsSnapConfine(good[SnapConfineHeaderSize:]) || !IsSnapConfine(good) {
		t.Errorf("IsSnapConfine tells a .bin2 from its filters wrongly")
	}
}

// TestSnapConfineProperty runs both filters on every call of every
// architecture with sampled arguments: each must decide as snap-seccomp's
// filter would (decideFilters), and both, as snap-confine stacks them, as
// Decide does.
func TestSnapConfineProperty(t *testing.T) {
	policies := map[string]*Policy{"fixture": loadFixture(t)}
	for name, src := range map[string]string{
		"tricky":   trickyPolicy,
		"complain": "@complain\n" + trickyPolicy,
	} {
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		policies[name] = p
	}
	for name, p := range policies {
		for _, a := range Arches() {
			opts := Options{Arch: a}
			t.Run(name+"/"+a.String(), func(t *testing.T) {
				allow, deny, err := CompileSnapConfineFilters(p, opts)
				if err != nil {
					t.Fatal(err)
				}
				budget := 0
				if testing.Short() {
					budget = 8
				}
				checkPairAgainstDecide(t, p, allow, deny, opts, budget)
			})
		}
	}
	if allow, deny, err := CompileSnapConfineFilters(&Policy{Unrestricted: true}, Options{Arch: ArchAMD64}); allow != nil || deny != nil || err != nil {
		t.Errorf("unrestricted: filters %v %v, %v", allow, deny, err)
	}
}

// TestSnapConfineCheapDecisions checks each filter of the template
// fixture alone: its worst decision within ceil(log2(n+1))+10
// instructions for its own n (the calls its lines name).
func TestSnapConfineCheapDecisions(t *testing.T) {
	checkSnapConfineCheapDecisions(t, loadFixture(t))
}

// checkSnapConfineCheapDecisions checks TestSnapConfineCheapDecisions'
// bound on a policy.
func checkSnapConfineCheapDecisions(t *testing.T, p *Policy) {
	t.Helper()
	allow, deny, stats, err := compileSnapConfine(p, Options{Arch: ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range []struct {
		what string
		prog *Program
	}{{"allow", allow}, {"deny", deny}} {
		worst, mean := decisionCosts(t, f.prog, p)
		n := stats[i].AllowedSyscalls
		if bound := bits.Len(uint(n)) + 10; worst > bound || n == 0 {
			t.Errorf("%s filter: worst decision takes %d instructions, more than ceil(log2(%d+1))+10 = %d", f.what, worst, n, bound)
		}
		t.Logf("%s filter: %d instructions, n %d, worst decision %d, mean %.2f", f.what, stats[i].Instructions, n, worst, mean)
	}
}

// TestCompileSnapConfineErrorsNameThePolicy checks that errors name the
// policy, and the filter that is too long for snap-confine and the kernel.
func TestCompileSnapConfineErrorsNameThePolicy(t *testing.T) {
	_, err := CompileSnapConfine("snap.kube-node.kubelet", []byte("setns - CLONE_NEWNE\n"), Options{Arch: ArchAMD64})
	if err == nil || !strings.HasPrefix(err.Error(), `cannot compile seccomp policy "snap.kube-node.kubelet": line 1: invalid argument "CLONE_NEWNE"`) {
		t.Errorf("CompileSnapConfine: %v", err)
	}
	bin, warnings, err := CompileSnapConfineWithWarnings("snap.new.app", []byte("read\nfrobnicate\n"), Options{Arch: ArchAMD64})
	if err != nil || len(bin) == 0 || len(warnings) != 1 || warnings[0].Syscall != "frobnicate" {
		t.Errorf("CompileSnapConfineWithWarnings: %d bytes, %v, %v", len(bin), warnings, err)
	}
	_, err = CompileSnapConfine("snap.new.app", []byte("read\nfrobnicate\n"), Options{Arch: ArchAMD64, Strict: true})
	if err == nil || !strings.Contains(err.Error(), `"snap.new.app": line 2: invalid system call "frobnicate"`) {
		t.Errorf("CompileSnapConfine, strict: %v", err)
	}
	var b strings.Builder
	b.WriteString("ioctl\n")
	for i := range 1100 {
		b.WriteString("~ioctl - " + strconv.Itoa(2*i) + "\n")
	}
	_, err = CompileSnapConfine("snap.big.app", []byte(b.String()), Options{Arch: ArchAMD64, NativeOnly: true})
	want := `cannot compile seccomp policy "snap.big.app": deny filter: program has `
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "more than the kernel's limit of 4096") {
		t.Errorf("CompileSnapConfine: %v\nwant %s...", err, want)
	}
}
