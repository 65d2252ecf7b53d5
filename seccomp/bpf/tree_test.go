// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math/rand"
	"testing"
)

// TestSplitSearches checks the binary searches of the tree builder
// (feasibleSplits, balanced, roomiest) against scans over every split,
// which is what they stand for, on random spans with the compiler's kinds
// of costs and weights.
func TestSplitSearches(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	weights := []float64{weightRare, weightAllowed, weightHot, weightRare + weightAllowed, 3 * weightRare}
	var tb treeBuilder
	for range 2000 {
		spans := make([]span, 2+r.Intn(60))
		for i := range spans {
			spans[i] = span{first: uint32(i), cost: r.Intn(12) - 2, weight: weights[r.Intn(len(weights))]}
		}
		tb.buildTree(spans) // sets up the prefix sums
		for range 50 {
			lo := r.Intn(len(spans) - 1)
			hi := lo + 2 + r.Intn(len(spans)-lo-1)
			limit := pow2(r.Intn(14) - 2)
			first, last := tb.feasibleSplits(lo, hi, limit)
			for s := lo + 1; s < hi; s++ {
				if fits := tb.fitsLeft(lo, s, limit) && tb.fitsRight(s, hi, limit); fits != (s >= first && s <= last) {
					t.Fatalf("feasibleSplits(%d, %d, %g) = [%d, %d], but split %d fits: %v", lo, hi, limit, first, last, s, fits)
				}
			}
			want := -1
			for s := first; s <= last; s++ {
				if want < 0 || tb.imbalance(lo, s, hi) < tb.imbalance(lo, want, hi) {
					want = s
				}
			}
			if got := tb.balanced(lo, hi, limit); got != want {
				t.Fatalf("balanced(%d, %d, %g) = %d, want %d", lo, hi, limit, got, want)
			}
			if first > last {
				continue
			}
			want = first
			for s := first + 1; s <= last; s++ {
				if tb.room(lo, s, hi) > tb.room(lo, want, hi) {
					want = s
				}
			}
			if got := tb.roomiest(lo, hi, first, last); got != want {
				t.Fatalf("roomiest(%d, %d, %d, %d) = %d, want %d", lo, hi, first, last, got, want)
			}
		}
	}
}
