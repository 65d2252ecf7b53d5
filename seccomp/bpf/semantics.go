// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"math"
	"slices"
)

// Action is a seccomp filter return value (SECCOMP_RET_*).
type Action uint32

// The actions a compiled filter returns.
const (
	ActionKillProcess Action = 0x80000000 // SECCOMP_RET_KILL_PROCESS
	ActionKillThread  Action = 0x00000000 // SECCOMP_RET_KILL_THREAD
	ActionTrap        Action = 0x00030000 // SECCOMP_RET_TRAP
	ActionErrno       Action = 0x00050000 // SECCOMP_RET_ERRNO; the errno is in the low 16 bits
	ActionLog         Action = 0x7ffc0000 // SECCOMP_RET_LOG
	ActionAllow       Action = 0x7fff0000 // SECCOMP_RET_ALLOW

	// ActionEPERM is the implicit denial: no allow line matched.
	ActionEPERM = ActionErrno | 1
	// ActionEACCES is the explicit denial: a "~" line matched an allowed call.
	ActionEACCES = ActionErrno | 13
)

// String returns the action as SECCOMP_RET_* names it, with the errno
// name for the errors this package uses.
func (a Action) String() string {
	switch {
	case a == ActionAllow:
		return "ALLOW"
	case a == ActionLog:
		return "LOG"
	case a == ActionKillProcess:
		return "KILL_PROCESS"
	case a == ActionKillThread:
		return "KILL_THREAD"
	case a == ActionTrap:
		return "TRAP"
	case a == ActionEPERM:
		return "ERRNO(EPERM)"
	case a == ActionEACCES:
		return "ERRNO(EACCES)"
	case a&0xffff0000 == ActionErrno:
		return fmt.Sprintf("ERRNO(%d)", uint16(a))
	}
	return fmt.Sprintf("RET(%#x)", uint32(a))
}

// OtherArchAction says what a filter does with a system call made through
// an ABI it does not cover.
type OtherArchAction uint8

const (
	// OtherArchKill kills the calling thread (SECCOMP_RET_KILL_THREAD):
	// libseccomp's default bad-architecture action, which snap-seccomp
	// keeps for both of its filters.
	OtherArchKill OtherArchAction = iota
	// OtherArchDeny fails the call with EPERM.
	OtherArchDeny
	// OtherArchKillProcess kills the whole process
	// (SECCOMP_RET_KILL_PROCESS).
	OtherArchKillProcess
)

// Options choose what a filter covers. The zero value of each field but
// Arch gives what snap-seccomp builds on Arch.
type Options struct {
	// Arch is the native architecture: the kernel's, whose values the
	// symbolic constants take and whose byte order the filter is encoded
	// in. It is required.
	Arch Arch
	// NativeOnly drops the compat architectures that a filter covers
	// otherwise: i386 on amd64, arm on arm64 (snap-seccomp's
	// addSecondaryArches).
	NativeOnly bool
	// X32 adds x32 to the ABIs of an amd64 filter. snap-seccomp does not
	// add it, so its calls get the OtherArch action; x32's arguments are
	// then compared whole, as on amd64. It has no effect on other
	// architectures, nor with NativeOnly.
	X32 bool
	// OtherArch is the action for calls through any other ABI.
	OtherArch OtherArchAction
	// Name names the policy (a security tag such as
	// snap.kube-node.kubelet) in errors.
	Name string
	// Strict makes CompileSource and CompileSourceWithWarnings parse
	// with ParseOptions.Strict: a line whose system call no Linux
	// architecture has is an error instead of a Warning.
	Strict bool
}

// Arches returns the ABIs a filter built with the options covers: the
// native architecture first, then the compat ones.
func (o Options) Arches() ([]Arch, error) {
	if !o.Arch.valid() {
		return nil, fmt.Errorf("invalid architecture %q: expected one of the supported architectures", o.Arch.String())
	}
	if o.OtherArch > OtherArchKillProcess {
		return nil, fmt.Errorf("invalid other-architecture action %d", o.OtherArch)
	}
	out := []Arch{o.Arch}
	if o.NativeOnly {
		return out, nil
	}
	for _, a := range o.Arch.DefaultCompat() {
		if a != ArchX32 || o.X32 {
			out = append(out, a)
		}
	}
	return out, nil
}

func (o Options) otherArchAction() Action {
	switch o.OtherArch {
	case OtherArchDeny:
		return ActionEPERM
	case OtherArchKillProcess:
		return ActionKillProcess
	}
	return ActionKillThread
}

// Data is the kernel's struct seccomp_data: what a filter sees of a call.
type Data struct {
	Nr                 uint32 // system call number (an int in the kernel)
	Arch               uint32 // AUDIT_ARCH_* value
	InstructionPointer uint64
	Args               [6]uint64
}

// dataArch returns which of the covered architectures a call was made
// through, or ArchInvalid when none. x32 calls carry AUDIT_ARCH_X86_64 and
// are told apart by bit 30 of the number.
func dataArch(arches []Arch, d Data) Arch {
	for _, a := range arches {
		if a.AuditArch() != d.Arch {
			continue
		}
		x32 := d.Nr&x32SyscallBit != 0
		switch {
		case a == ArchAMD64 && x32, a == ArchX32 && !x32:
			continue
		}
		return a
	}
	return ArchInvalid
}

