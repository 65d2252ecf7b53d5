// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// ReadTree returns the regular files below root with their contents,
// keyed by slash-separated paths relative to root.
func ReadTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || !fi.Mode().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatalf("cannot read the files below %s: %v", root, err)
	}
	return out
}

// StatePath is plugpolicy.StatePath, the record of the last run that
// Write and Update keep below a root (a test of package plugpolicy
// checks that the two agree).
const StatePath = "var/lib/plugpolicy/state.json"

// ReadPolicyTree is ReadTree without the record at StatePath: the
// policy files a run left, which two runs that wrote the same policy
// agree on (their records differ in the files' inode numbers and times).
func ReadPolicyTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := ReadTree(t, root)
	delete(out, StatePath)
	return out
}
