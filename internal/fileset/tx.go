// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// LockTimeout is how long Begin waits for another transaction on the same
// root to end.
const LockTimeout = 10 * time.Minute

// Tx is a transaction: the changes of any number of Ensure calls below
// one root, made by Commit as one. It holds an exclusive lock on the root
// from Begin to Close, so that two transactions on a root never mix.
//
// Ensure only reads: it lists each directory once per transaction,
// compares contents and plans. Commit writes every new or changed file to
// a temporary name, syncs once, renames them all into place, removes the
// stale files and syncs again. A Tx is not safe for concurrent use.
type Tx struct {
	root    string
	rootFd  int
	lists   map[string]*listing // by directory, relative to the root
	claimed map[string]bool     // paths an Ensure planned for
	mkdirs  map[string]bool     // directories to create
	writes  []staged            // files to write, in Ensure order
	stale   []string            // files to remove
	prune   map[string]bool     // per-snap directories to remove if empty
	garbage []string            // temporary files of earlier runs
	created []string            // directories made, parents first
	made    map[string]bool     // the same, as a set
	// plan keeps the directories Ensure and Keep look into open until
	// Commit.
	plan dirCache
	done bool
	// committed is set once the files are in place.
	committed bool
}

// staged is a file Commit writes.
type staged struct {
	rel     string // path relative to the root
	data    []byte
	replace bool   // an old file is there
	tmp     string // temporary name, once written
	backup  string // temporary name of a hard link to the old file
}

// Begin starts a transaction below root, creating root if need be. It
// locks root itself (flock of the directory, so that no lock file is
// left in it) and waits up to LockTimeout for a transaction of another
// process or goroutine to end; after that it fails.
func Begin(root string) (*Tx, error) {
	return BeginTimeout(root, LockTimeout)
}

// BeginTimeout is Begin waiting at most timeout for the lock.
func BeginTimeout(root string, timeout time.Duration) (*Tx, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create root directory: %w", err)
	}
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot open root directory %s: %w", root, err)
	}
	deadline := time.Now().Add(timeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		err = unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			unix.Close(fd)
			return nil, fmt.Errorf("cannot lock %s: %w", root, err)
		}
		if time.Now().After(deadline) {
			unix.Close(fd)
			return nil, fmt.Errorf("cannot lock %s: another run has held its lock for more than %v", root, timeout)
		}
		time.Sleep(wait)
	}
	tx := &Tx{
		root: root, rootFd: fd,
		lists: map[string]*listing{}, claimed: map[string]bool{},
		mkdirs: map[string]bool{}, prune: map[string]bool{}, made: map[string]bool{},
	}
	tx.plan = dirCache{tx: tx, fds: map[string]int{}}
	return tx, nil
}

// Close ends the transaction and releases the lock; without Commit
// nothing was changed: the temporary files Flush wrote, and the
// directories it made, are removed. Close may be called more than once.
func (tx *Tx) Close() error {
	if tx.rootFd < 0 {
		return nil
	}
	tx.plan.close()
	if !tx.committed {
		dirs := dirCache{tx: tx, fds: map[string]int{}}
		tx.discard(&dirs)
		tx.removeCreated(&dirs)
		dirs.close()
	}
	err := unix.Close(tx.rootFd)
	tx.rootFd = -1
	tx.done = true
	return err
}

// Ensure plans to make the files matching the patterns below the root be
// exactly files: paths relative to the root (slash-separated) mapped to
// their contents. Every path in files must match one of the patterns
// (path.Match globs relative to the root); files that match a pattern but
// are not in files are removed. Files already right are not rewritten.
// New files are mode 0644 and new directories 0755.
//
// Ensure changes nothing, and an Ensure that fails plans nothing: the
// Result says what Commit will do. It refuses, naming the path, a
// symbolic link or anything but a directory among the directories of a
// path, a symbolic link, named pipe, socket or device at a path matching
// a pattern, a file larger than MaxFileSize, a name too long to have a
// temporary name, and a path (wanted or found) another Ensure of the
// transaction planned for. Temporary files it finds in the directories
// it lists are left by killed runs: Commit removes them.
func (tx *Tx) Ensure(patterns []string, files map[string][]byte) (Result, error) {
	res, _, err := tx.ensure(patterns, files, nil)
	return res, err
}

