// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"bytes"
	"encoding/json"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/kubernetes"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestKubernetesExport loads the seccomp profile that "plugpolicy export
// kubernetes" writes for examples/kube-node's kubelet as runc loads a
// Localhost profile, with the real libseccomp, and checks its decisions:
// calls the policy allows and denies, the template's EACCES denial, and
// every call against the policy's own decisions.
func TestKubernetesExport(t *testing.T) {
	requireAMD64(t)
	info, err := snap.ParseFile("../../examples/kube-node/snap.yaml", snap.Options{Revision: snap.R(1)})
	if err != nil {
		t.Fatal(err)
	}
	decl, err := policy.ReadSnapDeclaration("../../examples/kube-node/snap-declaration.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{
		SnapDeclarations: []*policy.SnapDeclaration{decl}, Arch: bpf.ArchAMD64, NoBPF: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := kubernetes.Export(res, kubernetes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const tag = "snap.kube-node.kubelet"
	var data []byte
	for _, f := range out.Files {
		if f.Path == "seccomp/plugpolicy/"+tag+".json" {
			data = f.Data
		}
	}
	if data == nil {
		t.Fatalf("no seccomp profile for %s in the export", tag)
	}
	// What the kubelet reads from its seccomp root.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var prof specs.LinuxSeccomp
	if err := dec.Decode(&prof); err != nil {
		t.Fatalf("%s.json: %v", tag, err)
	}
	l, err := LoadOCI(&prof)
	if err != nil {
		t.Fatal(err)
	}
	run := func(a bpf.Arch, name string, args ...uint64) bpf.Action {
		t.Helper()
		nr, ok := a.SyscallNumber(name)
		if !ok {
			t.Fatalf("%s has no %s", a, name)
		}
		d := bpf.Data{Nr: nr, Arch: a.AuditArch()}
		copy(d.Args[:], args)
		r, err := l.Program.Run(d)
		if err != nil {
			t.Fatal(err)
		}
		return r.Action
	}
	tiocsti, _ := bpf.Constant("TIOCSTI", bpf.ArchAMD64)
	cases := []struct {
		arch bpf.Arch
		call string
		args []uint64
		want bpf.Action
	}{
		{bpf.ArchAMD64, "read", nil, bpf.ActionAllow},
		{bpf.ArchI386, "read", nil, bpf.ActionAllow},
		// kubernetes-support's kubelet flavor lets the kubelet mount.
		{bpf.ArchAMD64, "mount", nil, bpf.ActionAllow},
		{bpf.ArchAMD64, "kexec_load", nil, bpf.ActionEPERM},
		{bpf.ArchAMD64, "init_module", nil, bpf.ActionEPERM},
		{bpf.ArchAMD64, "ioctl", []uint64{1, tiocsti}, bpf.ActionEACCES},
		{bpf.ArchAMD64, "ioctl", []uint64{1, tiocsti + 1}, bpf.ActionAllow},
	}
	for _, c := range cases {
		if got := run(c.arch, c.call, c.args...); got != c.want {
			t.Errorf("%s %s%v: %s, want %s", c.arch, c.call, c.args, got, c.want)
		}
	}
	// And every call as the policy source decides it.
	src := res.File("var/lib/snapd/seccomp/bpf/" + tag + ".src")
	if src == nil {
		t.Fatalf("no policy source for %s", tag)
	}
	p, err := bpf.Parse(src.Data)
	if err != nil {
		t.Fatal(err)
	}
	var gaps []bpf.OCIGap
	for _, a := range out.Apps {
		if a.Tag == tag {
			gaps = a.SeccompGaps
		}
	}
	reportOCI(t, compareOCI(t, p, bpf.Options{Arch: bpf.ArchAMD64, Name: tag}, gaps, &prof, l), true)
}
