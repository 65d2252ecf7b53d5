// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"errors"
	"fmt"
	"os"
	"path"
	"strings"

	"gopkg.in/yaml.v2"
)

// Why says why plugpolicy differs from snapd.
type Why string

const (
	// WhySeed: the seed (shared/seeds/000_kubernetes_support...) is the
	// authority for kubernetes-support, and says otherwise.
	WhySeed Why = "seed"
	// WhyChoice: a deliberate choice, argued in the reason.
	WhyChoice Why = "choice"
	// WhySnapdBug: snapd's output is wrong (the reason says how).
	WhySnapdBug Why = "snapd-bug"
	// WhyLater: plugpolicy does not write this yet; the reason names the
	// issue that will. Never valid for a difference that allows more.
	WhyLater Why = "later"
)

// Entry is one reviewed difference, or a group of them with one reason.
type Entry struct {
	// Scenarios and Files are path.Match patterns over scenario names
	// ("iface/home@*", "*/*" for all) and corpus paths ("var/lib/snapd/apparmor/
	// profiles/snap.plugger.*"); each may list several.
	Scenarios []string `yaml:"scenarios"`
	Files     []string `yaml:"files"`
	// Block is the profile the statements stand in: "" (the main
	// profile), a child profile's name, "@header", or "*" for any.
	Block string `yaml:"block,omitempty"`
	// Missing are statements snapd writes and plugpolicy does not; Extra
	// the other way round. MissingFile and ExtraFile say the whole file
	// is on one side only.
	Missing     []string `yaml:"missing,omitempty"`
	Extra       []string `yaml:"extra,omitempty"`
	MissingFile bool     `yaml:"missing-file,omitempty"`
	ExtraFile   bool     `yaml:"extra-file,omitempty"`
	Why         Why      `yaml:"why"`
	Reason      string   `yaml:"reason"`
	// Security argues why a difference that lets the program do what
	// snapd denies is safe. It is required for such a difference.
	Security string `yaml:"security,omitempty"`
}

// LoadDifferences reads and checks the list of reviewed differences.
func LoadDifferences(file string) ([]*Entry, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read the list of differences: %w", err)
	}
	var entries []*Entry
	if err := yaml.UnmarshalStrict(data, &entries); err != nil {
		return nil, fmt.Errorf("cannot read the list of differences %s: %w", file, err)
	}
	var errs []error
	for i, e := range entries {
		if err := e.check(); err != nil {
			errs = append(errs, fmt.Errorf("%s: entry %d (%s): %w", file, i+1, strings.Join(e.Scenarios, ","), err))
		}
	}
	return entries, errors.Join(errs...)
}

func (e *Entry) check() error {
	switch {
	case len(e.Scenarios) == 0 || len(e.Files) == 0:
		return errors.New("an entry names scenarios and files")
	case len(e.Missing)+len(e.Extra) == 0 && !e.MissingFile && !e.ExtraFile:
		return errors.New("an entry lists statements or a whole file")
	case e.Why != WhySeed && e.Why != WhyChoice && e.Why != WhySnapdBug && e.Why != WhyLater:
		return fmt.Errorf("invalid why %q: use seed, choice, snapd-bug or later", e.Why)
	case strings.TrimSpace(e.Reason) == "":
		return errors.New("an entry gives its reason")
	}
	for _, pats := range [][]string{e.Scenarios, e.Files} {
		for _, p := range pats {
			if _, err := path.Match(p, ""); err != nil {
				return fmt.Errorf("invalid pattern %q: %w", p, err)
			}
		}
	}
	return nil
}

// matches tells whether the entry covers a difference.
func (e *Entry) matches(d Difference) bool {
	if !matchAny(e.Scenarios, d.Scenario) || !matchAny(e.Files, d.File) {
		return false
	}
	if d.WholeFile() {
		return (d.Side == Missing && e.MissingFile) || (d.Side == Extra && e.ExtraFile)
	}
	if e.Block != "*" && e.Block != d.Block {
		return false
	}
	list := e.Missing
	if d.Side == Extra {
		list = e.Extra
	}
	for _, st := range list {
		if collapse(st) == d.Statement {
			return true
		}
	}
	return false
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, s); ok {
			return true
		}
	}
	return false
}

// AllowsMore tells whether, in this difference, plugpolicy lets the
// program do something snapd does not: a statement only plugpolicy
// writes that is not a denial, a denial only snapd writes, or a file only
// plugpolicy writes.
func (d Difference) AllowsMore() bool {
	if d.WholeFile() {
		return d.Side == Extra
	}
	return (d.Side == Extra) != isDenial(d.Statement)
}

// isDenial tells whether a statement takes access away: an AppArmor deny
// rule, a seccomp "~" line, a modprobe blacklist line.
func isDenial(st string) bool {
	for _, p := range []string{"deny ", "audit deny ", "~", "blacklist "} {
		if strings.HasPrefix(st, p) {
			return true
		}
	}
	return false
}

// Verdict is the outcome of holding differences to the reviewed list.
type Verdict struct {
	// Unlisted are the differences no entry covers.
	Unlisted []Difference
	// Unargued are listed differences that allow more than snapd, whose
	// entry has no security argument or says "later".
	Unargued []Difference
	// Stale are the entries' statements and files that no difference
	// matched: "entry N: missing: STATEMENT".
	Stale []string
}

// OK tells whether every difference is listed and argued, and every
// entry still occurs.
func (v Verdict) OK() bool { return len(v.Unlisted)+len(v.Unargued)+len(v.Stale) == 0 }

// Judge holds the differences of every compared scenario to the entries.
func Judge(diffs []Difference, entries []*Entry) Verdict {
	var v Verdict
	used := map[string]bool{} // "entry/side/statement" that matched
	for _, d := range diffs {
		var found *Entry
		for i, e := range entries {
			if e.matches(d) {
				found = e
				used[usedKey(i, d)] = true
				break
			}
		}
		switch {
		case found == nil:
			v.Unlisted = append(v.Unlisted, d)
		case d.AllowsMore() && (strings.TrimSpace(found.Security) == "" || found.Why == WhyLater):
			v.Unargued = append(v.Unargued, d)
		}
	}
	for i, e := range entries {
		check := func(side Side, st string) {
			if !used[fmt.Sprintf("%d/%s/%s", i, side, collapse(st))] {
				v.Stale = append(v.Stale, fmt.Sprintf("entry %d (%s): %s: %s", i+1, strings.Join(e.Scenarios, ","), side, st))
			}
		}
		for _, st := range e.Missing {
			check(Missing, st)
		}
		for _, st := range e.Extra {
			check(Extra, st)
		}
		if e.MissingFile {
			check(Missing, "")
		}
		if e.ExtraFile {
			check(Extra, "")
		}
	}
	return v
}

func usedKey(i int, d Difference) string {
	return fmt.Sprintf("%d/%s/%s", i, d.Side, d.Statement)
}
