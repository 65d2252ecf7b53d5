// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/plugpolicy/plugpolicy/internal/udiff"
)

// Update is the -update flag: when set, Golden, Case.Check and
// MatchesGolden write what was rendered into the expected files that
// differ from it instead of failing. Unset, nothing is ever written.
var Update = flag.Bool("update", false, "rewrite the golden files that differ from what the code renders")

// acceptHint ends every message about a difference.
const acceptHint = "run go test with -update to accept"

// Golden compares got with the golden file at path. A difference fails the
// test (t.Errorf) with a unified diff of the changed lines; a missing file
// fails it with how to create the file. Under -update the file is written
// (with its directories) when it is missing or differs, and left alone,
// modification time and all, when it already holds got.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if problem := checkFile(path, got); problem != "" {
		t.Errorf("%s", problem)
	}
}

// checkFile compares got with the golden file at path, or updates the
// file under -update, and describes what went wrong ("" for nothing).
func checkFile(path string, got []byte) string {
	want, err := os.ReadFile(path)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return fmt.Sprintf("cannot read golden file: %v", err)
	}
	if err == nil && bytes.Equal(want, got) {
		return ""
	}
	if *Update {
		if err := writeFile(path, got); err != nil {
			return err.Error()
		}
		return ""
	}
	if missing {
		return fmt.Sprintf("golden file %s does not exist (run go test with -update to create it)", path)
	}
	return fmt.Sprintf("%s differs from what was rendered (%s):\n%s", path, acceptHint,
		diffText(path+" (golden)", path+" (rendered)", want, got))
}

// writeFile writes data to path, creating its directories, and keeps the
// mode of a file that is already there.
func writeFile(path string, data []byte) error {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cannot update golden file: %w", err)
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("cannot update golden file: %w", err)
	}
	return nil
}

// diffText returns the unified diff of two texts, or, for content that
// is not text, where the bytes first differ.
func diffText(oldName, newName string, want, got []byte) string {
	if isText(want) && isText(got) {
		return udiff.Unified(oldName, newName, string(want), string(got))
	}
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	return fmt.Sprintf("binary content differs from byte %d: %s has %d bytes, %s has %d\n", i, oldName, len(want), newName, len(got))
}

// isText tells whether data is UTF-8 without NUL bytes.
func isText(data []byte) bool {
	return utf8.Valid(data) && bytes.IndexByte(data, 0) < 0
}
