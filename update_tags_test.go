// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// multiYAML has apps and a hook bound to different plugs: docker-support,
// bound to one app, changes home's rules in every profile of the snap.
const multiYAML = `name: multi
version: "1"
apps:
  a:
    command: a
    plugs: [network, docker-support]
  b:
    command: b
    plugs: [home]
hooks:
  configure:
    plugs: [home]
`

// renderedTags maps each backend that rendered the snap to the tags it
// rendered: those of the snap that it did not reuse.
func renderedTags(s *plugpolicy.SnapResult) map[string][]string {
	out := map[string][]string{}
	for _, b := range s.Rendered {
		if b != "apparmor" && b != "seccomp" {
			continue
		}
		for _, tag := range s.Info.SecurityTags() {
			if !slices.Contains(s.ReusedTags[b], tag) {
				out[b] = append(out[b], tag)
			}
		}
	}
	return out
}

// TestUpdateRendersOnlyTheBoundApps: connecting or disconnecting a plug
// renders the AppArmor and seccomp files of the apps bound to it only,
// unless it changes what every profile of the snap holds; the files are
// always those a full compile writes, compiled filters included.
func TestUpdateRendersOnlyTheBoundApps(t *testing.T) {
	infos := world(t, multiYAML)
	root := t.TempDir()
	update := func(connect ...string) *plugpolicy.SnapResult {
		t.Helper()
		opts := plugpolicy.Options{NoAutoConnect: true, Dangerous: true, Connect: connect}
		res, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
		require.NoError(t, err)
		require.Equal(t, fullTree(t, infos, opts), testutil.ReadPolicyTree(t, root), "%v", connect)
		return &res.Snaps[0]
	}
	a, b, hook := "snap.multi.a", "snap.multi.b", "snap.multi.hook.configure"
	all := []string{a, b, hook}
	s := update("multi:home")
	assert.Equal(t, map[string][]string{"apparmor": all, "seccomp": all}, renderedTags(s), "a fresh run renders every tag")
	assert.Contains(t, testutil.ReadPolicyTree(t, root), "var/lib/snapd/seccomp/bpf/snap.multi.b.bin2", "filters are among the files")

	s = update("multi:home", "multi:network")
	assert.Equal(t, map[string][]string{"apparmor": {a}, "seccomp": {a}}, renderedTags(s), "network is a's alone")
	assert.Equal(t, map[string][]string{"apparmor": {b, hook}, "seccomp": {b, hook}}, s.ReusedTags)
	s = update("multi:home")
	assert.Equal(t, map[string][]string{"apparmor": {a}, "seccomp": {a}}, renderedTags(s), "and so is its disconnection")
	s = update("multi:home")
	assert.Empty(t, s.Rendered, "nothing changed")

	before := testutil.ReadPolicyTree(t, root)
	s = update("multi:home", "multi:docker-support")
	assert.Equal(t, map[string][]string{"apparmor": all, "seccomp": {a}}, renderedTags(s),
		"docker-support takes ix away from home's rules in every profile; its system calls are a's alone")
	after := testutil.ReadPolicyTree(t, root)
	profile := "var/lib/snapd/apparmor/profiles/" + b
	assert.NotEqual(t, string(before[profile]), string(after[profile]), "b's profile did change")
}

// TestUpdateRendersAReusedFileThatChanged: a file of a tag whose inputs
// did not change, but which is not as recorded, is rendered after all.
func TestUpdateRendersAReusedFileThatChanged(t *testing.T) {
	infos := world(t, multiYAML)
	root := t.TempDir()
	opts := plugpolicy.Options{NoAutoConnect: true, Dangerous: true, NoBPF: true, Connect: []string{"multi:home"}}
	_, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	profile := filepath.Join(root, "var/lib/snapd/apparmor/profiles/snap.multi.b")
	require.NoError(t, os.WriteFile(profile, []byte("# tampered\n"), 0o644))

	opts.Connect = append(opts.Connect, "multi:network")
	res, written, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	assert.Equal(t, fullTree(t, infos, opts), testutil.ReadPolicyTree(t, root))
	assert.Contains(t, changedPaths(written), "var/lib/snapd/apparmor/profiles/snap.multi.b")
	assert.Empty(t, res.Snaps[0].ReusedTags["apparmor"])
	assert.Equal(t, []string{"snap.multi.b", "snap.multi.hook.configure"}, res.Snaps[0].ReusedTags["seccomp"])
}
