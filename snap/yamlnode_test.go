// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNodeLinesAndText(t *testing.T) {
	root, perr := parseYAML([]byte(`# comment
name: a
base: &b core24
flow: {x: 1, y: [2, 3]}
list:
  - one
  - two: 2
alias: *b
merged:
  <<: {m: 1}
  n: 2
empty:
`))
	require.Nil(t, perr)
	require.Equal(t, mapNode, root.kind)
	keys := map[string]entry{}
	for _, e := range root.entries {
		keys[e.key.text] = e
	}
	assert.Equal(t, []string{"name", "base", "flow", "list", "alias", "merged", "empty"}, func() (out []string) {
		for _, e := range root.entries {
			out = append(out, e.key.text)
		}
		return out
	}(), "entries are in document order")
	assert.Equal(t, 2, keys["name"].key.line)
	assert.Equal(t, 4, keys["flow"].value.line)
	assert.Equal(t, []string{"x", "y"}, []string{keys["flow"].value.entries[0].key.text, keys["flow"].value.entries[1].key.text}, "keys of a flow mapping on one line are ordered by text")
	list := keys["list"].value
	require.Equal(t, seqNode, list.kind)
	assert.Equal(t, 6, list.items[0].line)
	assert.Equal(t, 7, list.items[1].line)
	assert.Equal(t, "core24", keys["alias"].value.text, "aliases resolve")
	merged := keys["merged"].value
	require.Len(t, merged.entries, 2)
	assert.Equal(t, "m", merged.entries[0].key.text, "merge keys are expanded")
	assert.True(t, keys["empty"].value.isNull())
}

func TestNodeRejectsBadYAML(t *testing.T) {
	_, perr := parseYAML([]byte("a: [1, 2\n"))
	require.NotNil(t, perr)
	assert.Contains(t, perr.Message, "cannot parse YAML: ")
}

func TestPathParent(t *testing.T) {
	for _, tc := range []struct{ p, parent path }{
		{"apps.kubelet.daemon", "apps.kubelet"},
		{"apps.kubelet.plugs[2]", "apps.kubelet.plugs"},
		{`layout."/etc/a.b".bind`, `layout."/etc/a.b"`},
		{`layout."/etc/a.b"`, "layout"},
		{`plugs.k8s."$flavor"`, "plugs.k8s"},
		{"name", ""},
		{"", ""},
	} {
		assert.Equal(t, tc.parent, tc.p.parent(), string(tc.p))
	}
	assert.Equal(t, path(`layout."/etc/x".bind`), path("layout").key("/etc/x").key("bind"))
}
