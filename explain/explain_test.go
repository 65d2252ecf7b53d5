// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package explain_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/explain"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// kubeNode compiles examples/kube-node with its snap declaration.
func kubeNode(t *testing.T, opts plugpolicy.Options) *plugpolicy.Result {
	t.Helper()
	info, err := snap.ParseFile("../examples/kube-node/snap.yaml", snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	decl, err := policy.ReadSnapDeclaration("../examples/kube-node/snap-declaration.yaml")
	require.NoError(t, err)
	opts.SnapDeclarations = append(opts.SnapDeclarations, decl)
	opts.NoBPF = true
	res, err := plugpolicy.Compile([]*snap.Info{info}, opts)
	require.NoError(t, err)
	return res
}

// fileOf returns the explained file at path.
func fileOf(t *testing.T, ex *explain.Explanation, path string) *explain.File {
	t.Helper()
	for i := range ex.Files {
		if ex.Files[i].Path == path {
			return &ex.Files[i]
		}
	}
	t.Fatalf("%s is not explained; the files are %v", path, paths(ex))
	return nil
}

func paths(ex *explain.Explanation) []string {
	var out []string
	for _, f := range ex.Files {
		out = append(out, f.Path)
	}
	return out
}

// sectionOf returns the section of the source that s names.
func sectionOf(t *testing.T, f *explain.File, source string) *explain.Section {
	t.Helper()
	for i := range f.Sections {
		if f.Sections[i].Source.String() == source {
			return &f.Sections[i]
		}
	}
	t.Fatalf("%s: no section %q", f.Path, source)
	return nil
}

// checkUnion checks, apart from the attribution's own bookkeeping, that
// every line of the file is in the template or a source's section, and
// that every line listed there is in the file.
func checkUnion(t *testing.T, res *plugpolicy.Result, f *explain.File) {
	t.Helper()
	file := res.File(f.Path)
	assert.Equal(t, file != nil, f.Written, f.Path)
	var data []byte
	if file != nil {
		data = file.Data
	}
	have := map[string]bool{}
	n := 0
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			have[l] = true
			n++
		}
	}
	assert.Equal(t, n, f.Lines, f.Path)
	listed := map[string]bool{}
	for _, l := range f.Template {
		listed[l] = true
	}
	for _, s := range f.Sections {
		for _, l := range s.Lines {
			listed[l] = true
		}
		for _, l := range s.Dropped {
			assert.False(t, have[l], "%s: %s: dropped line %q is in the file", f.Path, s.Source, l)
		}
	}
	for _, c := range f.Combined {
		assert.NotEmpty(t, c.Sources, "%s: lines %q need no source", f.Path, c.Lines)
		for _, l := range c.Lines {
			listed[l] = true
		}
	}
	for l := range have {
		assert.True(t, listed[l], "%s: line %q is neither template nor any source's", f.Path, l)
	}
	for l := range listed {
		assert.True(t, have[l], "%s: listed line %q is not in the file", f.Path, l)
	}
	assert.Empty(t, f.Replaced, "%s: replaced", f.Path)
}

