// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/plugpolicy/plugpolicy/internal/udiff"
)

// Change is how a path differs between two trees.
type Change string

// The changes.
const (
	Added   Change = "added"
	Removed Change = "removed"
	Changed Change = "changed"
)

// FileDiff is one path that differs between two trees.
type FileDiff struct {
	Rel    string // slash-separated, relative to the roots
	Change Change
	// Old and New are the entry in the first and the second tree (nil
	// where it has none).
	Old, New *Entry
	// Binary says the contents are compared byte by byte only: .bin and
	// .bin2 filters, and files that are not UTF-8 text or hold a NUL.
	Binary bool
	// Unified is the unified diff of a changed text file (or of the
	// targets of a changed symlink), with paths a/REL and b/REL.
	Unified string
	// RulesAdded and RulesRemoved count the rules (see IsRule) that the
	// shortest edit script from the old text to the new inserts and
	// deletes; for an added or removed text file, its rules.
	RulesAdded, RulesRemoved int
	// Files is the number of regular files below an added or removed
	// directory, which are not listed on their own.
	Files int
}

// IsRule reports whether a line of a file of the given kind is a rule: it
// is not blank and not a comment, a line whose first non-blank character
// is "#" (except AppArmor's "#include", which is a rule).
func IsRule(kind Kind, line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	if kind == AppArmorProfile && strings.HasPrefix(line, "#include") {
		return true
	}
	return line[0] != '#'
}

// Diff compares the trees at dir1 and dir2 and returns the paths that
// differ, in the order of their path segments. Regular files differ by
// contents, symlinks by target (never followed), other files by type; a
// directory in one tree only is one FileDiff, with its files counted. The
// error names the path that cannot be read.
func Diff(dir1, dir2 string) ([]FileDiff, error) {
	old, err := entryMap(dir1)
	if err != nil {
		return nil, err
	}
	cur, err := entryMap(dir2)
	if err != nil {
		return nil, err
	}
	rels := make([]string, 0, len(old)+len(cur))
	for rel := range old {
		rels = append(rels, rel)
	}
	for rel := range cur {
		if _, ok := old[rel]; !ok {
			rels = append(rels, rel)
		}
	}
	slices.SortFunc(rels, func(a, b string) int {
		return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/"))
	})
	var diffs []FileDiff
	skip := ""
	for _, rel := range rels {
		if skip != "" && strings.HasPrefix(rel, skip) {
			continue
		}
		skip = ""
		if KindOf(rel) == RunRecord {
			// Not policy: two trees of the same policy have records
			// that differ in their files' inode numbers and times.
			continue
		}
		a, b := old[rel], cur[rel]
		d, err := diffEntry(dir1, dir2, rel, a, b)
		if err != nil {
			return nil, err
		}
		if d == nil {
			continue
		}
		if (a == nil || b == nil || a.Type != b.Type) && (a != nil && a.IsDir() || b != nil && b.IsDir()) {
			// The directory's contents are in one tree only: count them.
			skip = rel + "/"
			d.Files = countFiles(old, skip) + countFiles(cur, skip)
		}
		diffs = append(diffs, *d)
	}
	return diffs, nil
}

func entryMap(dir string) (map[string]*Entry, error) {
	entries, err := Walk(dir)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*Entry, len(entries))
	for i := range entries {
		m[entries[i].Rel] = &entries[i]
	}
	return m, nil
}

func countFiles(m map[string]*Entry, prefix string) int {
	n := 0
	for rel, e := range m {
		if strings.HasPrefix(rel, prefix) && e.IsRegular() {
			n++
		}
	}
	return n
}

// diffEntry compares the entries a and b at rel (either may be nil); nil
// when they are the same.
func diffEntry(dir1, dir2, rel string, a, b *Entry) (*FileDiff, error) {
	d := &FileDiff{Rel: rel, Old: a, New: b, Change: Changed}
	switch {
	case a == nil:
		d.Change = Added
	case b == nil:
		d.Change = Removed
	case a.Type != b.Type:
		return d, nil
	case a.IsRegular():
	case a.Type&fs.ModeSymlink != 0:
		if a.Target == b.Target {
			return nil, nil
		}
		d.Unified = udiff.Unified("a/"+rel, "b/"+rel, a.Describe()+"\n", b.Describe()+"\n")
		return d, nil
	default: // two directories, or two pipes, sockets or devices
		return nil, nil
	}
	if a != nil && !a.IsRegular() || b != nil && !b.IsRegular() {
		return d, nil // a directory, symlink or special file added or removed
	}
	var oldText, newText []byte
	var err error
	if a != nil {
		if oldText, err = ReadFile(dir1, rel); err != nil {
			return nil, err
		}
	}
	if b != nil {
		if newText, err = ReadFile(dir2, rel); err != nil {
			return nil, err
		}
	}
	if a != nil && b != nil && bytes.Equal(oldText, newText) {
		return nil, nil
	}
	kind := KindOf(rel)
	if d.Binary = kind.Binary() || isBinary(oldText) || isBinary(newText); d.Binary {
		return d, nil
	}
	ops := udiff.Edits(udiff.Lines(string(oldText)), udiff.Lines(string(newText)))
	for _, op := range ops {
		switch {
		case op.Kind == '-' && IsRule(kind, op.Line):
			d.RulesRemoved++
		case op.Kind == '+' && IsRule(kind, op.Line):
			d.RulesAdded++
		}
	}
	if d.Change == Changed {
		d.Unified = udiff.Unified("a/"+rel, "b/"+rel, string(oldText), string(newText))
	}
	return d, nil
}

// isBinary reports whether data is not text: not UTF-8, or with a NUL.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data)
}
