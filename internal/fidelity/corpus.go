// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package fidelity holds plugpolicy to snapd: it reads the reference
// corpus in ../shared/snapd-ref (what snapd's own backends wrote for its
// default templates and its builtin interfaces, scenario by scenario),
// compiles the same snaps and connections for the same host with
// plugpolicy, and compares the files statement by statement. The
// differences it finds are matched against the reviewed list of known
// differences (snapd-differences.yaml at the top of the module); the
// fidelity test fails on any difference that list does not argue, and on
// any entry of the list that no longer occurs.
package fidelity

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Scenario is one directory of the corpus: the snaps, the connections,
// the host facts and the files snapd wrote.
type Scenario struct {
	// Name is the directory below the corpus root ("template/strict",
	// "iface/home@read-all").
	Name string
	// Dir is the scenario's directory.
	Dir string
	// Facts are the "key: value" lines of scenario.txt; a key that
	// occurs more than once (note) keeps its values in order.
	Facts map[string][]string
	// SnapYAML and ProviderYAML are the plug snap and the slot snap;
	// either may be missing (nil).
	SnapYAML, ProviderYAML []byte
	// Connections are the lines of connections.txt, as
	// "PLUGSNAP:PLUG SLOTSNAP:SLOT".
	Connections []string
	// Files are snapd's files, relative to the scenario's root, keyed by
	// slash-separated path.
	Files map[string][]byte
}

// inputs are the scenario files that are inputs and descriptions, not
// snapd's output.
var inputs = map[string]bool{"snap.yaml": true, "provider.yaml": true, "connections.txt": true, "scenario.txt": true}

// LoadCorpus reads every scenario below root (the snapd-ref directory),
// sorted by name.
func LoadCorpus(root string) ([]*Scenario, error) {
	var out []*Scenario
	for _, group := range []string{"template", "iface"} {
		dirs, err := os.ReadDir(filepath.Join(root, group))
		if err != nil {
			return nil, fmt.Errorf("cannot read the corpus: %w", err)
		}
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			sc, err := LoadScenario(root, group+"/"+d.Name())
			if err != nil {
				return nil, err
			}
			out = append(out, sc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// LoadScenario reads one scenario, named by its directory below root.
func LoadScenario(root, name string) (*Scenario, error) {
	sc := &Scenario{Name: name, Dir: filepath.Join(root, filepath.FromSlash(name)), Facts: map[string][]string{}, Files: map[string][]byte{}}
	err := filepath.WalkDir(sc.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			if d.IsDir() {
				return nil
			}
			return fmt.Errorf("%s is not a regular file", p)
		}
		rel, err := filepath.Rel(sc.Dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch rel {
		case "snap.yaml":
			sc.SnapYAML = data
		case "provider.yaml":
			sc.ProviderYAML = data
		case "connections.txt":
			sc.Connections = nonEmptyLines(string(data))
		case "scenario.txt":
			sc.readFacts(string(data))
		}
		if !inputs[rel] {
			sc.Files[rel] = data
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read scenario %s: %w", name, err)
	}
	return sc, nil
}

func (sc *Scenario) readFacts(text string) {
	s := bufio.NewScanner(strings.NewReader(text))
	for s.Scan() {
		key, value, ok := strings.Cut(s.Text(), ": ")
		if ok {
			sc.Facts[key] = append(sc.Facts[key], value)
		}
	}
}

// Fact returns the first value of a scenario.txt key, without the
// parenthesised remark snapd-ref adds to values that are not the default
// ("xdp  (not the default set)" is "xdp"; "(none)" is "").
func (sc *Scenario) Fact(key string) string {
	values := sc.Facts[key]
	if len(values) == 0 {
		return ""
	}
	v := values[0]
	if i := strings.Index(v, "  ("); i >= 0 {
		v = v[:i]
	}
	if v == "(none)" {
		return ""
	}
	return strings.TrimSpace(v)
}

// Core tells whether the scenario runs on Ubuntu Core.
func (sc *Scenario) Core() bool { return strings.HasPrefix(sc.Fact("system"), "core") }

// InstanceKey is the plug snap's instance key, if it has one.
func (sc *Scenario) InstanceKey() string {
	_, after, ok := strings.Cut(sc.Fact("snaps set up"), "instance key ")
	if !ok {
		return ""
	}
	return strings.TrimRight(after, ")")
}

// Prompting tells whether AppArmor prompting is on.
func (sc *Scenario) Prompting() bool { return strings.HasPrefix(sc.Fact("apparmor prompting"), "yes") }

// Kind names how a file is compared.
type Kind int

const (
	// KindOther files are compared as their non-comment lines.
	KindOther Kind = iota
	// KindAppArmor profiles are compared statement by statement, per
	// (child) profile.
	KindAppArmor
	// KindSeccomp policy sources are compared rule line by rule line.
	KindSeccomp
	// KindUnit is a snap's own service unit: plugpolicy writes only the
	// settings interfaces add to it, as a drop-in.
	KindUnit
)

// KindOf says how the file at a corpus path is compared.
func KindOf(name string) Kind {
	switch {
	case strings.HasPrefix(name, "var/lib/snapd/apparmor/profiles/"):
		return KindAppArmor
	case strings.HasPrefix(name, "var/lib/snapd/seccomp/bpf/") && strings.HasSuffix(name, ".src"):
		return KindSeccomp
	case strings.HasPrefix(name, "etc/systemd/system/") && strings.HasSuffix(name, ".service") && !strings.Contains(path.Base(name), ".interface."):
		return KindUnit
	}
	return KindOther
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
