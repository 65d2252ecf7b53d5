// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestOCIGaps checks each reason ExportOCI renders a call stricter than
// the policy: the gap is reported, and the profile keeps no EACCES rule
// for the call (the denials fall to the default EPERM), nor, for a call
// with too many rules, the allow line that needs them.
func TestOCIGaps(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		opts      Options
		want      []OCIGap
		rules     int // the profile's rules for the call
	}{{
		name: "multiplexed on i386",
		src:  "bind\n~bind - - 0\n",
		opts: Options{Arch: ArchAMD64},
		want: []OCIGap{{Syscall: "bind", Kind: OCIGapMultiplexed, Arch: ArchI386}},
		// bind with a third argument other than 0.
		rules: 1,
	}, {
		name:  "not multiplexed without i386",
		src:   "bind\n~bind - - 0\n",
		opts:  Options{Arch: ArchAMD64, NativeOnly: true},
		rules: 2,
	}, {
		name: "overlap in the low 32 bits",
		src:  "kill\n~kill - 4294967296|4294967296\n",
		opts: Options{Arch: ArchAMD64},
		want: []OCIGap{{Syscall: "kill", Kind: OCIGapLow32, Arch: ArchI386}},
		// kill with bit 32 of its second argument clear.
		rules: 1,
	}, {
		name: "allow read in the low 32 bits over a denial",
		src:  "kill - 16106127360|4294967296\n~kill - 256\n",
		opts: Options{Arch: ArchAMD64},
		want: []OCIGap{{Syscall: "kill", Kind: OCIGapLow32, Arch: ArchI386}},
		// The allow line holds for kill(_, 256) where libseccomp
		// compares the low 32 bits only: it is left out (EPERM).
		rules: 0,
	}, {
		name:  "too many rules",
		src:   "prctl\n~prctl 65280|4352\n~prctl 255|17\n~prctl 4080|272\n~prctl 61455|4097\n~prctl 3855|257\n",
		opts:  Options{Arch: ArchAMD64, NativeOnly: true},
		want:  []OCIGap{{Syscall: "prctl", Kind: OCIGapTooLarge, Lines: []int{1}}},
		rules: 0,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			prof, gaps, err := ExportOCIWithGaps(p, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(gaps, tc.want, func(a, b OCIGap) bool {
				return a.Syscall == b.Syscall && a.Kind == b.Kind && a.Arch == b.Arch && slices.Equal(a.Lines, b.Lines)
			}) {
				t.Errorf("gaps %v, want %v", gaps, tc.want)
			}
			name := p.Rules[0].Syscall
			n, eacces := 0, 0
			for _, e := range prof.Syscalls {
				if slices.Contains(e.Names, name) {
					n++
					if e.Action == specs.ActErrno {
						eacces++
					}
				}
			}
			if n != tc.rules {
				t.Errorf("%d rules for %s, want %d", n, name, tc.rules)
			}
			if len(tc.want) > 0 && eacces > 0 {
				t.Errorf("%d EACCES rules for %s, want none", eacces, name)
			}
			if len(tc.want) == 0 && eacces == 0 {
				t.Errorf("no EACCES rule for %s", name)
			}
		})
	}
}

// TestOCIGapsTemplate checks that the template fixture, kubelet snippets
// included, exports exactly on amd64 + i386 + x32.
func TestOCIGapsTemplate(t *testing.T) {
	checkNoOCIGaps(t, loadFixture(t))
}

// checkNoOCIGaps checks that a policy exports exactly on amd64 + i386,
// and on amd64 + i386 + x32.
func checkNoOCIGaps(t *testing.T, p *Policy) {
	t.Helper()
	for _, opts := range []Options{{Arch: ArchAMD64}, {Arch: ArchAMD64, X32: true}} {
		_, gaps, err := ExportOCIWithGaps(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(gaps) > 0 {
			t.Errorf("x32 %v: gaps %v, want none", opts.X32, gaps)
		}
	}
}
