// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// errnoEPERM and errnoEACCES are the errno values of the two denials.
const (
	errnoEPERM  = 1
	errnoEACCES = 13
)

// maxOCIRules bounds the rules of one system call in a profile (the
// template's ioctl takes 34).
const maxOCIRules = 256

// ExportOCI renders the policy as an OCI runtime seccomp profile, which
// encodes as the JSON of a Kubernetes "Localhost" seccomp profile:
// defaultAction SCMP_ACT_ERRNO with defaultErrnoRet 1 (EPERM), or
// SCMP_ACT_LOG under @complain, or SCMP_ACT_ALLOW under @unrestricted;
// architectures those of opts.Arches() (SCMP_ARCH_X86_64 and
// SCMP_ARCH_X86 for amd64, ...); and syscalls, whose entries are
// rules: an action (SCMP_ACT_ALLOW, or SCMP_ACT_ERRNO with errnoRet 13,
// EACCES) and at most one comparison per argument (SCMP_CMP_*; a 32-bit id
// equality is SCMP_CMP_MASKED_EQ with the mask 0xffffffff), the names with
// the same rule sharing an entry. Constants take opts.Arch's values.
//
// The profile is written for what runtimes do with it. runc (1.2,
// libcontainer/seccomp) and crun hand it to libseccomp: one rule per name
// of an entry with all its comparisons (one rule per comparison when two
// compare the same argument), in order. libseccomp does not order the
// rules of a call by action: an unconditional rule overrides the call's
// conditional ones whatever their action (libseccomp 2.5.4 compiles "ioctl"
// ALLOW next to "ioctl arg1 == TIOCSTI" ERRNO to "ioctl → ALLOW"), and
// overlapping conditional rules are ordered by its comparison of their
// first tests, dropped or refused (EEXIST); its maintainers guarantee no
// order between rules (libseccomp#148). So ExportOCI writes a call with
// explicit denials as rules whose arguments never overlap: ERRNO(EACCES)
// for "an allow line and a denial match", then ALLOW for "an allow line
// matches and no denial does" (a denial's comparisons complemented: != for
// ==, <= for >, for a masked equality one per mask bit, "the higher mask
// bits match and this one differs"). Its meaning does not depend on the
// order, and, measured, libseccomp 2.5.4 compiles it exactly, EACCES
// rules first (after two ALLOW rules it drops one on i386). Range
// comparisons (<, <=, >, >=) that would be siblings in libseccomp's
// decision tree, in calls with several rules, are written as masked
// equalities (aligned blocks of values): libseccomp 2.5.4 compiles such a
// sibling without reloading its argument ("close <3" and "close >N" allow
// close(0xffffffff)).
//
// Where libseccomp cannot hold the exact form, explicit denials return
// EPERM instead of EACCES, so that the profile loads and allows nothing the
// policy denies; ExportOCIWithGaps lists these calls:
//
//   - socket and SysV IPC calls (bind, shmget, ...) when the profile
//     covers i386, ppc64le or s390x: libseccomp adds a rule for their
//     multiplexer (socketcall(SYS_BIND), ipc(SHMGET)) whose selector
//     replaces the first comparison, and refuses an ERRNO rule next to
//     an ALLOW one there;
//   - calls whose ALLOW and EACCES rules overlap on a 32-bit ABI the
//     profile covers (i386, x32, arm), where libseccomp compares the low
//     32 bits of arguments and values only; an ALLOW rule that, read so,
//     holds for a call a denial refuses is left out too (EPERM);
//   - calls that would take more than maxOCIRules rules: their allow lines
//     that need the complements or blocks are left out (EPERM).
//
// Names no covered architecture knows are left out, as are explicit
// denials of calls no allow line names (EPERM). Under @complain only the
// explicit denials are written, as ERRNO(EACCES) rules, line by line: the
// rest is the default, LOG, as with snap-confine's filters. The runtime
// decides the action for other ABIs (libseccomp's default: KILL_THREAD),
// and runc returns ENOSYS for numbers above the highest the profile names.
func ExportOCI(p *Policy, opts Options) (*specs.LinuxSeccomp, error) {
	prof, _, err := ExportOCIWithGaps(p, opts)
	return prof, err
}

// OCIGap is a system call that ExportOCI renders denying more than the
// policy: EPERM instead of EACCES, and for OCIGapTooLarge, EPERM for what
// Lines allow.
type OCIGap struct {
	Syscall string
	Kind    OCIGapKind
	Arch    Arch  // that forced the gap (OCIGapMultiplexed, OCIGapLow32)
	Lines   []int // the allow lines left out (OCIGapTooLarge)
}

// OCIGapKind says why a call is not rendered exactly.
type OCIGapKind uint8

