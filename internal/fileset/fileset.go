// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package fileset writes sets of files below a root directory as one
// transaction (see Tx): every new or changed file is written to a
// temporary name and synced first, then all are renamed into place, then
// the files of the sets that are no longer wanted are removed. If
// anything fails before the renames, nothing changes; if a rename fails,
// the renames already done are undone, so the previous files stay in
// place. A transaction holds a lock on the root, so that two runs never
// mix their files.
//
// Nothing below the root is trusted: no symbolic link is followed there,
// and no path is opened that is not a directory or a regular file (see
// Tx.Ensure). The root itself, and the directory given to WriteFile, may
// be or contain symbolic links.
package fileset

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Result says what Ensure or Remove did, as paths relative to the root,
// sorted.
type Result struct {
	Changed   []string // written because new or different
	Unchanged []string // wanted and already right
	Removed   []string // removed because no longer wanted
}

// Ensure makes the files matching the patterns below root be exactly
// files, in a transaction of its own: see Tx.Ensure and Tx.Commit.
func Ensure(root string, patterns []string, files map[string][]byte) (Result, error) {
	tx, err := Begin(root)
	if err != nil {
		return Result{}, err
	}
	defer tx.Close()
	res, err := tx.Ensure(patterns, files)
	if err != nil {
		return Result{}, err
	}
	if err := tx.Commit(); err != nil {
		return Result{}, err
	}
	return res, tx.Close()
}

// Remove removes every file below root that matches the patterns.
func Remove(root string, patterns []string) (Result, error) {
	return Ensure(root, patterns, nil)
}

// WriteFile writes one file atomically, as a transaction writes each of a
// set: to a synced temporary file beside target (creating its directory),
// then renamed over it, so that target holds the old content or the new,
// never part of it. It refuses to replace anything but a regular file (a
// symbolic link, a device node, a named pipe, ...) at target.
func WriteFile(target string, data []byte) error {
	dir, name := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	_, err := Ensure(dir, []string{escapeGlob(name)}, map[string][]byte{name: data})
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", target, err)
	}
	return nil
}

// escapeGlob quotes the characters path.Match gives a meaning to.
func escapeGlob(name string) string {
	var b strings.Builder
	for _, c := range name {
		if strings.ContainsRune(`*?[\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// checkPath refuses paths that are not clean, relative and below the
// root, or that no pattern owns.
func checkPath(name string, patterns []string) error {
	if name == "" || path.IsAbs(name) || path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("cannot write %q: not a clean path relative to the root", name)
	}
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return nil
		}
	}
	return fmt.Errorf("cannot write %q: it matches none of the patterns %q", name, patterns)
}
