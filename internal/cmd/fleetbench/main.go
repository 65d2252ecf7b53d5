// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Command fleetbench measures plugpolicy compiling the synthetic fleet of
// package internal/fleet (N snaps × 3 apps × 8 plugs, 8N connections) for
// each N asked: parsing, compiling (connecting, each backend's rendering
// and the BPF compiler apart) and writing, fresh and as an unchanged
// re-run, on each directory given (tmpfs and disk), with allocations and
// the peak memory of the process. Each measurement runs in a child
// process of its own, so that its peak RSS (from rusage) is its own. It
// also times whole CLI runs (plugpolicy compile --connect-all
// --dangerous) of the plugpolicy binaries given, by default one it
// builds from this tree.
//
//	go run ./internal/cmd/fleetbench [--json] [--n 1,10,100,500,2000]
//	    [--dir /dev/shm,/work] [--cli NAME=BINARY,...|none] [--count K]
//	go run ./internal/cmd/fleetbench --write-fleet DIR --n 500
//
// --write-fleet writes the fleet's snap.yaml files (one directory per
// snap, DIR/NAME/meta/snap.yaml) and measures nothing.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/plugpolicy/plugpolicy/internal/fleet"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	ns    []int
	dirs  []string
	clis  []cliBinary
	count int
	json  bool
}

type cliBinary struct{ Name, Path string }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fleetbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ns := fs.String("n", "1,10,100,500,2000", "fleet sizes, comma-separated")
	dirs := fs.String("dir", "/dev/shm,.", "directories to write below (a fresh temporary directory in each), comma-separated")
	clis := fs.String("cli", "", "plugpolicy binaries to time as NAME=PATH, comma-separated; empty builds ./cmd/plugpolicy; none times no CLI")
	count := fs.Int("count", 1, "runs of each measurement; the fastest is reported")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	writeFleet := fs.String("write-fleet", "", "write the fleet's snap.yaml files below `DIR` and exit")
	child := fs.String("child", "", "internal: run one measurement in this process")
	root := fs.String("root", "", "internal: the child's root")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	sizes, err := parseSizes(*ns)
	if err != nil {
		fmt.Fprintf(stderr, "fleetbench: %v\n", err)
		return 2
	}
	switch {
	case *child != "":
		if err := runChild(*child, sizes[0], *root, stdout); err != nil {
			fmt.Fprintf(stderr, "fleetbench: %v\n", err)
			return 1
		}
		return 0
	case *writeFleet != "":
		for _, n := range sizes {
			if _, err := writeFleetFiles(*writeFleet, n); err != nil {
				fmt.Fprintf(stderr, "fleetbench: %v\n", err)
				return 1
			}
		}
		return 0
	}
	cfg := config{ns: sizes, dirs: strings.Split(*dirs, ","), count: max(*count, 1), json: *asJSON}
	cleanup, err := cfg.setCLIs(*clis)
	defer cleanup()
	defer removeGarbage()
	if err != nil {
		fmt.Fprintf(stderr, "fleetbench: %v\n", err)
		return 1
	}
	var reports []sizeReport
	for _, n := range cfg.ns {
		rep, err := measureSize(cfg, n)
		if err != nil {
			fmt.Fprintf(stderr, "fleetbench: N=%d: %v\n", n, err)
			return 1
		}
		reports = append(reports, rep)
		if !cfg.json {
			printReport(stdout, rep)
		}
	}
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			fmt.Fprintf(stderr, "fleetbench: %v\n", err)
			return 1
		}
	} else {
		printPerSnap(stdout, reports)
	}
	return 0
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--n: want positive numbers, got %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// setCLIs settles the binaries to time; cleanup removes one it built.
func (c *config) setCLIs(spec string) (func(), error) {
	switch spec {
	case "none":
		return func() {}, nil
	case "":
		dir, err := os.MkdirTemp("", "fleetbench-cli-")
		if err != nil {
			return func() {}, err
		}
		cleanup := func() { os.RemoveAll(dir) }
		bin := filepath.Join(dir, "plugpolicy")
		if err := goBuild(bin); err != nil {
			return cleanup, err
		}
		c.clis = []cliBinary{{Name: "cli", Path: bin}}
		return cleanup, nil
	}
	for _, f := range strings.Split(spec, ",") {
		name, path, ok := strings.Cut(f, "=")
		if !ok {
			name, path = filepath.Base(f), f
		}
		c.clis = append(c.clis, cliBinary{Name: name, Path: path})
	}
	return func() {}, nil
}

// writeFleetFiles writes the fleet's snap.yaml files below dir and
// returns their paths.
func writeFleetFiles(dir string, n int) ([]string, error) {
	var paths []string
	for i, doc := range fleet.Generate(n) {
		p := filepath.Join(dir, fleet.Name(i), "meta", "snap.yaml")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, doc, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
