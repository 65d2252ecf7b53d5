// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// MaxFileSize is the size above which an existing file at a target path
// is refused rather than read to compare it with the new content.
const MaxFileSize = 64 << 20

// nameMax is the longest name a directory entry may have (NAME_MAX).
const nameMax = 255

// tmpInfix and tmpRandLen make the temporary names of a transaction:
// ".NAME" + tmpInfix + 8 hex digits. They start with a dot and end in
// random digits, so that no loader's glob (snap.*, *.rules, *.conf, ...)
// matches them.
const (
	tmpInfix   = ".plugpolicy-tmp-"
	tmpRandLen = 8
	// tmpExtra is how much longer a temporary name is than its target's.
	tmpExtra = 1 + len(tmpInfix) + tmpRandLen
)

// isTempName tells whether name is a temporary name made by tempName.
func isTempName(name string) bool {
	i := strings.LastIndex(name, tmpInfix)
	if !strings.HasPrefix(name, ".") || i < 1 || len(name)-i-len(tmpInfix) != tmpRandLen {
		return false
	}
	for _, c := range name[i+len(tmpInfix):] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// noOpenat2 is set once openat2 turned out to be missing (ENOSYS), or by
// tests to exercise the fallback.
var noOpenat2 atomic.Bool

// openDir opens the directory rel (slash-separated, clean, relative; "."
// for the root itself) below the root directory rootFd without following
// any symbolic link: with openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS,
// or, without openat2, one component at a time with O_NOFOLLOW and an
// fstat check.
func openDir(rootFd int, rel string) (int, error) {
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC | unix.O_NONBLOCK
	if !noOpenat2.Load() {
		fd, err := unix.Openat2(rootFd, rel, &unix.OpenHow{
			Flags:   flags,
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
		})
		if !errors.Is(err, unix.ENOSYS) {
			return fd, err
		}
		noOpenat2.Store(true)
	}
	fd, err := unix.Dup(rootFd)
	if err != nil {
		return -1, err
	}
	if rel == "." {
		return fd, nil
	}
	for _, part := range strings.Split(rel, "/") {
		next, err := unix.Openat(fd, part, flags, 0)
		unix.Close(fd)
		if err != nil {
			return -1, err
		}
		var st unix.Stat_t
		if err := unix.Fstat(next, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR {
			unix.Close(next)
			return -1, unix.ENOTDIR
		}
		fd = next
	}
	return fd, nil
}

// entry is a directory entry: its name and file type (fs.ModeType bits;
// 0 for a regular file).
type entry struct {
	name string
	typ  fs.FileMode
}

// listing is a directory's entries, sorted by name; a directory that does
// not exist has none.
type listing struct {
	exists  bool
	entries []entry
}

// listings counts directory listings, for tests.
var listings atomic.Int64

// list reads the entries of the directory rel below the root.
func list(rootFd int, root, rel string) (*listing, error) {
	listings.Add(1)
	fd, err := openDir(rootFd, rel)
	if errors.Is(err, unix.ENOENT) {
		return &listing{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open directory %s below %s: %w", rel, root, err)
	}
	f := os.NewFile(uintptr(fd), path.Join(root, rel))
	defer f.Close()
	des, err := f.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("cannot list directory %s below %s: %w", rel, root, err)
	}
	l := &listing{exists: true, entries: make([]entry, len(des))}
	for i, de := range des {
		l.entries[i] = entry{name: de.Name(), typ: de.Type()}
	}
	sort.Slice(l.entries, func(i, j int) bool { return l.entries[i].name < l.entries[j].name })
	return l, nil
}

// lookup finds name among the entries.
func (l *listing) lookup(name string) (entry, bool) {
	i := sort.Search(len(l.entries), func(i int) bool { return l.entries[i].name >= name })
	if i < len(l.entries) && l.entries[i].name == name {
		return l.entries[i], true
	}
	return entry{}, false
}

// match returns the entries matching the path.Match pattern, looking
// only at those that start with its literal prefix, so that matching
// one snap's pattern in a directory shared by many costs no more than
// its own files.
func (l *listing) match(pattern string) []entry {
	prefix := pattern
	if i := strings.IndexAny(pattern, `*?[\`); i >= 0 {
		prefix = pattern[:i]
	}
	i := sort.Search(len(l.entries), func(i int) bool { return l.entries[i].name >= prefix })
	var out []entry
	for ; i < len(l.entries) && strings.HasPrefix(l.entries[i].name, prefix); i++ {
		if ok, _ := path.Match(pattern, l.entries[i].name); ok {
			out = append(out, l.entries[i])
		}
	}
	return out
}

// kindName says what a non-regular file type is, for refusals.
func kindName(typ fs.FileMode) string {
	switch {
	case typ&fs.ModeSymlink != 0:
		return "a symbolic link"
	case typ&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case typ&fs.ModeSocket != 0:
		return "a socket"
	case typ&fs.ModeCharDevice != 0:
		return "a character device"
	case typ&fs.ModeDevice != 0:
		return "a block device"
	case typ&fs.ModeDir != 0:
		return "a directory"
	case typ == 0:
		return "a regular file"
	}
	return "not a regular file"
}

// refusal is the error for a path that is not of the kind wanted.
func refusal(rel string, typ fs.FileMode, want string) error {
	return fmt.Errorf("refusing %s: %s, not %s", rel, kindName(typ), want)
}

// sameContent tells whether the regular file name in the directory dirFd
// holds data. It opens the file only without following a symbolic link
// and without blocking, checks with fstat that it is a regular file, and
// refuses one larger than MaxFileSize.
func sameContent(dirFd int, rel, name string, data []byte) (bool, error) {
	fd, err := unix.Openat(dirFd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		return false, fmt.Errorf("cannot read %s: %w", rel, err)
	}
	f := os.NewFile(uintptr(fd), rel)
	defer f.Close()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return false, fmt.Errorf("cannot read %s: %w", rel, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return false, refusal(rel, statType(st.Mode), "a regular file")
	}
	if st.Size > MaxFileSize {
		return false, fmt.Errorf("refusing %s: %d bytes, more than the %d a policy file may have", rel, st.Size, MaxFileSize)
	}
	if st.Size != int64(len(data)) {
		return false, nil
	}
	buf := make([]byte, len(data)+1)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, fmt.Errorf("cannot read %s: %w", rel, err)
	}
	return bytes.Equal(buf[:n], data), nil
}

// statType turns the file type bits of a stat mode into fs.FileMode's.
func statType(mode uint32) fs.FileMode {
	switch mode & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

// checkNames refuses a path with a component longer than NAME_MAX, or a
// file name that would be, decorated as a temporary name.
func checkNames(rel string) error {
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		limit := nameMax
		if i == len(parts)-1 {
			limit -= tmpExtra
		}
		if len(part) <= limit {
			continue
		}
		if limit < nameMax {
			return fmt.Errorf("cannot write %s: its file name is %d bytes long, more than %d (%d, less %d for the name of its temporary file)",
				rel, len(part), limit, nameMax, tmpExtra)
		}
		return fmt.Errorf("cannot write %s: the directory name %q is %d bytes long, more than %d", rel, part, len(part), nameMax)
	}
	return nil
}
