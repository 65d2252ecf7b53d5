// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"encoding/json"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestExportOCIGolden pins the OCI profile of the template fixture: the
// JSON a Kubernetes Localhost seccomp profile file holds.
func TestExportOCIGolden(t *testing.T) {
	p := loadFixture(t)
	prof, err := ExportOCI(p, Options{Arch: ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(prof, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "default-template+kubelet.oci.json", append(out, '\n'))

	// The JSON reads back into the runtime-spec type unchanged.
	var back specs.LinuxSeccomp
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.MarshalIndent(&back, "", "  ")
	if string(again) != string(out) {
		t.Error("the profile does not survive a JSON round trip")
	}
}

func TestExportOCIModes(t *testing.T) {
	src := "read\nioctl\n~ioctl - TIOCSTI\n~getppid\nchown - u:root -1\nmknod - |S_IFIFO\nosf_getdomainname\n"
	for _, tc := range []struct {
		prefix, file string
		opts         Options
	}{
		{"", "oci-enforce.json", Options{Arch: ArchARM64}},
		{"@complain\n", "oci-complain.json", Options{Arch: ArchAMD64, NativeOnly: true}},
		{"@unrestricted\n", "oci-unrestricted.json", Options{Arch: ArchS390X}},
	} {
		p, err := Parse([]byte(tc.prefix + src))
		if err != nil {
			t.Fatal(err)
		}
		prof, err := ExportOCI(p, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := json.MarshalIndent(prof, "", "  ")
		golden(t, tc.file, append(out, '\n'))
	}
}

// TestDisassembleGolden pins the disassembler's output for a small policy.
func TestDisassembleGolden(t *testing.T) {
	bin, err := CompileSource("snap.small.app", []byte(readFile(t, smallFixture)), Options{Arch: ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Decode(bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "small.amd64.disasm", []byte(prog.Disassemble()))
}
