// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"sort"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// syncs counts fsync and syncfs calls, for tests and measurements.
var syncs atomic.Int64

// noSyncfs is set once syncfs turned out to be missing, or by tests.
var noSyncfs atomic.Bool

// hook, when set by tests, runs before each write ("write") and rename
// ("rename") of Commit; an error from it is taken as the step's.
var hook func(step, rel string) error

// Commit makes the planned changes: it removes temporary files left by
// runs that were killed, creates the missing directories, writes every
// new or changed file to a temporary name no loader matches
// (.NAME.plugpolicy-tmp-XXXXXXXX), syncs them (one syncfs per file system,
// or an fsync per file where syncfs is missing), renames them all into
// place, removes the stale files and the per-snap directories they leave
// empty, and syncs again (the directories).
//
// A failure before the renames leaves every file as it was; a failed
// rename undoes the renames done, putting the old files back, so that
// the files of a run are never mixed with those of the one before. A
// process killed during Commit leaves each file old or new, never part
// written, and the next transaction removes its temporary files.
func (tx *Tx) Commit() error {
	if tx.done {
		return errors.New("cannot commit: the transaction is over")
	}
	tx.done = true
	tx.plan.close()
	dirs := dirCache{tx: tx, fds: map[string]int{}}
	defer dirs.close()
	for _, rel := range tx.garbage {
		if fd, err := dirs.open(path.Dir(rel)); err == nil {
			unix.Unlinkat(fd, path.Base(rel), 0)
		}
	}
	err := tx.makeDirs(&dirs)
	if err == nil {
		err = tx.writeTemps(&dirs)
	}
	if err == nil {
		err = tx.syncTemps(&dirs)
	}
	if err == nil {
		err = tx.rename(&dirs)
	}
	if err != nil {
		tx.discard(&dirs)
		tx.removeCreated(&dirs)
		return err
	}
	tx.committed = true
	touched := map[string]bool{}
	for _, w := range tx.writes {
		touched[path.Dir(w.rel)] = true
	}
	for _, dir := range tx.created {
		touched[path.Dir(dir)] = true
	}
	if err := tx.removeStale(&dirs, touched); err != nil {
		return err
	}
	return tx.syncDirs(&dirs, touched)
}

// Flush writes the files planned so far to their temporary names now,
// creating the directories they need, and drops their contents from
// memory: a transaction of many files then holds only those planned
// since the last Flush. Nothing a loader reads changes (temporary names
// match no loader's glob); only Commit puts the files in place, and
// Close without Commit removes what Flush wrote.
func (tx *Tx) Flush() error {
	if tx.done {
		return errors.New("cannot write: the transaction is over")
	}
	dirs := dirCache{tx: tx, fds: map[string]int{}}
	defer dirs.close()
	err := tx.makeDirs(&dirs)
	if err == nil {
		err = tx.writeTemps(&dirs)
	}
	if err != nil {
		// What was written is in doubt; Close removes it.
		tx.done = true
	}
	return err
}

// removeCreated removes the directories the transaction made, children
// first; after a failure they are empty again.
func (tx *Tx) removeCreated(dirs *dirCache) {
	for i := len(tx.created) - 1; i >= 0; i-- {
		if fd, err := dirs.open(path.Dir(tx.created[i])); err == nil {
			unix.Unlinkat(fd, path.Base(tx.created[i]), unix.AT_REMOVEDIR)
		}
	}
	tx.created, tx.made = nil, map[string]bool{}
}

// makeDirs creates the missing directories not made yet, parents first.
func (tx *Tx) makeDirs(dirs *dirCache) error {
	var todo []string
	for dir := range tx.mkdirs {
		if !tx.made[dir] {
			todo = append(todo, dir)
		}
	}
	sort.Strings(todo) // a parent sorts before its children
	for _, dir := range todo {
		fd, err := dirs.open(path.Dir(dir))
		if err == nil {
			err = unix.Mkdirat(fd, path.Base(dir), 0o755)
		}
		if err != nil {
			return fmt.Errorf("cannot create directory %s below %s: %w", dir, tx.root, err)
		}
		tx.created = append(tx.created, dir)
		tx.made[dir] = true
	}
	return nil
}

