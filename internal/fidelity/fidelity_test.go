// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/fidelity"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

var (
	report = flag.String("fidelity.report", "", "write the unlisted differences to `FILE`, as skeleton entries of snapd-differences.yaml")
	all    = flag.Bool("fidelity.all", false, "with -fidelity.report, write every difference, listed or not")
	stats  = flag.Bool("fidelity.stats", false, "log the statement counts of every compared file")
	only   = flag.String("fidelity.scenarios", "", "compare only the scenarios matching `PATTERN` (path.Match, comma-separated)")
	iface  = flag.Bool("fidelity.iface-only", false, "report only what interfaces add: leave out differences in statements that the scenario's baseline (the snap without its plug) has on the same side")
)

// compared are the scenarios of the corpus that the catalog covers, with
// their comparisons.
type compared struct {
	scenario *fidelity.Scenario
	ours     map[string][]byte
	result   fidelity.Comparison
}

func compareCorpus(t *testing.T) []compared {
	t.Helper()
	root := filepath.Join(testutil.SharedDir(t), "snapd-ref")
	corpus, err := fidelity.LoadCorpus(root)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*fidelity.Scenario{}
	for _, sc := range corpus {
		byName[sc.Name] = sc
	}
	catalog := builtin.Interfaces()
	var out []compared
	for _, sc := range corpus {
		if *only != "" && !matches(*only, sc.Name) {
			continue
		}
		covered, err := sc.Covered(catalog)
		if err != nil {
			t.Fatal(err)
		}
		if !covered {
			continue
		}
		ours, err := fidelity.Render(sc, catalog)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		baseline := map[string][]byte{}
		for name := range sc.Files {
			if fidelity.KindOf(name) != fidelity.KindUnit {
				continue
			}
			if base := byName[fidelity.BaselineOf(sc, name)]; base != nil {
				baseline[name] = base.Files[name]
			}
		}
		out = append(out, compared{sc, ours, fidelity.Compare(sc, ours, baseline)})
	}
	return out
}

func matches(patterns, name string) bool {
	for _, p := range strings.Split(patterns, ",") {
		if ok, _ := filepath.Match(p, name); ok {
			return true
		}
	}
	return false
}

// TestFidelity compiles every scenario of ../shared/snapd-ref whose
// interfaces the catalog has, and holds every difference from snapd's
// files to snapd-differences.yaml: a difference it does not list fails,
// a listed one that allows more than snapd without a security argument
// fails, and an entry that no longer occurs fails.
func TestFidelity(t *testing.T) {
	entries, err := fidelity.LoadDifferences(filepath.Join(testutil.ModuleRoot(t), "snapd-differences.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	results := compareCorpus(t)
	if len(results) == 0 {
		t.Fatal("no scenario of the corpus is covered by the catalog")
	}
	var diffs []fidelity.Difference
	for _, r := range results {
		diffs = append(diffs, r.result.Differences...)
		if *stats {
			logCounts(t, r)
		}
	}
	if *stats {
		logInterfaceCounts(t, results)
	}
	if *iface {
		diffs = interfaceOnly(results, diffs)
	}
	t.Logf("%d scenarios compared, %d differences", len(results), len(diffs))
	v := fidelity.Judge(diffs, entries)
	if *report != "" {
		writeReport(t, diffs, v)
	}
	if *only != "" {
		// A partial run cannot tell stale entries from entries of
		// scenarios it left out.
		v.Stale = nil
	}
	if v.OK() {
		return
	}
	var b bytes.Buffer
	if len(v.Unlisted) > 0 {
		fmt.Fprintf(&b, "%d differences from snapd are not listed in snapd-differences.yaml (run with -fidelity.report=FILE to get them as entries):\n", len(v.Unlisted))
		if err := fidelity.WriteSkeleton(&b, fidelity.Skeleton(first(v.Unlisted, 200))); err != nil {
			t.Fatal(err)
		}
	}
	if len(v.Unargued) > 0 {
		fmt.Fprintf(&b, "%d listed differences let the program do what snapd denies, and their entry gives no security argument (or says later):\n", len(v.Unargued))
		for _, d := range first(v.Unargued, 50) {
			fmt.Fprintf(&b, "  %s %s [%s] %s: %s\n", d.Scenario, d.File, d.Block, d.Side, d.Statement)
		}
	}
	if len(v.Stale) > 0 {
		fmt.Fprintf(&b, "%d entries of snapd-differences.yaml no longer occur; remove them:\n", len(v.Stale))
		for _, s := range v.Stale {
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	t.Error(b.String())
}

func first(diffs []fidelity.Difference, n int) []fidelity.Difference {
	if len(diffs) > n {
		return diffs[:n]
	}
	return diffs
}

func writeReport(t *testing.T, diffs []fidelity.Difference, v fidelity.Verdict) {
	t.Helper()
	list := v.Unlisted
	if *all {
		list = diffs
	}
	var b bytes.Buffer
	if err := fidelity.WriteSkeleton(&b, fidelity.Skeleton(list)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*report, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d differences to %s", len(list), *report)
}

func logCounts(t *testing.T, r compared) {
	files := make([]string, 0, len(r.result.Counts))
	for f := range r.result.Counts {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		c := r.result.Counts[f]
		t.Logf("%-40s %-60s snapd %4d  ours %4d  common %4d", r.scenario.Name, f, c.Snapd, c.Ours, c.Common)
	}
}

// logInterfaceCounts logs, for every interface scenario, how many
// statements the interface adds to its snap in snapd's files and in
// plugpolicy's, and how many of those are the same.
func logInterfaceCounts(t *testing.T, results []compared) {
	byName := map[string]compared{}
	for _, r := range results {
		byName[r.scenario.Name] = r
	}
	for _, r := range results {
		if !strings.HasPrefix(r.scenario.Name, "iface/") {
			continue
		}
		base := "template/iface-base"
		if r.scenario.Core() {
			base = "template/iface-base-core"
		}
		b, ok := byName[base]
		if !ok {
			continue
		}
		c := fidelity.DeltaCount(r.scenario.Files, b.scenario.Files, r.ours, b.ours)
		t.Logf("interface %-40s snapd adds %4d  ours adds %4d  common %4d", r.scenario.Name, c.Snapd, c.Ours, c.Common)
	}
}

// interfaceOnly drops the differences of interface scenarios in
// statements that the baseline scenario has too, on the same side: what
// is left is what the interface adds.
func interfaceOnly(results []compared, diffs []fidelity.Difference) []fidelity.Difference {
	byName := map[string]compared{}
	for _, r := range results {
		byName[r.scenario.Name] = r
	}
	var out []fidelity.Difference
	for _, d := range diffs {
		r := byName[d.Scenario]
		if strings.HasPrefix(d.Scenario, "template/") {
			continue
		}
		base, ok := byName[fidelity.BaselineOf(r.scenario, d.File)]
		if ok && !d.WholeFile() {
			files := base.scenario.Files
			if d.Side == fidelity.Extra {
				files = base.ours
			}
			if data, ok := files[d.File]; ok && fidelity.Parse(fidelity.KindOf(d.File), data)[d.Block][d.Statement] {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}
