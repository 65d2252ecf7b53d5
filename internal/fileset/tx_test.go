// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

func snapPatterns(name string) []string {
	return []string{"etc/app/snap." + name + ".*", "etc/units/snap." + name + ".*.service.d/*.conf"}
}

// ensureAll writes the sets of the snaps in one transaction.
func ensureAll(t *testing.T, root string, sets map[string]map[string][]byte) error {
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	for _, name := range sortedKeys(sets) {
		if _, err := tx.Ensure(snapPatterns(name), sets[name]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func fleetSets(n int, gen string) map[string]map[string][]byte {
	sets := map[string]map[string][]byte{}
	for i := range n {
		name := fmt.Sprintf("s%03d", i)
		sets[name] = map[string][]byte{
			"etc/app/snap." + name + ".app":                    []byte(gen + " app of " + name),
			"etc/units/snap." + name + ".app.service.d/x.conf": []byte(gen + " unit of " + name),
		}
	}
	return sets
}

func treeOf(sets map[string]map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for _, files := range sets {
		for name, data := range files {
			out[name] = data
		}
	}
	return out
}

// TestTransactionIsAllOrNothing: one transaction for many sets; a set
// refused, or a rename failing in the last set, leaves every set's
// files as they were.
func TestTransactionIsAllOrNothing(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		root := t.TempDir()
		v1, v2 := fleetSets(5, "v1"), fleetSets(5, "v2")
		require.NoError(t, ensureAll(t, root, v1))
		assert.Equal(t, treeOf(v1), testutil.ReadTree(t, root))

		// The last snap's unit is a named pipe: refused while planning.
		fifo := filepath.Join(root, "etc/units/snap.s004.app.service.d/x.conf")
		require.NoError(t, os.Remove(fifo))
		require.NoError(t, unix.Mkfifo(fifo, 0o644))
		err := ensureAll(t, root, v2)
		assert.EqualError(t, err, "refusing etc/units/snap.s004.app.service.d/x.conf: a named pipe, not a regular file")
		want := treeOf(v1)
		delete(want, "etc/units/snap.s004.app.service.d/x.conf")
		assert.Equal(t, want, testutil.ReadTree(t, root))
		require.NoError(t, os.Remove(fifo))

		// The last rename fails: every file renamed before is put back.
		fileset.SetHook(t, func(step, rel string) error {
			if step == "rename" && rel == "etc/units/snap.s004.app.service.d/x.conf" {
				return errors.New("no space")
			}
			return nil
		})
		err = ensureAll(t, root, v2)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "cannot replace etc/units/snap.s004.app.service.d/x.conf below ")
		assert.Equal(t, want, testutil.ReadTree(t, root))
		noLeftovers(t, root)
	})
}

// TestTransactionListsEachDirectoryOnce: many snaps' sets in shared
// directories cost one listing per directory, not one glob per pattern
// per snap; more per-snap directories than it keeps open work too.
func TestTransactionListsEachDirectoryOnce(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, ensureAll(t, root, fleetSets(300, "v1")))
	sets := fleetSets(300, "v2")
	before := fileset.Listings()
	require.NoError(t, ensureAll(t, root, sets))
	// ".", etc, etc/app, etc/units and the 300 per-snap directories.
	assert.Equal(t, int64(4+300), fileset.Listings()-before)
	assert.Equal(t, treeOf(sets), testutil.ReadTree(t, root))
}

// TestTransactionRefusesOverlaps: two sets of one transaction may not
// claim one path.
func TestTransactionRefusesOverlaps(t *testing.T) {
	root := t.TempDir()
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	defer tx.Close()
	_, err = tx.Ensure(snapPatterns("foo"), map[string][]byte{"etc/app/snap.foo.a": []byte("a")})
	require.NoError(t, err)
	_, err = tx.Ensure([]string{"etc/app/*"}, map[string][]byte{"etc/app/snap.foo.a": []byte("b")})
	assert.EqualError(t, err, "cannot write etc/app/snap.foo.a: two changes of one transaction are for it")
	require.NoError(t, tx.Commit())
	assert.EqualError(t, tx.Commit(), "cannot commit: the transaction is over")
	_, err = tx.Ensure(snapPatterns("foo"), nil)
	assert.EqualError(t, err, "cannot plan changes: the transaction is over")
}

// TestLockSerialisesTransactions: a second transaction on a root waits
// for the first to end, or fails after its timeout.
func TestLockSerialisesTransactions(t *testing.T) {
	root := t.TempDir()
	tx, err := fileset.Begin(root)
	require.NoError(t, err)
	_, err = fileset.BeginTimeout(root, 50*time.Millisecond)
	assert.EqualError(t, err, "cannot lock "+root+": another run has held its lock for more than 50ms")

	got := make(chan time.Time)
	go func() {
		tx2, err := fileset.Begin(root)
		if err == nil {
			got <- time.Now()
			tx2.Close()
		}
		close(got)
	}()
	time.Sleep(100 * time.Millisecond)
	released := time.Now()
	require.NoError(t, tx.Close())
	at, ok := <-got
	require.True(t, ok, "the second transaction began")
	assert.True(t, at.After(released), "only once the first ended")
	assert.Empty(t, testutil.ReadTree(t, root), "the lock leaves no file")
}
