// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package policytest is a kit for golden-file tests of generated policy:
// a test renders AppArmor profiles, seccomp policies, udev rules or any
// other files, and the kit compares them with the expected files kept in
// the repository, reporting a difference as a unified diff of the changed
// lines alone. Running the tests with -update accepts what the code now
// renders: it rewrites the expected files that differ, and only those.
// plugpolicy's own golden tests use it; it is public so that a project
// that ships policy built with plugpolicy can pin that policy the same way.
//
// A plain golden file holds one output:
//
//	func TestKubeletProfile(t *testing.T) {
//		profile := renderProfile(t) // the project's own rendering
//		policytest.Golden(t, "testdata/snap.kube-node.kubelet", profile)
//	}
//
// On a difference the test fails with
//
//	testdata/snap.kube-node.kubelet differs from what was rendered (run go test with -update to accept):
//	--- testdata/snap.kube-node.kubelet (golden)
//	+++ testdata/snap.kube-node.kubelet (rendered)
//	@@ -12,7 +12,7 @@
//	...
//
// and `go test -update` writes the new content, creating the file and
// its directories if they are missing.
//
// A case (see Case) is one txtar archive holding inputs and several
// expected outputs: the comment says what the case shows and pins options
// ("#core", "#instance-key: blue"), the input sections ("-- snap.yaml --")
// are read by the test, and the sections named "out/PATH" are the
// expected files, by their path below the output root:
//
//	for _, c := range policytest.Cases(t, "testdata") {
//		t.Run(c.String(), func(t *testing.T) {
//			c.Check(t, func() (map[string][]byte, error) {
//				return render(c.Input(t, "snap.yaml"), c.Options)
//			})
//		})
//	}
//
// Check renders twice, so that output depending on map order or other
// chance fails; -update rewrites the out/ sections that changed and keeps
// the comment and the inputs byte for byte.
//
// Suites written with gopkg.in/check.v1 use the checker MatchesGolden:
//
//	c.Assert(profile, policytest.MatchesGolden, "testdata/snap.kube-node.kubelet")
//
// The package registers the -update flag on the test binary's command
// line; a test binary that imports it must not define its own -update.
//
// Compiling from snap.yaml: Compile runs plugpolicy.Compile on snap.yaml
// files for a test, GoldenDir pins every file of the result below a
// directory, and Case.CheckCompile compiles a case's snap.yaml section
// and checks its out/ sections, so a user's golden test of a snap's whole
// policy is two lines:
//
//	func TestPolicy(t *testing.T) {
//		res := policytest.Compile(t, plugpolicy.Options{NoBPF: true}, "snap/snap.yaml")
//		policytest.GoldenDir(t, "testdata/policy", res)
//	}
package policytest
