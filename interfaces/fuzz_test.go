// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// FuzzAttrLookup parses a fuzzed snap.yaml and looks up a fuzzed path in
// the attributes of every plug, through a ConnectedPlug. Look-ups must
// never panic and must agree with each other: Lookup finds what
// snap.LookupAttr finds in the static attributes, Attr into interface{}
// decodes the same value, a miss wraps snap.ErrAttrNotFound, typed decodes
// succeed only for values of that type, and changing a returned copy
// changes nothing. A dynamic attribute set under the path's first element
// is seen before the static one.
func FuzzAttrLookup(f *testing.F) {
	const head = "name: fz\nversion: '1'\nplugs:\n  p:\n    interface: x\n"
	f.Add(head+"    a: {b: {c: 1}}\n", "a.b.c")
	f.Add(head+"    a: [1, 2]\n    s: str\n", "a")
	f.Add(head+"    a: {b: [x, {c: true}]}\n", "a.b")
	f.Add(head+"    a.b: 1\n    a: {b: 2}\n", "a.b")
	f.Add(head+"    a: {'': 1}\n", "a.")
	f.Add(head+"    n: 9223372036854775807\n    f: 1.5\n", "n")
	f.Add(head+"    m: {x: [a, b], y: {z: []}}\n", "m.y.z")
	f.Add(head, "")
	f.Fuzz(func(t *testing.T, doc, path string) {
		info, err := snap.Parse([]byte(doc), snap.Options{})
		if err != nil {
			return
		}
		for _, plug := range info.Plugs {
			checkLookup(t, plug, path)
		}
	})
}

func checkLookup(t *testing.T, plug *snap.PlugInfo, path string) {
	cp, err := interfaces.NewConnectedPlug(plug, nil)
	if err != nil {
		t.Fatalf("NewConnectedPlug(%q): %v", plug.Name, err)
	}
	want, wantOK := snap.LookupAttr(plug.Attrs, path)
	got, ok := cp.Lookup(path)
	if ok != wantOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("Lookup(%q) = %v, %v; LookupAttr gives %v, %v", path, got, ok, want, wantOK)
	}
	var any interface{}
	err = cp.Attr(path, &any)
	switch {
	case !ok && !errors.Is(err, snap.ErrAttrNotFound):
		t.Fatalf("Attr(%q) of a missing attribute: %v", path, err)
	case ok && (err != nil || !reflect.DeepEqual(any, want)):
		t.Fatalf("Attr(%q) = %v, %v; want %v", path, any, err, want)
	}
	var s string
	if err := cp.Attr(path, &s); err == nil {
		if w, isStr := want.(string); !isStr || w != s {
			t.Fatalf("Attr(%q) into a string gave %q for %#v", path, s, want)
		}
	}
	var n int64
	if err := cp.Attr(path, &n); err == nil {
		if w, isInt := want.(int64); !isInt || w != n {
			t.Fatalf("Attr(%q) into an int64 gave %d for %#v", path, n, want)
		}
	}
	var list []string
	_ = cp.Attr(path, &list)
	var m map[string]interface{}
	if err := cp.Attr(path, &m); err == nil {
		for k := range m {
			delete(m, k)
		}
		again, _ := cp.Lookup(path)
		if !reflect.DeepEqual(again, want) {
			t.Fatalf("changing a decoded map changed attribute %q", path)
		}
	}
	key, _, _ := strings.Cut(path, ".")
	if key == "" {
		return
	}
	if err := cp.SetAttr(key, "dynamic"); err != nil {
		t.Fatalf("SetAttr(%q): %v", key, err)
	}
	if v, ok := cp.Lookup(key); !ok || v != "dynamic" {
		t.Fatalf("Lookup(%q) after SetAttr = %v, %v", key, v, ok)
	}
	if v, _ := snap.LookupAttr(plug.Attrs, path); !reflect.DeepEqual(v, want) {
		t.Fatalf("SetAttr changed the plug's static attribute %q", path)
	}
}
