// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explainSections splits explain's output into its "==" files, each a
// map from "--" heading to the lines below it.
func explainSections(t *testing.T, out string) map[string]map[string][]string {
	t.Helper()
	files := map[string]map[string][]string{}
	var file map[string][]string
	heading := ""
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "== "):
			file = map[string][]string{}
			files[strings.TrimPrefix(line, "== ")] = file
		case strings.HasPrefix(line, "-- "):
			require.NotNil(t, file, "a section outside a file: %s", line)
			heading = strings.TrimPrefix(line, "-- ")
			file[heading] = []string{}
		case line == "":
		default:
			require.NotEmpty(t, heading, "a line outside a section: %s", line)
			file[heading] = append(file[heading], line)
		}
	}
	return files
}

func TestExplainKubelet(t *testing.T) {
	stdout, stderr, status := runCLI(t, "explain", "--snap-declaration", kubeGrant, "examples/kube-node/snap.yaml", "kubelet")
	require.Equal(t, exitOK, status, stderr)
	assert.Empty(t, stderr)
	files := explainSections(t, stdout)
	profile := files["apparmor: snap.kube-node.kubelet (var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet, 1306 lines)"]
	require.NotNil(t, profile, "%v", keys(files))
	k8s := profile["interface kubernetes-support via plug kube-node:k8s-kubelet, connected to snapd:kubernetes-support (113 lines)"]
	assert.Contains(t, k8s, `    mount fstype="tmpfs" tmpfs -> /var/snap/@{SNAP_INSTANCE_NAME}/common/**,`)
	assert.Contains(t, profile["template (453 lines)"], "  /usr/bin/snapctl ixr,")
	// The union of the sections is the profile: nothing is left for a
	// combined section, and every section's lines are the file's.
	for heading := range profile {
		assert.False(t, strings.HasPrefix(heading, "combined") || strings.HasPrefix(heading, "template rules missing"), "%s: a line of the profile is neither the template's nor a single source's", heading)
	}
	data := readOut(t, "examples/kube-node/snap.yaml", "var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet")
	have := map[string]bool{}
	for _, l := range strings.Split(data, "\n") {
		have[l] = true
	}
	shown := map[string]bool{}
	for heading, lines := range profile {
		for _, l := range lines {
			shown[l] = true
			if !strings.Contains(heading, "removes from the template") && !strings.Contains(heading, "not in the file") {
				assert.True(t, have[l], "%s: %q is not in the profile", heading, l)
			}
		}
	}
	for l := range have {
		assert.True(t, l == "" || shown[l], "%q of the profile is not shown", l)
	}
	drop := files["systemd: snap.kube-node.kubelet (etc/systemd/system/snap.kube-node.kubelet.service.d/snap-interfaces.conf, 3 lines)"]
	assert.Contains(t, drop["interface kubernetes-support: permanent rules of plug kube-node:k8s-kubelet (3 lines)"], "Delegate=true")
	mods := files["kmod: snap kube-node (etc/modules-load.d/snap.kube-node.conf, 11 lines)"]
	assert.Contains(t, mods["interface kubernetes-support via plug kube-node:k8s-kubeproxy, connected to snapd:kubernetes-support (7 lines; bound to kube-proxy, not to kubelet)"], "ip_vs_rr")

	again, _, _ := runCLI(t, "explain", "--snap-declaration", kubeGrant, "examples/kube-node/snap.yaml", "kubelet")
	assert.Equal(t, stdout, again, "deterministic")
}

// readOut compiles the snap with the example grant and returns one file.
func readOut(t *testing.T, snapYAML, path string) string {
	t.Helper()
	out := t.TempDir()
	_, stderr, status := runCLI(t, "compile", "--snap-declaration", kubeGrant, "--out", out, snapYAML)
	require.Equal(t, exitOK, status, stderr)
	data, err := readFileString(out + "/" + path)
	require.NoError(t, err)
	return data
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestExplainBackendAndTemplateFlags(t *testing.T) {
	stdout, stderr, status := runCLI(t, "explain", "--snap-declaration", kubeGrant, "--backend", "seccomp", "--template=false", "examples/kube-node/snap.yaml", "kube-node.kubelet")
	require.Equal(t, exitOK, status, stderr)
	files := explainSections(t, stdout)
	assert.Equal(t, []string{"seccomp: snap.kube-node.kubelet (var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.src, 624 lines)"}, keys(files))
	for _, f := range files {
		assert.Equal(t, []string{}, f["template (521 lines, not shown)"])
		assert.Contains(t, f["interface kubernetes-support via plug kube-node:k8s-kubelet, connected to snapd:kubernetes-support (11 lines)"], "setns - CLONE_NEWNET")
	}
	assert.NotRegexp(t, regexp.MustCompile(`(?m)^== (apparmor|udev|kmod|systemd|mount):`), stdout)

	stdout, stderr, status = runCLI(t, "explain", "--snap-declaration", kubeGrant, "--backend", "systemd", "examples/kube-node/snap.yaml", "hook.configure")
	require.Equal(t, exitOK, status, stderr)
	assert.Empty(t, stdout, "a hook has no systemd files")
}

func TestExplainErrors(t *testing.T) {
	_, stderr, status := runCLI(t, "explain", "--snap-declaration", kubeGrant, "examples/kube-node/snap.yaml", "kubelett")
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, `plugpolicy explain: snap "kube-node" has no app or hook "kubelett": it has containerd, kube-proxy, kubectl, kubelet, hook.configure, hook.remove`+"\n", stderr)
	_, stderr, status = runCLI(t, "explain", "examples/kube-node/snap.yaml", "kubelet")
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stderr, `plugpolicy explain: cannot install snap "kube-node"`)
	_, stderr, status = runCLI(t, "explain", "examples/kube-node/snap.yaml")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "plugpolicy explain: name at least one snap.yaml and an app (APP, hook.NAME, or SNAP.APP)\n")
	_, stderr, status = runCLI(t, "explain", "--backend", "selinux", "examples/kube-node/snap.yaml", "kubelet")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, `unknown backend "selinux"`)
}

func readFileString(name string) (string, error) {
	data, err := os.ReadFile(name)
	return string(data), err
}
