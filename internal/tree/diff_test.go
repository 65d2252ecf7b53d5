// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsRule(t *testing.T) {
	assert.True(t, IsRule(AppArmorProfile, "  #include <abstractions/base>\n"))
	assert.True(t, IsRule(AppArmorProfile, "/etc/hostname r,\n"))
	assert.False(t, IsRule(AppArmorProfile, "  # a comment\n"))
	assert.False(t, IsRule(SeccompSource, "#include is a comment here\n"))
	assert.False(t, IsRule(SeccompSource, " \t\n"))
	assert.True(t, IsRule(SeccompSource, "~ptrace\n"))
}

func TestDiff(t *testing.T) {
	old := writeTree(t, map[string]string{
		"same":    "a\n",
		"changed": "# header\nkeep\nold rule\n\n# old comment\n",
		"removed": "# c\none\ntwo\n",
		"x.bin":   "\x00\x01",
		"gone/a":  "1\n",
		"gone/b":  "2\n",
		"var/lib/snapd/apparmor/profiles/snap.a.b": "#include <tunables/global>\nprofile x {\n}\n",
	})
	cur := writeTree(t, map[string]string{
		"same":    "a\n",
		"changed": "# header\nkeep\nnew rule\nanother\n\n# new comment\n",
		"added":   "r1\nr2\n# c\n",
		"x.bin":   "\x00\x02",
		"new/c":   "3\n",
		"var/lib/snapd/apparmor/profiles/snap.a.b": "profile x {\n}\n",
	})
	require.NoError(t, os.Symlink("t1", filepath.Join(old, "link")))
	require.NoError(t, os.Symlink("t2", filepath.Join(cur, "link")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(old, "pipe"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(cur, "pipe"), 0o644))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(cur, "same2")))
	require.NoError(t, os.WriteFile(filepath.Join(old, "same2"), []byte("x\n"), 0o644))

	diffs, err := Diff(old, cur)
	require.NoError(t, err)
	type row struct {
		rel         string
		change      Change
		binary      bool
		add, remove int
		files       int
	}
	var got []row
	for _, d := range diffs {
		got = append(got, row{d.Rel, d.Change, d.Binary, d.RulesAdded, d.RulesRemoved, d.Files})
	}
	assert.Equal(t, []row{
		{"added", Added, false, 2, 0, 0},
		{"changed", Changed, false, 2, 1, 0},
		{"gone", Removed, false, 0, 0, 2},
		{"link", Changed, false, 0, 0, 0},
		{"new", Added, false, 0, 0, 1},
		{"removed", Removed, false, 0, 2, 0},
		{"same2", Changed, false, 0, 0, 0},
		{"var/lib/snapd/apparmor/profiles/snap.a.b", Changed, false, 0, 1, 0},
		{"x.bin", Changed, true, 0, 0, 0},
	}, got)
	assert.Equal(t, "--- a/changed\n+++ b/changed\n@@ -1,5 +1,6 @@\n # header\n keep\n-old rule\n+new rule\n+another\n \n-# old comment\n+# new comment\n", diffs[1].Unified)
	assert.Equal(t, "--- a/link\n+++ b/link\n@@ -1 +1 @@\n-symlink -> t1\n+symlink -> t2\n", diffs[3].Unified)
	assert.Equal(t, "symlink -> /etc/passwd", diffs[6].New.Describe())

	diffs, err = Diff(old, old)
	require.NoError(t, err)
	assert.Empty(t, diffs)
}

func TestDiffUnreadable(t *testing.T) {
	old := writeTree(t, map[string]string{"f": "a\n"})
	_, err := Diff(old, filepath.Join(old, "f"))
	assert.ErrorContains(t, err, filepath.Join(old, "f")+": not a directory")
	_, err = Diff(filepath.Join(old, "missing"), old)
	assert.ErrorContains(t, err, filepath.Join(old, "missing")+": no such file or directory")

	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	cur := writeTree(t, map[string]string{"f": "b\n"})
	require.NoError(t, os.Chmod(filepath.Join(cur, "f"), 0))
	_, err = Diff(old, cur)
	assert.ErrorContains(t, err, filepath.Join(cur, "f")+": permission denied")
}