// ensure is Ensure, leaving the files keep names as they are when each is
// a regular file with its stamp (see EnsureKeeping); false when one is
// not.
func (tx *Tx) ensure(patterns []string, files map[string][]byte, keep map[string]Stamp) (Result, bool, error) {
	if tx.done {
		return Result{}, false, errors.New("cannot plan changes: the transaction is over")
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if err := checkPath(name, patterns); err != nil {
			return Result{}, false, err
		}
		if err := checkNames(name); err != nil {
			return Result{}, false, err
		}
		names = append(names, name)
	}
	sort.Strings(names)
	existing, err := tx.matching(patterns)
	if err != nil {
		return Result{}, false, err
	}
	for _, name := range append(names, existing...) {
		if tx.claimed[name] {
			return Result{}, false, fmt.Errorf("cannot write %s: two changes of one transaction are for it", name)
		}
	}
	var res Result
	if len(keep) > 0 {
		kept, ok, err := tx.checkKept(patterns, files, existing, keep)
		if !ok || err != nil {
			return Result{}, false, err
		}
		res.Unchanged = kept
	}
	dirs := &tx.plan
	var writes []staged
	mkdirs := map[string]bool{}
	for _, name := range names {
		replace, same, err := tx.check(dirs, mkdirs, name, files[name])
		if err != nil {
			return Result{}, false, err
		}
		if same {
			res.Unchanged = append(res.Unchanged, name)
			continue
		}
		res.Changed = append(res.Changed, name)
		writes = append(writes, staged{rel: name, data: files[name], replace: replace})
	}
	if len(keep) > 0 {
		sort.Strings(res.Unchanged)
	}
	for _, name := range existing {
		_, wanted := files[name]
		if _, kept := keep[name]; !wanted && !kept {
			res.Removed = append(res.Removed, name)
		}
	}
	for _, name := range append(names, existing...) {
		tx.claimed[name] = true
	}
	for dir := range mkdirs {
		tx.mkdirs[dir] = true
	}
	tx.writes = append(tx.writes, writes...)
	tx.stale = append(tx.stale, res.Removed...)
	for _, name := range res.Removed {
		if ownDir(path.Dir(name), patterns) {
			tx.prune[path.Dir(name)] = true
		}
	}
	return res, true, nil
}

// check looks at what is at a path to write: its directories must be
// directories or missing (those are then created), and the path a regular
// file, whose content it compares, or missing.
func (tx *Tx) check(dirs *dirCache, mkdirs map[string]bool, name string, data []byte) (replace, same bool, err error) {
	parts := strings.Split(name, "/")
	for i := 1; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		e, ok, err := tx.entry(dir)
		switch {
		case err != nil:
			return false, false, err
		case !ok:
			for ; i < len(parts); i++ {
				mkdirs[strings.Join(parts[:i], "/")] = true
			}
			return false, false, nil
		case e.typ&fs.ModeDir == 0:
			return false, false, refusal(dir, e.typ, "a directory")
		}
	}
	e, ok, err := tx.entry(name)
	if err != nil || !ok {
		return false, false, err
	}
	if e.typ != 0 {
		return false, false, refusal(name, e.typ, "a regular file")
	}
	fd, err := dirs.open(path.Dir(name))
	if err != nil {
		return false, false, err
	}
	same, err = sameContent(fd, name, path.Base(name), data)
	return true, same, err
}