// tempName returns a new temporary name for a file name.
func tempName(name string) string {
	var b [tmpRandLen / 2]byte
	rand.Read(b[:])
	return "." + name + tmpInfix + hex.EncodeToString(b[:])
}

// createTemp creates a new temporary file for name in the directory fd.
func createTemp(fd int, name string) (int, string, error) {
	for {
		tmp := tempName(name)
		f, err := unix.Openat(fd, tmp, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o644)
		if !errors.Is(err, unix.EEXIST) {
			return f, tmp, err
		}
	}
}

// writeTemps writes each staged file not written yet to a temporary
// file beside it, and drops its content.
func (tx *Tx) writeTemps(dirs *dirCache) error {
	for i := range tx.writes {
		w := &tx.writes[i]
		if w.tmp != "" {
			continue
		}
		dfd, err := dirs.open(path.Dir(w.rel))
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", w.rel, err)
		}
		if hook != nil {
			err = hook("write", w.rel)
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", w.rel, err)
		}
		fd, tmp, err := createTemp(dfd, path.Base(w.rel))
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", w.rel, err)
		}
		w.tmp = tmp
		err = writeAll(fd, w.data)
		if err == nil {
			err = unix.Fchmod(fd, 0o644)
		}
		if cerr := unix.Close(fd); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", w.rel, err)
		}
		w.data = nil
	}
	return nil
}

func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// syncTemps makes the temporary files durable: with one syncfs per file
// system they are on, or, where syncfs is missing, an fsync of each.
func (tx *Tx) syncTemps(dirs *dirCache) error {
	if len(tx.writes) == 0 {
		return nil
	}
	var rels []string
	for _, w := range tx.writes {
		rels = append(rels, path.Dir(w.rel))
	}
	if ok, err := tx.syncfs(dirs, rels); ok || err != nil {
		return err
	}
	for _, w := range tx.writes {
		dfd, err := dirs.open(path.Dir(w.rel))
		if err != nil {
			return err
		}
		fd, err := unix.Openat(dfd, w.tmp, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err == nil {
			syncs.Add(1)
			err = unix.Fsync(fd)
			unix.Close(fd)
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", w.rel, err)
		}
	}
	return nil
}

// syncfs syncs each file system the directories are on, once; it returns
// false, and no error, where syncfs is missing.
func (tx *Tx) syncfs(dirs *dirCache, rels []string) (bool, error) {
	if noSyncfs.Load() {
		return false, nil
	}
	devs := map[uint64]bool{}
	for _, rel := range rels {
		fd, err := dirs.open(rel)
		if err != nil {
			return true, err
		}
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			return true, fmt.Errorf("cannot sync %s below %s: %w", rel, tx.root, err)
		}
		if devs[st.Dev] {
			continue
		}
		devs[st.Dev] = true
		syncs.Add(1)
		if err := unix.Syncfs(fd); errors.Is(err, unix.ENOSYS) {
			noSyncfs.Store(true)
			return false, nil
		} else if err != nil {
			return true, fmt.Errorf("cannot sync the file system of %s below %s: %w", rel, tx.root, err)
		}
	}
	return true, nil
}

// rename puts the temporary files in place, keeping a hard link to each
// file replaced; after a failure it puts the old files back.
func (tx *Tx) rename(dirs *dirCache) error {
	for i := range tx.writes {
		w := &tx.writes[i]
		err := tx.renameOne(dirs, w)
		if err != nil {
			tx.rollback(dirs, tx.writes[:i])
			return fmt.Errorf("cannot replace %s below %s: %w", w.rel, tx.root, err)
		}
	}
	for _, w := range tx.writes {
		if w.backup != "" {
			if fd, err := dirs.open(path.Dir(w.rel)); err == nil {
				unix.Unlinkat(fd, w.backup, 0)
			}
		}
	}
	return nil
}

