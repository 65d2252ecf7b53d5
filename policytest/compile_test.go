// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/policytest"
)

// TestUserCompileGolden is a user's golden test of a snap's whole policy:
// one Compile call and one GoldenDir call pin every file plugpolicy
// writes for the snap (testdata/hello/out/...).
func TestUserCompileGolden(t *testing.T) {
	res := policytest.Compile(t, plugpolicy.Options{NoBPF: true}, "testdata/hello/snap.yaml")
	policytest.GoldenDir(t, "testdata/hello/out", res)
}

// TestUserCase is the txtar form: the snap.yaml and the expected files in
// one archive. It pins the udev backend's files alone, so that the
// default templates are pinned in one place here (testdata/hello/out),
// not in every form of the kit.
func TestUserCase(t *testing.T) {
	for _, c := range policytest.Cases(t, "testdata/cases") {
		t.Run(c.String(), func(t *testing.T) {
			c.CheckCompile(t, plugpolicy.Options{Backends: []string{"udev"}})
		})
	}
}

// TestGoldenDirShowsOnlyTheChangedRule: one rule changed in one golden
// file fails with a diff of that line (and its context) alone; a stale
// golden file fails too; -update rewrites the changed file, removes the
// stale one and leaves the others untouched.
func TestGoldenDirShowsOnlyTheChangedRule(t *testing.T) {
	res := policytest.Compile(t, plugpolicy.Options{NoBPF: true}, "testdata/hello/snap.yaml")
	dir := t.TempDir()
	for _, f := range res.Files {
		writeOld(t, filepath.Join(dir, f.Path), string(f.Data))
	}
	profile := filepath.Join(dir, "var/lib/snapd/seccomp/bpf/snap.hello.hello.src")
	data, err := os.ReadFile(profile)
	require.NoError(t, err)
	changed := strings.Replace(string(data), "\nlisten\n", "\nlisten-changed\n", 1)
	require.NotEqual(t, string(data), changed)
	require.NoError(t, os.WriteFile(profile, []byte(changed), 0o644))
	stale := filepath.Join(dir, "var/lib/snapd/apparmor/profiles/snap.hello.gone")
	writeOld(t, stale, "old\n")

	r := &recorder{TB: t}
	policytest.GoldenDir(r, dir, res)
	require.Len(t, r.errors, 2, "%q", r.errors)
	diff := r.errors[0]
	assert.Contains(t, diff, "-listen-changed\n+listen\n")
	var changes int
	for _, line := range strings.Split(diff, "\n") {
		if strings.HasPrefix(line, "-") && !strings.HasPrefix(line, "---") || strings.HasPrefix(line, "+") && !strings.HasPrefix(line, "+++") {
			changes++
		}
	}
	assert.Equal(t, 2, changes, "only the changed line: %s", diff)
	assert.LessOrEqual(t, strings.Count(diff, "\n"), 12, "the message, two headers and one hunk of 3+2+3 lines, not the whole file (%d lines)", strings.Count(string(data), "\n"))
	assert.Contains(t, r.errors[1], "snap.hello.gone is no longer rendered")

	setUpdate(t, true)
	r = &recorder{TB: t}
	policytest.GoldenDir(r, dir, res)
	assert.Empty(t, r.failures())
	got, _ := readFile(t, profile)
	assert.Equal(t, string(data), got)
	assert.NoFileExists(t, stale)
	_, mtime := readFile(t, filepath.Join(dir, "var/lib/snapd/apparmor/profiles/snap.hello.hello"))
	assert.Equal(t, 2001, mtime.Year(), "a matching file is not rewritten")
}

func TestCompileFailsTheTest(t *testing.T) {
	r := &recorder{TB: t}
	assert.Nil(t, policytest.Compile(r, plugpolicy.Options{}, "testdata/nope.yaml"))
	require.Len(t, r.fatals, 1)
	assert.Contains(t, r.fatals[0], "testdata/nope.yaml: ")
}
