// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package explain tells where each line of a compiled snap's policy came
// from: the backend's template, or which plug, slot or connection.
//
// The attribution is measured, not inferred from comments: for every
// backend, the snap's files are rendered once with no contribution at
// all (the template: for AppArmor and seccomp the default template, for
// the other backends what they write for every snap, and the snap's
// layouts), and once per source with that source alone (Sources: one
// plug's or slot's permanent rules, or one connection). A source's lines
// are the lines its render has beyond the template's; the lines of the
// template its render lacks are the ones it replaces. The compiled file
// is then checked against them: a line of the file that neither the
// template nor any single source produces is listed as Combined (it
// appears only when sources are combined), and a template line missing
// from the file that no single source removes as Replaced. Both are
// normally empty; when they are not, the explanation says so rather than
// guess, and names for Combined lines a minimal set of sources that
// renders them together. The sources all together must render the
// compiled files byte for byte, or Explain fails: what is measured is
// then not what was compiled.
//
// Lines are compared as whole lines, blank lines left out, counted with
// their multiplicity.
package explain

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
)

// Options tune Explain.
type Options struct {
	// Backends names the backends to explain (see
	// plugpolicy.BackendNames); empty means every backend the result
	// was rendered with.
	Backends []string
}

// Explanation is where the policy of one app or hook came from.
type Explanation struct {
	// Snap is the snap's instance name.
	Snap string
	// Target is the app's name, or "hook.NAME".
	Target string
	// Tag is the security tag of the app or hook.
	Tag string
	// Files are the text files that confine it, by backend (in
	// plugpolicy.BackendNames order), then path: those of its tag and
	// those of the whole snap. Binary files (seccomp's compiled filters)
	// are left out.
	Files []File
}

// File is one file, line by line by source.
type File struct {
	Backend string
	Path    string
	// Tag is the security tag the file is for, or "" for a file of the
	// whole snap.
	Tag string
	// Written tells whether the file is compiled. It is not when a
	// source renders it alone but the sources together do not (an
	// interface that manages the snap's devices itself leaves it no udev
	// rules); then every source's lines are Dropped.
	Written bool
	// Lines is the number of non-blank lines of the file.
	Lines int
	// Template are the lines of the template render that the file has,
	// in the template's order.
	Template []string
	// Sections are the sources that change the file, in Sources order.
	Sections []Section
	// Combined are the lines of the file that neither the template nor
	// any single source produces, by the sources they need.
	Combined []Combination
	// Replaced are lines of the template that the file lacks and no
	// single source removes.
	Replaced []string
}

// Combination are lines that only appear when sources are combined.
type Combination struct {
	// Sources are a minimal set of sources that together render the
	// lines: found by leaving out each source in turn, from all of them,
	// when the lines stay without it. Another set may render them too
	// (two plugs of the same interface, say); this is the first.
	Sources []Source
	Lines   []string
}

// Section is what one source does to a file.
type Section struct {
	Source Source
	// Lines are the lines the source adds to the template, rendered
	// alone, that the file has.
	Lines []string
	// Removes are the template's lines that the source, rendered alone,
	// does not have (an interface replacing a template rule).
	Removes []string
	// Dropped are lines the source adds when rendered alone that the
	// file does not have (superseded once sources are combined).
	Dropped []string
}

// Exact tells whether the file is fully explained: every line comes from
// the template or a single source, and every template line it lacks was
// removed by a source.
func (f *File) Exact() bool { return len(f.Combined) == 0 && len(f.Replaced) == 0 }

// Explain explains the policy of one app ("kubelet") or hook
// ("hook.configure") of a snap of the result.
func Explain(res *plugpolicy.Result, instanceName, target string, opts Options) (*Explanation, error) {
	s := res.Snap(instanceName)
	if s == nil {
		return nil, fmt.Errorf("cannot explain %q: no snap %q was compiled", target, instanceName)
	}
	tag, err := securityTag(s, target)
	if err != nil {
		return nil, err
	}
	files, err := explainFiles(res, s, opts, func(t string) bool { return t == "" || t == tag })
	if err != nil {
		return nil, err
	}
	return &Explanation{Snap: instanceName, Target: target, Tag: tag, Files: files}, nil
}

// ExplainSnap explains every text file of a snap of the result: those of
// each app and hook, and those of the whole snap, by backend, then path.
func ExplainSnap(res *plugpolicy.Result, instanceName string, opts Options) ([]File, error) {
	s := res.Snap(instanceName)
	if s == nil {
		return nil, fmt.Errorf("cannot explain the policy of snap %q: no such snap was compiled", instanceName)
	}
	return explainFiles(res, s, opts, func(string) bool { return true })
}

