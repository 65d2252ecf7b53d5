// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// oneCallLines is a policy of n lines for one system call made from the
// pattern line, N replaced by the line's number, as a generated snippet
// could have.
func oneCallLines(n int, pattern string) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.ReplaceAll(pattern, "N", strconv.Itoa(i)))
	}
	return []byte(b.String())
}

// BenchmarkManyLinesOneCall compiles n lines for one system call; the time
// per line must stay flat as n grows (issue 14: 120,000 lines took 26 s,
// as dedupeLines and dropSubsumedLines compared every line with every
// other).
func BenchmarkManyLinesOneCall(b *testing.B) {
	for _, shape := range []struct{ name, pattern string }{
		{"values", "ioctl - N\n"},
		{"same", "ioctl - 1\n"},
		{"masked", "ioctl - |N\n"},
		{"two-args", "ioctl N N\n"},
		{"ranges", "ioctl - >N\n"},
	} {
		for _, n := range []int{1000, 10000, 120000} {
			src := oneCallLines(n, shape.pattern)
			b.Run(fmt.Sprintf("%s/%d", shape.name, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := CompileSource("many", src, Options{Arch: ArchAMD64}); err != nil && !strings.Contains(err.Error(), "kernel's limit") {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
