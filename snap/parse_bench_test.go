// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"os"
	"sort"
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/fleet"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// BenchmarkParseFleet parses the snap.yaml of every snap of a 500-snap
// fleet, the documents plugpolicy's fleet benchmarks compile; one op is
// one document.
func BenchmarkParseFleet(b *testing.B) {
	docs := fleet.Generate(500)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := snap.Parse(docs[i%len(docs)], snap.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseRealSnaps parses the nine real snaps' snap.yaml files;
// one op is one document.
func BenchmarkParseRealSnaps(b *testing.B) {
	files := testutil.RealSnaps(b)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	docs := make([][]byte, len(names))
	for i, name := range names {
		data, err := os.ReadFile(files[name])
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = data
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := snap.Parse(docs[i%len(docs)], snap.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
