// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package explain

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// attribute on made-up renders: each outcome of the bookkeeping, so that
// the checks the real snaps rely on can be seen to fail.
func TestAttribute(t *testing.T) {
	a := Source{Kind: PermanentPlug, Interface: "a"}
	b := Source{Kind: PermanentPlug, Interface: "b"}
	template := []string{"head", "deny x", "deny y", "}"}
	alone := [][]string{
		{"head", "# a", "rule 1", "shared", "deny y", "}"}, // a replaces deny x
		{"head", "deny x", "deny y", "# b", "shared", "quiet", "}"},
	}
	// Combined: a's and b's lines, "shared" twice, "quiet" gone, a line
	// neither makes, and "deny y" gone although neither removes it.
	file := []string{"head", "# a", "rule 1", "shared", "# b", "shared", "both", "}"}
	f := File{}
	combined := f.attribute(file, template, []Source{a, b}, alone)
	want := File{
		Lines:    8,
		Template: []string{"head", "}"},
		Sections: []Section{
			{Source: a, Lines: []string{"# a", "rule 1", "shared"}, Removes: []string{"deny x"}},
			{Source: b, Lines: []string{"# b", "shared"}, Dropped: []string{"quiet"}},
		},
		Replaced: []string{"deny y"},
	}
	if diff := cmp.Diff(want, f, cmpopts.IgnoreUnexported(Source{})); diff != "" {
		t.Errorf("attribute (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"both"}, combined); diff != "" {
		t.Errorf("combined (-want +got):\n%s", diff)
	}
	if f.Exact() {
		t.Error("a file with lines replaced is not exact")
	}

	// A line the file has once though both sources make it is listed
	// under both, and is not combined.
	f = File{}
	combined = f.attribute([]string{"x"}, nil, []Source{a, b}, [][]string{{"x"}, {"x"}})
	if len(combined) != 0 || len(f.Sections) != 2 || !f.Exact() {
		t.Errorf("a deduplicated line: combined %q, file %+v", combined, f)
	}
}

func TestDifferenceAndLines(t *testing.T) {
	if diff := cmp.Diff([]string{"b", "a"}, difference([]string{"a", "b", "a", "a"}, []string{"a", "a"})); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"  a", "b"}, lines([]byte("  a\n\n \t\nb\n"))); diff != "" {
		t.Error(diff)
	}
}
