// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/snap"
)

func attrsPlug(t *testing.T) *snap.PlugInfo {
	info := mustParse(t, `name: at
version: "1"
plugs:
  p:
    interface: x
    flavor: kubelet
    count: 3
    big: 300
    ratio: 0.5
    enabled: true
    paths: [/a, /b]
    mixed: [a, 1]
    nested:
      inner:
        deep: value
      list: [1, 2]
`, snap.Options{})
	return info.Plugs["p"]
}

func TestAttrDecodes(t *testing.T) {
	plug := attrsPlug(t)
	var s string
	require.NoError(t, plug.Attr("flavor", &s))
	assert.Equal(t, "kubelet", s)
	var n int
	require.NoError(t, plug.Attr("count", &n))
	assert.Equal(t, 3, n)
	var n64 int64
	require.NoError(t, plug.Attr("count", &n64))
	assert.Equal(t, int64(3), n64)
	var u uint16
	require.NoError(t, plug.Attr("big", &u))
	assert.Equal(t, uint16(300), u)
	var f float64
	require.NoError(t, plug.Attr("ratio", &f))
	assert.Equal(t, 0.5, f)
	var b bool
	require.NoError(t, plug.Attr("enabled", &b))
	assert.True(t, b)
	var paths []string
	require.NoError(t, plug.Attr("paths", &paths))
	assert.Equal(t, []string{"/a", "/b"}, paths)
	var deep string
	require.NoError(t, plug.Attr("nested.inner.deep", &deep))
	assert.Equal(t, "value", deep)
	var inner map[string]string
	require.NoError(t, plug.Attr("nested.inner", &inner))
	assert.Equal(t, map[string]string{"deep": "value"}, inner)
	var ints []int
	require.NoError(t, plug.Attr("nested.list", &ints))
	assert.Equal(t, []int{1, 2}, ints)
	var any interface{}
	require.NoError(t, plug.Attr("mixed", &any))
	assert.Equal(t, []interface{}{"a", int64(1)}, any)
	// What Attr returns is a copy.
	any.([]interface{})[0] = "changed"
	v, ok := plug.Lookup("mixed")
	assert.True(t, ok)
	assert.Equal(t, []interface{}{"a", int64(1)}, v)
}

func TestAttrErrors(t *testing.T) {
	plug := attrsPlug(t)
	var s string
	var n int8
	var strs []string
	var m map[string]int
	for _, tc := range []struct {
		path string
		out  interface{}
		err  string
	}{
		{"count", &s, `plug "at:p" attribute "count": expected string, got int64 3`},
		{"flavor", &n, `plug "at:p" attribute "flavor": expected int8, got string "kubelet"`},
		{"big", &n, `plug "at:p" attribute "big": expected int8, got int64 300`},
		{"mixed", &strs, `plug "at:p" attribute "mixed": element 1: expected string, got int64 1`},
		{"nested.inner", &m, `plug "at:p" attribute "nested.inner": key "deep": expected int, got string "value"`},
		{"paths", &m, `plug "at:p" attribute "paths": expected a map of int, got a list [/a /b]`},
		{"nested", &s, `plug "at:p" attribute "nested": expected string, got a map map[inner:map[deep:value] list:[1 2]]`},
		{"flavor", s, `plug "at:p" attribute "flavor": cannot decode an attribute into string: need a non-nil pointer`},
	} {
		assert.EqualError(t, plug.Attr(tc.path, tc.out), tc.err, tc.path)
	}
	for _, missing := range []string{"nope", "flavor.x", "nested.nope", "nested.inner.deep.x", ""} {
		err := plug.Attr(missing, &s)
		assert.EqualError(t, err, `plug "at:p" has no attribute "`+missing+`"`)
		assert.True(t, errors.Is(err, snap.ErrAttrNotFound))
		_, ok := plug.Lookup(missing)
		assert.False(t, ok, missing)
	}
}

func TestSlotAttrAndAttrIn(t *testing.T) {
	info := mustParse(t, "name: at\nversion: \"1\"\nslots:\n  s:\n    interface: content\n    content: c\n", snap.Options{InstanceKey: "k"})
	var c string
	require.NoError(t, info.Slots["s"].Attr("content", &c))
	assert.Equal(t, "c", c)
	_, ok := info.Slots["s"].Lookup("content")
	assert.True(t, ok)
	assert.EqualError(t, info.Slots["s"].Attr("x", &c), `slot "at_k:s" has no attribute "x"`)

	// The first map that has the attribute wins.
	dynamic := map[string]interface{}{"a": "dynamic"}
	static := map[string]interface{}{"a": "static", "b": "static"}
	require.NoError(t, snap.AttrIn("plug x", "a", &c, dynamic, static))
	assert.Equal(t, "dynamic", c)
	require.NoError(t, snap.AttrIn("plug x", "b", &c, dynamic, static))
	assert.Equal(t, "static", c)
}
