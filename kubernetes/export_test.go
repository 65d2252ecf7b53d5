// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kubernetes_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/kubernetes"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// exportKubeNode compiles examples/kube-node with its snap declaration,
// for amd64, and exports it.
func exportKubeNode(t *testing.T, opts kubernetes.Options) *kubernetes.Output {
	t.Helper()
	dir := filepath.Join(testutil.ModuleRoot(t), "examples", "kube-node")
	info, err := snap.ParseFile(filepath.Join(dir, "snap.yaml"), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	decl, err := policy.ReadSnapDeclaration(filepath.Join(dir, "snap-declaration.yaml"))
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{
		SnapDeclarations: []*policy.SnapDeclaration{decl}, Arch: bpf.ArchAMD64, NoBPF: true})
	require.NoError(t, err)
	out, err := kubernetes.Export(res, opts)
	require.NoError(t, err)
	return out
}

func fileMap(out *kubernetes.Output) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range out.Files {
		m[f.Path] = f.Data
	}
	return m
}

func TestExportLayout(t *testing.T) {
	out := exportKubeNode(t, kubernetes.Options{})
	var paths []string
	for _, f := range out.Files {
		paths = append(paths, f.Path)
	}
	var want []string
	// Apps only: the snap's configure and remove hooks get nothing.
	for _, app := range []string{"containerd", "kube-proxy", "kubectl", "kubelet"} {
		tag := "snap.kube-node." + app
		want = append(want,
			"apparmor/plugpolicy-kube-node-"+app,
			"seccomp/plugpolicy/"+tag+".json",
			"security-context/"+tag+".yaml",
			"security-profiles-operator/"+tag+".yaml")
	}
	sort.Strings(want)
	assert.Equal(t, want, paths)
	require.Len(t, out.Apps, 4)
	kubelet := out.Apps[3]
	assert.Equal(t, "kubelet", kubelet.App)
	assert.Equal(t, "plugpolicy-kube-node-kubelet", kubelet.Name)
	assert.Equal(t, "plugpolicy/snap.kube-node.kubelet.json", kubelet.SeccompProfile)
}

// profileBody is the text of a profile from its opening line on.
func profileBody(t *testing.T, text []byte) string {
	t.Helper()
	i := bytes.Index(text, []byte("\nprofile "))
	require.GreaterOrEqual(t, i, 0, "no profile line in\n%s", text)
	return string(text[i:])
}

func TestAppArmorLeavesOutSnapPaths(t *testing.T) {
	out := exportKubeNode(t, kubernetes.Options{})
	marks := regexp.MustCompile(`@\{SNAP|@\{INSTALL_DIR\}|/snap/|/var/snap/|###|snap-update-ns|snap-confine`)
	for _, a := range out.Apps {
		body := profileBody(t, a.AppArmor)
		for i, line := range strings.Split(body, "\n") {
			code, _, _ := strings.Cut(strings.TrimSpace(line), "#")
			if strings.HasPrefix(strings.TrimSpace(line), "#include") {
				code = line
			}
			assert.False(t, marks.MatchString(code), "%s: line %d names a snap path: %s", a.Name, i, line)
		}
		for _, r := range a.LeftOut {
			assert.Regexp(t, marks, r, "%s: left out a rule that names no snap path", a.Name)
		}
		assert.Contains(t, string(a.AppArmor), "# left out: "+kubernetes.LeftOutSummary(len(a.LeftOut))+"\n")
	}
	// kubernetes-support's kubelet flavor grants the kubelet more than
	// the base; some of it is kept, and some rules name snap paths.
	kubelet := out.Apps[3]
	assert.Contains(t, string(kubelet.AppArmor), "# Interface kubernetes-support")
	assert.Contains(t, string(kubelet.AppArmor), "@{PROC}/@{pid}/oom_score_adj rw,")
	assert.NotEmpty(t, kubelet.LeftOut)
}

func TestAppArmorProfilesCompile(t *testing.T) {
	out := exportKubeNode(t, kubernetes.Options{})
	profiles := map[string][]byte{}
	for _, a := range out.Apps {
		profiles[a.Name] = a.AppArmor
		assert.Contains(t, string(a.AppArmor), "\nprofile "+a.Name+" flags=(attach_disconnected,mediate_deleted) {\n")
	}
	testutil.CompileAppArmor(t, profiles)
}

// TestRealSnapsAppArmor exports the real snaps that can be installed
// (with Dangerous, for the grants the store would give) and compiles
// every container profile.
func TestRealSnapsAppArmor(t *testing.T) {
	exported := 0
	for name, file := range testutil.RealSnaps(t) {
		info, err := snap.ParseFile(file, snap.Options{Revision: snap.R(1)})
		if err != nil {
			t.Logf("%s: not parsed: %v", name, err)
			continue
		}
		res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, Arch: bpf.ArchAMD64, NoBPF: true})
		if err != nil {
			t.Logf("%s: not installable: %v", name, err)
			continue
		}
		out, err := kubernetes.Export(res, kubernetes.Options{})
		require.NoError(t, err, name)
		profiles := map[string][]byte{}
		for _, a := range out.Apps {
			profiles[name+"/"+a.Name] = a.AppArmor
		}
		testutil.CompileAppArmor(t, profiles)
		exported++
	}
	assert.GreaterOrEqual(t, exported, 5, "too few real snaps exported")
}

// TestSeccompProfileIsOCI decodes the exported JSON as the OCI runtime
// spec's LinuxSeccomp, refusing unknown fields, and finds the policy.
func TestSeccompProfileIsOCI(t *testing.T) {
	out := exportKubeNode(t, kubernetes.Options{})
	files := fileMap(out)
	for _, a := range out.Apps {
		data := files["seccomp/"+a.SeccompProfile]
		require.NotNil(t, data, a.Tag)
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var got specs.LinuxSeccomp
		require.NoError(t, dec.Decode(&got), a.Tag)
		assert.Empty(t, cmp.Diff(a.Seccomp, &got), a.Tag)
		assert.Equal(t, specs.ActErrno, got.DefaultAction, a.Tag)
		assert.Equal(t, []specs.Arch{specs.ArchX86_64, specs.ArchX86}, got.Architectures, a.Tag)
		assert.True(t, allows(&got, "read"), "%s: read is not allowed", a.Tag)
		assert.False(t, allows(&got, "kexec_load"), "%s: kexec_load is allowed", a.Tag)
	}
}

// allows tells whether the profile allows a system call whatever its
// arguments.
func allows(p *specs.LinuxSeccomp, name string) bool {
	for _, s := range p.Syscalls {
		if s.Action == specs.ActAllow && len(s.Args) == 0 {
			for _, n := range s.Names {
				if n == name {
					return true
				}
			}
		}
	}
	return false
}