func TestExplainKubelet(t *testing.T) {
	res := kubeNode(t, plugpolicy.Options{})
	ex, err := explain.Explain(res, "kube-node", "kubelet", explain.Options{})
	require.NoError(t, err)
	assert.Equal(t, "snap.kube-node.kubelet", ex.Tag)
	assert.Equal(t, []string{
		"var/lib/snapd/apparmor/profiles/snap-update-ns.kube-node",
		"var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet",
		"var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.src",
		"etc/udev/rules.d/70-snap.kube-node.rules",
		"var/lib/snapd/cgroup/snap.kube-node.device",
		"etc/modules-load.d/snap.kube-node.conf",
		"etc/systemd/system/snap.kube-node.kubelet.service.d/snap-interfaces.conf",
		"var/lib/snapd/mount/snap.kube-node.fstab",
	}, paths(ex), "the kubelet's files and the snap's, by backend, no other app's, no binary filter")
	for i := range ex.Files {
		checkUnion(t, res, &ex.Files[i])
		assert.True(t, ex.Files[i].Exact(), "%s: %v", ex.Files[i].Path, ex.Files[i].Combined)
		assert.True(t, ex.Files[i].Written, ex.Files[i].Path)
	}

	k8s := "interface kubernetes-support via plug kube-node:k8s-kubelet, connected to snapd:kubernetes-support"
	profile := fileOf(t, ex, "var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet")
	assert.Contains(t, profile.Template, "  /usr/bin/snapctl ixr,")
	assert.Contains(t, profile.Template, `profile "snap.kube-node.kubelet" flags=(attach_disconnected,mediate_deleted) {`)
	assert.Contains(t, sectionOf(t, profile, k8s).Lines, `    mount fstype="tmpfs" tmpfs -> /var/snap/@{SNAP_INSTANCE_NAME}/common/**,`)
	// mount-observe grants the mount table, replacing the template's
	// denial of it.
	mo := sectionOf(t, profile, "interface mount-observe via plug kube-node:mount-observe, connected to snapd:mount-observe")
	assert.Contains(t, mo.Removes, "  deny @{PROC}/@{pid}/mountinfo r,")
	assert.NotContains(t, profile.Template, "  deny @{PROC}/@{pid}/mountinfo r,")
	// network-control alone silences ptrace, which kubernetes-support
	// uses: combined, the denial is gone, and explain says so.
	nc := sectionOf(t, profile, "interface network-control via plug kube-node:network-control, connected to snapd:network-control")
	assert.Contains(t, nc.Dropped, "  deny ptrace (trace),")

	src := fileOf(t, ex, "var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.src")
	assert.Contains(t, sectionOf(t, src, k8s).Lines, "setns - CLONE_NEWNET")
	assert.Contains(t, src.Template, "execveat")

	dropIn := fileOf(t, ex, "etc/systemd/system/snap.kube-node.kubelet.service.d/snap-interfaces.conf")
	assert.Empty(t, dropIn.Template)
	require.Len(t, dropIn.Sections, 1)
	assert.Equal(t, "interface kubernetes-support: permanent rules of plug kube-node:k8s-kubelet", dropIn.Sections[0].Source.String())
	assert.Contains(t, dropIn.Sections[0].Lines, "Delegate=true")

	// kube-proxy's modules are in the snap's module list, and named for
	// the plug they come from, which the kubelet is not bound to.
	mods := fileOf(t, ex, "etc/modules-load.d/snap.kube-node.conf")
	proxy := sectionOf(t, mods, "interface kubernetes-support via plug kube-node:k8s-kubeproxy, connected to snapd:kubernetes-support")
	assert.Contains(t, proxy.Lines, "ip_vs_rr")
	assert.Equal(t, []string{"snap.kube-node.kube-proxy"}, proxy.Source.Tags)
}

// Every file of every real snap and of the node example is explained:
// each line is the template's, a single source's, or one that only
// appears when sources are combined, with the sources that make it. In
// these snaps, only one interaction combines: docker-support takes the
// "ix" off home's rules (SetSuppressHomeIx) in every profile of the snap.
func TestExplainEverywhere(t *testing.T) {
	files := testutil.RealSnaps(t)
	files["kube-node"] = "../examples/kube-node/snap.yaml"
	combined := map[string][]string{}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			info, err := snap.ParseFile(file, snap.Options{Revision: snap.R(1)})
			require.NoError(t, err)
			res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{ConnectAll: true, Dangerous: true, NoBPF: true})
			require.NoError(t, err)
			files, err := explain.ExplainSnap(res, res.Snaps[0].Name, explain.Options{})
			require.NoError(t, err)
			for _, f := range files {
				checkUnion(t, res, &f)
				for _, c := range f.Combined {
					var ifaces []string
					for _, s := range c.Sources {
						ifaces = append(ifaces, s.Interface)
					}
					slices.Sort(ifaces)
					assert.Equal(t, []string{"docker-support", "home"}, slices.Compact(ifaces), "%s: %q", f.Path, c.Lines)
					for _, l := range c.Lines {
						assert.Regexp(t, `^  owner @\{HOME\}/.* rwkl,$`, l, f.Path)
					}
					for _, s := range c.Sources {
						combined[f.Path] = append(combined[f.Path], s.String())
					}
				}
			}
		})
	}
	assert.Equal(t, []string{
		"interface home via plug docker:home, connected to snapd:home",
		"interface docker-support via plug docker:support, connected to snapd:docker-support",
	}, combined["var/lib/snapd/apparmor/profiles/snap.docker.compose"])
	// A set found for one profile is pared down again for the next: the
	// kubectl's is not bound to microk8s's plain home plug.
	assert.Equal(t, []string{
		"interface docker-support via plug microk8s:docker-unprivileged, connected to snapd:docker-support",
		"interface home via plug microk8s:home-read-all, connected to snapd:home",
	}, combined["var/lib/snapd/apparmor/profiles/snap.microk8s.kubectl"])
	assert.Equal(t, []string{
		"interface docker-support via plug microk8s:docker-unprivileged, connected to snapd:docker-support",
		"interface home via plug microk8s:home, connected to snapd:home",
		"interface home via plug microk8s:home-read-all, connected to snapd:home",
	}, combined["var/lib/snapd/apparmor/profiles/snap.microk8s.microk8s"], "home's lines twice, once from each home plug")
	assert.Len(t, combined, 15, "docker's, k8s's, kubernetes-worker's and microk8s's profiles with home")
}

