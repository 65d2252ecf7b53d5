// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"maps"
	"path"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
)

// renderTags renders a snap whose plugs are all connected with
// RenderTags, reusing the tags reuse names, and returns what it
// rendered, the digests, and the paths it was asked about by tag.
func renderTags(t *testing.T, snapYAML string, reuse map[string]bool) (interfaces.Files, map[string]string, map[string][]string) {
	t.Helper()
	repo, name := casetest.ConnectedRepo(t, tagIfaces(), snapYAML)
	asked := map[string][]string{}
	files, digests, err := interfaces.RenderTags(&apparmor.Backend{}, repo, name, interfaces.ConfinementFor(repo.Snap(name), false),
		func(tag, _ string, paths []string) bool {
			asked[tag] = paths
			return reuse[tag]
		})
	require.NoError(t, err)
	return files, digests, asked
}

func tagIfaces() []interfaces.Interface {
	return append(switchIfaces(), &switchIface{"plain", func(s *apparmor.Specification) error {
		s.AddSnippet("/plain r,")
		return nil
	}})
}

// text is files as text, for readable differences.
func text(files interfaces.Files) map[string]string {
	out := map[string]string{}
	for name, data := range files {
		out[name] = string(data)
	}
	return out
}

// TestRenderTags: RenderTags renders what Render does, without the
// profiles it is told to reuse (snap-update-ns's is the snap's, and
// always rendered); a tag's digest changes with what interfaces add for
// it, and with what they set for the whole snap, and with nothing else.
func TestRenderTags(t *testing.T) {
	const yaml = `name: tags
version: "1"
apps:
  one:
    command: one
    plugs: [plain]
  two:
    command: two
`
	dir := "var/lib/snapd/apparmor/profiles"
	one, two, ns := path.Join(dir, "snap.tags.one"), path.Join(dir, "snap.tags.two"), path.Join(dir, "snap-update-ns.tags")
	all, digests, asked := renderTags(t, yaml, nil)
	repo, name := casetest.ConnectedRepo(t, tagIfaces(), yaml)
	plain, err := interfaces.Render(&apparmor.Backend{}, repo, name, interfaces.ConfinementOptions{})
	require.NoError(t, err)
	assert.Equal(t, text(plain), text(all), "reusing nothing renders what Render renders")
	assert.Contains(t, string(all[one]), "/plain r,")
	assert.Equal(t, map[string][]string{"snap.tags.one": {one}, "snap.tags.two": {two}}, asked)
	require.Len(t, digests, 2)

	some, again, _ := renderTags(t, yaml, map[string]bool{"snap.tags.one": true})
	assert.Equal(t, digests, again, "digests are deterministic")
	want := maps.Clone(all)
	delete(want, one)
	assert.Equal(t, text(want), text(some))
	none, _, _ := renderTags(t, yaml, map[string]bool{"snap.tags.one": true, "snap.tags.two": true})
	assert.Equal(t, []string{ns}, keys(none))

	// Without the plug, one's profile and digest change, two's do not.
	unplugged, d2, _ := renderTags(t, `name: tags
version: "1"
apps:
  one:
    command: one
  two:
    command: two
`, nil)
	assert.NotEqual(t, digests["snap.tags.one"], d2["snap.tags.one"])
	assert.NotEqual(t, string(all[one]), string(unplugged[one]))
	assert.Equal(t, digests["snap.tags.two"], d2["snap.tags.two"])
	assert.Equal(t, string(all[two]), string(unplugged[two]))

	// A snap-wide switch set by one's plug changes two's profile: its
	// digest changes too.
	switched, d3, _ := renderTags(t, `name: tags
version: "1"
apps:
  one:
    command: one
    plugs: [plain, modules-off]
  two:
    command: two
`, nil)
	assert.NotEqual(t, string(all[two]), string(switched[two]))
	assert.NotEqual(t, digests["snap.tags.two"], d3["snap.tags.two"])
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
