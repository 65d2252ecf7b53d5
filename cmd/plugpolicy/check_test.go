// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// compileKubeNode compiles snapYAML (examples/kube-node's, with its snap
// declaration) into a new directory and returns it.
func compileKubeNode(t *testing.T, snapYAML string) string {
	t.Helper()
	out := t.TempDir()
	_, stderr, status := runCLI(t, "compile", "--snap-declaration", "examples/kube-node/snap-declaration.yaml", "--out", out, snapYAML)
	require.Equal(t, exitOK, status, stderr)
	return out
}

func TestCheckCompiledTree(t *testing.T) {
	testutil.AppArmorParser(t)
	out := compileKubeNode(t, "examples/kube-node/snap.yaml")
	stdout, stderr, status := runCLI(t, "check", out)
	require.Equal(t, exitOK, status, stdout+stderr)
	assert.Empty(t, stderr)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	assert.Equal(t, out+": 31 files checked: 7 AppArmor profiles (apparmor_parser), 6 seccomp policies ("+bpf.HostArch().String()+
		"), 1 udev rules file, 1 kmod file, 4 other files (by name)", lines[len(lines)-1])
	// opengl's nvidia rules lack a comma, as snapd's do; udev warns.
	assert.Equal(t, out+"/etc/udev/rules.d/70-snap.kube-node.rules:41: warning: column 28: a comma should be between tokens (after SUBSYSTEM)", lines[0])

	stdout, _, status = runCLI(t, "check", "--json", "--arch", bpf.HostArch().String(), out)
	require.Equal(t, exitOK, status)
	var report struct {
		Dir      string
		Files    int
		Problems []any
		Notes    []string
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &report))
	assert.Equal(t, out, report.Dir)
	assert.Equal(t, 31, report.Files)
	assert.NotNil(t, report.Problems)
	assert.Empty(t, report.Problems)
	assert.Equal(t, []string{
		"etc/udev/rules.d/70-snap.kube-node.rules:41: warning: column 28: a comma should be between tokens (after SUBSYSTEM)",
		"etc/udev/rules.d/70-snap.kube-node.rules:43: warning: column 28: a comma should be between tokens (after SUBSYSTEM)",
		"etc/udev/rules.d/70-snap.kube-node.rules:45: warning: column 34: a comma should be between tokens (after SUBSYSTEM)",
	}, report.Notes)
}

func TestCheckCorruptedTree(t *testing.T) {
	testutil.AppArmorParser(t)
	out := compileKubeNode(t, "examples/kube-node/snap.yaml")
	at := func(rel string) string { return filepath.Join(out, filepath.FromSlash(rel)) }
	appendTo := func(rel, text string) {
		f, err := os.OpenFile(at(rel), os.O_APPEND|os.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = f.WriteString(text)
		require.NoError(t, err)
		require.NoError(t, f.Close())
	}
	appendTo("var/lib/snapd/apparmor/profiles/snap.kube-node.kubectl", "garbage rule,\n")
	bin := at("var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.bin")
	info, err := os.Stat(bin)
	require.NoError(t, err)
	require.NoError(t, os.Truncate(bin, info.Size()-8))
	rules, err := os.ReadFile(at("etc/udev/rules.d/70-snap.kube-node.rules"))
	require.NoError(t, err)
	badLine := strings.Count(string(rules), "\n") + 1
	appendTo("etc/udev/rules.d/70-snap.kube-node.rules", "KERNEL==\"x\", TAG+=\"snap_kube-node_kubelet\n")
	appendTo("etc/modules-load.d/snap.kube-node.conf", "nf.conntrack\n")
	require.NoError(t, syscall.Mkfifo(at("var/lib/snapd/seccomp/bpf/snap.kube-node.fifo.src"), 0o644))
	require.NoError(t, os.Symlink("/etc/shadow", at("var/lib/snapd/apparmor/profiles/snap.kube-node.link")))

	type result struct {
		stdout, stderr string
		status         int
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.stdout, r.stderr, r.status = runCLI(t, "check", out)
		done <- r
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("check hangs")
	}
	assert.Equal(t, exitInvalid, r.status)
	assert.Empty(t, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	var problems []string
	for _, l := range lines {
		if !strings.Contains(l, ": warning: ") {
			problems = append(problems, strings.TrimPrefix(l, out+string(filepath.Separator)))
		}
	}
	require.Len(t, problems, 7, r.stdout)
	assert.Equal(t, `etc/modules-load.d/snap.kube-node.conf:12: invalid kernel module name "nf.conntrack": use 1 to 56 letters, digits, "_" and "-"`, problems[0])
	assert.Equal(t, fmt.Sprintf(`etc/udev/rules.d/70-snap.kube-node.rules:%d: column 19: unbalanced quotes: the value of TAG has no closing "`, badLine), problems[1])
	assert.True(t, strings.HasPrefix(problems[2], "var/lib/snapd/apparmor/profiles/snap.kube-node.kubectl: apparmor_parser rejects it: "), problems[2])
	assert.Contains(t, problems[2], "snap.kube-node.kubectl")
	assert.Equal(t, "var/lib/snapd/apparmor/profiles/snap.kube-node.link: symlink -> /etc/shadow: not a regular file (not followed)", problems[3])
	assert.Equal(t, "var/lib/snapd/seccomp/bpf/snap.kube-node.fifo.src: named pipe: not a regular file (not followed)", problems[4])
	assert.True(t, strings.HasPrefix(problems[5], "var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.bin: differs from its source compiled for every architecture ("), problems[5])
	assert.Equal(t, out+": invalid, 6 problems in 31 files checked", problems[6])
}

func TestCheckUsage(t *testing.T) {
	_, stderr, status := runCLI(t, "check")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "plugpolicy check: want 1 argument, got 0\n")
	_, stderr, status = runCLI(t, "check", "--arch", "vax", t.TempDir())
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "vax")
	missing := filepath.Join(t.TempDir(), "missing")
	_, stderr, status = runCLI(t, "check", missing)
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, "plugpolicy check: stat "+missing+": no such file or directory\n", stderr)
	stdout, _, status := runCLI(t, "check", "--help")
	assert.Equal(t, exitOK, status)
	assert.Contains(t, stdout, "Usage: plugpolicy check [OPTIONS] DIR\n")
}
