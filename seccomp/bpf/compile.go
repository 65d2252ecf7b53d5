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
// opts.NativeOnly, its compat architectures, that decides every call as
// Policy.Decide does: as the kernel does with the two filters snap-seccomp
// builds and snap-confine loads. Calls through any other ABI get the
// opts.OtherArch action. The program's layout:
//
//	ld arch; jeq AUDIT_ARCH_... per covered ABI; ret <other-arch action>
//	per ABI: ld nr; search tree over number ranges; shared returns;
//	         one block per system call whose decision needs its arguments
//
// A program longer than MaxInstructions is an error naming opts.Name.
func Compile(p *Policy, opts Options) (*Program, Stats, error) {
	return compile(p, opts, dispatchTree, filterCombined)
}

// filterKind selects which of a policy's filters to compile.
type filterKind uint8

const (
	// filterCombined decides as snap-confine's two filters do together.
	// Under @complain that is the deny filter: the allow filter's actions
	// (ALLOW and LOG) never take precedence over the deny filter's (LOG
	// and EACCES).
	filterCombined filterKind = iota
	// filterAllow is snap-seccomp's allow filter: ALLOW where an allow
	// line matches, else EPERM (LOG under @complain).
	filterAllow
	// filterDeny is snap-seccomp's deny filter: EACCES where a "~" line
	// matches, else ALLOW (LOG under @complain).
	filterDeny
)

// filterPolicy returns the lines a filter of kind k tests, as allow
// lines unless k is filterCombined outside @complain, and the actions it
// returns.
func filterPolicy(p *Policy, k filterKind, other Action) (*Policy, verdicts) {
	if k == filterCombined && !p.Complain {
		return p, verdicts{ActionAllow, ActionEPERM, ActionEACCES, other}
	}
	deny := k != filterAllow
	q := &Policy{Complain: p.Complain}
	for _, r := range p.Rules {
		if r.Deny == deny {
			r.Deny = false
			q.Rules = append(q.Rules, r)
		}
	}
	v := verdicts{allow: ActionAllow, eperm: ActionEPERM, other: other}
	if deny {
		v.allow, v.eperm = ActionEACCES, ActionAllow
	}
	if p.Complain {
		v.eperm = ActionLog
	}
	v.eacces = v.allow // no "~" lines are left
	return q, v
}

func compile(p *Policy, opts Options, how dispatch, kind filterKind) (*Program, Stats, error) {
	fail := func(err error) error {
		if kind != filterCombined {
			err = fmt.Errorf("%s: %w", kind, err)
		}
		return compileError(opts, err)
	}
	arches, err := opts.Arches()
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
	p, v := filterPolicy(p, kind, opts.otherArchAction())
	c := newCompiler(p, opts, v, how, &stats)
	defer c.release()
	if err := c.emit(arches); err != nil {
		return nil, Stats{}, fail(err)
	}
	nodes, err := c.b.resolve()
	if err != nil {
		return nil, Stats{}, fail(err)
	}
	nodes, stats.Passes = c.opt.optimize(nodes, c.b.clean())
	insns, longJumps, err := c.asm.assemble(nodes)
	c.b.insns = nodes[:0] // the builder's storage, for the next compilation
	if err != nil {
		return nil, Stats{}, fail(err)
	}
	stats.Instructions, stats.LongJumps = len(insns), longJumps
	if len(insns) > MaxInstructions {
		return nil, stats, fail(fmt.Errorf("program has %d instructions, more than the kernel's limit of %d", len(insns), MaxInstructions))
	}
	prog.Instructions = insns
	return prog, stats, nil
}

// views returns the distinct views the architectures read lines with.
func views(arches []Arch) []abiView {
	var out []abiView
	for _, a := range arches {
		if !slices.Contains(out, a.view()) {
			out = append(out, a.view())
		}
	}
	return out
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
	v     verdicts
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

// newCompiler returns an idle compiler set up for one compilation of a
// filter whose lines are p's and whose actions are v.
func newCompiler(p *Policy, opts Options, v verdicts, how dispatch, stats *Stats) *compiler {
	c := compilers.Get().(*compiler)
	c.p, c.opts, c.v, c.how, c.stats = p, opts, v, how, stats
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
	c.codeOf = c.codeOf[:0]
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

// verdicts are the return values of one filter: where the call's allow
// lines match and no "~" line does, where no allow line matches, where
// both match, and for calls through other ABIs.
type verdicts struct {
	allow, eperm, eacces, other Action
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

// emit resolves the policy's rules and emits the program for arches.
func (c *compiler) emit(arches []Arch) error {
	if err := c.rules.resolve(c.p, c.opts.Arch, views(arches)); err != nil {
		return err
	}
	c.codeOf = grow(c.codeOf, c.rules.slots())
	clear(c.codeOf)
	c.emitProgram(arches)
	return nil
}

// emitProgram emits the architecture check and one dispatch per ABI.
func (c *compiler) emitProgram(arches []Arch) {
	b := c.e.b
	v := c.v
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
