// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

func TestVersion(t *testing.T) {
	stdout, stderr, status := runCLI(t, "version")
	require.Equal(t, exitOK, status, stderr)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, 4)
	assert.True(t, strings.HasPrefix(lines[0], "plugpolicy "), lines[0])
	assert.Equal(t, "built with "+runtime.Version(), lines[1])
	assert.Equal(t, "catalog: 54 interfaces", lines[2])
	assert.Equal(t, "rules follow: snapd 2.77+", lines[3])

	// The snapd named is the one the README says the reference corpus is.
	readme, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(t), "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), snapdReference)

	_, _, status = runCLI(t, "version", "extra")
	assert.Equal(t, exitUsage, status)
}

func TestBuildVersion(t *testing.T) {
	assert.Equal(t, "(devel)", buildVersion(nil))
	assert.Equal(t, "(devel)", buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}))
	assert.Equal(t, "v1.2.0", buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}))
	assert.Equal(t, "(devel) 3915227b modified", strings.Replace(buildVersion(&debug.BuildInfo{
		Main:     debug.Module{Version: ""},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "3915227b"}, {Key: "vcs.modified", Value: "true"}},
	}), "(modified)", "modified", 1))
	assert.Equal(t, "(devel) 3915227b", buildVersion(&debug.BuildInfo{
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "3915227b"}, {Key: "vcs.modified", Value: "false"}},
	}))
}

func TestHelpListsInfoCommands(t *testing.T) {
	stdout, _, status := runCLI(t, "help")
	require.Equal(t, exitOK, status)
	for _, line := range []string{
		"  interface        show one interface: its policy, plug attributes and backend hooks\n",
		"  interfaces       list the catalog's interfaces",
		"  sandbox-features show the host facts",
		"  version          show plugpolicy's version",
		"  compile          compile snap.yaml files",
	} {
		assert.Contains(t, stdout, line)
	}
	// Commands without positional arguments end their usage line there.
	stdout, _, _ = runCLI(t, "help", "sandbox-features")
	assert.True(t, strings.HasPrefix(stdout, "Usage: plugpolicy sandbox-features [OPTIONS]\n"), stdout)
}