// The reasons of OCIGap.
const (
	OCIGapMultiplexed OCIGapKind = iota + 1 // libseccomp multiplexes the call on Arch
	OCIGapLow32                             // ALLOW and EACCES rules overlap in Arch's 32 bits
	OCIGapTooLarge                          // more than maxOCIRules rules
)

// String describes the gap.
func (g OCIGap) String() string {
	switch g.Kind {
	case OCIGapMultiplexed:
		return fmt.Sprintf("%s: explicit denials return EPERM, not EACCES (libseccomp multiplexes the call on %s)", g.Syscall, g.Arch)
	case OCIGapLow32:
		return fmt.Sprintf("%s: explicit denials return EPERM, not EACCES (its rules overlap in the low 32 bits libseccomp compares on %s)", g.Syscall, g.Arch)
	}
	if len(g.Lines) == 0 {
		return fmt.Sprintf("%s: explicit denials return EPERM, not EACCES (more than %d rules)", g.Syscall, maxOCIRules)
	}
	return fmt.Sprintf("%s: lines %s are left out and explicit denials return EPERM, not EACCES (more than %d rules)", g.Syscall, joinInts(g.Lines), maxOCIRules)
}

// ociRule is one rule of the profile: an action, one comparison per
// argument (op 0: none), and the line it comes from.
type ociRule struct {
	deny bool
	args term
	line int
}

// ExportOCIWithGaps is ExportOCI that also returns the system calls the
// profile renders denying more than the policy, and why.
func ExportOCIWithGaps(p *Policy, opts Options) (*specs.LinuxSeccomp, []OCIGap, error) {
	arches, err := opts.Arches()
	if err != nil {
		return nil, nil, compileError(opts, err)
	}
	prof := &specs.LinuxSeccomp{}
	for _, a := range arches {
		prof.Architectures = append(prof.Architectures, a.OCIArch())
	}
	switch {
	case p.Unrestricted:
		prof.DefaultAction = specs.ActAllow
		return prof, nil, nil
	case p.Complain:
		prof.DefaultAction = specs.ActLog
	default:
		prof.DefaultAction = specs.ActErrno
		prof.DefaultErrnoRet = errnoPtr(errnoEPERM)
	}
	// A call is written line by line unless it has explicit denials, or
	// several allow lines and a range comparison.
	allows, denied, ranged := map[string]int{}, map[string]bool{}, map[string]bool{}
	for _, r := range p.Rules {
		denied[r.Syscall] = denied[r.Syscall] || r.Deny
		if !r.Deny {
			allows[r.Syscall]++
		}
		ranged[r.Syscall] = ranged[r.Syscall] || slices.ContainsFunc(r.Conds, func(c Cond) bool { return isRange(c.Op) })
	}
	var entries []*specs.LinuxSyscall
	var gaps []OCIGap
	index := map[string]*specs.LinuxSyscall{}
	done := map[string]bool{}
	for i := range p.Rules {
		r := &p.Rules[i]
		name := r.Syscall
		switch {
		case !knownOn(name, arches), p.Complain != r.Deny:
			// Under @complain only the denials count: the rest is LOG.
			continue
		case !p.Complain && (allows[name] == 0 || done[name]):
			continue
		}
		var rules []ociRule
		var gap []OCIGap
		if !p.Complain && (denied[name] || ranged[name] && allows[name] > 1) {
			done[name] = true
			rules, gap, err = exportCall(p, name, opts.Arch, arches)
		} else {
			rules, err = ruleTerms(r, opts.Arch)
		}
		if err != nil {
			return nil, nil, compileError(opts, err)
		}
		gaps = append(gaps, gap...)
		for _, rule := range rules {
			e := specs.LinuxSyscall{Action: specs.ActAllow, Args: rule.args.ociArgs()}
			if rule.deny {
				e.Action, e.ErrnoRet = specs.ActErrno, errnoPtr(errnoEACCES)
			}
			key := fmt.Sprintf("%s %v", e.Action, e.Args)
			if found := index[key]; found == nil {
				e.Names = []string{name}
				entries = append(entries, &e)
				index[key] = &e
			} else if !slices.Contains(found.Names, name) {
				found.Names = append(found.Names, name)
			}
		}
	}
	for _, e := range entries {
		slices.Sort(e.Names)
		prof.Syscalls = append(prof.Syscalls, *e)
	}
	return prof, gaps, nil
}

// ruleTerms returns the line's comparisons as rules (several when the
// line compares one argument twice), none if it can never match.
func ruleTerms(r *Rule, native Arch) ([]ociRule, error) {
	terms := []term{{}}
	for _, c := range r.Conds {
		a, err := condAtom(c, native)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", r.Line, err)
		}
		terms = expand(terms, func(t term) []term { return t.with(c.Arg, intersect(t[c.Arg], a)) })
	}
	out := make([]ociRule, len(terms))
	for i, t := range terms {
		out[i] = ociRule{r.Deny, t, r.Line}
	}
	return out, nil
}

