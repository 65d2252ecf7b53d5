// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// snapdRefScenarios are the snapd reference scenarios whose seccomp
// sources the bound checks run over besides the fixture: snapd's strict
// template, with its masked denials (set-user-ID modes, O_CREAT and
// O_TMPFILE, O_NOTIFICATION_PIPE) and TIOCSTI/TIOCLINUX in both widths,
// and the template plus kubernetes-support's kubelet snippet.
var snapdRefScenarios = []string{"template/strict", "iface/kubernetes-support@kubelet"}

// snapdRefPolicy is one distinct seccomp source of a scenario.
type snapdRefPolicy struct {
	name string // scenario/file
	p    *Policy
}

// snapdRefPolicies parses the distinct seccomp sources of
// snapdRefScenarios (a scenario's apps and hooks mostly share one).
func snapdRefPolicies(t *testing.T) []snapdRefPolicy {
	t.Helper()
	dir := filepath.Join(testutil.SharedDir(t), "snapd-ref")
	var out []snapdRefPolicy
	for _, sc := range snapdRefScenarios {
		files, err := filepath.Glob(filepath.Join(dir, sc, "var/lib/snapd/seccomp/bpf/*.src"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no seccomp sources in %s", filepath.Join(dir, sc))
		}
		seen := map[string]bool{}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if seen[string(src)] {
				continue
			}
			seen[string(src)] = true
			p, err := ParseWithOptions(src, ParseOptions{Strict: true})
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, snapdRefPolicy{sc + "/" + filepath.Base(f), p})
		}
	}
	return out
}

// TestSnapdRefCheapDecisions is TestCheapDecisions on snapd's sources.
func TestSnapdRefCheapDecisions(t *testing.T) {
	for _, r := range snapdRefPolicies(t) {
		t.Run(r.name, func(t *testing.T) { checkCheapDecisions(t, r.p) })
	}
}

// TestSnapdRefSnapConfineCheapDecisions is TestSnapConfineCheapDecisions
// on snapd's sources.
func TestSnapdRefSnapConfineCheapDecisions(t *testing.T) {
	for _, r := range snapdRefPolicies(t) {
		t.Run(r.name, func(t *testing.T) { checkSnapConfineCheapDecisions(t, r.p) })
	}
}

// TestSnapdRefOCIGaps is TestOCIGapsTemplate on snapd's sources.
func TestSnapdRefOCIGaps(t *testing.T) {
	for _, r := range snapdRefPolicies(t) {
		t.Run(r.name, func(t *testing.T) { checkNoOCIGaps(t, r.p) })
	}
}