// entry looks up a path in its directory's listing.
func (tx *Tx) entry(rel string) (entry, bool, error) {
	l, err := tx.listDir(path.Dir(rel))
	if err != nil {
		return entry{}, false, err
	}
	e, ok := l.lookup(path.Base(rel))
	return e, ok, nil
}

// listDir lists a directory once per transaction. A symbolic link in its
// place is refused; a directory that is missing, or a file that is not a
// directory, has no entries. Temporary files found are garbage of a run
// that was killed: Commit removes them.
func (tx *Tx) listDir(rel string) (*listing, error) {
	if l, ok := tx.lists[rel]; ok {
		return l, nil
	}
	if rel != "." {
		e, ok, err := tx.entry(rel)
		if err != nil {
			return nil, err
		}
		if ok && e.typ&fs.ModeSymlink != 0 {
			return nil, refusal(rel, e.typ, "a directory")
		}
		if !ok || e.typ&fs.ModeDir == 0 {
			l := &listing{}
			tx.lists[rel] = l
			return l, nil
		}
	}
	l, err := list(tx.rootFd, tx.root, rel)
	if err != nil {
		return nil, err
	}
	kept := l.entries[:0]
	for _, e := range l.entries {
		if isTempName(e.name) && e.typ&fs.ModeDir == 0 {
			tx.garbage = append(tx.garbage, path.Join(rel, e.name))
			continue
		}
		kept = append(kept, e)
	}
	l.entries = kept
	tx.lists[rel] = l
	return l, nil
}

// matching lists the existing files below the root that match the
// patterns, sorted. It refuses a symbolic link where a directory of a
// pattern would be, and anything but a regular file or a directory where
// a file would be; directories there are not files, and are left alone.
func (tx *Tx) matching(patterns []string) ([]string, error) {
	seen := map[string]bool{}
	for _, p := range patterns {
		parts := strings.Split(p, "/")
		dirs := []string{"."}
		for i, part := range parts {
			last := i == len(parts)-1
			var next []string
			for _, d := range dirs {
				l, err := tx.listDir(d)
				if err != nil {
					return nil, err
				}
				for _, e := range l.match(part) {
					rel := path.Join(d, e.name)
					switch {
					case e.typ&fs.ModeDir != 0 && !last:
						next = append(next, rel)
					case e.typ&fs.ModeDir != 0:
					case last && e.typ != 0:
						return nil, refusal(rel, e.typ, "a regular file")
					case last:
						seen[rel] = true
					case e.typ&fs.ModeSymlink != 0:
						return nil, refusal(rel, e.typ, "a directory")
					}
				}
			}
			dirs = next
		}
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// ownDir tells whether a directory belongs to one snap alone: one that a
// pattern's directory, with a wildcard, matches (snap.NAME.*.service.d).
func ownDir(dir string, patterns []string) bool {
	for _, p := range patterns {
		dp := path.Dir(p)
		if !strings.ContainsAny(dp, `*?[\`) {
			continue
		}
		if ok, _ := path.Match(dp, dir); ok {
			return true
		}
	}
	return false
}

// maxOpenDirs bounds the directories a dirCache keeps open, so that a
// fleet of snaps with a directory each does not run out of descriptors.
const maxOpenDirs = 256

// dirCache keeps directories open, by path relative to the root. A
// descriptor it returns is good until the next call of open or close.
type dirCache struct {
	tx  *Tx
	fds map[string]int
}

func (c *dirCache) open(rel string) (int, error) {
	if fd, ok := c.fds[rel]; ok {
		return fd, nil
	}
	if len(c.fds) >= maxOpenDirs {
		c.close()
	}
	fd, err := openDir(c.tx.rootFd, rel)
	if err != nil {
		return -1, fmt.Errorf("cannot open directory %s below %s: %w", rel, c.tx.root, err)
	}
	c.fds[rel] = fd
	return fd, nil
}

func (c *dirCache) close() {
	for rel, fd := range c.fds {
		unix.Close(fd)
		delete(c.fds, rel)
	}
}