// exportCall returns the rules of a call with explicit denials, or with
// several allow lines and a range comparison (see ExportOCI), and the gaps.
func exportCall(p *Policy, name string, native Arch, arches []Arch) ([]ociRule, []OCIGap, error) {
	allows, denials, err := callTerms(p, name, native)
	if err != nil {
		return nil, nil, err
	}
	rules := exactRules(allows, denials)
	var gaps []OCIGap
	if len(rules) > maxOCIRules {
		// Keep the allow lines that need neither complements nor blocks.
		var kept []ociRule
		var lines []int
		for _, r := range rules {
			switch {
			case !r.deny && slices.ContainsFunc(allows, func(a ociRule) bool { return a.args == r.args }):
				kept = append(kept, r)
			case !r.deny:
				lines = append(lines, r.line)
			}
		}
		slices.Sort(lines)
		return kept, []OCIGap{{Syscall: name, Kind: OCIGapTooLarge, Lines: slices.Compact(lines)}}, nil
	}
	drop := func(kind OCIGapKind, a Arch) {
		if slices.ContainsFunc(rules, func(r ociRule) bool { return r.deny }) {
			gaps = append(gaps, OCIGap{Syscall: name, Kind: kind, Arch: a})
			rules = slices.DeleteFunc(rules, func(r ociRule) bool { return r.deny })
		}
	}
	for _, a := range arches {
		if multiplexed(a, name) {
			drop(OCIGapMultiplexed, a)
		}
	}
	for _, a := range arches {
		if a.compares32() && !disjoint32(rules) {
			drop(OCIGapLow32, a)
		}
	}
	for _, a := range arches {
		if a.compares32() {
			rules = dropAllowsOverDenials32(rules, denials, name, a, &gaps)
		}
	}
	return rules, gaps, nil
}

// callTerms returns the rules of the call's allow lines and of its
// explicit denials, as ruleTerms writes them.
func callTerms(p *Policy, name string, native Arch) (allows, denials []ociRule, err error) {
	for i := range p.Rules {
		if r := &p.Rules[i]; r.Syscall == name {
			rs, err := ruleTerms(r, native)
			if err != nil {
				return nil, nil, err
			}
			if r.Deny {
				denials = append(denials, rs...)
			} else {
				allows = append(allows, rs...)
			}
		}
	}
	return dropSubsumedRules(allows), dropSubsumedRules(denials), nil
}

// dropSubsumedRules drops the rules whose values another rule holds for
// too, which adds nothing to their disjunction (of rules for the same
// values, the first stays): the template's "~ioctl - TIOCSTI" next to
// "~ioctl - 4294967295|TIOCSTI", whose complements would otherwise
// multiply the call's rules past maxOCIRules.
func dropSubsumedRules(rules []ociRule) []ociRule {
	within := func(a, b term) bool { return len(a.minus(b)) == 0 }
	var out []ociRule
	for i, r := range rules {
		redundant := false
		for j, o := range rules {
			if i != j && within(r.args, o.args) && !(j > i && within(o.args, r.args)) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, r)
		}
	}
	return out
}

// exactRules returns the rules that give a call the policy's meaning
// without overlapping: ALLOW for each allow line less each denial, EACCES
// for each allow line and each denial, EACCES first, range siblings split
// into blocks (see ExportOCI).
func exactRules(allows, denials []ociRule) []ociRule {
	var rules []ociRule
	for _, a := range allows {
		rest := []term{a.args}
		for _, d := range denials {
			rest = expand(rest, func(t term) []term { return t.minus(d.args) })
		}
		for _, t := range rest {
			rules = append(rules, ociRule{false, t, a.line})
		}
		for _, d := range denials {
			for _, t := range a.args.and(d.args) {
				rules = append(rules, ociRule{true, t, d.line})
			}
		}
	}
	// EACCES first: libseccomp 2.5.4 can drop an ERRNO rule added after
	// ALLOW ones (getpriority ALLOW a0 != 1, ALLOW a1 != 0, then EACCES
	// a0 == 1 && a1 == 0 on i386).
	slices.SortStableFunc(rules, func(a, b ociRule) int { return cmpBool(b.deny, a.deny) })
	rules = dedupe(rules)
	if len(rules) > 1 {
		rules = splitRanges(rules)
	}
	return rules
}

