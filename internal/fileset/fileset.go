// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package fileset writes a set of files below a root directory as one
// change: every new or changed file is written to a temporary name and
// synced first, then all are renamed into place, then files of the set that
// are no longer wanted are removed. If anything fails before the renames,
// nothing changes; if a rename fails, the renames already done are undone,
// so the previous set stays in place.
package fileset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Result says what Ensure or Remove did, as paths relative to the root,
// sorted.
type Result struct {
	Changed   []string // written because new or different
	Unchanged []string // wanted and already right
	Removed   []string // removed because no longer wanted
}

// Ensure makes the files matching the patterns below root be exactly files:
// paths relative to root (slash-separated) mapped to their contents. Every
// path in files must match one of the patterns (path.Match globs relative
// to root); files that match a pattern but are not in files are removed.
// Files whose content is already right are not rewritten. New files are
// mode 0644 and new directories 0755.
func Ensure(root string, patterns []string, files map[string][]byte) (Result, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		if err := checkPath(name, patterns); err != nil {
			return Result{}, err
		}
		if err := checkBeneath(root, name); err != nil {
			return Result{}, err
		}
		names = append(names, name)
	}
	sort.Strings(names)
	existing, err := matching(root, patterns)
	if err != nil {
		return Result{}, err
	}
	for _, name := range existing {
		if err := checkBeneath(root, name); err != nil {
			return Result{}, err
		}
	}

	var staged []stagedFile
	var unchanged []string
	for _, name := range names {
		target := filepath.Join(root, filepath.FromSlash(name))
		if sameRegularFile(target, files[name]) {
			unchanged = append(unchanged, name)
			continue
		}
		tmp, err := writeTemp(target, files[name])
		if err != nil {
			discard(staged)
			return Result{}, err
		}
		staged = append(staged, stagedFile{name: name, target: target, tmp: tmp})
	}
	if err := commit(staged); err != nil {
		return Result{}, err
	}

	res := Result{Unchanged: unchanged}
	for _, s := range staged {
		res.Changed = append(res.Changed, s.name)
	}
	for _, name := range existing {
		if _, wanted := files[name]; wanted {
			continue
		}
		if err := removeFile(root, name, patterns); err != nil {
			return res, err
		}
		res.Removed = append(res.Removed, name)
	}
	return res, nil
}

// Remove removes every file below root that matches the patterns.
func Remove(root string, patterns []string) (Result, error) {
	return Ensure(root, patterns, nil)
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

// checkBeneath refuses a path whose directories below root are not all
// real directories: a symbolic link among them (etc/udev -> /etc/udev)
// would make Ensure write, or remove, files outside the root. Directories
// that do not exist yet are created as real ones.
func checkBeneath(root, name string) error {
	dir := ""
	for _, part := range strings.Split(path.Dir(name), "/") {
		if part == "." {
			break
		}
		dir = path.Join(dir, part)
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir)))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cannot write %q: %w", name, err)
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("cannot write %q below %q: %q is a symbolic link", name, root, dir)
		}
		if !fi.IsDir() {
			return nil // writing fails there, before anything changed
		}
	}
	return nil
}

// sameRegularFile tells whether target is a regular file holding data; a
// symbolic link is replaced by the file, whatever it points to.
func sameRegularFile(target string, data []byte) bool {
	fi, err := os.Lstat(target)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	old, err := os.ReadFile(target)
	return err == nil && bytes.Equal(old, data)
}

// matching lists the existing regular files below root that match the
// patterns, relative to root, sorted.
func matching(root string, patterns []string) ([]string, error) {
	seen := make(map[string]bool)
	var out []string
	for _, p := range patterns {
		found, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, fmt.Errorf("cannot list files matching %q: %w", p, err)
		}
		for _, f := range found {
			fi, err := os.Lstat(f)
			if err != nil || !fi.Mode().IsRegular() {
				continue
			}
			rel, err := filepath.Rel(root, f)
			if err != nil {
				return nil, err
			}
			rel = filepath.ToSlash(rel)
			if !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

type stagedFile struct {
	name, target, tmp string
	backup            string // a hard link to the file being replaced, if any
}

// WriteFile writes one file atomically, as Ensure writes each of a set:
// to a synced temporary file beside target (creating its directory), then
// renamed over it, so that target holds the old content or the new, never
// part of it.
func WriteFile(target string, data []byte) error {
	tmp, err := writeTemp(target, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %q: %w", target, err)
	}
	return nil
}

// writeTemp writes data to a new temporary file beside target and syncs
// it.
func writeTemp(target string, data []byte) (string, error) {
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create directory for %q: %w", target, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".new-")
	if err != nil {
		return "", fmt.Errorf("cannot write %q: %w", target, err)
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return "", fmt.Errorf("cannot write %q: %w", target, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return "", fmt.Errorf("cannot write %q: %w", target, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("cannot write %q: %w", target, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("cannot write %q: %w", target, err)
	}
	ok = true
	return f.Name(), nil
}

// commit renames the staged files into place. Before replacing a file it
// keeps a hard link to the old one, so that a failed rename can put every
// replaced file back.
func commit(staged []stagedFile) error {
	for i := range staged {
		s := &staged[i]
		if _, err := os.Lstat(s.target); err == nil {
			s.backup = s.tmp + ".old"
			if err := os.Link(s.target, s.backup); err != nil {
				s.backup = ""
				rollback(staged[:i])
				discard(staged[i:])
				return fmt.Errorf("cannot replace %q: %w", s.target, err)
			}
		}
		if err := os.Rename(s.tmp, s.target); err != nil {
			if s.backup != "" {
				os.Remove(s.backup)
			}
			rollback(staged[:i])
			discard(staged[i:])
			return fmt.Errorf("cannot replace %q: %w", s.target, err)
		}
	}
	dirs := make(map[string]bool)
	for _, s := range staged {
		if s.backup != "" {
			os.Remove(s.backup)
		}
		dirs[filepath.Dir(s.target)] = true
	}
	for dir := range dirs {
		syncDir(dir)
	}
	return nil
}

// rollback undoes the renames of staged files.
func rollback(done []stagedFile) {
	for i := len(done) - 1; i >= 0; i-- {
		s := done[i]
		if s.backup != "" {
			os.Rename(s.backup, s.target)
		} else {
			os.Remove(s.target)
		}
	}
}

// discard removes the temporary files of staged files not yet renamed.
func discard(staged []stagedFile) {
	for _, s := range staged {
		os.Remove(s.tmp)
	}
}

// removeFile removes a file and, if that leaves empty a directory that
// belongs to the snap alone (one whose pattern has a wildcard, such as
// snap.NAME.*.service.d), the directory.
func removeFile(root, name string, patterns []string) error {
	target := filepath.Join(root, filepath.FromSlash(name))
	if err := os.Remove(target); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot remove %q: %w", target, err)
	}
	dir := filepath.Dir(target)
	syncDir(dir)
	relDir := path.Dir(name)
	for _, p := range patterns {
		dirPattern := path.Dir(p)
		if !strings.ContainsAny(dirPattern, "*?[") {
			continue
		}
		if ok, _ := path.Match(dirPattern, relDir); ok {
			if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 {
				os.Remove(dir)
			}
			break
		}
	}
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
