// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"cmp"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// TestSnapdCorpusSyscallsKnown reads every seccomp policy source snapd
// wrote for the reference corpus (../shared/snapd-ref: its default
// templates and every builtin interface it can exercise) and checks that
// the system call of every rule line is in one of the tables, or is one
// of the libc names no kernel defines (legacySyscallNames): a name no one
// knows fails the test. It lists the names that only architectures
// without a table have, and checks that every source parses in strict
// mode, constants included.
func TestSnapdCorpusSyscallsKnown(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "snapd-ref")
	var files []string
	for _, pattern := range []string{"template/*/var/lib/snapd/seccomp/bpf/*.src", "iface/*/var/lib/snapd/seccomp/bpf/*.src"} {
		found, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, found...)
	}
	if len(files) == 0 {
		t.Fatalf("no seccomp sources in %s", dir)
	}
	scenarios := map[string]bool{}
	other := map[string]string{}   // name → first file that uses it
	unknown := map[string]string{} // likewise
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		scenarios[strings.Join(strings.SplitN(rel, string(filepath.Separator), 3)[:2], "/")] = true
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range ruleSyscalls(string(src)) {
			switch {
			case syscallIndex(name) >= 0, slices.Contains(legacySyscallNames[:], name):
			case slices.Contains(otherArchNames, name):
				other[name] = cmp.Or(other[name], rel)
			default:
				unknown[name] = cmp.Or(unknown[name], rel)
			}
		}
		if _, err := ParseWithOptions(src, ParseOptions{Strict: true}); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
	}
	t.Logf("%d policy sources in %d scenarios", len(files), len(scenarios))
	for _, name := range slices.Sorted(maps.Keys(other)) {
		t.Logf("%s: only on architectures without a table (first in %s)", name, other[name])
	}
	for _, name := range slices.Sorted(maps.Keys(unknown)) {
		t.Errorf("%s: no table knows it, and it is not a legacy libc name (first in %s)", name, unknown[name])
	}
}

// ruleSyscalls returns the system call names of a policy source's rule
// lines, without the "~" of denials.
func ruleSyscalls(src string) []string {
	var names []string
	for _, line := range strings.Split(src, "\n") {
		var buf [maxFields]string
		if splitFields(line, &buf) == 0 || strings.HasPrefix(buf[0], "@") {
			continue
		}
		names = append(names, strings.TrimPrefix(buf[0], "~"))
	}
	return names
}
