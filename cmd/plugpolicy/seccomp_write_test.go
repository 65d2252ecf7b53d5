// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestSeccompCompileRefusesSpecialFiles: `seccomp compile IN OUT` does
// not replace a named pipe, a device node or a symbolic link at OUT with
// a regular file, and does not hang on a named pipe.
func TestSeccompCompileRefusesSpecialFiles(t *testing.T) {
	src := writeFile(t, "snap.demo.app.src", smallPolicy)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, kind string
		make       func(p string) error
	}{
		{"fifo.bin", "a named pipe", func(p string) error { return unix.Mkfifo(p, 0o644) }},
		{"null.bin", "a character device", func(p string) error { return unix.Mknod(p, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))) }},
		{"link.bin", "a symbolic link", func(p string) error { return os.Symlink("/dev/null", p) }},
	} {
		out := filepath.Join(dir, tc.name)
		if err := tc.make(out); err != nil {
			t.Logf("cannot make %s here: %v", tc.kind, err)
			continue
		}
		done := make(chan struct{})
		var stderr string
		var status int
		go func() {
			defer close(done)
			_, stderr, status = runCLI(t, "seccomp", "compile", "--arch", "amd64", src, out)
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("seccomp compile hangs on %s", tc.kind)
		}
		assert.Equal(t, exitInvalid, status, tc.kind)
		assert.Equal(t, "plugpolicy seccomp compile: cannot write "+out+": refusing "+tc.name+": "+tc.kind+", not a regular file\n", stderr)
		fi, err := os.Lstat(out)
		require.NoError(t, err)
		assert.False(t, fi.Mode().IsRegular(), "%s left in place", tc.kind)
	}
}
