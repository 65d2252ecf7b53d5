// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package testutil

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// AppArmorParser returns the path of apparmor_parser. Without one the test
// fails in CI (CI=true), where ./run-checks must have installed Debian's
// apparmor package, and is skipped elsewhere with a note saying so.
func AppArmorParser(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"apparmor_parser", "/usr/sbin/apparmor_parser", "/sbin/apparmor_parser"} {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("apparmor_parser is missing; ./run-checks installs Debian's apparmor package")
	}
	t.Skip("apparmor_parser is missing: install Debian's apparmor package (./run-checks does) to compile the profiles")
	return ""
}

// CompileAppArmor compiles profiles (name → text) with the real
// apparmor_parser, without loading them into the kernel, and fails the test
// with the parser's message for each profile it rejects.
func CompileAppArmor(t testing.TB, profiles map[string][]byte) {
	t.Helper()
	parser := AppArmorParser(t)
	dir := t.TempDir()
	names := make([]string, 0, len(profiles))
	for name := range profiles {
		names = append(names, name)
	}
	sort.Strings(names)
	var files []string
	for i, name := range names {
		f := filepath.Join(dir, fmt.Sprintf("profile-%03d", i))
		if err := os.WriteFile(f, profiles[name], 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	run := func(files ...string) (string, error) {
		args := append([]string{"--skip-kernel-load", "--skip-cache", "--skip-read-cache", "--quiet", "-o", filepath.Join(dir, "out")}, files...)
		out, err := exec.Command(parser, args...).CombinedOutput()
		return string(out), err
	}
	if _, err := run(files...); err == nil {
		return
	}
	// Say which profiles fail, one by one.
	for i, f := range files {
		if out, err := run(f); err != nil {
			t.Errorf("apparmor_parser rejects profile %s: %v\n%s\n--- profile ---\n%s", names[i], err, out, numbered(profiles[names[i]]))
		}
	}
}

func numbered(text []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(text), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}
