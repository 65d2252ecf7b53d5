// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"slices"
	"testing"
)

// TestCleanPrograms checks the builder's claim (builder.clean) that the
// optimisation passes would find nothing to do in a program it reports
// clean, on the template fixture, the small and the tricky policies for
// every architecture: running the passes anyway changes neither the
// program nor what they report. The fixture's programs must be clean, as
// the benchmarks count on it.
func TestCleanPrograms(t *testing.T) {
	for name, src := range map[string]string{"fixture": readFile(t, templateFixture), "small": readFile(t, smallFixture), "tricky": trickyPolicy} {
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range Arches() {
			for _, opts := range []Options{{Arch: a}, {Arch: a, NativeOnly: true}} {
				clean, same := compileBothWays(t, p, opts)
				if !same {
					t.Errorf("%s, %s (native only: %v): the passes change a program reported clean", name, a, opts.NativeOnly)
				}
				if name == "fixture" && !clean {
					t.Errorf("fixture, %s (native only: %v): the program is not clean", a, opts.NativeOnly)
				}
			}
		}
	}
}

// compileBothWays builds the program for p and opts, optimises it as
// compile does and with every pass run, and reports whether the builder
// found it clean and whether both ways agree.
func compileBothWays(t *testing.T, p *Policy, opts Options) (clean, same bool) {
	t.Helper()
	var stats Stats
	arches, err := opts.Arches()
	if err != nil {
		t.Fatal(err)
	}
	q, v := filterPolicy(p, filterCombined, opts.otherArchAction())
	c := newCompiler(q, opts, v, dispatchTree, &stats)
	defer c.release()
	if err := c.emit(arches); err != nil {
		t.Fatal(err)
	}
	nodes, err := c.b.resolve()
	if err != nil {
		t.Fatal(err)
	}
	clean = c.b.clean()
	var o optimizer
	forced, forcedStats := o.optimize(slices.Clone(nodes), false)
	got, gotStats := c.opt.optimize(nodes, clean)
	return clean, slices.Equal(got, forced) && slices.Equal(gotStats, forcedStats)
}
