// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Entry is one thing below a tree's root, as Lstat sees it.
type Entry struct {
	Rel    string      // slash-separated path relative to the root
	Type   fs.FileMode // the type bits: 0 for a regular file, fs.ModeDir, fs.ModeSymlink, ...
	Size   int64       // of a regular file
	Target string      // of a symbolic link
}

// IsRegular reports whether the entry is a regular file.
func (e Entry) IsRegular() bool { return e.Type == 0 }

// IsDir reports whether the entry is a directory.
func (e Entry) IsDir() bool { return e.Type == fs.ModeDir }

// Describe says what a non-regular entry is: "directory", "symlink ->
// TARGET", "named pipe", "socket", "device"; "regular file" otherwise.
func (e Entry) Describe() string {
	switch {
	case e.IsRegular():
		return "regular file"
	case e.IsDir():
		return "directory"
	case e.Type&fs.ModeSymlink != 0:
		return "symlink -> " + e.Target
	case e.Type&fs.ModeNamedPipe != 0:
		return "named pipe"
	case e.Type&fs.ModeSocket != 0:
		return "socket"
	case e.Type&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// Walk lists everything below root, directories before what they hold,
// in the order of their path segments. It never follows a symbolic link
// below root (root itself may be one, as for diff -r). Errors name the
// path that cannot be read.
func Walk(root string) ([]Entry, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	var entries []Entry
	err = walk(root, "", &entries)
	return entries, err
}

func walk(root, rel string, entries *[]Entry) error {
	des, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	for _, de := range des {
		e := Entry{Rel: path.Join(rel, de.Name()), Type: de.Type()}
		full := filepath.Join(root, filepath.FromSlash(e.Rel))
		switch {
		case e.IsRegular():
			info, err := os.Lstat(full)
			if err != nil {
				return err
			}
			e.Type, e.Size = info.Mode().Type(), info.Size()
		case e.Type&fs.ModeSymlink != 0:
			if e.Target, err = os.Readlink(full); err != nil {
				return err
			}
		}
		*entries = append(*entries, e)
		if e.IsDir() {
			if err := walk(root, e.Rel, entries); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReadFile reads the regular file rel below root. It refuses anything
// else, and opens the file without following a link or blocking on a
// FIFO that replaced it since the walk.
func ReadFile(root, rel string) ([]byte, error) {
	full := filepath.Join(root, filepath.FromSlash(rel))
	f, err := openNoFollow(full)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", full)
	}
	return io.ReadAll(f)
}