func (tx *Tx) renameOne(dirs *dirCache, w *staged) error {
	fd, err := dirs.open(path.Dir(w.rel))
	if err != nil {
		return err
	}
	name := path.Base(w.rel)
	if w.replace {
		w.backup = tempName(name)
		if err := unix.Linkat(fd, name, fd, w.backup, 0); err != nil {
			w.backup = ""
			return err
		}
	}
	if hook != nil {
		if err := hook("rename", w.rel); err != nil {
			return err
		}
	}
	if !w.replace {
		// Something that appeared since Ensure looked is not replaced.
		err := unix.Renameat2(fd, w.tmp, fd, name, unix.RENAME_NOREPLACE)
		if !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOSYS) {
			return err
		}
	}
	return unix.Renameat(fd, w.tmp, fd, name)
}

// rollback undoes the renames of the files done, last first.
func (tx *Tx) rollback(dirs *dirCache, done []staged) {
	for i := len(done) - 1; i >= 0; i-- {
		w := &done[i]
		fd, err := dirs.open(path.Dir(w.rel))
		if err != nil {
			continue
		}
		if w.backup != "" {
			if unix.Renameat(fd, w.backup, fd, path.Base(w.rel)) == nil {
				w.backup = ""
			}
		} else {
			unix.Unlinkat(fd, path.Base(w.rel), 0)
		}
		w.tmp = "" // renamed, or removed
	}
}

// discard removes the temporary files and backups left after a failure.
func (tx *Tx) discard(dirs *dirCache) {
	for _, w := range tx.writes {
		fd, err := dirs.open(path.Dir(w.rel))
		if err != nil {
			continue
		}
		for _, name := range []string{w.tmp, w.backup} {
			if name != "" {
				unix.Unlinkat(fd, name, 0)
			}
		}
	}
}

// removeStale removes the files no longer wanted, and the per-snap
// directories that leaves empty.
func (tx *Tx) removeStale(dirs *dirCache, touched map[string]bool) error {
	for _, rel := range tx.stale {
		fd, err := dirs.open(path.Dir(rel))
		if err == nil {
			err = unix.Unlinkat(fd, path.Base(rel), 0)
		}
		if err != nil && !errors.Is(err, unix.ENOENT) {
			return fmt.Errorf("cannot remove %s below %s: %w", rel, tx.root, err)
		}
		touched[path.Dir(rel)] = true
	}
	var empty []string
	for dir := range tx.prune {
		empty = append(empty, dir)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(empty)))
	for _, dir := range empty {
		if fd, err := dirs.open(path.Dir(dir)); err == nil {
			// Fails, as it should, unless the directory is empty.
			if unix.Unlinkat(fd, path.Base(dir), unix.AT_REMOVEDIR) == nil {
				touched[path.Dir(dir)] = true
				if c, ok := dirs.fds[dir]; ok {
					unix.Close(c)
					delete(dirs.fds, dir)
				}
				delete(touched, dir)
			}
		}
	}
	return nil
}

// syncDirs makes the renames and removals durable: with syncfs, or an
// fsync of each directory changed.
func (tx *Tx) syncDirs(dirs *dirCache, touched map[string]bool) error {
	var rels []string
	for dir := range touched {
		rels = append(rels, dir)
	}
	sort.Strings(rels)
	if len(rels) == 0 {
		return nil
	}
	if ok, err := tx.syncfs(dirs, rels); ok || err != nil {
		return err
	}
	for _, rel := range rels {
		fd, err := dirs.open(rel)
		if err == nil {
			syncs.Add(1)
			err = unix.Fsync(fd)
		}
		if err != nil && !errors.Is(err, unix.ENOENT) {
			return fmt.Errorf("cannot sync directory %s below %s: %w", rel, tx.root, err)
		}
	}
	return nil
}
