// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// stampsAfter writes the snap's files in a transaction and returns the
// stamps it leaves.
func stampsAfter(t *testing.T, root, name string, files map[string][]byte) map[string]fileset.Stamp {
	t.Helper()
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	_, err = tx.Ensure(snapPatterns(name), files)
	require.NoError(t, err)
	_, err = tx.Stamp(slices.Collect(maps.Keys(files)))
	require.Error(t, err, "no stamps before Commit")
	require.NoError(t, tx.Commit())
	stamps, err := tx.Stamp(slices.Collect(maps.Keys(files)))
	require.NoError(t, err)
	return stamps
}

// keep tries to keep the snap's files by their stamps in a transaction
// of its own, committed.
func keep(t *testing.T, root, name string, stamps map[string]fileset.Stamp) (fileset.Result, bool) {
	t.Helper()
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	res, ok, err := tx.Keep(snapPatterns(name), stamps)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	return res, ok
}

// TestKeep: files exactly as stamped are kept without being read; one
// rewritten (same size), replaced, removed or added, is not.
func TestKeep(t *testing.T) {
	root := t.TempDir()
	files := map[string][]byte{"etc/app/snap.a.one": []byte("one\n"), "etc/app/snap.a.two": []byte("two\n")}
	stamps := stampsAfter(t, root, "a", files)
	require.Len(t, stamps, 2)

	res, ok := keep(t, root, "a", stamps)
	assert.True(t, ok)
	assert.Equal(t, []string{"etc/app/snap.a.one", "etc/app/snap.a.two"}, res.Unchanged)

	one := filepath.Join(root, "etc/app/snap.a.one")
	for name, change := range map[string]func(){
		"rewritten in place": func() { require.NoError(t, os.WriteFile(one, []byte("ONE\n"), 0o644)) },
		"replaced": func() {
			require.NoError(t, os.Remove(one))
			require.NoError(t, os.WriteFile(one, []byte("one\n"), 0o644))
		},
		"removed":  func() { require.NoError(t, os.Remove(one)) },
		"added to": func() { require.NoError(t, os.WriteFile(filepath.Join(root, "etc/app/snap.a.three"), nil, 0o644)) },
	} {
		t.Run(name, func(t *testing.T) {
			stamps := stampsAfter(t, root, "a", files)
			change()
			_, ok := keep(t, root, "a", stamps)
			assert.False(t, ok)
		})
	}
}

// TestKeepRefusesWhatEnsureRefuses: a symbolic link or named pipe where a
// kept file would be is refused, as Ensure refuses it.
func TestKeepRefusesWhatEnsureRefuses(t *testing.T) {
	root := t.TempDir()
	stamps := stampsAfter(t, root, "a", map[string][]byte{"etc/app/snap.a.one": []byte("one\n")})
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(root, "etc/app/snap.a.link")))
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	_, _, err = tx.Keep(snapPatterns("a"), stamps)
	assert.EqualError(t, err, "refusing etc/app/snap.a.link: a symbolic link, not a regular file")
}

// TestFlush: files flushed are on disk under temporary names only, until
// Commit; Close without Commit removes them, and the directories made
// for them.
func TestFlush(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, ensureAll(t, root, map[string]map[string][]byte{"a": {"etc/app/snap.a.one": []byte("old\n")}}))
	before := testutil.ReadTree(t, root)

	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	_, err = tx.Ensure(snapPatterns("a"), map[string][]byte{"etc/app/snap.a.one": []byte("new\n"),
		"etc/units/snap.a.x.service.d/a.conf": []byte("[Service]\n")})
	require.NoError(t, err)
	require.NoError(t, tx.Flush())
	temps := 0
	for name := range testutil.ReadTree(t, root) {
		if fileset.IsTempName(filepath.Base(name)) {
			temps++
		} else {
			assert.Contains(t, before, name, "only temporary files are new")
		}
	}
	assert.Equal(t, 2, temps)
	require.NoError(t, tx.Close())
	assert.Equal(t, before, testutil.ReadTree(t, root))
	assert.NoDirExists(t, filepath.Join(root, "etc/units"))

	// Flushed, then committed: the new files.
	tx, err = fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	_, err = tx.Ensure(snapPatterns("a"), map[string][]byte{"etc/app/snap.a.one": []byte("new\n")})
	require.NoError(t, err)
	require.NoError(t, tx.Flush())
	_, err = tx.Ensure(snapPatterns("b"), map[string][]byte{"etc/app/snap.b.one": []byte("b\n")})
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	assert.Equal(t, map[string][]byte{"etc/app/snap.a.one": []byte("new\n"), "etc/app/snap.b.one": []byte("b\n")}, testutil.ReadTree(t, root))
}