// splitRanges writes as masked equalities the range comparisons that
// become siblings in libseccomp's decision tree: those of a rule's first
// argument (all the call's rules meet there), and those of a later one
// that another rule reaches with the same comparisons.
func splitRanges(rules []ociRule) []ociRule {
	for i := range 6 {
		var next []ociRule
		for j, r := range rules {
			a := r.args[i]
			split := isRange(a.op)
			if split && slices.ContainsFunc(r.args[:i], func(a atom) bool { return a.op != 0 }) {
				split = false // not the first: split if another rule shares the path
				for k, o := range rules {
					split = split || k != j && slices.Equal(o.args[:i], r.args[:i])
				}
			}
			if !split {
				next = append(next, r)
				continue
			}
			for _, b := range blocks(a) {
				r.args[i] = b
				next = append(next, r)
			}
		}
		rules = next
	}
	return dedupe(rules)
}

// disjoint32 reports whether no call made through a 32-bit ABI can match
// an ALLOW and an EACCES rule both, as libseccomp compares there: the low
// 32 bits of the argument with the low 32 bits of the values, a masked
// equality without low mask bits being no comparison.
func disjoint32(rules []ociRule) bool {
	low := atom{op: OpLessEqual, value: math.MaxUint32}
	for _, r := range rules {
		for _, d := range rules {
			overlap := r.deny && !d.deny
			for i := 0; i < len(r.args) && overlap; i++ {
				overlap = slices.ContainsFunc(intersect(r.args[i].low32(), d.args[i].low32()), func(x atom) bool {
					return len(intersect(x, low)) > 0
				})
			}
			if overlap {
				return false
			}
		}
	}
	return true
}

// dropAllowsOverDenials32 drops the ALLOW rules that, read in the low 32
// bits as libseccomp reads them on a, match a call a denial refuses
// (overlaps32): an
// allow line less a denial can leave the denial out by the high halves of
// its values alone ("socket - 16106127360|4294967296" next to "~socket -
// 256"), which a 32-bit ABI does not compare. Those calls fall to EPERM,
// a refusal; the call gets an OCIGapLow32.
func dropAllowsOverDenials32(rules, denials []ociRule, name string, a Arch, gaps *[]OCIGap) []ociRule {
	dropped := false
	rules = slices.DeleteFunc(rules, func(r ociRule) bool {
		over := !r.deny && slices.ContainsFunc(denials, func(d ociRule) bool {
			return overlaps32(r.args, d.args)
		})
		dropped = dropped || over
		return over
	})
	if dropped && !slices.ContainsFunc(*gaps, func(g OCIGap) bool { return g.Syscall == name && g.Kind == OCIGapLow32 }) {
		*gaps = append(*gaps, OCIGap{Syscall: name, Kind: OCIGapLow32, Arch: a})
	}
	return rules
}

// overlaps32 reports whether a call through a 32-bit ABI, whose arguments
// the kernel zero-extends, can match allow as libseccomp reads it there
// (in the low 32 bits) and deny as the policy means it.
func overlaps32(allow, deny term) bool {
	low := atom{op: OpLessEqual, value: math.MaxUint32}
	for i := range allow {
		inLow := slices.ContainsFunc(intersect(allow[i].low32(), deny[i]), func(x atom) bool {
			return len(intersect(x, low)) > 0
		})
		if !inLow {
			return false
		}
	}
	return true
}

func (a atom) low32() atom {
	a.value, a.mask = a.value&math.MaxUint32, a.mask&math.MaxUint32
	if a.op == OpMaskedEqual && a.mask == 0 && a.value == 0 {
		return atom{}
	}
	return a
}

// multiplexed reports whether libseccomp also writes a rule for the
// call's multiplexer on a (socketcall or ipc; see abiView):
// the socket and SysV IPC calls on i386, ppc64le and s390x
// (seccomp_syscall_resolve_name_rewrite, libseccomp 2.5.4).
func multiplexed(a Arch, name string) bool {
	_, _, ok := multiplexer(name)
	return ok && a.view()&viewMux != 0
}

// compares32 reports whether libseccomp treats the ABI as 32-bit and
// compares the low 32 bits of arguments and values only.
func (a Arch) compares32() bool { return a == ArchI386 || a == ArchX32 || a == ArchARM }

func dedupe(rules []ociRule) []ociRule {
	type key struct {
		deny bool
		args term
	}
	seen := map[key]bool{}
	return slices.DeleteFunc(rules, func(r ociRule) bool {
		k := key{r.deny, r.args}
		defer func() { seen[k] = true }()
		return seen[k]
	})
}

func errnoPtr(v uint) *uint { return &v }

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// knownOn reports whether a system call exists on one of arches.
func knownOn(name string, arches []Arch) bool {
	return slices.ContainsFunc(arches, func(a Arch) bool {
		_, ok := a.SyscallNumber(name)
		return ok || multiplexed(a, name)
	})
}

// joinInts lists line numbers as "3, 5, 8".
func joinInts(lines []int) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = strconv.Itoa(l)
	}
	return strings.Join(parts, ", ")
}
