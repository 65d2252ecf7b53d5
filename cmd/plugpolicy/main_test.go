// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/policytest"
)

// runCLI runs plugpolicy from the module root, so that file names in the
// output are the ones a user types.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	t.Chdir(testutil.ModuleRoot(t))
	var out, errOut bytes.Buffer
	status = run(args, &out, &errOut)
	return out.String(), errOut.String(), status
}

// golden compares got with testdata/NAME, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	policytest.Golden(t, filepath.Join(testutil.ModuleRoot(t), "cmd", "plugpolicy", "testdata", name), []byte(got))
}

func TestValidateExamples(t *testing.T) {
	for _, tc := range []struct {
		example string
		status  int
	}{
		{"kube-node", exitOK},
		{"web-app", exitOK},
		{"broken", exitInvalid},
	} {
		t.Run(tc.example, func(t *testing.T) {
			stdout, stderr, status := runCLI(t, "validate", "examples/"+tc.example+"/snap.yaml")
			assert.Equal(t, tc.status, status)
			golden(t, "validate/"+tc.example+".out", stdout)
			golden(t, "validate/"+tc.example+".err", stderr)
		})
	}
}

func TestValidateJSON(t *testing.T) {
	stdout, stderr, status := runCLI(t, "validate", "--json", "examples/kube-node/snap.yaml", "examples/broken/snap.yaml")
	assert.Equal(t, exitInvalid, status)
	assert.Empty(t, stderr)
	golden(t, "validate/kube-node-and-broken.json", stdout)

	var results []validateResult
	require.NoError(t, json.Unmarshal([]byte(stdout), &results))
	require.Len(t, results, 2)
	assert.True(t, results[0].Valid)
	assert.Equal(t, "snap.kube-node.kubelet", results[0].Snap.Apps[3].SecurityTag)
	assert.False(t, results[1].Valid)
	assert.Len(t, results[1].Problems, 6)
}

func TestValidateInstanceKeyAndFlagOrder(t *testing.T) {
	// Flags may follow the file names.
	stdout, _, status := runCLI(t, "validate", "examples/kube-node/snap.yaml", "--instance-key", "blue", "--json")
	require.Equal(t, exitOK, status)
	var results []validateResult
	require.NoError(t, json.Unmarshal([]byte(stdout), &results))
	assert.Equal(t, "kube-node_blue", results[0].Snap.InstanceName)
	assert.Equal(t, []string{"snap.kube-node_blue.kubelet"}, results[0].Snap.Plugs[4].SecurityTags)

	_, stderr, status := runCLI(t, "validate", "--instance-key", "Blue", "examples/kube-node/snap.yaml")
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, "examples/kube-node/snap.yaml: invalid instance key \"Blue\": use 1 to 10 characters of a-z and 0-9\n", stderr)
}

func TestValidateMissingFile(t *testing.T) {
	stdout, stderr, status := runCLI(t, "validate", "examples/nope/snap.yaml")
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, "examples/nope/snap.yaml: invalid, 1 problem\n", stdout)
	assert.Equal(t, "examples/nope/snap.yaml: cannot read snap.yaml: open examples/nope/snap.yaml: no such file or directory\n", stderr)
}

func TestValidateWarningsGoToStderr(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "snap.yaml")
	require.NoError(t, os.WriteFile(file, []byte("name: ww\nversion: \"1\"\nwebsite: x\n"), 0o644))
	stdout, stderr, status := runCLI(t, "validate", file)
	assert.Equal(t, exitOK, status)
	assert.Equal(t, file+":3: warning: website: unknown key \"website\" is ignored\n", stderr)
	assert.Equal(t, file+": valid\nsnap ww 1 (app, strict)\napps: none\nhooks: none\nplugs: none\nslots: none\n", stdout)
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		status int
		stdout string
		stderr string // a line the output must contain
	}{
		{nil, exitUsage, "", "Usage: plugpolicy COMMAND [OPTIONS] ARGS..."},
		{[]string{"frobnicate"}, exitUsage, "", `plugpolicy: unknown command "frobnicate"`},
		{[]string{"help"}, exitOK, "Usage: plugpolicy COMMAND [OPTIONS] ARGS...", ""},
		{[]string{"seccomp", "--help"}, exitOK, "  export-oci print a policy source as an OCI", ""},
		{[]string{"seccomp", "frob"}, exitUsage, "", `Run "plugpolicy seccomp help COMMAND" for the options of a command.`},
		{[]string{"validate"}, exitUsage, "", "Usage: plugpolicy validate [OPTIONS] SNAP_YAML..."},
		{[]string{"validate", "--bogus", "x"}, exitUsage, "", "plugpolicy validate: flag provided but not defined: -bogus\n"},
		{[]string{"validate", "-h"}, exitOK, "  --instance-key string", ""},
		{[]string{"help", "validate"}, exitOK, "Usage: plugpolicy validate [OPTIONS] SNAP_YAML...", ""},
		{[]string{"help", "compile"}, exitOK, "  --out DIR", ""},
		{[]string{"compile", "--help"}, exitOK, "  --snap-declaration FILE", ""},
		{[]string{"help", "connections"}, exitOK, "Usage: plugpolicy connections [OPTIONS] SNAP_YAML...", ""},
		{[]string{"explain", "--help"}, exitOK, "  --template", ""},
		{[]string{"seccomp", "help", "compile"}, exitOK, "Usage: plugpolicy seccomp compile [OPTIONS] IN.src OUT.bin", ""},
		{[]string{"compile", "--out"}, exitUsage, "", "Run \"plugpolicy compile --help\" for the options.\n"},
	} {
		stdout, stderr, status := runCLI(t, tc.args...)
		assert.Equal(t, tc.status, status, "%q", tc.args)
		if tc.stdout != "" {
			assert.Contains(t, stdout, tc.stdout, "%q", tc.args)
		} else {
			assert.Empty(t, stdout, "%q", tc.args)
		}
		if tc.stderr != "" {
			assert.Contains(t, stderr, tc.stderr, "%q", tc.args)
		} else {
			assert.Empty(t, stderr, "%q", tc.args)
		}
		if tc.status == exitUsage && len(tc.args) > 0 && tc.args[0] != "frobnicate" && tc.args[0] != "seccomp" {
			// A usage error is the message and a pointer at --help,
			// not every option.
			assert.LessOrEqual(t, strings.Count(stderr, "\n"), 3, "%q: %s", tc.args, stderr)
		}
	}
}

func TestParseFlagsDoubleDash(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	v := fs.Bool("v", false, "")
	args, err := parseFlags(fs, []string{"a", "-v", "b", "--", "-c", "d"})
	require.NoError(t, err)
	assert.True(t, *v)
	assert.Equal(t, []string{"a", "b", "-c", "d"}, args)
	assert.True(t, strings.HasPrefix(fs.Name(), "t"))
}
