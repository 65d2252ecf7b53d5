// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"slices"
	"sync"
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
	c := newCompiler(p, opts, how, &stats)
	defer c.release()
	if err := c.rules.resolve(p, opts.Arch); err != nil {
		return nil, Stats{}, compileError(opts, err)
	}
	c.emitProgram(arches)
	nodes, err := c.b.resolve()
	if err != nil {
		return nil, Stats{}, compileError(opts, err)
	}
	nodes, stats.Passes = c.opt.optimize(nodes, c.b.clean())
	insns, longJumps, err := c.asm.assemble(nodes)
	c.b.insns = nodes[:0] // the builder's storage, for the next compilation
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
// that seccomp(2) and bwrap --seccomp load. Errors name the policy. Lines
// that Parse skips (see Warning) are dropped silently, as snap-seccomp
// drops them; CompileSourceWithWarnings also returns them, and
// opts.Strict makes them errors.
func CompileSource(name string, src []byte, opts Options) ([]byte, error) {
	bin, _, err := CompileSourceWithWarnings(name, src, opts)
	return bin, err
}

// CompileSourceWithWarnings is CompileSource, also returning the lines
// that Parse skipped, in source order, for the caller to report (with the
// policy's name: the warnings do not carry it). They are returned
// whenever the source parsed, even if it then failed to compile.
func CompileSourceWithWarnings(name string, src []byte, opts Options) ([]byte, []Warning, error) {
	opts.Name = name
	p, err := ParseWithOptions(src, ParseOptions{Strict: opts.Strict})
	if err != nil {
		return nil, nil, compileError(opts, err)
	}
	prog, _, err := Compile(p, opts)
	if err != nil {
		return nil, p.Warnings, err
	}
	bin, err := prog.MarshalBinary()
	if err != nil {
		return nil, p.Warnings, compileError(opts, err)
	}
	return bin, p.Warnings, nil
}

// compiler holds the state of one compilation, and storage that its
// steps reuse from one ABI to the next and, through compilers, from one
// compilation to the next: a compilation then allocates little more than
// its result.
type compiler struct {
	rules ruleSet
	e     emitter
	b     builder
	p     *Policy
	opts  Options
	how   dispatch
	stats *Stats
	tb    treeBuilder
	opt   optimizer
	asm   assembler
	pb    predBuilder
	// codes holds the rule blocks' code; codeOf[e]-1 indexes the code for
	// the rules of syscallTable row e, 0 when not made yet.
	codes  []blockCode
	codeOf []int32
	// codeByLines indexes codes by the hash of their lines; codeNext
	// chains codes with the same hash, and codeRules[i] has code i's
	// lines.
	codeByLines map[uint64]int32
	codeNext    []int32
	codeRules   []*callRules
	// Storage for abiSpans, newBlockCode and emitABI.
	spans             []span
	blocks            []ruleBlock
	placed            []bool
	allowBuf, denyBuf []line
}

// compilers holds idle compilers, with their storage.
var compilers = sync.Pool{New: func() any { return new(compiler) }}

// newCompiler returns an idle compiler set up for one compilation.
func newCompiler(p *Policy, opts Options, how dispatch, stats *Stats) *compiler {
	c := compilers.Get().(*compiler)
	c.p, c.opts, c.how, c.stats = p, opts, how, stats
	c.b.reset()
	c.e = emitter{b: &c.b, order: opts.Arch.ByteOrder(), labels: c.e.labels[:0], spans: c.e.spans[:0]}
	c.tb.nodes = c.tb.nodes[:0]
	c.pb.tb = &c.tb
	c.pb.cmps = c.pb.cmps[:0]
	c.codes, c.codeNext, c.codeRules = c.codes[:0], c.codeNext[:0], c.codeRules[:0]
	if c.codeByLines == nil {
		c.codeByLines = make(map[uint64]int32)
	}
	clear(c.codeByLines)
	c.codeOf = grow(c.codeOf, len(syscallTable))
	clear(c.codeOf)
	return c
}

// release returns the compiler to compilers, dropping what refers to
// the caller's data and the predicates, which the next compilation does
// not use.
func (c *compiler) release() {
	c.p, c.stats, c.opts, c.asm.nodes = nil, nil, Options{}, nil
	clear(c.codes)
	compilers.Put(c)
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
