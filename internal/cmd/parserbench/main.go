// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Command parserbench measures what small devices wait for on every
// refresh: apparmor_parser compiling the profiles. For each scenario of
// snapd's reference corpus (../shared/snapd-ref) that plugpolicy covers,
// it compiles snapd's profile of each app and plugpolicy's profile of the
// same app, for the same snaps, connections and host, with the real
// apparmor_parser (-Q -K -T, no kernel, no cache), alternating the two
// COUNT times, and prints the median time of each and their ratio:
//
//	go run ./internal/cmd/parserbench [-count 5] [-match REGEXP] [-json]
//
// A ratio above 1 means plugpolicy's profile takes longer to compile.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/fidelity"
)

// row is one profile's measurement.
type row struct {
	Scenario string  `json:"scenario"`
	Profile  string  `json:"profile"`
	SnapdMS  float64 `json:"snapd-ms"`
	OursMS   float64 `json:"plugpolicy-ms"`
	Ratio    float64 `json:"ratio"`
}

func main() {
	count := flag.Int("count", 5, "compile each profile `N` times and report the median")
	match := flag.String("match", "^(template/strict|template/devmode|iface/kubernetes-support.*|iface/docker-support|iface/network-control|iface/home)$", "measure the scenarios whose name matches `REGEXP`")
	corpus := flag.String("corpus", "../shared/snapd-ref", "the reference corpus `DIR`")
	asJSON := flag.Bool("json", false, "print the rows as JSON")
	flag.Parse()
	if err := run(*corpus, *match, *count, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "parserbench:", err)
		os.Exit(1)
	}
}

func run(corpus, match string, count int, asJSON bool) error {
	re, err := regexp.Compile(match)
	if err != nil {
		return err
	}
	parser, err := exec.LookPath("apparmor_parser")
	if err != nil {
		if parser, err = exec.LookPath("/usr/sbin/apparmor_parser"); err != nil {
			return fmt.Errorf("apparmor_parser is not installed (Debian's apparmor package)")
		}
	}
	scenarios, err := fidelity.LoadCorpus(corpus)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "parserbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var rows []row
	for _, sc := range scenarios {
		if !re.MatchString(sc.Name) {
			continue
		}
		if ok, err := sc.Covered(builtin.Interfaces()); err != nil || !ok {
			continue
		}
		ours, err := fidelity.Render(sc, nil)
		if err != nil {
			return err
		}
		for _, name := range profileNames(sc.Files) {
			mine, ok := ours[name]
			if !ok {
				continue
			}
			r, err := measure(parser, tmp, sc.Files[name], mine, count)
			if err != nil {
				return fmt.Errorf("scenario %s, %s: %w", sc.Name, name, err)
			}
			r.Scenario, r.Profile = sc.Name, filepath.Base(name)
			rows = append(rows, r)
		}
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	printTable(rows, count)
	return nil
}

// profileNames are the AppArmor profiles of snapd's files, sorted.
func profileNames(files map[string][]byte) []string {
	var out []string
	for name := range files {
		if strings.HasPrefix(name, "var/lib/snapd/apparmor/profiles/snap.") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// measure compiles the two profiles count times each, alternating, and
// returns the medians.
func measure(parser, dir string, snapd, ours []byte, count int) (row, error) {
	a, b := filepath.Join(dir, "snapd"), filepath.Join(dir, "ours")
	if err := os.WriteFile(a, snapd, 0o644); err != nil {
		return row{}, err
	}
	if err := os.WriteFile(b, ours, 0o644); err != nil {
		return row{}, err
	}
	var ta, tb []time.Duration
	for i := 0; i < count; i++ {
		d, err := compile(parser, dir, a)
		if err != nil {
			return row{}, fmt.Errorf("snapd's profile: %w", err)
		}
		ta = append(ta, d)
		if d, err = compile(parser, dir, b); err != nil {
			return row{}, fmt.Errorf("plugpolicy's profile: %w", err)
		}
		tb = append(tb, d)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	r := row{SnapdMS: ms(median(ta)), OursMS: ms(median(tb))}
	if r.SnapdMS > 0 {
		r.Ratio = r.OursMS / r.SnapdMS
	}
	return r, nil
}

func compile(parser, dir, file string) (time.Duration, error) {
	start := time.Now()
	out, err := exec.Command(parser, "-Q", "-K", "-T", "-o", filepath.Join(dir, "out"), file).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, out)
	}
	return time.Since(start), nil
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

func printTable(rows []row, count int) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "scenario\tprofile\tsnapd ms\tplugpolicy ms\tratio\n")
	var sa, sb float64
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%.1f\t%.1f\t%.2f\n", r.Scenario, r.Profile, r.SnapdMS, r.OursMS, r.Ratio)
		sa, sb = sa+r.SnapdMS, sb+r.OursMS
	}
	if sa > 0 {
		fmt.Fprintf(w, "total (%d profiles, median of %d)\t\t%.1f\t%.1f\t%.2f\n", len(rows), count, sa, sb, sb/sa)
	}
	w.Flush()
}
