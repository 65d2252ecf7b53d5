// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"path"
	"sort"
	"strings"
)

// Side says on which side of the comparison a statement or file is.
type Side string

const (
	// Missing is what snapd writes and plugpolicy does not.
	Missing Side = "missing"
	// Extra is what plugpolicy writes and snapd does not.
	Extra Side = "extra"
)

// Difference is one statement, or one whole file, that only one side has.
type Difference struct {
	Scenario string
	File     string // corpus path
	Block    string // see Statements; "" for the main profile or a whole file
	Side     Side
	// Statement is the normalised statement; "" when the whole file is
	// on one side only.
	Statement string
}

// WholeFile tells whether the difference is a file only one side has.
func (d Difference) WholeFile() bool { return d.Statement == "" }

// Count says how many statements each side has and how many they share.
type Count struct {
	Snapd, Ours, Common int
}

// Comparison is the result of comparing one scenario.
type Comparison struct {
	Differences []Difference
	// Counts are per corpus file (and the unit pseudo-files).
	Counts map[string]Count
}

// Compare compares snapd's files of a scenario with plugpolicy's (keyed
// by CorpusPath). baseline holds, for each of snapd's service units, the
// same unit of the scenario's baseline (the snap without its plug or
// slot), so that the settings interfaces add can be told from the rest of
// the unit; a unit without a baseline adds none.
func Compare(sc *Scenario, ours map[string][]byte, baseline map[string][]byte) Comparison {
	res := Comparison{Counts: map[string]Count{}}
	theirs := map[string]Statements{}
	for name, data := range sc.Files {
		kind := KindOf(name)
		if kind == KindUnit {
			theirs[name+UnitSettingsSuffix] = unitSettings(data, baseline[name])
			// The unit itself is snapd's, not an interface's: it is
			// compared as a whole file, which plugpolicy never writes.
			theirs[name] = nil
			continue
		}
		theirs[name] = Parse(kind, data)
	}
	mine := map[string]Statements{}
	for name, data := range ours {
		if strings.HasSuffix(name, UnitSettingsSuffix) {
			mine[name] = dropInSettings(data)
			continue
		}
		mine[name] = Parse(KindOf(name), data)
	}
	for _, name := range unionKeys(theirs, mine) {
		t, inTheirs := theirs[name]
		m, inMine := mine[name]
		switch {
		case strings.HasSuffix(name, UnitSettingsSuffix):
			// Compared whether or not either side has settings.
		case !inMine:
			res.Differences = append(res.Differences, Difference{Scenario: sc.Name, File: name, Side: Missing})
			res.Counts[name] = Count{Snapd: t.Count()}
			continue
		case !inTheirs:
			res.Differences = append(res.Differences, Difference{Scenario: sc.Name, File: name, Side: Extra})
			res.Counts[name] = Count{Ours: m.Count()}
			continue
		}
		res.Differences = append(res.Differences, diffStatements(sc.Name, name, t, m, &res)...)
	}
	return res
}

func diffStatements(scenario, file string, theirs, mine Statements, res *Comparison) []Difference {
	var out []Difference
	c := Count{Snapd: theirs.Count(), Ours: mine.Count()}
	for _, block := range unionKeys(theirs, mine) {
		for _, st := range theirs.Sorted(block) {
			if mine[block][st] {
				c.Common++
			} else {
				out = append(out, Difference{Scenario: scenario, File: file, Block: block, Side: Missing, Statement: st})
			}
		}
		for _, st := range mine.Sorted(block) {
			if !theirs[block][st] {
				out = append(out, Difference{Scenario: scenario, File: file, Block: block, Side: Extra, Statement: st})
			}
		}
	}
	res.Counts[file] = c
	return out
}

// unitSettings are the lines of a unit that its baseline lacks: what
// interfaces set.
func unitSettings(unit, baseline []byte) Statements {
	if baseline == nil {
		return Statements{}
	}
	base := Parse(KindOther, baseline)
	out := Statements{}
	for st := range Parse(KindOther, unit)[""] {
		if !base[""][st] && !strings.HasPrefix(st, "[") {
			out.add("", st)
		}
	}
	return out
}

// dropInSettings are the settings of a drop-in, without section headers.
func dropInSettings(data []byte) Statements {
	out := Statements{}
	for st := range Parse(KindOther, data)[""] {
		if !strings.HasPrefix(st, "[") {
			out.add("", st)
		}
	}
	return out
}

// BaselineOf names the scenario whose units are the baseline of a
// scenario's snap (by its corpus file name), or "" when it has none.
func BaselineOf(sc *Scenario, file string) string {
	if strings.HasPrefix(sc.Name, "template/") {
		return ""
	}
	provider := strings.HasPrefix(path.Base(file), "snap.provider.")
	switch {
	case provider && sc.Core():
		return "template/provider-base-core"
	case provider && strings.Contains(string(sc.ProviderYAML), "\ntype: gadget"):
		return "template/provider-gadget-base"
	case provider:
		return "template/provider-base"
	case sc.Core():
		return "template/iface-base-core"
	}
	return "template/iface-base"
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// DeltaCount counts, over the AppArmor profiles, seccomp sources, udev,
// kmod and unit settings of a scenario, the statements each side adds to
// its baseline (the same snap without the interface), and those both add:
// what an interface contributes, by snapd's and by plugpolicy's reckoning.
func DeltaCount(theirs, theirsBase, ours, oursBase map[string][]byte) Count {
	var c Count
	delta := func(files, base map[string][]byte, name string) Statements {
		out := Statements{}
		st := Parse(KindOf(name), files[name])
		b := Parse(KindOf(name), base[name])
		for block, set := range st {
			for s := range set {
				if !b[block][s] {
					out.add(block, s)
				}
			}
		}
		return out
	}
	for _, name := range unionKeys(theirs, ours) {
		if KindOf(name) == KindUnit || strings.Contains(name, "snap-update-ns.") {
			continue
		}
		t, m := delta(theirs, theirsBase, name), delta(ours, oursBase, name)
		c.Snapd += t.Count()
		c.Ours += m.Count()
		for block, set := range t {
			for s := range set {
				if m[block][s] {
					c.Common++
				}
			}
		}
	}
	return c
}
