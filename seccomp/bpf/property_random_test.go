// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// randomValues are the constants random filters use: small numbers that
// overlap as bits and as ranges, the 32-bit edges and values above them.
var randomValues = []uint64{0, 1, 2, 3, 4, 6, 7, 8, 12, 15, 16, 0x800, 0x4000, 1 << 31, 1<<32 - 1, 1 << 32, 1<<32 | 4, 1<<64 - 1}

// randomFilterSrc is one argument filter in the source syntax; masked
// forms often share bits, for "masked test implies a weaker one".
func randomFilterSrc(rnd *rand.Rand) string {
	v := randomValues[rnd.Intn(len(randomValues))]
	switch rnd.Intn(9) {
	case 0:
		return "-"
	case 1:
		return fmt.Sprintf(">%d", v)
	case 2:
		return fmt.Sprintf(">=%d", v)
	case 3:
		return fmt.Sprintf("<%d", v)
	case 4:
		return fmt.Sprintf("<=%d", v)
	case 5:
		return fmt.Sprintf("!%d", v)
	case 6:
		return fmt.Sprintf("|%d", v)
	case 7:
		mask := v | randomValues[rnd.Intn(len(randomValues))]
		return fmt.Sprintf("%d|%d", mask, v&mask)
	default:
		return fmt.Sprintf("%d", v)
	}
}

// randomCompilerPolicy returns a policy whose lines come in families that
// differ in one argument only (what factorLines merges), with explicit
// denials among them, and lines of their own.
func randomCompilerPolicy(rnd *rand.Rand) string {
	calls := []string{"kill", "dup3", "prctl", "fcntl", "lseek", "getpriority", "mmap", "ioctl", "close", "bind", "shmget"}
	rnd.Shuffle(len(calls), func(i, j int) { calls[i], calls[j] = calls[j], calls[i] })
	var b strings.Builder
	for _, call := range calls[:1+rnd.Intn(4)] {
		for fam := 1 + rnd.Intn(3); fam > 0; fam-- {
			base := make([]string, rnd.Intn(4))
			for i := range base {
				base[i] = randomFilterSrc(rnd)
			}
			deny := rnd.Intn(3) == 0
			for n := 1 + rnd.Intn(4); n > 0; n-- {
				line := append([]string(nil), base...)
				if len(line) > 0 {
					line[rnd.Intn(len(line))] = randomFilterSrc(rnd)
				}
				if deny {
					b.WriteString("~")
				}
				b.WriteString(strings.TrimSpace(call + " " + strings.Join(line, " ")))
				b.WriteString("\n")
				if rnd.Intn(4) == 0 {
					deny = !deny
				}
			}
		}
	}
	return b.String()
}

// TestPropertyRandom compiles random policies, shaped for the line
// factoring and the masked-test implications, and checks the programs
// against Decide on several architectures.
func TestPropertyRandom(t *testing.T) {
	rnd := rand.New(rand.NewSource(11))
	n := 60
	if testing.Short() {
		n = 10
	}
	for i := 0; i < n; i++ {
		src := randomCompilerPolicy(rnd)
		if i%5 == 4 {
			src = "@complain\n" + src
		}
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("policy %d: %v\n%s", i, err, src)
		}
		for _, opts := range []Options{{Arch: ArchAMD64}, {Arch: ArchAMD64, X32: true}, {Arch: ArchARM64}, {Arch: ArchS390X}} {
			t.Run(fmt.Sprintf("%d/%s/x32=%v", i, opts.Arch, opts.X32), func(t *testing.T) {
				prog, _, err := Compile(p, opts)
				if err != nil {
					t.Fatalf("%v\n%s", err, src)
				}
				checkAgainstDecide(t, p, prog, opts, 24)
				if t.Failed() {
					t.Logf("policy:\n%s", src)
				}
			})
		}
	}
}
