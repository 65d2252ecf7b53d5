// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package testutil holds helpers shared by the project's tests.
package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// ModuleRoot returns the directory that holds go.mod, found by walking up
// from the test's working directory (the package directory).
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("cannot get working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("cannot find go.mod above the test's directory")
		}
		dir = parent
	}
}

// SharedDir returns the project's ../shared directory (design documents,
// seeds and the real snap.yaml files the tests run against). It must be
// there, beside the checkout, as it is in CI; a test that needs it fails
// rather than skips without it.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(ModuleRoot(t)), "shared")
	if _, err := os.Stat(filepath.Join(dir, "testdata", "real-snaps")); err != nil {
		t.Fatalf("cannot find the shared test data: %v (the project expects ../shared beside the checkout)", err)
	}
	return dir
}

// RealSnaps returns the snap.yaml files of the real snaps in
// ../shared/testdata/real-snaps, keyed by their directory name.
func RealSnaps(t testing.TB) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(SharedDir(t), "testdata", "real-snaps", "*", "snap.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("cannot find the real snaps: %v", err)
	}
	out := make(map[string]string, len(files))
	for _, f := range files {
		out[filepath.Base(filepath.Dir(f))] = f
	}
	return out
}
