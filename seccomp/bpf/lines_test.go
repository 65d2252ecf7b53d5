// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math/rand"
	"slices"
	"testing"
)

// TestDropSubsumedLines checks dedupeLines and dropSubsumedLines, which
// compare a line only with the lines it may imply, against their
// definitions applied to every pair of lines, on random lines.
func TestDropSubsumedLines(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	var pb predBuilder
	values := []uint64{0, 1, 2, 7, 1 << 32, 1<<32 | 1, 0xffffffff}
	ops := []Op{OpEqual, OpEqual, OpEqual, OpNotEqual, OpGreater, OpMaskedEqual}
	for range 20000 {
		var lines []line
		for range 1 + r.Intn(12) {
			if r.Intn(3) == 0 && len(lines) > 0 {
				lines = append(lines, slices.Clone(lines[r.Intn(len(lines))]))
				continue
			}
			var l line
			for range r.Intn(4) {
				l = append(l, argCmp{arg: r.Intn(3), op: ops[r.Intn(len(ops))],
					value: values[r.Intn(len(values))], mask: values[r.Intn(len(values))], low32: r.Intn(5) == 0})
			}
			sortByArg(l)
			lines = append(lines, l)
		}
		want := pairwiseDropSubsumed(pairwiseDedupe(lines))
		in := slices.Clone(lines)
		pb.sigs = grow(pb.sigs, len(in))
		for i, l := range in {
			pb.sigs[i] = signature(l)
		}
		got := pb.dropSubsumedLines(pb.dedupeLines(in))
		if !slices.EqualFunc(got, want, func(a, b line) bool { return slices.Equal(a, b) }) {
			t.Fatalf("lines %v: got %v, want %v", lines, got, want)
		}
	}
}

func pairwiseDedupe(lines []line) []line {
	var out []line
	for _, l := range lines {
		if !slices.ContainsFunc(out, func(o line) bool { return slices.Equal(o, l) }) {
			out = append(out, l)
		}
	}
	return out
}

func pairwiseDropSubsumed(lines []line) []line {
	var out []line
	for i, l := range lines {
		redundant := false
		for j, o := range lines {
			if i != j && implies(l, o) && !(implies(o, l) && j > i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, l)
		}
	}
	return out
}
