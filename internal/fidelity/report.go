// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v2"
)

// appPart matches the app or hook part of a security tag in a file name
// ("snap.plugger.svc", "snap.plugger.hook.install.src"), which Skeleton
// replaces by "*" so that one entry covers every app of a snap.
var appPart = regexp.MustCompile(`^(snap\.[^.]+)\.(hook\.)?[^.]+(\.src|\.service)?$`)

// filePattern generalises a corpus path over the apps of its snap.
func filePattern(file string) string {
	dir, base := path.Split(file)
	suffix := ""
	if b, ok := strings.CutSuffix(base, UnitSettingsSuffix); ok {
		base, suffix = b, UnitSettingsSuffix
	}
	if m := appPart.FindStringSubmatch(base); m != nil {
		return dir + m[1] + ".*" + m[3] + suffix
	}
	return file
}

// Skeleton groups differences into entries that need only a reason: one
// entry per file pattern, block and set of scenarios, with the
// statements that differ in exactly those.
func Skeleton(diffs []Difference) []*Entry {
	type key struct {
		file, block string
		side        Side
		statement   string
	}
	scenarios := map[key]map[string]bool{}
	for _, d := range diffs {
		k := key{filePattern(d.File), d.Block, d.Side, d.Statement}
		if scenarios[k] == nil {
			scenarios[k] = map[string]bool{}
		}
		scenarios[k][d.Scenario] = true
	}
	groups := map[string]*Entry{}
	var order []string
	for k, set := range scenarios {
		names := make([]string, 0, len(set))
		for n := range set {
			names = append(names, n)
		}
		sort.Strings(names)
		id := strings.Join(names, ",") + "|" + k.file + "|" + k.block
		e := groups[id]
		if e == nil {
			e = &Entry{Scenarios: names, Files: []string{k.file}, Block: k.block, Why: "TODO", Reason: "TODO"}
			groups[id] = e
			order = append(order, id)
		}
		switch {
		case k.statement == "" && k.side == Missing:
			e.MissingFile = true
		case k.statement == "":
			e.ExtraFile = true
		case k.side == Missing:
			e.Missing = append(e.Missing, k.statement)
		default:
			e.Extra = append(e.Extra, k.statement)
		}
	}
	sort.Strings(order)
	out := make([]*Entry, len(order))
	for i, id := range order {
		e := groups[id]
		sort.Strings(e.Missing)
		sort.Strings(e.Extra)
		out[i] = e
	}
	return out
}

// WriteSkeleton writes entries as YAML, the form of snapd-differences.yaml.
func WriteSkeleton(w io.Writer, entries []*Entry) error {
	data, err := yaml.Marshal(entries)
	if err != nil {
		return fmt.Errorf("cannot write the differences: %w", err)
	}
	_, err = w.Write(data)
	return err
}
