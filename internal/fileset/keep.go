// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"sort"

	"golang.org/x/sys/unix"
)

// Stamp identifies one version of a file without reading it: its inode
// number, its size, and the times its content and its inode last
// changed, in nanoseconds. Writing a file, or replacing it, changes its
// stamp; a stamp that matches is taken to mean the file is as it was, as
// git's index and make take it.
type Stamp struct {
	Ino   uint64 `json:"ino"`
	Size  int64  `json:"size"`
	Mtime int64  `json:"mtime"`
	Ctime int64  `json:"ctime"`
}

func stampOf(st *unix.Stat_t) Stamp {
	return Stamp{Ino: st.Ino, Size: st.Size, Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano()}
}

// Keep plans to leave the files matching the patterns as they are, when
// they are exactly the files stamps names, each a regular file with its
// stamp: Commit then neither reads nor writes them, and they count as
// Unchanged. When they are not (a file added, removed, changed or
// replaced since the stamps were taken), Keep plans nothing and returns
// false: the caller renders the files and calls Ensure. Like Ensure it
// refuses, naming the path, what is not a regular file or a directory
// where the patterns reach, and a path another Ensure or Keep of the
// transaction planned for.
func (tx *Tx) Keep(patterns []string, stamps map[string]Stamp) (Result, bool, error) {
	if tx.done {
		return Result{}, false, errors.New("cannot plan changes: the transaction is over")
	}
	existing, err := tx.matching(patterns)
	if err != nil {
		return Result{}, false, err
	}
	for _, name := range existing {
		if tx.claimed[name] {
			return Result{}, false, fmt.Errorf("cannot write %s: two changes of one transaction are for it", name)
		}
	}
	if len(existing) != len(stamps) {
		return Result{}, false, nil
	}
	for _, name := range existing {
		want, ok := stamps[name]
		if !ok {
			return Result{}, false, nil
		}
		st, err := tx.lstat(&tx.plan, name)
		if err != nil {
			return Result{}, false, err
		}
		if st.Mode&unix.S_IFMT != unix.S_IFREG || stampOf(&st) != want {
			return Result{}, false, nil
		}
	}
	for _, name := range existing {
		tx.claimed[name] = true
	}
	return Result{Unchanged: existing}, true, nil
}

func (tx *Tx) lstat(dirs *dirCache, rel string) (unix.Stat_t, error) {
	var st unix.Stat_t
	fd, err := dirs.open(path.Dir(rel))
	if err == nil {
		err = unix.Fstatat(fd, path.Base(rel), &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	if err != nil {
		return st, fmt.Errorf("cannot look at %s below %s: %w", rel, tx.root, err)
	}
	return st, nil
}

// Stamp returns, after Commit, the stamps of files below the root, by
// path relative to it.
func (tx *Tx) Stamp(paths []string) (map[string]Stamp, error) {
	if !tx.committed {
		return nil, errors.New("cannot stamp files: the transaction is not committed")
	}
	dirs := dirCache{tx: tx, fds: map[string]int{}}
	defer dirs.close()
	names := slices.Clone(paths)
	sort.Strings(names) // files of one directory together
	out := make(map[string]Stamp, len(names))
	for _, name := range names {
		st, err := tx.lstat(&dirs, name)
		if err != nil {
			return nil, err
		}
		out[name] = stampOf(&st)
	}
	return out, nil
}

// ReadRecord reads the regular file rel below the root, as WriteRecord
// wrote it; a missing file reads as nil. It follows no symbolic link,
// and refuses, naming the path, anything but a regular file, and a file
// larger than max bytes.
func (tx *Tx) ReadRecord(rel string, max int64) ([]byte, error) {
	if err := checkPath(rel, []string{escapeGlob(rel)}); err != nil {
		return nil, err
	}
	dfd, err := openDir(tx.rootFd, path.Dir(rel))
	if errors.Is(err, unix.ENOENT) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open directory %s below %s: %w", path.Dir(rel), tx.root, err)
	}
	defer unix.Close(dfd)
	fd, err := unix.Openat(dfd, path.Base(rel), unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil, nil
	case errors.Is(err, unix.ELOOP):
		return nil, refusal(rel, statType(unix.S_IFLNK), "a regular file")
	case err != nil:
		return nil, fmt.Errorf("cannot read %s below %s: %w", rel, tx.root, err)
	}
	f := os.NewFile(uintptr(fd), rel)
	defer f.Close()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("cannot read %s below %s: %w", rel, tx.root, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, refusal(rel, statType(st.Mode), "a regular file")
	}
	if st.Size > max {
		return nil, fmt.Errorf("refusing %s: %d bytes, more than %d", rel, st.Size, max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		err = fmt.Errorf("more than %d bytes", max)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s below %s: %w", rel, tx.root, err)
	}
	return data, nil
}

// WriteRecord writes, after Commit and under the same lock, one file
// that records what the transaction did, as Commit writes each file: to
// a synced temporary name, then renamed into place, refusing what is not
// a regular file there. A run killed between Commit and WriteRecord
// leaves the previous record, which must therefore only ever let a later
// run do more work, never less (a record of stamps does: the files of
// this run no longer match it).
func (tx *Tx) WriteRecord(rel string, data []byte) error {
	if !tx.committed || tx.rootFd < 0 {
		return errors.New("cannot write a record: the transaction is not committed")
	}
	sub := &Tx{root: tx.root, rootFd: tx.rootFd,
		lists: map[string]*listing{}, claimed: map[string]bool{},
		mkdirs: map[string]bool{}, prune: map[string]bool{}, made: map[string]bool{}}
	sub.plan = dirCache{tx: sub, fds: map[string]int{}}
	defer sub.plan.close()
	if _, err := sub.Ensure([]string{escapeGlob(rel)}, map[string][]byte{rel: data}); err != nil {
		return err
	}
	return sub.Commit()
}

// EnsureKeeping is Ensure for a change that renders only some of the
// files the patterns match, and leaves others as they are: each path keep
// names must match a pattern, be no path of files, and be a regular file
// with its stamp. Kept files are neither read nor written, count as
// Unchanged, and are not removed. When one is missing or not as stamped,
// EnsureKeeping plans nothing and returns false: the caller renders it
// and calls Ensure.
func (tx *Tx) EnsureKeeping(patterns []string, files map[string][]byte, keep map[string]Stamp) (Result, bool, error) {
	return tx.ensure(patterns, files, keep)
}

// checkKept checks the files an EnsureKeeping keeps, and returns their
// paths, sorted.
func (tx *Tx) checkKept(patterns []string, files map[string][]byte, existing []string, keep map[string]Stamp) ([]string, bool, error) {
	kept := make([]string, 0, len(keep))
	for name, want := range keep {
		if err := checkPath(name, patterns); err != nil {
			return nil, false, err
		}
		if _, ok := files[name]; ok {
			return nil, false, fmt.Errorf("cannot write %s: it is both kept and written", name)
		}
		if _, found := slices.BinarySearch(existing, name); !found {
			return nil, false, nil
		}
		st, err := tx.lstat(&tx.plan, name)
		if err != nil {
			return nil, false, err
		}
		if st.Mode&unix.S_IFMT != unix.S_IFREG || stampOf(&st) != want {
			return nil, false, nil
		}
		kept = append(kept, name)
	}
	sort.Strings(kept)
	return kept, true, nil
}
