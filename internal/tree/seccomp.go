// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"bytes"
	"maps"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// seccompFiles are a tree's seccomp files by kind, each a map from the
// path without its extension to the path.
type seccompFiles map[Kind]map[string]string

func (s seccompFiles) add(kind Kind, rel string) {
	if s[kind] == nil {
		s[kind] = map[string]string{}
	}
	s[kind][rel[:strings.LastIndexByte(rel, '.')]] = rel
}

// checkSeccomp recompiles every source and compares the result with the
// .bin beside it (which must be there) and the .bin2 (when there is one:
// compile writes none, snapd's snap-seccomp does). A filter without its
// source is a problem.
func (r *Report) checkSeccomp(dir string, files seccompFiles, arch bpf.Arch) {
	for _, kind := range []Kind{SeccompBin, SeccompBin2} {
		for _, base := range slices.Sorted(maps.Keys(files[kind])) {
			if _, ok := files[SeccompSource][base]; !ok {
				r.problem(files[kind][base], 0, "%s without its policy source %s.src", kind, base)
			}
		}
	}
	arches := &archGuess{fixed: arch}
	for _, base := range slices.Sorted(maps.Keys(files[SeccompSource])) {
		r.Counts.Seccomp++
		src := files[SeccompSource][base]
		bin, hasBin := files[SeccompBin][base]
		if !hasBin {
			r.problem(src, 0, "no compiled filter %s.bin beside it", base)
		}
		bin2, hasBin2 := files[SeccompBin2][base]
		text, err := ReadFile(dir, src)
		if err != nil {
			r.problem(src, 0, "cannot read: %v", err)
			continue
		}
		tag := base[strings.LastIndexByte(base, '/')+1:]
		if hasBin {
			r.compareFilter(dir, bin, SeccompBin, tag, text, arches)
		}
		if hasBin2 {
			r.compareFilter(dir, bin2, SeccompBin2, tag, text, arches)
		}
	}
	r.Counts.SeccompArches = arches.found
}

// archGuess is the architecture of a tree's filters: fixed, or the ones
// that reproduced a filter so far.
type archGuess struct {
	fixed bpf.Arch
	found []string
}

// candidates are the architectures to try, likeliest first.
func (g *archGuess) candidates() []bpf.Arch {
	if g.fixed != bpf.ArchInvalid {
		return []bpf.Arch{g.fixed}
	}
	var out []bpf.Arch
	for _, name := range g.found {
		a, _ := bpf.ParseArch(name)
		out = append(out, a)
	}
	for _, a := range append([]bpf.Arch{bpf.HostArch()}, bpf.Arches()...) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func (g *archGuess) saw(a bpf.Arch) {
	if !slices.Contains(g.found, a.String()) {
		g.found = append(g.found, a.String())
	}
}

// compareFilter compares the filter at rel with the source compiled for
// each candidate architecture in turn, until one is the same.
func (r *Report) compareFilter(dir, rel string, kind Kind, tag string, src []byte, arches *archGuess) {
	got, err := ReadFile(dir, rel)
	if err != nil {
		r.problem(rel, 0, "cannot read: %v", err)
		return
	}
	candidates := arches.candidates()
	var first []byte
	for i, a := range candidates {
		compile := bpf.CompileSource
		if kind == SeccompBin2 {
			compile = bpf.CompileSnapConfine
		}
		want, err := compile(tag, src, bpf.Options{Arch: a})
		if err != nil {
			if i == 0 {
				r.problem(rel, 0, "its source does not compile for %s: %v", a, err)
				return
			}
			continue
		}
		if bytes.Equal(got, want) {
			arches.saw(a)
			return
		}
		if i == 0 {
			first = want
		}
	}
	if len(candidates) == 1 {
		r.problem(rel, 0, "differs from its source compiled for %s (%d bytes, want %d)", candidates[0], len(got), len(first))
		return
	}
	r.problem(rel, 0, "differs from its source compiled for every architecture (%d bytes; for %s it is %d)", len(got), candidates[0], len(first))
}
