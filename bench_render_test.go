// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/fleet"
	"github.com/plugpolicy/plugpolicy/snap"
)

// BenchmarkRenderFleet renders the connected 500-snap fleet with every
// backend, one snap after the other on one goroutine: the render part of
// BenchmarkCompileFleet alone (parsing and connecting are done once,
// outside the loop). The sub-benchmarks render with one backend each.
func BenchmarkRenderFleet(b *testing.B) {
	const n = 500
	res, err := plugpolicy.Connect(parseFleet(b, n), fleet.Options())
	if err != nil {
		b.Fatal(err)
	}
	backends := res.Backends()
	run := func(b *testing.B, bs []interfaces.Backend) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, s := range res.Snaps {
				for _, be := range bs {
					if _, err := interfaces.Render(be, res.Repo, s.Name, s.Confinement); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n/1e3, "µs/snap")
	}
	b.Run("all", func(b *testing.B) { run(b, backends) })
	for _, be := range backends {
		b.Run(be.Name(), func(b *testing.B) { run(b, []interfaces.Backend{be}) })
	}
}

// parseFleet parses the snap.yaml documents of a fleet of n snaps.
func parseFleet(b *testing.B, n int) []*snap.Info {
	infos := make([]*snap.Info, n)
	for i, doc := range fleet.Generate(n) {
		info, err := snap.Parse(doc, snap.Options{Revision: snap.R(1)})
		if err != nil {
			b.Fatal(err)
		}
		infos[i] = info
	}
	return infos
}
