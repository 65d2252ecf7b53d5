// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// within fails the test if f does not return in time: a writer that
// opens a named pipe, or reads /dev/zero, never does.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// TestRefusesWhatIsNotARegularFile: a named pipe, a symbolic link (to
// /dev/zero), a socket or a device node at a target path is refused,
// naming it, before anything is written: none is opened or read, so
// nothing hangs or fills the memory.
func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		for _, tc := range []struct {
			kind string
			make func(p string) error
		}{
			{"a named pipe", func(p string) error { return unix.Mkfifo(p, 0o644) }},
			{"a symbolic link", func(p string) error { return os.Symlink("/dev/zero", p) }},
			{"a socket", func(p string) error {
				l, err := net.ListenUnix("unix", &net.UnixAddr{Name: p, Net: "unix"})
				if err == nil {
					l.SetUnlinkOnClose(false)
					l.Close()
				}
				return err
			}},
			{"a character device", func(p string) error { return unix.Mknod(p, unix.S_IFCHR|0o644, int(unix.Mkdev(1, 5))) }},
		} {
			t.Run(tc.kind, func(t *testing.T) {
				root := t.TempDir()
				old := map[string][]byte{"etc/app/snap.foo.a": []byte("a1"), "etc/app/snap.foo.b": []byte("b1")}
				_, err := fileset.Ensure(root, patterns, old)
				require.NoError(t, err)
				target := filepath.Join(root, "etc/app/snap.foo.a")
				require.NoError(t, os.Remove(target))
				if err := tc.make(target); err != nil {
					t.Skipf("cannot make %s here: %v", tc.kind, err)
				}
				want := fmt.Sprintf("refusing etc/app/snap.foo.a: %s, not a regular file", tc.kind)
				within(t, 10*time.Second, func() {
					_, err = fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": []byte("a2"), "etc/app/snap.foo.b": []byte("b2")})
				})
				assert.EqualError(t, err, want)
				within(t, 10*time.Second, func() {
					_, err = fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.b": []byte("b2")})
				})
				assert.EqualError(t, err, want, "not removed either")
				assert.Equal(t, map[string][]byte{"etc/app/snap.foo.b": []byte("b1")}, testutil.ReadTree(t, root), "nothing written")
				fi, err := os.Lstat(target)
				require.NoError(t, err)
				assert.False(t, fi.Mode().IsRegular(), "left in place")
			})
		}
	})
}

// TestWriteFileRefusesWhatIsNotARegularFile: WriteFile does not replace
// a named pipe, a device node or a symbolic link with a regular file.
func TestWriteFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.bin")
	require.NoError(t, unix.Mkfifo(fifo, 0o644))
	within(t, 10*time.Second, func() {
		assert.EqualError(t, fileset.WriteFile(fifo, []byte("x")), "cannot write "+fifo+": refusing out.bin: a named pipe, not a regular file")
	})
	link := filepath.Join(dir, "link.bin")
	require.NoError(t, os.Symlink("/dev/null", link))
	assert.EqualError(t, fileset.WriteFile(link, []byte("x")), "cannot write "+link+": refusing link.bin: a symbolic link, not a regular file")
	fi, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeNamedPipe)
	fi, err = os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink)
}

// TestSymlinkRaceStaysBelowTheRoot swaps a directory below the root with
// a symbolic link to a directory outside it, again and again, while
// files are written and removed there: whatever Ensure does, nothing
// outside the root is ever written or removed.
func TestSymlinkRaceStaysBelowTheRoot(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		outside := t.TempDir()
		host := map[string][]byte{"app/snap.foo.old": []byte("host"), "app/snap.foo.a": []byte("host a")}
		for name, data := range host {
			require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(outside, name)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(outside, name), data, 0o644))
		}
		root := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/app"), 0o755))
		require.NoError(t, os.Symlink(outside, filepath.Join(root, "swap")))

		var stop atomic.Bool
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				unix.Renameat2(unix.AT_FDCWD, filepath.Join(root, "etc"), unix.AT_FDCWD, filepath.Join(root, "swap"), unix.RENAME_EXCHANGE)
			}
		}()
		for i := 0; i < 2000; i++ {
			fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": fmt.Appendf(nil, "a%d", i)})
		}
		stop.Store(true)
		wg.Wait()
		assert.Equal(t, host, testutil.ReadTree(t, outside), "nothing written or removed outside the root")
	})
}

// TestTempFilesOfAKilledRunAreRemoved: the next transaction removes the
// temporary files (and backups) a killed run left in the directories it
// lists.
func TestTempFilesOfAKilledRunAreRemoved(t *testing.T) {
	root := t.TempDir()
	_, err := fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": []byte("a1")})
	require.NoError(t, err)
	left := []string{"etc/app/.snap.foo.a.plugpolicy-tmp-0123abcd", "etc/app/.snap.bar.a.plugpolicy-tmp-ffffffff"}
	for _, name := range left {
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte("partial"), 0o644))
	}
	_, err = fileset.Ensure(root, patterns, map[string][]byte{"etc/app/snap.foo.a": []byte("a1")})
	require.NoError(t, err)
	assert.Equal(t, map[string][]byte{"etc/app/snap.foo.a": []byte("a1")}, testutil.ReadTree(t, root))
}

// TestNameTooLongFailsCleanly: a file name that fits NAME_MAX but not
// once decorated as a temporary name is refused before anything is
// written (it used to be written once, then be stuck: its backup name
// was too long).
func TestNameTooLongFailsCleanly(t *testing.T) {
	root := t.TempDir()
	long := "etc/app/snap.foo." + strings.Repeat("x", 227)
	files := map[string][]byte{"etc/app/snap.foo.a": []byte("a"), long: []byte("long")}
	_, err := fileset.Ensure(root, patterns, files)
	assert.EqualError(t, err, "cannot write "+long+": its file name is 236 bytes long, more than 230 (255, less 25 for the name of its temporary file)")
	assert.Empty(t, testutil.ReadTree(t, root), "nothing written")
	dir := strings.Repeat("d", 256)
	_, err = fileset.Ensure(root, []string{"*/x"}, map[string][]byte{dir + "/x": []byte("x")})
	assert.EqualError(t, err, "cannot write "+dir+"/x: the directory name \""+dir+"\" is 256 bytes long, more than 255")
}
