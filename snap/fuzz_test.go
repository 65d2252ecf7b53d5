// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// FuzzParseSnapYAML feeds arbitrary documents to Parse. It must never panic, and
// what it returns must hold together:
//
//   - an error is a *ValidationError with at least one problem, each with
//     a message that prints without control characters, and the same
//     input gives the same error again;
//   - an Info validates again, binds plugs and slots both ways, has
//     well-formed security tags and only canonical attribute types.
//
// The seed corpus (the real snaps, the examples and every invalid
// document of the table tests) runs in every go test.
func FuzzParseSnapYAML(f *testing.F) {
	for _, file := range testutil.RealSnaps(f) {
		addFile(f, file)
	}
	examples, _ := filepath.Glob(filepath.Join(testutil.ModuleRoot(f), "examples", "*", "snap.yaml"))
	for _, file := range examples {
		addFile(f, file)
	}
	for _, tc := range invalidDocs {
		f.Add(header + strings.TrimPrefix(tc.snippet, "!"))
	}
	f.Add("name: a-b\nversion: \"1\"\nplugs:\n  x: &a {k: [1, 2, {m: *a}]}\n")
	f.Add("name: ab\nversion: '1'\napps: {a: {plugs: [b], slots: [b]}}\n")
	f.Add("name: ab\nversion: '1'\nplugs: {p: {interface: x, a: 1, a: 2}}\n")
	f.Add("name: ab\nversion: '1'\n---\nname: cd\n")
	f.Add("name: ab\nversion: '1'\nplugs:\n  p:\n    interface: x\n    \"\\e[31m\": \"\\u202e\"\n")
	f.Add("name: ab\nversion: '1'\napps:\n  " + strings.Repeat("a", 200) + ": {command: x}\n")
	f.Fuzz(func(t *testing.T, doc string) {
		info, err := snap.Parse([]byte(doc), snap.Options{InstanceKey: "k", Revision: snap.R(3)})
		if err != nil {
			checkError(t, err)
			_, again := snap.Parse([]byte(doc), snap.Options{InstanceKey: "k", Revision: snap.R(3)})
			if again == nil || again.Error() != err.Error() {
				t.Fatalf("parsing twice gave %v, then %v", err, again)
			}
			return
		}
		checkInfo(t, info)
	})
}

func addFile(f *testing.F, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
}

func checkError(t *testing.T, err error) {
	var verr *snap.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error is a %T, not a *ValidationError: %v", err, err)
	}
	if len(verr.Problems) == 0 {
		t.Fatalf("a ValidationError without problems: %v", err)
	}
	for _, p := range verr.Problems {
		if p.Message == "" || p.Line < 0 {
			t.Fatalf("bad problem %#v", p)
		}
		if strings.ContainsFunc(p.String(), func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("problem prints a control character: %q", p.String())
		}
	}
}

var securityTag = regexp.MustCompile(`^snap\.[a-z0-9-]+_k\.(?:hook\.[a-z0-9-]+|[a-zA-Z0-9-]+)$`)

func checkInfo(t *testing.T, info *snap.Info) {
	if err := info.Validate(); err != nil {
		t.Fatalf("a parsed Info does not validate: %v", err)
	}
	for _, tag := range info.SecurityTags() {
		if !securityTag.MatchString(tag) {
			t.Fatalf("malformed security tag %q", tag)
		}
	}
	for _, plug := range info.Plugs {
		for name, app := range plug.Apps {
			if app.Plugs[plug.Name] != plug || info.Apps[name] != app {
				t.Fatalf("plug %q and app %q are bound one way only", plug.Name, name)
			}
		}
		for name, hook := range plug.Hooks {
			if hook.Plugs[plug.Name] != plug || info.Hooks[name] != hook {
				t.Fatalf("plug %q and hook %q are bound one way only", plug.Name, name)
			}
		}
		checkCanonical(t, plug.Attrs)
	}
	for _, slot := range info.Slots {
		for name, app := range slot.Apps {
			if app.Slots[slot.Name] != slot {
				t.Fatalf("slot %q and app %q are bound one way only", slot.Name, name)
			}
		}
		checkCanonical(t, slot.Attrs)
	}
}

func checkCanonical(t *testing.T, v interface{}) {
	switch x := v.(type) {
	case string, bool, int64, float64:
	case []interface{}:
		for _, e := range x {
			checkCanonical(t, e)
		}
	case map[string]interface{}:
		for _, e := range x {
			checkCanonical(t, e)
		}
	default:
		t.Fatalf("attribute value %s of type %T is not canonical", fmt.Sprint(v), v)
	}
}