// TestRecord: WriteRecord writes after Commit, under the lock, and
// ReadRecord reads it back; neither follows a symbolic link or opens a
// named pipe, and a missing record reads as nil.
func TestRecord(t *testing.T) {
	root := t.TempDir()
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	data, err := tx.ReadRecord("var/lib/x/state", 100)
	require.NoError(t, err)
	assert.Nil(t, data)
	assert.Error(t, tx.WriteRecord("var/lib/x/state", []byte("1")), "not before Commit")
	require.NoError(t, tx.Commit())
	require.NoError(t, tx.WriteRecord("var/lib/x/state", []byte("record\n")))
	require.NoError(t, tx.Close())

	tx, err = fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	data, err = tx.ReadRecord("var/lib/x/state", 100)
	require.NoError(t, err)
	assert.Equal(t, "record\n", string(data))
	_, err = tx.ReadRecord("var/lib/x/state", 3)
	assert.EqualError(t, err, "refusing var/lib/x/state: 7 bytes, more than 3")

	require.NoError(t, os.Remove(filepath.Join(root, "var/lib/x/state")))
	require.NoError(t, unix.Mkfifo(filepath.Join(root, "var/lib/x/state"), 0o644))
	_, err = tx.ReadRecord("var/lib/x/state", 100)
	assert.EqualError(t, err, "refusing var/lib/x/state: a named pipe, not a regular file")
	require.NoError(t, os.Remove(filepath.Join(root, "var/lib/x/state")))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(root, "var/lib/x/state")))
	_, err = tx.ReadRecord("var/lib/x/state", 100)
	assert.EqualError(t, err, "refusing var/lib/x/state: a symbolic link, not a regular file")
	require.NoError(t, os.Remove(filepath.Join(root, "var/lib/x/state")))
	require.NoError(t, os.Symlink(t.TempDir(), filepath.Join(root, "var/lib/y")))
	_, err = tx.ReadRecord("var/lib/y/state", 100)
	assert.Error(t, err, "a symlinked directory is not followed")
}

// TestEnsureKeeping: kept files stay without being read or removed, the
// rest is written as Ensure writes it, and files neither kept nor written
// are removed; a kept file that is not as stamped makes it plan nothing.
func TestEnsureKeeping(t *testing.T) {
	one, two, three := "etc/app/snap.a.one", "etc/app/snap.a.two", "etc/app/snap.a.three"
	files := map[string][]byte{one: []byte("one\n"), two: []byte("two\n"), three: []byte("three\n")}
	ensureKeeping := func(t *testing.T, root string, files map[string][]byte, keep map[string]fileset.Stamp) (fileset.Result, bool) {
		t.Helper()
		tx, err := fileset.Begin(root)
		require.NoError(t, err)
		defer tx.Close()
		res, ok, err := tx.EnsureKeeping(snapPatterns("a"), files, keep)
		require.NoError(t, err)
		require.NoError(t, tx.Commit())
		return res, ok
	}

	root := t.TempDir()
	stamps := stampsAfter(t, root, "a", files)
	res, ok := ensureKeeping(t, root, map[string][]byte{two: []byte("TWO\n")}, map[string]fileset.Stamp{one: stamps[one]})
	require.True(t, ok)
	assert.Equal(t, fileset.Result{Changed: []string{two}, Unchanged: []string{one}, Removed: []string{three}}, res)
	assert.Equal(t, map[string][]byte{one: []byte("one\n"), two: []byte("TWO\n")}, testutil.ReadTree(t, root))

	for name, change := range map[string]func(string){
		"rewritten in place": func(p string) { require.NoError(t, os.WriteFile(p, []byte("ONE\n"), 0o644)) },
		"removed":            func(p string) { require.NoError(t, os.Remove(p)) },
		"a symlink": func(p string) {
			require.NoError(t, os.Remove(p))
			require.NoError(t, os.Symlink("/etc/passwd", p))
		},
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			stamps := stampsAfter(t, root, "a", files)
			change(filepath.Join(root, one))
			before := testutil.ReadTree(t, root)
			tx, err := fileset.Begin(root)
			require.NoError(t, err)
			defer tx.Close()
			_, ok, err := tx.EnsureKeeping(snapPatterns("a"), map[string][]byte{two: []byte("TWO\n")}, map[string]fileset.Stamp{one: stamps[one]})
			if name == "a symlink" {
				require.ErrorContains(t, err, one, "refused by name, as Ensure refuses it")
			} else {
				require.NoError(t, err)
			}
			assert.False(t, ok)
			require.NoError(t, tx.Commit())
			assert.Equal(t, before, testutil.ReadTree(t, root), "nothing planned")
		})
	}

	t.Run("refuses", func(t *testing.T) {
		root := t.TempDir()
		stamps := stampsAfter(t, root, "a", files)
		tx, err := fileset.Begin(root)
		require.NoError(t, err)
		defer tx.Close()
		_, _, err = tx.EnsureKeeping(snapPatterns("a"), map[string][]byte{one: []byte("x")}, map[string]fileset.Stamp{one: stamps[one]})
		assert.ErrorContains(t, err, "both kept and written")
		_, _, err = tx.EnsureKeeping(snapPatterns("a"), nil, map[string]fileset.Stamp{"etc/other/x": {}})
		assert.Error(t, err, "a kept path the patterns do not match")
	})
}
