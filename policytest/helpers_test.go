// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/policytest"
)

// recorder is a testing.TB that records failures instead of failing the
// test: the kit's failures are what these tests look at. Everything else
// (TempDir, Cleanup, Log) goes to the real test.
type recorder struct {
	testing.TB
	errors, fatals []string
}

func (r *recorder) Helper() {}

func (r *recorder) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) { r.fatals = append(r.fatals, fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}

// failures returns every failure recorded, fatal or not.
func (r *recorder) failures() []string {
	return append(append([]string(nil), r.errors...), r.fatals...)
}

// setUpdate sets -update for the rest of the test, whatever the command
// line said.
func setUpdate(t *testing.T, on bool) {
	old := *policytest.Update
	*policytest.Update = on
	t.Cleanup(func() { *policytest.Update = old })
}

// writeOld writes a file and dates it in the past, so that a rewrite
// would show in its modification time.
func writeOld(t *testing.T, path, content string) time.Time {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	require.NoError(t, os.Chtimes(path, old, old))
	return old
}

// readFile returns a file's content and modification time.
func readFile(t *testing.T, path string) (string, time.Time) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return string(data), fi.ModTime()
}

// profile returns an AppArmor profile holding rules, rules[i] on line
// i+4.
func profile(rules ...string) string {
	var b strings.Builder
	b.WriteString("#include <tunables/global>\n\nprofile \"snap.demo.app\" (attach_disconnected) {\n")
	for _, r := range rules {
		b.WriteString("  " + r + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// rules returns n distinct file rules.
func rules(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("/usr/lib/demo/lib%02d.so mr,", i)
	}
	return out
}
