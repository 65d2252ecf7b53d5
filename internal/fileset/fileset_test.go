// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

var patterns = []string{"etc/app/snap.foo.*", "etc/units/snap.foo.*.service.d/*.conf"}

func inode(t *testing.T, p string) uint64 {
	fi, err := os.Stat(p)
	require.NoError(t, err)
	return fi.Sys().(*syscall.Stat_t).Ino
}

func TestEnsureWritesChangesAndRemoves(t *testing.T) {
	root := t.TempDir()
	// Files of others are never touched.
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/app"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/app/snap.other.a"), []byte("other"), 0o644))

	res, err := fileset.Ensure(root, patterns, map[string][]byte{
		"etc/app/snap.foo.a":                    []byte("a1"),
		"etc/app/snap.foo.b":                    []byte("b1"),
		"etc/units/snap.foo.d.service.d/x.conf": []byte("d1"),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"etc/app/snap.foo.a", "etc/app/snap.foo.b", "etc/units/snap.foo.d.service.d/x.conf"}, res.Changed)
	assert.Empty(t, res.Removed)
	fi, err := os.Stat(filepath.Join(root, "etc/app/snap.foo.a"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())

	// The same set again changes nothing and rewrites nothing.
	before := inode(t, filepath.Join(root, "etc/app/snap.foo.a"))
	res, err = fileset.Ensure(root, patterns, map[string][]byte{
		"etc/app/snap.foo.a":                    []byte("a1"),
		"etc/app/snap.foo.b":                    []byte("b1"),
		"etc/units/snap.foo.d.service.d/x.conf": []byte("d1"),
	})
	require.NoError(t, err)
	assert.Empty(t, res.Changed)
	assert.Empty(t, res.Removed)
	assert.Equal(t, []string{"etc/app/snap.foo.a", "etc/app/snap.foo.b", "etc/units/snap.foo.d.service.d/x.conf"}, res.Unchanged)
	assert.Equal(t, before, inode(t, filepath.Join(root, "etc/app/snap.foo.a")))

	// A changed file, a new one, two gone (one of them in a per-snap
	// directory, which goes too once empty).
	res, err = fileset.Ensure(root, patterns, map[string][]byte{
		"etc/app/snap.foo.a": []byte("a2"),
		"etc/app/snap.foo.c": []byte("c1"),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"etc/app/snap.foo.a", "etc/app/snap.foo.c"}, res.Changed)
	assert.Equal(t, []string{"etc/app/snap.foo.b", "etc/units/snap.foo.d.service.d/x.conf"}, res.Removed)
	assert.Equal(t, map[string][]byte{
		"etc/app/snap.foo.a":   []byte("a2"),
		"etc/app/snap.foo.c":   []byte("c1"),
		"etc/app/snap.other.a": []byte("other"),
	}, testutil.ReadTree(t, root))
	assert.NoDirExists(t, filepath.Join(root, "etc/units/snap.foo.d.service.d"))
	assert.DirExists(t, filepath.Join(root, "etc/app"), "shared directories stay")

	res, err = fileset.Remove(root, patterns)
	require.NoError(t, err)
	assert.Equal(t, []string{"etc/app/snap.foo.a", "etc/app/snap.foo.c"}, res.Removed)
	assert.Equal(t, map[string][]byte{"etc/app/snap.other.a": []byte("other")}, testutil.ReadTree(t, root))
}

// noLeftovers checks that no temporary or backup file was left behind.
func noLeftovers(t *testing.T, root string) {
	t.Helper()
	for name := range testutil.ReadTree(t, root) {
		base := filepath.Base(name)
		assert.False(t, strings.HasPrefix(base, "."), "left behind: %s", name)
	}
}

func TestFailureBeforeRenamingChangesNothing(t *testing.T) {
	root := t.TempDir()
	old := map[string][]byte{"etc/app/snap.foo.a": []byte("a1"), "etc/app/snap.foo.b": []byte("b1")}
	_, err := fileset.Ensure(root, patterns, old)
	require.NoError(t, err)
	// A regular file where a per-snap directory must be created is
	// refused before anything is written.
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/units"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/units/snap.foo.z.service.d"), []byte("in the way"), 0o644))
	_, err = fileset.Ensure(root, patterns, map[string][]byte{
		"etc/app/snap.foo.a":                    []byte("a2"),
		"etc/units/snap.foo.z.service.d/x.conf": []byte("z"),
	})
	assert.EqualError(t, err, "refusing etc/units/snap.foo.z.service.d: a regular file, not a directory")
	want := map[string][]byte{
		"etc/app/snap.foo.a":             []byte("a1"),
		"etc/app/snap.foo.b":             []byte("b1"),
		"etc/units/snap.foo.z.service.d": []byte("in the way"),
	}
	assert.Equal(t, want, testutil.ReadTree(t, root), "the previous set is intact, the stale file not removed")
	noLeftovers(t, root)

	// Writing the last temporary file fails: the ones written before are
	// removed, and so are the directories created.
	fileset.SetHook(t, func(step, rel string) error {
		if step == "write" && rel == "etc/units/snap.foo.y.service.d/x.conf" {
			return errors.New("disk full")
		}
		return nil
	})
	_, err = fileset.Ensure(root, patterns, map[string][]byte{
		"etc/app/snap.foo.a":                    []byte("a2"),
		"etc/app/snap.foo.c":                    []byte("c2"),
		"etc/units/snap.foo.y.service.d/x.conf": []byte("y"),
	})
	assert.EqualError(t, err, "cannot write etc/units/snap.foo.y.service.d/x.conf: disk full")
	assert.Equal(t, want, testutil.ReadTree(t, root))
	assert.NoDirExists(t, filepath.Join(root, "etc/units/snap.foo.y.service.d"))
	noLeftovers(t, root)
}

