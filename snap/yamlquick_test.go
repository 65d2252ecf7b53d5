// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/fleet"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// trickyYAML are documents whose YAML takes the less common paths of the
// node decoders: every kind of scalar, tags, merge keys, anchors, complex
// and repeated keys, nulls of every spelling, several documents.
var trickyYAML = []string{
	"a: 1\nb: 0x1F\nc: 0o17\nd: 1_000\ne: 1.10\nf: .inf\ng: -.NaN\nh: 1e3\ni: 18446744073709551615\nj: 99999999999999999999\n",
	"a: yes\nb: Off\nc: TRUE\nd: ~\ne: null\nf: Null\ng: NULL\nh:\ni: ''\nj: \"\"\n",
	"a: !!str 1\nb: !!int \"2\"\nc: !!float 3\nd: !!binary aGVsbG8=\nf: !custom x\ng: !!null x\nh: !!bool yes\n",
	"e: !!binary '!!'\n",
	"a: !!map x\nb: !!seq y\nc: !!timestamp 2001-12-14\nd: 2001-12-14t21:59:43.10-05:00\ne: !!str [1]\n",
	"? [1, 2]\n: a\n? {x: 1}\n: b\n1: c\ntrue: d\n1.5: e\n~: f\n",
	"a: {x: 1, x: 2}\nb:\n  y: 1\n  y: 2\nc: [{}, [], '', ~]\n",
	"base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\nn:\n  <<: [*b, {z: 3}]\no: *b\n",
	"m:\n  <<: {x: 1}\n  x: 2\n",
	"n: {<<: 1}\n",
	"a: |\n  text\n  more\nb: >-\n  folded\n  text\nc: 'it''s'\nd: \"\\t\\x01\\u202e\"\n",
	"- 1\n- [2, 3]\n- {a: b}\n",
	"just a scalar\n",
	"",
	"---\n",
	"a: 1\n---\nb: 2\n",
	"a: 1\n...\n",
	"%YAML 1.1\n---\na: 1\n",
	"a: [1, 2\n",
	"a: *nope\n",
	"a: &x [*x]\n",
	"name: x\nversion: 1.10\nplugs:\n  p: {interface: x, a: &a [1, 2], b: *a}\n",
	"name: ab\nversion: '1'\nplugs: {p: {interface: x, 1: 2}}\n",
	"name: ab\nversion: '1'\nplugs: {p: {interface: x, true: 2}}\n",
	"name: ab\nversion: '1'\napps:\n  a:\n    command: x\n    environment: {A: 1, B: yes, C: 1.5}\n",
}

// quickSeeds are the documents the quick path is held to the full one on:
// the fuzz seeds of FuzzParseSnapYAML, the fleet's and trickyYAML.
func quickSeeds(f *testing.F) []string {
	var docs []string
	files := testutil.RealSnaps(f)
	examples, _ := filepath.Glob(filepath.Join(testutil.ModuleRoot(f), "examples", "*", "snap.yaml"))
	for _, file := range files {
		examples = append(examples, file)
	}
	for _, file := range examples {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	for _, tc := range invalidDocs {
		docs = append(docs, header+strings.TrimPrefix(tc.snippet, "!"))
	}
	for i := 0; i < 3; i++ {
		docs = append(docs, string(fleet.Snap(i)))
	}
	return append(docs, trickyYAML...)
}

// FuzzQuickParse holds Parse, which takes the quick path for a document
// without problems, to ParseWithLines, the full path: the same Info or the
// same error for every document. Where the quick tree is built, it must be
// the full tree without its lines.
func FuzzQuickParse(f *testing.F) {
	for _, doc := range quickSeeds(f) {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		trees := snap.QuickTrees([]byte(doc))
		if trees.Simple != "" && trees.Simple != trees.FullNoText {
			t.Fatalf("the simple tree differs:\n%s\nthe full one:\n%s", trees.Simple, trees.FullNoText)
		}
		if trees.Quick != "" && trees.Quick != trees.Full {
			t.Fatalf("the quick tree differs:\n%s\nthe full one:\n%s", trees.Quick, trees.Full)
		}
		opts := snap.Options{InstanceKey: "k", Revision: snap.R(3), File: "f"}
		info, err := snap.Parse([]byte(doc), opts)
		want, wantErr := snap.ParseWithLines([]byte(doc), opts)
		if !reflect.DeepEqual(err, wantErr) {
			t.Fatalf("Parse: %v\nParseWithLines: %v", err, wantErr)
		}
		if !reflect.DeepEqual(info, want) {
			t.Fatalf("Parse and ParseWithLines give different Infos:\n%+v\n%+v", info, want)
		}
	})
}

// TestQuickPathIsTaken checks that the fleet's documents take the
// simplest path, the point of it, and that the quick path takes the
// documents the simple one leaves.
func TestQuickPathIsTaken(t *testing.T) {
	for i := 0; i < 3; i++ {
		if snap.QuickTrees(fleet.Snap(i)).Simple == "" {
			t.Errorf("fleet snap %d does not take the simple path", i)
		}
	}
	// a number read as a string: the simple tree has not its text
	doc := []byte("name: ab\nversion: 1.10\nplugs:\n  p: {interface: x, a: 1, b: true}\n")
	trees := snap.QuickTrees(doc)
	assert.NotEmpty(t, trees.Simple)
	info, err := snap.Parse(doc, snap.Options{})
	require.NoError(t, err)
	assert.Equal(t, "1.10", info.Version)
	assert.Equal(t, map[string]interface{}{"a": int64(1), "b": true}, info.Plugs["p"].Attrs)
	// a null spelled Null: not simple
	doc = []byte("name: ab\nversion: '1'\nplugs:\n  p: {interface: x, a: 1, b: true}\nslots: Null\n")
	trees = snap.QuickTrees(doc)
	assert.Empty(t, trees.Simple)
	assert.NotEmpty(t, trees.Quick)
	info, err = snap.Parse(doc, snap.Options{})
	require.NoError(t, err)
	assert.Equal(t, map[string]interface{}{"a": int64(1), "b": true}, info.Plugs["p"].Attrs)
}

// TestDuplicateKeysInLargeMappings checks duplicate keys both in small
// mappings, looked up by scanning, and in large ones, looked up in a map.
func TestDuplicateKeysInLargeMappings(t *testing.T) {
	for _, n := range []int{3, 40} {
		var b strings.Builder
		b.WriteString("name: ab\nversion: '1'\nplugs:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  p%d: network\n", i)
		}
		b.WriteString("  p1: home\n")
		_, err := snap.Parse([]byte(b.String()), snap.Options{})
		require.Error(t, err, "%d plugs", n)
		assert.Equal(t, fmt.Sprintf(`invalid snap "ab": line %d: plugs.p1: duplicate key "p1" (first at line 5)`, n+4), err.Error())
	}
}
