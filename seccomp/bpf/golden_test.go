// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf_test

// The golden tests are an external test package: the golden kit,
// policytest, imports the plugpolicy API, which imports this package.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// golden compares got with the file testdata/name, or rewrites the file
// under -update (go test ./seccomp/bpf -update; never the inputs).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	policytest.Golden(t, filepath.Join("testdata", name), got)
}

// readTestdata returns the contents of a test data file.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExportOCIGolden pins the OCI profile of the template fixture: the
// JSON a Kubernetes Localhost seccomp profile file holds.
func TestExportOCIGolden(t *testing.T) {
	p, err := bpf.Parse(readTestdata(t, "testdata/default-template+kubelet.src"))
	if err != nil {
		t.Fatal(err)
	}
	prof, err := bpf.ExportOCI(p, bpf.Options{Arch: bpf.ArchAMD64})
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
		opts         bpf.Options
	}{
		{"", "oci-enforce.json", bpf.Options{Arch: bpf.ArchARM64}},
		{"@complain\n", "oci-complain.json", bpf.Options{Arch: bpf.ArchAMD64, NativeOnly: true}},
		{"@unrestricted\n", "oci-unrestricted.json", bpf.Options{Arch: bpf.ArchS390X}},
	} {
		p, err := bpf.Parse([]byte(tc.prefix + src))
		if err != nil {
			t.Fatal(err)
		}
		prof, err := bpf.ExportOCI(p, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := json.MarshalIndent(prof, "", "  ")
		golden(t, tc.file, append(out, '\n'))
	}
}

// TestDisassembleGolden pins the disassembler's output for a small policy.
func TestDisassembleGolden(t *testing.T) {
	bin, err := bpf.CompileSource("snap.small.app", readTestdata(t, "testdata/small.src"), bpf.Options{Arch: bpf.ArchAMD64})
	if err != nil {
		t.Fatal(err)
	}
	prog, err := bpf.Decode(bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "small.amd64.disasm", []byte(prog.Disassemble()))
}
