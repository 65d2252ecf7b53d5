// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"fmt"
	"testing"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/fleet"
)

// BenchmarkCompileFleet compiles the benchmark fleet (N snaps × 3 apps ×
// 8 plugs) from its snap.yaml documents, every backend and the BPF
// filters included; nothing is written. internal/cmd/fleetbench measures
// the phases apart, writing included.
func BenchmarkCompileFleet(b *testing.B) {
	for _, n := range []int{1, 10, 100, 500} {
		docs := fleet.Generate(n)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := plugpolicy.CompileYAML(fleet.Options(), docs...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e6, "ms/snap")
		})
	}
}
