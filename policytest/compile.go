// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Compile reads the snap.yaml files (revision 1) and compiles them with
// plugpolicy.Compile; a problem in a file, or a compile error, fails the
// test at once, naming the file.
func Compile(t testing.TB, opts plugpolicy.Options, snapYAML ...string) *plugpolicy.Result {
	t.Helper()
	var infos []*snap.Info
	for _, file := range snapYAML {
		info, err := snap.ParseFile(file, snap.Options{Revision: snap.R(1)})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
			return nil
		}
		infos = append(infos, info)
	}
	res, err := plugpolicy.Compile(infos, opts)
	if err != nil {
		t.Fatalf("cannot compile %s: %v", strings.Join(snapYAML, ", "), err)
		return nil
	}
	return res
}

// GoldenDir compares every file of res with the golden file at the same
// path below dir (dir/var/lib/snapd/apparmor/profiles/snap.NAME.APP, and
// so on): each difference fails the test with a unified diff, and so does
// a golden file below dir that res no longer has. Under -update the files
// that differ are written and those no longer rendered are removed;
// files that match are left alone.
func GoldenDir(t testing.TB, dir string, res *plugpolicy.Result) {
	t.Helper()
	rendered := map[string]bool{}
	for _, f := range res.Files {
		rendered[f.Path] = true
		if problem := checkFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); problem != "" {
			t.Errorf("%s", problem)
		}
	}
	stale, err := filesBelow(dir)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	for _, rel := range stale {
		if rendered[rel] {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if *Update {
			if err := os.Remove(path); err != nil {
				t.Errorf("cannot remove golden file: %v", err)
			}
			continue
		}
		t.Errorf("golden file %s is no longer rendered (%s)", path, acceptHint)
	}
}

// filesBelow lists the regular files below dir, slash-separated and
// relative to it, sorted; a missing dir has none.
func filesBelow(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == dir {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot list golden files: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// CheckCompile compiles the case's "snap.yaml" section with opts and
// checks the result's files against the case's out/ sections (see
// Check). The case's "connect" section, one SNAP:PLUG[=SNAP:SLOT] per
// line, is added to opts.Connect; its "#core" option sets opts.Core, and
// "#dangerous" opts.Dangerous.
func (c *Case) CheckCompile(t testing.TB, opts plugpolicy.Options) {
	t.Helper()
	opts.Connect = append(append([]string(nil), opts.Connect...), c.Lines("connect")...)
	opts.Core = opts.Core || c.Options["core"] == "true"
	opts.Dangerous = opts.Dangerous || c.Options["dangerous"] == "true"
	doc := c.Input(t, "snap.yaml")
	c.Check(t, func() (map[string][]byte, error) {
		res, err := plugpolicy.CompileYAML(opts, doc)
		if err != nil {
			return nil, err
		}
		out := map[string][]byte{}
		for _, f := range res.Files {
			out[f.Path] = f.Data
		}
		return out, nil
	})
}