// Decide returns the action the kernel takes for the call d once
// snap-confine has loaded the two filters snap-seccomp builds from the
// policy for opts (see README.md, "Semantics"): it evaluates the rules
// directly, without BPF, and is the specification the compiler is tested
// against. In short:
//
//   - @unrestricted: no filter, everything is allowed;
//   - a call through an ABI the filters do not cover gets the OtherArch
//     action (but for number -1 under AUDIT_ARCH_X86_64, which libseccomp
//     lets through to the default action);
//   - a call that no allow line matches: EPERM; one that an allow line
//     and a "~" line match: EACCES; any other: allowed;
//   - under @complain: EACCES where a "~" line matches, otherwise LOG,
//     whether an allow line matches or not.
//
// Lines read on each ABI as libseccomp reads them (abiView): on i386 and
// arm only the low 32 bits of arguments and values count, and on i386,
// ppc64le and s390x a line for a socket or SysV IPC call is also one for
// socketcall or ipc.
func (p *Policy) Decide(opts Options, d Data) (Action, error) {
	allow, deny, err := p.decideFilters(opts, d)
	if err != nil {
		return 0, err
	}
	return stacked(deny, allow), nil
}

// decideFilters returns the actions of snap-seccomp's allow filter and
// deny filter for the call d (ALLOW for both under @unrestricted, where
// there is no filter).
func (p *Policy) decideFilters(opts Options, d Data) (allow, deny Action, err error) {
	arches, err := opts.Arches()
	if err != nil {
		return 0, 0, err
	}
	if p.Unrestricted {
		return ActionAllow, ActionAllow, nil
	}
	allow, deny = ActionEPERM, ActionAllow
	if p.Complain {
		allow, deny = ActionLog, ActionLog
	}
	a := dataArch(arches, d)
	if a == ArchInvalid {
		if skippedCall(arches, d) {
			return allow, deny, nil
		}
		other := opts.otherArchAction()
		return other, other, nil
	}
	allowed, denied, err := p.matchLines(opts.Arch, a, d)
	if err != nil {
		return 0, 0, err
	}
	if allowed {
		allow = ActionAllow
	}
	if denied {
		deny = ActionEACCES
	}
	return allow, deny, nil
}

// skippedCall reports whether d is system call number -1 under
// AUDIT_ARCH_X86_64 for filters covering amd64 but not x32 (dataArch
// finds no ABI for it). A tracer sets that number to skip a call;
// libseccomp's x32 guard lets it through to the amd64 dispatch, where no
// rule names it, instead of treating it as an x32 call.
func skippedCall(arches []Arch, d Data) bool {
	return d.Arch == ArchAMD64.AuditArch() && d.Nr == math.MaxUint32 && slices.Contains(arches, ArchAMD64)
}

// matchLines reports whether an allow line and whether a "~" line of the
// policy match the call d through ABI a, as a reads them.
func (p *Policy) matchLines(native, a Arch, d Data) (allowed, denied bool, err error) {
	v := a.view()
	// Is d a multiplexer's call?
	muxed := false
	for _, mux := range [...]string{"socketcall", "ipc"} {
		if nr, ok := a.SyscallNumber(mux); ok && nr == d.Nr && v&viewMux != 0 {
			muxed = true
		}
	}
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Deny && denied || !r.Deny && allowed {
			continue
		}
		match := false
		if row := r.tableRow(); row >= 0 && syscallTable[row].nr[a.index()] >= 0 && uint32(syscallTable[row].nr[a.index()]) == d.Nr {
			match, err = r.matchesOn(native, v, d.Args, false, 0)
		}
		if muxed && !match && err == nil {
			if row, op, ok := ruleMultiplexer(r); ok && syscallTable[row].nr[a.index()] == int32(d.Nr) {
				match, err = r.matchesOn(native, v, d.Args, true, op)
			}
		}
		if err != nil {
			return false, false, fmt.Errorf("line %d: %w", r.Line, err)
		}
		if r.Deny {
			denied = match
		} else {
			allowed = match
		}
	}
	return allowed, denied, nil
}

// stacked returns what the kernel makes of the actions of stacked filters,
// given in the order they were loaded (seccomp_run_filters): it runs the
// filter loaded last first and keeps an action only if it takes precedence
// over (is lower than, as a signed number without its data) the one it
// has, so that of two ERRNO results the last loaded filter's errno wins.
func stacked(loaded ...Action) Action {
	out := ActionAllow
	for i := len(loaded) - 1; i >= 0; i-- {
		if actionOnly(loaded[i]) < actionOnly(out) {
			out = loaded[i]
		}
	}
	return out
}

// actionOnly is the kernel's ACTION_ONLY: the action without its data, as
// a signed number.
func actionOnly(a Action) int32 { return int32(uint32(a) & 0xffff0000) }

// resolve returns the condition's value and mask on architecture a.
func (c Cond) resolve(a Arch) (value, mask uint64, err error) {
	value, ok := c.Value.Value(a)
	if !ok {
		return 0, 0, fmt.Errorf("invalid argument %q: constant %q is not defined on %s", c.Token, c.Value.Text, a)
	}
	if c.Op == OpMaskedEqual {
		if mask, ok = c.Mask.Value(a); !ok {
			return 0, 0, fmt.Errorf("invalid argument %q: constant %q is not defined on %s", c.Token, c.Mask.Text, a)
		}
	}
	return value, mask, nil
}

// holds evaluates "arg OP value" on 64-bit values, or on their low halves.
func (o Op) holds(arg, value, mask uint64, low32 bool) bool {
	if low32 {
		arg, value, mask = arg&0xffffffff, value&0xffffffff, mask&0xffffffff
	}
	switch o {
	case OpEqual:
		return arg == value
	case OpNotEqual:
		return arg != value
	case OpGreater:
		return arg > value
	case OpGreaterEqual:
		return arg >= value
	case OpLess:
		return arg < value
	case OpLessEqual:
		return arg <= value
	case OpMaskedEqual:
		return arg&mask == value
	}
	return false
}
