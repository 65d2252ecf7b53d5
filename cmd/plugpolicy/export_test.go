// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportKubernetes(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, status := runCLI(t, "export", "kubernetes", "--snap-declaration", kubeGrant,
		"--namespace", "kube-system", "--arch", "amd64", "--out", out, "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	assert.Contains(t, stdout, "snap.kube-node.kubelet: seccomp profile plugpolicy/snap.kube-node.kubelet.json, AppArmor profile plugpolicy-kube-node-kubelet (")
	assert.Contains(t, stdout, "snap.kube-node.kubectl: seccomp profile plugpolicy/snap.kube-node.kubectl.json, AppArmor profile plugpolicy-kube-node-kubectl (1 rule that names the snap's own paths left out)\n")
	assert.True(t, strings.HasSuffix(stdout, "wrote 16 files below "+out+"\n"), stdout)

	data, err := os.ReadFile(filepath.Join(out, "seccomp", "plugpolicy", "snap.kube-node.kubelet.json"))
	require.NoError(t, err)
	var prof specs.LinuxSeccomp
	require.NoError(t, json.Unmarshal(data, &prof))
	assert.Equal(t, specs.ActErrno, prof.DefaultAction)

	ctx, err := os.ReadFile(filepath.Join(out, "security-context", "snap.kube-node.kubelet.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(ctx), "\n  appArmorProfile:\n    type: Localhost\n    localhostProfile: plugpolicy-kube-node-kubelet\n")
	assert.Contains(t, string(ctx), "operator/kube-system/plugpolicy-kube-node-kubelet.json")
	spo, err := os.ReadFile(filepath.Join(out, "security-profiles-operator", "snap.kube-node.kubelet.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(spo), "\n  namespace: kube-system\n")
	_, err = os.Stat(filepath.Join(out, "apparmor", "plugpolicy-kube-node-kubelet"))
	assert.NoError(t, err)

	// Again: the same files, nothing else.
	_, stderr, status = runCLI(t, "export", "kubernetes", "--snap-declaration", kubeGrant,
		"--namespace", "kube-system", "--arch", "amd64", "--out", out, "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
}

func TestExportKubernetesErrors(t *testing.T) {
	out := t.TempDir()
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"export"}, exitUsage, "Usage: plugpolicy export COMMAND"},
		{[]string{"export", "docker"}, exitUsage, "plugpolicy export: unknown command \"docker\"\n"},
		{[]string{"export", "kubernetes", "examples/kube-node/snap.yaml"}, exitUsage, "plugpolicy export kubernetes: --out is required\n"},
		{[]string{"export", "kubernetes", "--out", out}, exitUsage, "plugpolicy export kubernetes: name at least one snap.yaml\n"},
		{[]string{"export", "kubernetes", "--backend", "udev", "--out", out, "examples/kube-node/snap.yaml"}, exitUsage,
			"plugpolicy export kubernetes: --backend does not apply: the export needs the apparmor and seccomp backends\n"},
		{[]string{"export", "kubernetes", "--out", out, "examples/kube-node/snap.yaml"}, exitInvalid,
			`plugpolicy export kubernetes: cannot install snap "kube-node": installation denied by "k8s-autobind" plug rule of interface "kubernetes-support" (allow-installation: false)` + "\n"},
	} {
		_, stderr, status := runCLI(t, c.args...)
		assert.Equal(t, c.status, status, "%v: %s", c.args, stderr)
		assert.True(t, strings.HasPrefix(stderr, c.stderr), "%v: stderr %q, want it to start with %q", c.args, stderr, c.stderr)
	}
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, entries, "a failed export wrote files")
}

func TestExportHelp(t *testing.T) {
	stdout, _, status := runCLI(t, "help", "export", "kubernetes")
	require.Equal(t, exitOK, status)
	assert.Contains(t, stdout, "Usage: plugpolicy export kubernetes [OPTIONS] --out DIR SNAP_YAML...\n")
	assert.Contains(t, stdout, "  --namespace NAMESPACE\n")
	stdout, _, status = runCLI(t, "help")
	require.Equal(t, exitOK, status)
	// The summaries line up after the longest command name.
	assert.Regexp(t, `\n  export +export compiled policy for other systems: kubernetes\n`, stdout)
}
