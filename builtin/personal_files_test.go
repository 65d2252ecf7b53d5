// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestPersonalFilesEnsureDirs: the parents of the "write" paths below
// $HOME, each once, are the per-user ensure-dir entries, with the owner
// rules for each directory from $HOME down; a parent whose names could
// change an unquoted rule gets neither, and the profiles compile.
func TestPersonalFilesEnsureDirs(t *testing.T) {
	info, err := snap.Parse([]byte(`name: node
version: "1"
plugs:
  files:
    interface: personal-files
    read: [$HOME/.read-only/x]
    write: [$HOME/.top, $HOME/.local/share/a, $HOME/.local/share/b, $HOME/.config/d1/d2/f, "$HOME/odd, rw/x", "$HOME/a b/x", "$HOME/@h/x", "$HOME/#c/x"]
apps:
  agent:
    command: bin/agent
    plugs: [files]
`), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, noPolicy("node:files"))
	require.NoError(t, err)
	require.Len(t, res.Connected, 1)
	files := res.FilesOf("node", "")
	assert.Equal(t, `none $HOME/.local/share none x-snapd.kind=ensure-dir,x-snapd.must-exist-dir=$HOME 0 0
none $HOME/.config/d1/d2 none x-snapd.kind=ensure-dir,x-snapd.must-exist-dir=$HOME 0 0
`, string(files["var/lib/snapd/mount/snap.node.user-fstab"]))
	assert.NotContains(t, files, "var/lib/snapd/mount/snap.node.fstab")
	var rules []string
	for _, line := range strings.Split(string(files["var/lib/snapd/apparmor/profiles/snap-update-ns.node"]), "\n") {
		if strings.HasPrefix(line, "  owner @{HOME}/") && strings.HasSuffix(line, " rw,") {
			rules = append(rules, strings.TrimSpace(line))
		}
	}
	assert.Equal(t, []string{
		"owner @{HOME}/ rw,",
		"owner @{HOME}/.local/ rw,",
		"owner @{HOME}/.local/share/ rw,",
		"owner @{HOME}/.config/ rw,",
		"owner @{HOME}/.config/d1/ rw,",
		"owner @{HOME}/.config/d1/d2/ rw,",
	}, rules)
	casetest.CompileProfiles(t, files)
}
