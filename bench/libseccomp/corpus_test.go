// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// snapdRef is the reference corpus: what snapd's own backends write for
// its templates and builtin interfaces (../shared/snapd-ref, README.md
// there), beside the checkout.
const snapdRef = "../../../shared/snapd-ref"

// corpusSource is one distinct policy source of the corpus.
type corpusSource struct {
	file  string // the first file with it, relative to snapdRef
	files int    // how many files have it
	src   []byte
}

// snapdSources returns the corpus's distinct .src files (after the
// version-info line, which the corpus's stub compiler writes alike
// everywhere), in the order of their first file.
func snapdSources(t *testing.T) []corpusSource {
	t.Helper()
	var files []string
	for _, pattern := range []string{"template/*/var/lib/snapd/seccomp/bpf/*.src", "iface/*/var/lib/snapd/seccomp/bpf/*.src"} {
		found, err := filepath.Glob(filepath.Join(snapdRef, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, found...)
	}
	if len(files) == 0 {
		t.Fatalf("no policy sources in %s: the tests expect ../shared beside the checkout", snapdRef)
	}
	var out []corpusSource
	index := map[string]int{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.SplitN(src, []byte("\n"), 3)
		key := string(src)
		if len(lines) == 3 && bytes.HasPrefix(lines[1], []byte("# ")) {
			key = string(lines[0]) + "\n" + string(lines[2])
		}
		if i, ok := index[key]; ok {
			out[i].files++
			continue
		}
		rel, _ := filepath.Rel(snapdRef, f)
		index[key] = len(out)
		out = append(out, corpusSource{file: rel, files: 1, src: src})
	}
	return out
}

// abiOf returns the ABI a call is made through, x32 told from amd64 by
// the number's bit 30, or ArchInvalid.
func abiOf(d bpf.Data) bpf.Arch {
	for _, a := range bpf.Arches() {
		if a.AuditArch() != d.Arch {
			continue
		}
		if x32 := d.Nr&0x40000000 != 0; (a == bpf.ArchAMD64 && x32) || (a == bpf.ArchX32 && !x32) {
			continue
		}
		return a
	}
	return bpf.ArchInvalid
}

// corpusCheck compares, for one policy and arch group, libseccomp's
// decisions (snap-seccomp's two filters, stacked as snap-confine loads
// them) with Decide's, the single .bin's and the .bin2 pair's.
type corpusCheck struct {
	t      *testing.T
	src    corpusSource
	p      *bpf.Policy
	opts   bpf.Options
	lib    filters
	bin    *bpf.Program
	pair   filters
	rnd    *rand.Rand
	seen   map[string]bool // calls (ABI, number, lines) checked in full
	counts *corpusCounts
}

// corpusCounts sums up an arch group's comparison.
type corpusCounts struct {
	checked int
	// allowed counts the differences at calls libseccomp cannot resolve,
	// by ABI and name.
	allowed map[string]int
	// unresolved holds every ABI and name of the policies that
	// libseccomp cannot place there, whether it makes a difference or not.
	unresolved map[string]bool
	failed     int
}

// At most maxSamples argument vectors are tried per call (a multiplexer
// carries every socket line, and would get tens of thousands), and
// repeatSamples for a call whose lines another source had already: its
// decision was checked there in full.
const (
	maxSamples    = 1000
	repeatSamples = 8
)

// spread returns at most n of the vectors, evenly spread.
func spread(vectors [][6]uint64, n int) [][6]uint64 {
	if len(vectors) <= n {
		return vectors
	}
	out := make([][6]uint64, 0, n)
	for i := 0; i < len(vectors) && len(out) < n; i += len(vectors)/n + 1 {
		out = append(out, vectors[i])
	}
	return out
}

func (c *corpusCheck) run() {
	covered, err := c.opts.Arches()
	if err != nil {
		c.t.Fatal(err)
	}
	for _, a := range bpf.Arches() {
		for _, nr := range numbersOf(a, slices.Contains(covered, a)) {
			d := bpf.Data{Nr: nr, Arch: a.AuditArch(), InstructionPointer: 0x401000}
			via := abiOf(d)
			var own, sample []bpf.Rule
			if slices.Contains(covered, via) {
				own, sample = callRules(c.p, via, nr)
			}
			sub := &bpf.Policy{Complain: c.p.Complain, Unrestricted: c.p.Unrestricted, Rules: own}
			key := fmt.Sprint(via, nr, sub.Complain, sub.Unrestricted, own)
			vectors := spread(sampleArgs(sample, c.opts.Arch, c.rnd), maxSamples)
			if c.seen[key] {
				vectors = spread(vectors, repeatSamples)
			}
			c.seen[key] = true
			for _, args := range vectors {
				d.Args = args
				c.compare(sub, via, d)
			}
		}
	}
}

// compare checks one call.
func (c *corpusCheck) compare(sub *bpf.Policy, via bpf.Arch, d bpf.Data) {
	c.counts.checked++
	want, err := c.lib.Run(d)
	if err != nil {
		c.t.Fatal(err)
	}
	decided, err := sub.Decide(c.opts, d)
	if err != nil {
		c.t.Fatal(err)
	}
	bin, err := c.bin.Run(d)
	if err != nil {
		c.t.Fatal(err)
	}
	pair, err := c.pair.Run(d)
	if err != nil {
		c.t.Fatal(err)
	}
	if decided == want.Action && bin.Action == want.Action && pair.Action == want.Action {
		return
	}
	name, _ := via.SyscallName(d.Nr)
	if via != bpf.ArchInvalid && name != "" && !Resolvable(via, name) {
		c.counts.allowed[via.String()+" "+name]++
		return
	}
	c.counts.failed++
	if c.counts.failed <= 10 {
		c.t.Errorf("%s (%s): %s %q (%#x) args %#x: libseccomp says %s; Decide %s, .bin %s, .bin2 %s",
			c.src.file, c.opts.Arch, via, name, d.Nr, d.Args, want.Action, decided, bin.Action, pair.Action)
	}
}

// newCorpusCheck compiles the source both ways for opts.
func newCorpusCheck(t *testing.T, src corpusSource, opts bpf.Options, counts *corpusCounts, seen map[string]bool) *corpusCheck {
	t.Helper()
	p, err := bpf.Parse(src.src)
	if err != nil {
		t.Fatalf("%s: %v", src.file, err)
	}
	for _, w := range p.Warnings {
		// snap-seccomp would hand these lines to libseccomp.
		if resolveName(0, w.Syscall, false) != -1 {
			t.Errorf("%s: line %d: we skip %q, which libseccomp knows", src.file, w.Line, w.Syscall)
		}
	}
	c := &corpusCheck{t: t, src: src, p: p, opts: opts, rnd: rand.New(rand.NewSource(1)), seen: seen, counts: counts}
	arches, _ := opts.Arches()
	for _, a := range arches {
		for _, name := range Unresolved(p, a) {
			counts.unresolved[a.String()+" "+name] = true
		}
	}
	c.lib = compileLibseccomp(t, p, opts, Config{SplitDenials: true})
	name := strings.TrimSuffix(filepath.Base(src.file), ".src")
	bin, err := bpf.CompileSource(name, src.src, opts)
	if err != nil {
		t.Fatal(err)
	}
	if c.bin, err = bpf.Decode(bin, opts.Arch.ByteOrder()); err != nil {
		t.Fatal(err)
	}
	bin2, err := bpf.CompileSnapConfine(name, src.src, opts)
	if err != nil {
		t.Fatal(err)
	}
	allow, deny, unrestricted, err := bpf.DecodeSnapConfine(bin2, opts.Arch.ByteOrder())
	if err != nil {
		t.Fatal(err)
	}
	if !unrestricted {
		c.pair = filters{deny, allow} // snap-confine's order
	}
	return c
}

// TestSnapdCorpus compiles every distinct policy source of snapd's
// reference corpus with libseccomp exactly as snap-seccomp does
// (Config.SplitDenials: its two filters, default actions, compat
// architecture and rule calls), for amd64 (with i386) and for arm64 (with
// arm), and checks that on every system call number of every ABI, with
// sampled arguments, Policy.Decide, the single .bin and the .bin2's two
// filters (stacked as snap-confine loads them) decide as libseccomp's
// filters do, run in bpf's interpreter and stacked as the kernel stacks
// them. The only differences allowed are at the calls of the policy that
// libseccomp cannot place on an ABI (its tables are older than ours):
// they are listed.
func TestSnapdCorpus(t *testing.T) {
	sources := snapdSources(t)
	files := 0
	for _, s := range sources {
		files += s.files
	}
	t.Logf("libseccomp %s; %d policy sources, %d distinct", Version(), files, len(sources))
	for _, opts := range []bpf.Options{{Arch: bpf.ArchAMD64}, {Arch: bpf.ArchARM64}} {
		t.Run(opts.Arch.String(), func(t *testing.T) {
			counts := &corpusCounts{allowed: map[string]int{}, unresolved: map[string]bool{}}
			seen := map[string]bool{}
			for _, src := range sources {
				newCorpusCheck(t, src, opts, counts, seen).run()
			}
			arches, _ := opts.Arches()
			t.Logf("%v: %d distinct sources, %d calls compared, %d differences", arches, len(sources), counts.checked, counts.failed)
			for _, k := range slices.Sorted(maps.Keys(counts.unresolved)) {
				t.Logf("not in libseccomp %s's table: %s, %d differences (allowed)", Version(), k, counts.allowed[k])
			}
			if counts.failed > 10 {
				t.Errorf("... %d differences in all", counts.failed)
			}
		})
	}
}