func TestFailedRenameRollsBack(t *testing.T) {
	root := t.TempDir()
	_, err := fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": []byte("a1"), "etc/app/snap.foo.b": []byte("b1")})
	require.NoError(t, err)
	// The rename of snap.foo.c fails after snap.foo.a and snap.foo.b were
	// already replaced.
	fileset.SetHook(t, func(step, rel string) error {
		if step == "rename" && rel == "etc/app/snap.foo.c" {
			return errors.New("no space")
		}
		return nil
	})
	_, err = fileset.Ensure(root, patterns, map[string][]byte{
		"etc/app/snap.foo.a": []byte("a2"),
		"etc/app/snap.foo.b": []byte("b2"),
		"etc/app/snap.foo.c": []byte("c2"),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot replace etc/app/snap.foo.c below ")
	assert.Equal(t, map[string][]byte{"etc/app/snap.foo.a": []byte("a1"), "etc/app/snap.foo.b": []byte("b1")}, testutil.ReadTree(t, root))
	noLeftovers(t, root)
}

func TestEnsureRefusesBadPaths(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct{ name, err string }{
		{"/etc/app/snap.foo.a", `cannot write "/etc/app/snap.foo.a": not a clean path relative to the root`},
		{"etc/app/../app/snap.foo.a", `cannot write "etc/app/../app/snap.foo.a": not a clean path relative to the root`},
		{"../snap.foo.a", `cannot write "../snap.foo.a": not a clean path relative to the root`},
		{"", `cannot write "": not a clean path relative to the root`},
		{"etc/app/snap.bar.a", `cannot write "etc/app/snap.bar.a": it matches none of the patterns ["etc/app/snap.foo.*" "etc/units/snap.foo.*.service.d/*.conf"]`},
	} {
		_, err := fileset.Ensure(root, patterns, map[string][]byte{tc.name: []byte("x")})
		assert.EqualError(t, err, tc.err)
	}
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}

func TestWriteFile(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "sub", "snap.x.app.bin")
	require.NoError(t, fileset.WriteFile(target, []byte("one")))
	require.NoError(t, fileset.WriteFile(target, []byte("two")))
	assert.Equal(t, map[string][]byte{"sub/snap.x.app.bin": []byte("two")}, testutil.ReadTree(t, root), "replaced, no temporary files left")

	// A target that cannot be replaced (a directory) is an error naming it,
	// and leaves no temporary file behind.
	dir := filepath.Join(root, "dir")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "keep"), 0o755))
	err := fileset.WriteFile(dir, []byte("x"))
	require.Error(t, err)
	assert.EqualError(t, err, "cannot write "+dir+": refusing dir: a directory, not a regular file")
	assert.Equal(t, map[string][]byte{"sub/snap.x.app.bin": []byte("two")}, testutil.ReadTree(t, root))
}

// TestEnsureStaysBelowTheRoot: a symbolic link among the directories
// below the root (etc -> a directory outside) makes Ensure refuse to
// write or remove anything, rather than write through it; so does a
// symbolic link in a file's place, even when it points to the right
// content.
func TestEnsureStaysBelowTheRoot(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(outside, "app"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "app/snap.foo.old"), []byte("host"), 0o644))
	root := t.TempDir()
	require.NoError(t, os.Symlink(outside, filepath.Join(root, "etc")))

	_, err := fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": []byte("a")})
	assert.EqualError(t, err, "refusing etc: a symbolic link, not a directory")
	_, err = fileset.Remove(root, patterns)
	assert.EqualError(t, err, "refusing etc: a symbolic link, not a directory")
	assert.Equal(t, map[string][]byte{"app/snap.foo.old": []byte("host")}, testutil.ReadTree(t, outside), "nothing written or removed outside the root")

	root = t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/app"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(outside, "app/snap.foo.old"), filepath.Join(root, "etc/app/snap.foo.a")))
	_, err = fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": []byte("host")})
	assert.EqualError(t, err, "refusing etc/app/snap.foo.a: a symbolic link, not a regular file")
	_, err = fileset.Remove(root, patterns)
	assert.EqualError(t, err, "refusing etc/app/snap.foo.a: a symbolic link, not a regular file")
	fi, err := os.Lstat(filepath.Join(root, "etc/app/snap.foo.a"))
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "left alone")
	assert.Equal(t, map[string][]byte{"app/snap.foo.old": []byte("host")}, testutil.ReadTree(t, outside))

	// A symbolic link where a per-snap directory is matched.
	root = t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/units"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(outside, "app"), filepath.Join(root, "etc/units/snap.foo.x.service.d")))
	_, err = fileset.Remove(root, patterns)
	assert.EqualError(t, err, "refusing etc/units/snap.foo.x.service.d: a symbolic link, not a directory")
}
