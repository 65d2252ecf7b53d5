// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"math"
	"os"
	"testing"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// templateFixture is the policy seccomp/bpf's BenchmarkCompile uses.
const templateFixture = "../../seccomp/bpf/testdata/default-template+kubelet.src"

// amd64 is what BenchmarkCompile compiles for: amd64 with i386 and x32.
var amd64 = bpf.Options{Arch: bpf.ArchAMD64}

// variants are the libseccomp configurations measured and tested.
var variants = []struct {
	name string
	cfg  Config
}{
	{"tree", Config{Optimize: OptimizeBinaryTree}},
	{"default", Config{Optimize: OptimizePriority}},
	{"tree-split", Config{Optimize: OptimizeBinaryTree, SplitDenials: true}},
	{"default-split", Config{Optimize: OptimizePriority, SplitDenials: true}},
}

func loadFixture(tb testing.TB) *bpf.Policy {
	tb.Helper()
	src, err := os.ReadFile(templateFixture)
	if err != nil {
		tb.Fatal(err)
	}
	return parse(tb, string(src))
}

func parse(tb testing.TB, src string) *bpf.Policy {
	tb.Helper()
	p, err := bpf.Parse([]byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func requireAMD64(tb testing.TB) {
	tb.Helper()
	if bpf.HostArch() != bpf.ArchAMD64 {
		tb.Skipf("the fixture is compiled for amd64, and libseccomp numbers system calls for the host only (%s)", bpf.HostArch())
	}
}

// filters is a stack of seccomp filters in the order they are loaded.
type filters []*bpf.Program

func compileLibseccomp(tb testing.TB, p *bpf.Policy, opts bpf.Options, cfg Config) filters {
	tb.Helper()
	bins, err := Compile(p, opts, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	var fs filters
	for _, bin := range bins {
		prog, err := bpf.Decode(bin, nil)
		if err != nil {
			tb.Fatal(err)
		}
		fs = append(fs, prog)
	}
	return fs
}

// Run runs every filter as the kernel does (seccomp_run_filters): the
// last loaded first, keeping the most restrictive action and, between
// actions of equal precedence, the first one found. Executed is the sum.
func (fs filters) Run(d bpf.Data) (bpf.Result, error) {
	res := bpf.Result{Action: bpf.ActionAllow}
	for i := len(fs) - 1; i >= 0; i-- {
		r, err := fs[i].Run(d)
		if err != nil {
			return bpf.Result{}, err
		}
		res.Executed += r.Executed
		if actionOnly(r.Action) < actionOnly(res.Action) {
			res.Action = r.Action
		}
	}
	return res, nil
}

// actionOnly is the kernel's ACTION_ONLY: the action without its data,
// as a signed number, lower being more restrictive.
func actionOnly(a bpf.Action) int32 { return int32(uint32(a) & 0xffff0000) }

func (fs filters) instructions() int {
	n := 0
	for _, f := range fs {
		n += len(f.Instructions)
	}
	return n
}

// runner is a filter or a stack of them.
type runner interface {
	Run(bpf.Data) (bpf.Result, error)
}

// decisionCosts runs the program for every system call number amd64
// defines, with the argument vectors of decisionArgs, and returns the
// largest and the mean number of instructions executed per number (each
// number's worst vector counts). It is seccomp/bpf's bench_test.go
// function, with the exported API.
func decisionCosts(tb testing.TB, prog runner, p *bpf.Policy) (worst int, mean float64) {
	tb.Helper()
	total := 0
	names := bpf.ArchAMD64.SyscallNames()
	for _, name := range names {
		nr, _ := bpf.ArchAMD64.SyscallNumber(name)
		n := 0
		for _, args := range decisionArgs(p, bpf.ArchAMD64, name) {
			r, err := prog.Run(bpf.Data{Nr: nr, Arch: bpf.ArchAMD64.AuditArch(), Args: args})
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
// satisfying it, plus that vector with each constant nudged by one. It is
// seccomp/bpf's bench_test.go function, with the exported API.
func decisionArgs(p *bpf.Policy, native bpf.Arch, name string) [][6]uint64 {
	out := [][6]uint64{{}}
	for _, r := range p.Rules {
		if r.Syscall != name {
			continue
		}
		var w [6]uint64
		for _, c := range r.Conds {
			v, _ := c.Value.Value(native)
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

func reportCosts(b *testing.B, prog runner, insns int, p *bpf.Policy) {
	worst, mean := decisionCosts(b, prog, p)
	b.ReportMetric(float64(insns), "insns")
	b.ReportMetric(float64(worst), "max-executed")
	b.ReportMetric(mean, "mean-executed")
}

// BenchmarkLibseccomp builds the fixture's filter for amd64, i386 and x32
// with libseccomp 2.5: per operation seccomp_init, the attributes,
// seccomp_arch_add, one seccomp_rule_add per line and seccomp_export_bpf
// (the policy is parsed once, before, as in BenchmarkPlugpolicy). "tree"
// is the binary-tree optimisation (SCMP_FLTATR_CTL_OPTIMIZE=2),
// "default" libseccomp's default (1), both one filter; "tree-split" puts
// the explicit denials in a second filter (Config.SplitDenials), which
// the kernel runs as well: its insns and instructions executed are the
// sums over both. The metrics are those of BenchmarkPlugpolicy and of
// seccomp/bpf's BenchmarkCompile.
func BenchmarkLibseccomp(b *testing.B) {
	requireAMD64(b)
	for _, v := range variants[:3] {
		b.Run(v.name, func(b *testing.B) {
			p := loadFixture(b)
			fs := compileLibseccomp(b, p, amd64, v.cfg)
			for b.Loop() {
				if _, err := Compile(p, amd64, v.cfg); err != nil {
					b.Fatal(err)
				}
			}
			reportCosts(b, fs, fs.instructions(), p)
		})
	}
}

// BenchmarkPlugpolicy is seccomp/bpf's BenchmarkCompile/tree, measured
// here so that one run gives both compilers.
func BenchmarkPlugpolicy(b *testing.B) {
	p := loadFixture(b)
	prog, stats, err := bpf.Compile(p, amd64)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := bpf.Compile(p, amd64); err != nil {
			b.Fatal(err)
		}
	}
	reportCosts(b, prog, stats.Instructions, p)
}
