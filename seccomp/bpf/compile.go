// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"slices"
)

// Stats describes a compiled program.
type Stats struct {
	// Instructions is the program's length.
	Instructions int
	// Arches lists the architectures the filter covers, native first.
	Arches []Arch
	// AllowedSyscalls counts the distinct native system call numbers that
	// an allow line names: the n of the log2(n+1) bound on the cost of
	// the dispatch.
	AllowedSyscalls int
	// ArgumentChecks counts the system calls, over all architectures,
	// whose decision depends on their arguments.
	ArgumentChecks int
	// LongJumps counts the trampolines inserted for conditional jumps
	// farther than 255 instructions.
	LongJumps int
	// Passes reports what each optimisation pass did.
	Passes []PassStat
}

// dispatch selects how a filter finds the rules of a system call number.
type dispatch uint8

const (
	// dispatchTree is the balanced search over number ranges.
	dispatchTree dispatch = iota
	// dispatchLinear is a chain of equality tests, the baseline that
	// benchmarks compare the tree with.
	dispatchLinear
)

// Compile turns a policy into a seccomp filter for opts.Arch and, unless
// opts.NativeOnly, its compat architectures. Calls through any other ABI
// get the opts.OtherArch action. The program's layout:
//
//	ld arch; jeq AUDIT_ARCH_... per covered ABI; ret <other-arch action>
//	per ABI: ld nr; search tree over number ranges; shared returns;
//	         one block per system call whose decision needs its arguments
//
// A program longer than MaxInstructions is an error naming opts.Name.
func Compile(p *Policy, opts Options) (*Program, Stats, error) {
	return compile(p, opts, dispatchTree)
}

func compile(p *Policy, opts Options, how dispatch) (*Program, Stats, error) {
	arches, err := opts.arches()
	if err != nil {
		return nil, Stats{}, compileError(opts, err)
	}
	stats := Stats{Arches: arches}
	prog := &Program{Order: opts.Arch.ByteOrder()}
	if p.Unrestricted {
		prog.Instructions = []Instruction{{Op: opRetK, K: uint32(ActionAllow)}}
		stats.Instructions = 1
		return prog, stats, nil
	}
	rules, err := resolveRules(p, opts.Arch)
	if err != nil {
		return nil, Stats{}, compileError(opts, err)
	}
	c := &compiler{
		rules:  rules,
		e:      &emitter{b: newBuilder(1024), order: opts.Arch.ByteOrder()},
		p:      p,
		opts:   opts,
		how:    how,
		stats:  &stats,
		blocks: map[[2]uint64]ruleBlock{},
	}
	c.emitProgram(arches)
	nodes, err := c.e.b.resolve()
	if err != nil {
		return nil, Stats{}, compileError(opts, err)
	}
	nodes, stats.Passes = optimize(nodes)
	insns, longJumps, err := assemble(nodes)
	if err != nil {
		return nil, Stats{}, compileError(opts, err)
	}
	stats.Instructions, stats.LongJumps = len(insns), longJumps
	if len(insns) > MaxInstructions {
		return nil, stats, compileError(opts, fmt.Errorf("program has %d instructions, more than the kernel's limit of %d", len(insns), MaxInstructions))
	}
	prog.Instructions = insns
	return prog, stats, nil
}

func compileError(opts Options, err error) error {
	if opts.Name == "" {
		return fmt.Errorf("cannot compile seccomp policy: %w", err)
	}
	return fmt.Errorf("cannot compile seccomp policy %q: %w", opts.Name, err)
}

// CompileSource parses src, compiles it with opts and returns the encoded
// program: the .bin that the seccomp backend writes beside the .src and
// that seccomp(2) and bwrap --seccomp load. Errors name the policy.
func CompileSource(name string, src []byte, opts Options) ([]byte, error) {
	opts.Name = name
	p, err := Parse(src)
	if err != nil {
		return nil, compileError(opts, err)
	}
	prog, _, err := Compile(p, opts)
	if err != nil {
		return nil, err
	}
	bin, err := prog.MarshalBinary()
	if err != nil {
		return nil, compileError(opts, err)
	}
	return bin, nil
}

// compiler holds the state of one compilation.
type compiler struct {
	rules []resolvedRule
	e     *emitter
	p     *Policy
	opts  Options
	how   dispatch
	stats *Stats
	// blocks caches rule blocks by the rules they come from.
	blocks map[[2]uint64]ruleBlock
}

// verdicts are the return values of one filter.
type verdicts struct {
	allow, eperm, eacces, other Action
}

func (c *compiler) verdicts() verdicts {
	v := verdicts{ActionAllow, ActionEPERM, ActionEACCES, c.opts.otherArchAction()}
	if c.p.Complain {
		v.eperm, v.eacces = ActionLog, ActionLog
	}
	return v
}

// abiGroup is the set of covered architectures sharing an AUDIT_ARCH
// value: amd64 and x32, or a single architecture.
type abiGroup struct {
	audit  uint32
	arches []Arch
}

func groupByAudit(arches []Arch) []abiGroup {
	var groups []abiGroup
	for _, a := range arches {
		i := slices.IndexFunc(groups, func(g abiGroup) bool { return g.audit == a.AuditArch() })
		if i < 0 {
			groups = append(groups, abiGroup{audit: a.AuditArch()})
			i = len(groups) - 1
		}
		groups[i].arches = append(groups[i].arches, a)
	}
	return groups
}

// emitProgram emits the architecture check and one dispatch per ABI.
func (c *compiler) emitProgram(arches []Arch) {
	b := c.e.b
	v := c.verdicts()
	groups := groupByAudit(arches)
	starts := make([]label, len(groups))
	b.load(offArch)
	for i, g := range groups {
		starts[i] = b.newLabel()
		next := b.newLabel()
		b.jump(opJEQ, g.audit, starts[i], next)
		b.bind(next)
	}
	b.ret(v.other)
	for i, g := range groups {
		b.bind(starts[i])
		c.emitABI(g, v)
	}
}
