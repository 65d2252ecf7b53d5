// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/policytest"
)

func TestGoldenMatches(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "snap.demo.app")
	writeOld(t, path, profile(rules(20)...))
	r := &recorder{TB: t}
	policytest.Golden(r, path, []byte(profile(rules(20)...)))
	assert.Empty(t, r.failures())
}

// TestGoldenDiffShowsOnlyTheChangedLine changes one rule of a 24-line
// profile: the failure is the unified diff of that line, with three lines
// of context on each side, and the hint to accept it.
func TestGoldenDiffShowsOnlyTheChangedLine(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "snap.demo.app")
	writeOld(t, path, profile(rules(20)...))
	changed := rules(20)
	changed[10] = "/usr/lib/demo/lib10.so mrw,"
	r := &recorder{TB: t}
	policytest.Golden(r, path, []byte(profile(changed...)))
	require.Empty(t, r.fatals)
	require.Len(t, r.errors, 1)
	want := path + " differs from what was rendered (run go test with -update to accept):\n" +
		"--- " + path + " (golden)\n" +
		"+++ " + path + " (rendered)\n" +
		"@@ -11,7 +11,7 @@\n" +
		"   /usr/lib/demo/lib07.so mr,\n" +
		"   /usr/lib/demo/lib08.so mr,\n" +
		"   /usr/lib/demo/lib09.so mr,\n" +
		"-  /usr/lib/demo/lib10.so mr,\n" +
		"+  /usr/lib/demo/lib10.so mrw,\n" +
		"   /usr/lib/demo/lib11.so mr,\n" +
		"   /usr/lib/demo/lib12.so mr,\n" +
		"   /usr/lib/demo/lib13.so mr,\n"
	assert.Equal(t, want, r.errors[0])
	// Nothing is written without -update.
	content, _ := readFile(t, path)
	assert.Equal(t, profile(rules(20)...), content)
}

func TestGoldenMissingFile(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "none", "snap.demo.app")
	r := &recorder{TB: t}
	policytest.Golden(r, path, []byte("x\n"))
	require.Len(t, r.errors, 1)
	assert.Equal(t, "golden file "+path+" does not exist (run go test with -update to create it)", r.errors[0])
	assert.NoFileExists(t, path)
}

func TestGoldenBinary(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "filter.bin")
	writeOld(t, path, "\x00\x01\x02\x03")
	r := &recorder{TB: t}
	policytest.Golden(r, path, []byte("\x00\x01\x07\x03\x04"))
	require.Len(t, r.errors, 1)
	assert.Contains(t, r.errors[0], "binary content differs from byte 2: "+path+" (golden) has 4 bytes, "+path+" (rendered) has 5")
}

// TestGoldenUpdateRewritesOnlyWhatDiffers runs Golden under -update on
// a file that matches, one that differs and one that is missing: the
// first is not touched (same bytes, same modification time), the others
// get what was rendered, directories included.
func TestGoldenUpdateRewritesOnlyWhatDiffers(t *testing.T) {
	setUpdate(t, true)
	dir := t.TempDir()
	same, differs, missing := filepath.Join(dir, "same"), filepath.Join(dir, "differs"), filepath.Join(dir, "new", "dir", "missing")
	old := writeOld(t, same, profile(rules(5)...))
	writeOld(t, differs, profile(rules(5)...))
	require.NoError(t, os.Chmod(differs, 0o600))
	r := &recorder{TB: t}
	policytest.Golden(r, same, []byte(profile(rules(5)...)))
	policytest.Golden(r, differs, []byte(profile(rules(6)...)))
	policytest.Golden(r, missing, []byte("new\n"))
	assert.Empty(t, r.failures())

	content, mtime := readFile(t, same)
	assert.Equal(t, profile(rules(5)...), content)
	assert.True(t, mtime.Equal(old), "the matching file was written: mtime %v, was %v", mtime, old)
	content, mtime = readFile(t, differs)
	assert.Equal(t, profile(rules(6)...), content)
	assert.False(t, mtime.Equal(old))
	fi, err := os.Stat(differs)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the file's mode is kept")
	content, _ = readFile(t, missing)
	assert.Equal(t, "new\n", content)
}

// TestGoldenUpdateUnset checks that -update is honoured only when set:
// the flag is off by default, and off it leaves a differing file alone
// and fails.
func TestGoldenUpdateUnset(t *testing.T) {
	f := flag.Lookup("update")
	require.NotNil(t, f, "policytest registers -update")
	assert.Equal(t, "false", f.DefValue)
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "differs")
	old := writeOld(t, path, "a\n")
	r := &recorder{TB: t}
	policytest.Golden(r, path, []byte("b\n"))
	require.Len(t, r.errors, 1)
	assert.True(t, strings.HasSuffix(r.errors[0], "@@ -1 +1 @@\n-a\n+b\n"), r.errors[0])
	content, mtime := readFile(t, path)
	assert.Equal(t, "a\n", content)
	assert.True(t, mtime.Equal(old))
}
