// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// Options say how Check checks a tree.
type Options struct {
	// AppArmorParser is the apparmor_parser that compiles the profiles;
	// "" leaves them uncompiled, with a note saying so.
	AppArmorParser string
	// Arch is the architecture the seccomp filters were compiled for;
	// ArchInvalid tries the host's first, then every other, and takes
	// the one that reproduces a filter.
	Arch bpf.Arch
}

// Problem is something wrong in a tree: Path is relative to the root,
// Line is 0 where the problem is not on one line.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// String is "PATH: MESSAGE" or "PATH:LINE: MESSAGE".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
	}
	return p.Path + ": " + p.Message
}

// Counts are the files Check checked, by what it checked them with.
type Counts struct {
	AppArmor         int      // AppArmor profiles
	AppArmorCompiled bool     // ... compiled with apparmor_parser
	Seccomp          int      // seccomp policy sources
	SeccompArches    []string // the architectures their filters are for
	Udev             int      // udev rules files
	Kmod             int      // modules-load.d and modprobe.d files
	Other            int      // other files of the layout, checked by name only
}

// Report is what Check found.
type Report struct {
	Dir      string    `json:"dir"`
	Files    int       `json:"files"` // regular files checked
	Problems []Problem `json:"problems"`
	// Warnings are what udev accepts but warns about; they do not make
	// the tree invalid.
	Warnings []Problem `json:"-"`
	Notes    []string  `json:"notes"` // what was not checked
	Counts   Counts    `json:"-"`
}

// MarshalJSON writes the report as {"dir", "files", "problems", "notes"},
// the warnings among the notes as "PATH:LINE: warning: MESSAGE".
func (r *Report) MarshalJSON() ([]byte, error) {
	type plain Report // without this method
	out := plain(*r)
	out.Notes = slices.Clone(r.Notes)
	for _, w := range r.Warnings {
		w.Message = "warning: " + w.Message
		out.Notes = append(out.Notes, w.String())
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "symlink -> TARGET" as it reads
	err := enc.Encode(out)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// OK reports whether the tree has no problems.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(rel string, line int, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Path: rel, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Check checks the tree at dir: every file must be one that "plugpolicy
// compile" writes, and be what its consumer accepts (see the package
// documentation and checkFile). The error is for a tree that cannot be
// read; everything wrong inside it is in the report.
func Check(dir string, opts Options) (*Report, error) {
	entries, err := Walk(dir)
	if err != nil {
		return nil, err
	}
	r := &Report{Dir: dir, Problems: []Problem{}, Warnings: []Problem{}, Notes: []string{}}
	var profiles []string
	sec := seccompFiles{}
	skip := "" // an unknown directory, whose contents are not listed
	for _, e := range entries {
		switch {
		case skip != "" && strings.HasPrefix(e.Rel, skip):
			continue
		case e.IsDir():
			if !KnownDir(e.Rel) {
				r.problem(e.Rel, 0, "directory outside the layout plugpolicy compile writes")
				skip = e.Rel + "/"
			}
			continue
		case !e.IsRegular():
			r.problem(e.Rel, 0, "%s: not a regular file (not followed)", e.Describe())
			continue
		}
		if KindOf(e.Rel) == RunRecord {
			// Not policy: no loader reads it, and a record that does
			// not decode only makes the next compile render everything.
			continue
		}
		r.Files++
		switch kind := KindOf(e.Rel); kind {
		case AppArmorProfile:
			profiles = append(profiles, e.Rel)
		case SeccompSource, SeccompBin, SeccompBin2:
			sec.add(kind, e.Rel)
		case Unknown:
			r.problem(e.Rel, 0, "not a file plugpolicy compile writes")

		default:
			r.checkFile(dir, e.Rel, kind)
		}
	}
	r.Counts.AppArmor = len(profiles)
	r.checkProfiles(dir, profiles, opts.AppArmorParser)
	r.checkSeccomp(dir, sec, opts.Arch)
	slices.SortStableFunc(r.Problems, func(a, b Problem) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return r, nil
}

// checkFile checks a udev or kmod file by its syntax; the other kinds are
// counted, checked by name only.
func (r *Report) checkFile(dir, rel string, kind Kind) {
	var check func(string) (problems, warnings []lineMsg)
	switch kind {
	case UdevRules:
		r.Counts.Udev++
		check = checkUdevRules
	case ModulesLoad:
		r.Counts.Kmod++
		check = func(s string) ([]lineMsg, []lineMsg) { return checkModulesLoad(s), nil }
	case Modprobe:
		r.Counts.Kmod++
		check = func(s string) ([]lineMsg, []lineMsg) { return checkModprobe(s), nil }
	default:
		r.Counts.Other++
		return
	}
	data, err := ReadFile(dir, rel)
	if err != nil {
		r.problem(rel, 0, "cannot read: %v", err)
		return
	}
	problems, warnings := check(string(data))
	for _, p := range problems {
		r.problem(rel, p.line, "%s", p.msg)
	}
	for _, w := range warnings {
		r.Warnings = append(r.Warnings, Problem{Path: rel, Line: w.line, Message: w.msg})
	}
}
