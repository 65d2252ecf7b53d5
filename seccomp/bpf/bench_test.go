// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math"
	"math/bits"
	"testing"
)

// templateFixture is the policy the benchmarks use: the default template
// plus kubernetes-support's kubelet snippet, exactly as the seccomp backend
// renders it for snap.kube-node.kubelet (the seccomp package's tests keep
// it so).
const templateFixture = "testdata/default-template+kubelet.src"

// smallFixture is the policy of the disassembler's golden test.
const smallFixture = "testdata/small.src"

func loadFixture(tb testing.TB) *Policy {
	tb.Helper()
	p, err := Parse([]byte(readFile(tb, templateFixture)))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// decisionCosts runs the program for every system call number amd64
// defines, with the argument vectors of decisionArgs, and returns the
// largest and the mean number of instructions executed per number (each
// number's worst vector counts).
func decisionCosts(tb testing.TB, prog *Program, p *Policy) (worst int, mean float64) {
	tb.Helper()
	total := 0
	names := ArchAMD64.SyscallNames()
	for _, name := range names {
		nr, _ := ArchAMD64.SyscallNumber(name)
		n := 0
		for _, args := range decisionArgs(p, ArchAMD64, name) {
			r, err := prog.Run(Data{Nr: nr, Arch: ArchAMD64.AuditArch(), Args: args})
			if err != nil {
				tb.Fatal(err)
			}
			n = max(n, r.Executed)
		}
		worst = max(worst, n)
		total += n
	}
	return worst, float64(total) / float64(len(names))
}

// decisionArgs returns argument vectors that drive the rules of one
// system call down each of their paths: all zeros, and per line a vector
// satisfying it, plus that vector with each constant nudged by one.
func decisionArgs(p *Policy, native Arch, name string) [][6]uint64 {
	out := [][6]uint64{{}}
	for _, r := range p.Rules {
		if r.Syscall != name {
			continue
		}
		var w [6]uint64
		for _, c := range r.Conds {
			v, _, _ := c.resolve(native)
			w[c.Arg] = v
		}
		out = append(out, w)
		for _, c := range r.Conds {
			for _, d := range []uint64{1, math.MaxUint64} {
				x := w
				x[c.Arg] += d
				out = append(out, x)
			}
		}
	}
	return out
}

func benchmarkCompile(b *testing.B, how dispatch) {
	p := loadFixture(b)
	opts := Options{Arch: ArchAMD64}
	prog, stats, err := compile(p, opts, how, filterCombined)
	if err != nil {
		b.Fatal(err)
	}
	worst, mean := decisionCosts(b, prog, p)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := compile(p, opts, how, filterCombined); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.Instructions), "insns")
	b.ReportMetric(float64(worst), "max-executed")
	b.ReportMetric(mean, "mean-executed")
	b.ReportMetric(float64(bits.Len(uint(stats.AllowedSyscalls))), "log2(n+1)") // ceil(log2(n+1))
	b.ReportMetric(float64(stats.AllowedSyscalls), "n")
}

// BenchmarkCompile compiles the template fixture for amd64 (with i386
// and x32) with the balanced search dispatch ("tree") and, as the
// baseline, with a linear chain of tests like libseccomp's without its
// tree optimisation ("linear"). Besides the time it reports the program's
// length, the most and the mean instructions executed to decide a call,
// over every amd64 system call number, and the log2 bound for the n
// allowed numbers.
func BenchmarkCompile(b *testing.B) {
	b.Run("tree", func(b *testing.B) { benchmarkCompile(b, dispatchTree) })
	b.Run("linear", func(b *testing.B) { benchmarkCompile(b, dispatchLinear) })
}

// BenchmarkCompileSource measures what the seccomp backend does per
// security tag: parse, compile and encode.
func BenchmarkCompileSource(b *testing.B) {
	src := []byte(readFile(b, templateFixture))
	for b.Loop() {
		if _, err := CompileSource("snap.kube-node.kubelet", src, Options{Arch: ArchAMD64}); err != nil {
			b.Fatal(err)
		}
	}
}