func explainFiles(res *plugpolicy.Result, s *plugpolicy.SnapResult, opts Options, keep func(tag string) bool) ([]File, error) {
	backends, err := selectBackends(res, opts.Backends)
	if err != nil {
		return nil, err
	}
	sources, err := Sources(res.Repo, s.Name)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, b := range backends {
		files, err := explainBackend(res, s, b, sources, keep)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	return out, nil
}

// selectBackends returns the result's backends that names ask for.
func selectBackends(res *plugpolicy.Result, names []string) ([]interfaces.Backend, error) {
	all := res.Backends()
	var out []interfaces.Backend
	for _, name := range names {
		i := slices.IndexFunc(all, func(b interfaces.Backend) bool { return b.Name() == name })
		if i < 0 {
			var have []string
			for _, b := range all {
				have = append(have, b.Name())
			}
			return nil, fmt.Errorf("cannot explain backend %q: the result was rendered with %s only", name, strings.Join(have, ", "))
		}
		if !slices.Contains(out, all[i]) {
			out = append(out, all[i])
		}
	}
	if len(names) == 0 {
		return all, nil
	}
	// Rendering order, whatever the order of names.
	slices.SortFunc(out, func(a, b interfaces.Backend) int {
		return slices.Index(all, a) - slices.Index(all, b)
	})
	return out, nil
}

// explainBackend explains the backend's text files of the snap whose
// tag keep accepts ("" for a file of the whole snap).
func explainBackend(res *plugpolicy.Result, s *plugpolicy.SnapResult, b interfaces.Backend, sources []Source, keep func(tag string) bool) ([]File, error) {
	r := &renderer{b: b, s: s, sources: sources}
	full := res.FilesOf(s.Name, b.Name())
	// The sources together must make the files compiled, or what they
	// are measured against is not what they explain.
	all, err := r.render(func(int) bool { return true })
	if err != nil {
		return nil, err
	}
	for _, p := range paths(full, all) {
		if !bytes.Equal(full[p], all[p]) {
			return nil, fmt.Errorf("cannot explain %s of snap %q: its sources together do not render it as compiled", p, s.Name)
		}
	}
	base, err := r.render(func(int) bool { return false })
	if err != nil {
		return nil, err
	}
	alone := make([]interfaces.Files, len(sources))
	for i := range sources {
		if alone[i], err = r.render(func(j int) bool { return j == i }); err != nil {
			return nil, err
		}
	}
	var out []File
	for _, p := range paths(full, base, alone) {
		ft := tagOf(p, s.Info.SecurityTags())
		if !keep(ft) || !isText(full[p]) || !isText(base[p]) {
			continue
		}
		_, written := full[p]
		f := File{Backend: b.Name(), Path: p, Tag: ft, Written: written}
		var per [][]string
		for _, files := range alone {
			per = append(per, lines(files[p]))
		}
		combined := f.attribute(lines(full[p]), lines(base[p]), sources, per)
		if f.Combined, err = r.combinations(combined, full[p], p); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// renderer renders a snap's files for a backend from some of its sources.
type renderer struct {
	b       interfaces.Backend
	s       *plugpolicy.SnapResult
	sources []Source
	// sets are the minimal sets of sources found so far, with their
	// files: the lines of one combination are often in several files.
	sets []renderedSet
}

type renderedSet struct {
	sources []int
	files   interfaces.Files
}

// render renders the files of the sources include says, in order.
func (r *renderer) render(include func(i int) bool) (interfaces.Files, error) {
	spec := r.b.NewSpecification(r.s.Info, r.s.Confinement)
	for i := range r.sources {
		if !include(i) {
			continue
		}
		if err := r.sources[i].add(spec); err != nil {
			return nil, fmt.Errorf("cannot explain the %s files of snap %q: %s: %w", r.b.Name(), r.s.Name, r.sources[i], err)
		}
	}
	files, err := r.b.Render(spec)
	if err != nil {
		return nil, fmt.Errorf("cannot explain the %s files of snap %q: %w", r.b.Name(), r.s.Name, err)
	}
	return files, nil
}

// minimal returns the indexes of an irreducible subset of the sources
// start names whose files together have line l at path p at least want
// times: each source in turn is left out if the line stays.
func (r *renderer) minimal(p, l string, want int, start []int) ([]int, error) {
	keep := map[int]bool{}
	for _, i := range start {
		keep[i] = true
	}
	for _, i := range start {
		keep[i] = false
		files, err := r.render(func(j int) bool { return keep[j] })
		if err != nil {
			return nil, err
		}
		if counts(lines(files[p]))[l] < want {
			keep[i] = true
		}
	}
	var out []int
	for _, i := range start {
		if keep[i] {
			out = append(out, i)
		}
	}
	return out, nil
}

// setFor returns a minimal set of sources that renders line l at path p
// want times, with its files. The search starts from a set found before
// that renders it, if there is one (the lines of one combination are
// often in several files), or else from all the sources.
func (r *renderer) setFor(p, l string, want int) (renderedSet, error) {
	var start []int
	for i := range r.sources {
		start = append(start, i)
	}
	for _, set := range r.sets {
		if counts(lines(set.files[p]))[l] >= want {
			start = set.sources
			break
		}
	}
	sources, err := r.minimal(p, l, want, start)
	if err != nil {
		return renderedSet{}, err
	}
	for _, set := range r.sets {
		if slices.Equal(set.sources, sources) {
			return set, nil
		}
	}
	files, err := r.render(func(i int) bool { return slices.Contains(sources, i) })
	if err != nil {
		return renderedSet{}, err
	}
	set := renderedSet{sources: sources, files: files}
	r.sets = append(r.sets, set)
	return set, nil
}

// combinations groups the lines that only appear when sources are
// combined by a minimal set of sources that produces them together.
func (r *renderer) combinations(combined []string, full []byte, p string) ([]Combination, error) {
	var out []Combination
	have := counts(lines(full))
	done := map[string]bool{}
	for _, l := range combined {
		if done[l] {
			continue
		}
		set, err := r.setFor(p, l, have[l])
		if err != nil {
			return nil, err
		}
		c := Combination{}
		for _, i := range set.sources {
			c.Sources = append(c.Sources, r.sources[i])
		}
		got := counts(lines(set.files[p]))
		for _, m := range combined {
			if !done[m] && got[m] >= have[m] {
				c.Lines = append(c.Lines, m)
				done[m] = true
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// attribute fills the file's lines from the file's, the template's and
// each source's rendered alone, and returns the file's lines that none
// of them has.
func (f *File) attribute(file, template []string, sources []Source, alone [][]string) (combined []string) {
	f.Lines = len(file)
	inFile := counts(file)
	rest := counts(file)
	var missing []string
	for _, l := range template {
		if rest[l] > 0 {
			f.Template = append(f.Template, l)
			rest[l]--
		} else {
			missing = append(missing, l)
		}
	}
	removed := map[string]bool{}
	for i, src := range sources {
		added, removes := difference(alone[i], template), difference(template, alone[i])
		sec := Section{Source: src, Removes: removes}
		for _, l := range added {
			switch {
			case rest[l] > 0:
				rest[l]--
				sec.Lines = append(sec.Lines, l)
			case inFile[l] > 0:
				// The file has it once for several sources (a
				// snippet deduplicated, a shared header).
				sec.Lines = append(sec.Lines, l)
			default:
				sec.Dropped = append(sec.Dropped, l)
			}
		}
		for _, l := range removes {
			removed[l] = true
		}
		if len(sec.Lines)+len(sec.Removes)+len(sec.Dropped) > 0 {
			f.Sections = append(f.Sections, sec)
		}
	}
	for _, l := range missing {
		if !removed[l] {
			f.Replaced = append(f.Replaced, l)
		}
	}
	for _, l := range file {
		if rest[l] > 0 {
			combined = append(combined, l)
			rest[l]--
		}
	}
	return combined
}

// paths returns every path of the files, sorted.
func paths(sets ...any) []string {
	seen := map[string]bool{}
	add := func(files interfaces.Files) {
		for p := range files {
			seen[p] = true
		}
	}
	for _, s := range sets {
		switch s := s.(type) {
		case interfaces.Files:
			add(s)
		case []interfaces.Files:
			for _, files := range s {
				add(files)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// lines returns the non-blank lines of data.
func lines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func counts(lines []string) map[string]int {
	out := make(map[string]int, len(lines))
	for _, l := range lines {
		out[l]++
	}
	return out
}

// difference returns the lines of a that b does not have, counted with
// their multiplicity, in a's order.
func difference(a, b []string) []string {
	left := counts(b)
	var out []string
	for _, l := range a {
		if left[l] > 0 {
			left[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

// isText tells whether data is text: UTF-8 without NUL bytes.
func isText(data []byte) bool {
	return utf8.Valid(data) && bytes.IndexByte(data, 0) < 0
}

// tagOf returns the longest of tags that names a component of path,
// alone or followed by a dot, or "" for a file of the whole snap.
func tagOf(path string, tags []string) string {
	best := ""
	for _, comp := range strings.Split(path, "/") {
		for _, tag := range tags {
			if len(tag) > len(best) && (comp == tag || strings.HasPrefix(comp, tag+".")) {
				best = tag
			}
		}
	}
	return best
}