func TestExplainBackends(t *testing.T) {
	res := kubeNode(t, plugpolicy.Options{})
	ex, err := explain.Explain(res, "kube-node", "hook.configure", explain.Options{Backends: []string{"systemd", "seccomp"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"var/lib/snapd/seccomp/bpf/snap.kube-node.hook.configure.src"}, paths(ex),
		"seccomp first, as rendered; the hook has no systemd drop-in")

	_, err = explain.Explain(res, "kube-node", "kubelet", explain.Options{Backends: []string{"selinux"}})
	assert.EqualError(t, err, `cannot explain backend "selinux": the result was rendered with apparmor, seccomp, udev, kmod, systemd, mount only`)

	narrow := kubeNode(t, plugpolicy.Options{Backends: []string{"kmod"}})
	ex, err = explain.Explain(narrow, "kube-node", "kubelet", explain.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"etc/modules-load.d/snap.kube-node.conf"}, paths(ex))
}

// A snap without plugs or slots is its template.
func TestExplainTemplateOnly(t *testing.T) {
	res, err := plugpolicy.CompileYAML(plugpolicy.Options{NoBPF: true}, []byte("name: bare\nversion: 1\napps:\n  run:\n    command: bin/run\n"))
	require.NoError(t, err)
	ex, err := explain.Explain(res, "bare", "run", explain.Options{})
	require.NoError(t, err)
	require.NotEmpty(t, ex.Files)
	for _, f := range ex.Files {
		assert.Empty(t, f.Sections, f.Path)
		assert.Len(t, f.Template, f.Lines, f.Path)
		checkUnion(t, res, &f)
	}
}

func TestFindTarget(t *testing.T) {
	res := kubeNode(t, plugpolicy.Options{})
	for arg, want := range map[string]explain.Target{
		"kubelet":               {Snap: "kube-node", Name: "kubelet"},
		"kube-node.kubelet":     {Snap: "kube-node", Name: "kubelet"},
		"hook.remove":           {Snap: "kube-node", Name: "hook.remove"},
		"kube-node.hook.remove": {Snap: "kube-node", Name: "hook.remove"},
	} {
		got, err := explain.FindTarget(res, arg)
		require.NoError(t, err, arg)
		assert.Equal(t, want, got, arg)
	}
	_, err := explain.FindTarget(res, "kubectl2")
	assert.EqualError(t, err, `snap "kube-node" has no app or hook "kubectl2": it has containerd, kube-proxy, kubectl, kubelet, hook.configure, hook.remove`)
	_, err = explain.Explain(res, "kube-node", "hook.install", explain.Options{})
	assert.EqualError(t, err, `snap "kube-node" has no app or hook "hook.install": it has containerd, kube-proxy, kubectl, kubelet, hook.configure, hook.remove`)

	two, err := plugpolicy.CompileYAML(plugpolicy.Options{NoBPF: true},
		[]byte("name: one\nversion: 1\napps:\n  run:\n    command: x\n"),
		[]byte("name: two\nversion: 1\napps:\n  run:\n    command: x\n  other:\n    command: x\n"))
	require.NoError(t, err)
	got, err := explain.FindTarget(two, "other")
	require.NoError(t, err)
	assert.Equal(t, explain.Target{Snap: "two", Name: "other"}, got)
	got, err = explain.FindTarget(two, "one.run")
	require.NoError(t, err)
	assert.Equal(t, explain.Target{Snap: "one", Name: "run"}, got)
	_, err = explain.FindTarget(two, "run")
	assert.EqualError(t, err, `"run" is ambiguous: it names one.run and two.run; use SNAP.APP`)
	_, err = explain.FindTarget(two, "three")
	assert.EqualError(t, err, `no snap has an app or hook "three" (snap "one": run; snap "two": other, run)`)
}

func TestSources(t *testing.T) {
	res := kubeNode(t, plugpolicy.Options{})
	sources, err := explain.Sources(res.Repo, "kube-node")
	require.NoError(t, err)
	var names []string
	for _, s := range sources {
		names = append(names, s.String())
	}
	// Every plug's permanent rules, then its connection's, by plug name.
	assert.Equal(t, "interface firewall-control: permanent rules of plug kube-node:firewall-control", names[0])
	assert.Equal(t, "interface firewall-control via plug kube-node:firewall-control, connected to snapd:firewall-control", names[1])
	assert.Len(t, names, 2*16)
	assert.True(t, slices.IsSortedFunc(sources, func(a, b explain.Source) int { return strings.Compare(a.Plug.Name, b.Plug.Name) }))
	_, err = explain.Sources(res.Repo, "nope")
	assert.EqualError(t, err, `cannot list the policy sources of snap "nope": the repository has no such snap`)
}
