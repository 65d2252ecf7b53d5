// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

func TestDiffIdenticalCompiles(t *testing.T) {
	a := compileKubeNode(t, "examples/kube-node/snap.yaml")
	b := compileKubeNode(t, "examples/kube-node/snap.yaml")
	stdout, stderr, status := runCLI(t, "diff", a, b)
	assert.Equal(t, exitOK, status)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)
	stdout, _, status = runCLI(t, "diff", "--stat", a, b)
	assert.Equal(t, exitOK, status)
	assert.Empty(t, stdout)
}

func TestDiffRemovedPlug(t *testing.T) {
	yaml, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(t), "examples/kube-node/snap.yaml"))
	require.NoError(t, err)
	// kube-proxy's network-observe goes; kubelet keeps its own.
	i := strings.Index(string(yaml), "  kube-proxy:\n")
	require.Positive(t, i)
	j := i + strings.Index(string(yaml[i:]), "      - network-observe\n")
	require.Greater(t, j, i)
	edited := filepath.Join(t.TempDir(), "snap.yaml")
	require.NoError(t, os.WriteFile(edited, append(yaml[:j:j], yaml[j+len("      - network-observe\n"):]...), 0o644))

	before := compileKubeNode(t, "examples/kube-node/snap.yaml")
	after := compileKubeNode(t, edited)
	stdout, stderr, status := runCLI(t, "diff", before, after)
	assert.Equal(t, exitInvalid, status)
	assert.Empty(t, stderr)

	const rel = "var/lib/snapd/apparmor/profiles/snap.kube-node.kube-proxy"
	profile, err := os.ReadFile(filepath.Join(before, rel))
	require.NoError(t, err)
	assert.Less(t, len(stdout), len(profile)/4, "the diff shows the changed lines, not the profile")
	require.True(t, strings.HasPrefix(stdout, "changed "+rel+": 0 rules added, 74 removed\n--- a/"+rel+"\n+++ b/"+rel+"\n@@ -"), stdout)
	// One hunk per file, the profile's and the seccomp source's (whose
	// filter stays the same: network-control allows those calls too), of
	// removals only, holding network-observe's rules.
	assert.Len(t, regexp.MustCompile(`(?m)^@@ `).FindAllString(stdout, -1), 2)
	assert.Contains(t, stdout, "\n-socket AF_NETLINK - NETLINK_INET_DIAG\n")
	assert.Empty(t, regexp.MustCompile(`(?m)^\+[^+]`).FindAllString(stdout, -1))
	assert.Contains(t, stdout, "\n-  # Interface network-observe\n")
	assert.Contains(t, stdout, "\n-  @{PROC}/@{pid}/net/ r,\n")
	// The rest of the profile is not in it.
	assert.NotContains(t, stdout, "network-control")

	stat, _, status := runCLI(t, "diff", "--stat", before, after)
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, "changed "+rel+": 0 rules added, 74 removed\n"+
		"changed var/lib/snapd/seccomp/bpf/snap.kube-node.kube-proxy.src: 0 rules added, 6 removed\n"+
		"2 paths differ: 0 added, 0 removed, 2 changed\n", stat)
}

func TestDiffStat(t *testing.T) {
	write := func(dir string, files map[string]string) {
		for rel, text := range files {
			full := filepath.Join(dir, filepath.FromSlash(rel))
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, []byte(text), 0o644))
		}
	}
	a, b := t.TempDir(), t.TempDir()
	const profile = "var/lib/snapd/apparmor/profiles/snap.demo.app"
	const src = "var/lib/snapd/seccomp/bpf/snap.demo.app.src"
	write(a, map[string]string{
		profile: "#include <tunables/global>\nprofile snap.demo.app {\n  # reads\n  /etc/hostname r,\n}\n",
		src:     "# policy\nread\nwrite\n",
		"var/lib/snapd/seccomp/bpf/snap.demo.app.bin": "\x06\x00\x00\x00",
		"etc/modules-load.d/snap.demo.conf":           "# generated\nkvm\n",
	})
	write(b, map[string]string{
		profile: "#include <tunables/global>\nprofile snap.demo.app {\n  # reads and writes\n  /etc/hostname rw,\n  /etc/hosts r,\n}\n",
		src:     "# policy\nread\nwrite\n\nclose\n",
		"var/lib/snapd/seccomp/bpf/snap.demo.app.bin": "\x06\x00\x00\x01",
		"etc/udev/rules.d/70-snap.demo.rules":         "# c\nKERNEL==\"kvm\", TAG+=\"snap_demo_app\"\n",
	})
	require.NoError(t, os.Symlink("snap.demo.app", filepath.Join(b, "var/lib/snapd/apparmor/profiles/snap.demo.alias")))
	stdout, stderr, status := runCLI(t, "diff", "--stat", a, b)
	assert.Equal(t, exitInvalid, status)
	assert.Empty(t, stderr)
	assert.Equal(t, `removed etc/modules-load.d: directory, 1 file
added etc/udev: directory, 1 file
added var/lib/snapd/apparmor/profiles/snap.demo.alias: symlink -> snap.demo.app
changed var/lib/snapd/apparmor/profiles/snap.demo.app: 2 rules added, 1 removed
changed var/lib/snapd/seccomp/bpf/snap.demo.app.bin: binary files differ
changed var/lib/snapd/seccomp/bpf/snap.demo.app.src: 1 rule added, 0 removed
6 paths differ: 2 added, 1 removed, 3 changed
`, stdout)

	// The full diff shows the same lines, each with its unified diff.
	stdout, _, status = runCLI(t, "diff", a, b)
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stdout, "changed "+src+": 1 rule added, 0 removed\n--- a/"+src+"\n+++ b/"+src+"\n@@ -1,3 +1,5 @@\n # policy\n read\n write\n+\n+close\n")
	assert.Contains(t, stdout, "changed var/lib/snapd/seccomp/bpf/snap.demo.app.bin: binary files differ\nchanged "+src)
}

func TestDiffErrors(t *testing.T) {
	_, stderr, status := runCLI(t, "diff", t.TempDir())
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "plugpolicy diff: want 2 arguments, got 1\n")
	missing := filepath.Join(t.TempDir(), "missing")
	stdout, stderr, status := runCLI(t, "diff", t.TempDir(), missing)
	assert.Equal(t, exitInvalid, status)
	assert.Empty(t, stdout)
	assert.Equal(t, "plugpolicy diff: stat "+missing+": no such file or directory\n", stderr)
}
