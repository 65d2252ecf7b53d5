// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
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
	// OtherArchKill kills the process (SECCOMP_RET_KILL_PROCESS), like
	// libseccomp's default bad-architecture action.
	OtherArchKill OtherArchAction = iota
	// OtherArchDeny fails the call with EPERM.
	OtherArchDeny
)

// Options choose what a filter covers.
type Options struct {
	// Arch is the native architecture: the kernel's, whose values the
	// symbolic constants take and whose byte order the filter is encoded
	// in. It is required.
	Arch Arch
	// NativeOnly drops the compat architectures (Arch.DefaultCompat) that
	// a filter covers otherwise: i386 and x32 on amd64, arm on arm64.
	NativeOnly bool
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

// arches returns the native architecture followed by the compat ones.
func (o Options) arches() ([]Arch, error) {
	if !o.Arch.valid() {
		return nil, fmt.Errorf("invalid architecture %q: expected one of the supported architectures", o.Arch.String())
	}
	if o.OtherArch > OtherArchDeny {
		return nil, fmt.Errorf("invalid other-architecture action %d", o.OtherArch)
	}
	out := []Arch{o.Arch}
	if !o.NativeOnly {
		out = append(out, o.Arch.DefaultCompat()...)
	}
	return out, nil
}

func (o Options) otherArchAction() Action {
	if o.OtherArch == OtherArchDeny {
		return ActionEPERM
	}
	return ActionKillProcess
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

// Decide returns the action a filter compiled from the policy with opts
// takes for the call d. It evaluates the rules directly, without BPF, and
// is the specification the compiler is tested against:
//
//   - @unrestricted allows everything;
//   - a call through an ABI the filter does not cover gets the
//     OtherArch action;
//   - a call that no allow line matches is denied with EPERM;
//   - one that an allow line matches and a "~" line also matches is
//     denied with EACCES;
//   - any other call is allowed;
//   - under @complain, the denials are logged and allowed instead.
func (p *Policy) Decide(opts Options, d Data) (Action, error) {
	arches, err := opts.arches()
	if err != nil {
		return 0, err
	}
	if p.Unrestricted {
		return ActionAllow, nil
	}
	a := dataArch(arches, d)
	if a == ArchInvalid {
		return opts.otherArchAction(), nil
	}
	allowed, denied := false, false
	for i := range p.Rules {
		r := &p.Rules[i]
		if nr, ok := a.SyscallNumber(r.Syscall); !ok || nr != d.Nr {
			continue
		}
		match, err := r.matches(opts.Arch, d.Args)
		if err != nil {
			return 0, err
		}
		if r.Deny {
			denied = denied || match
		} else {
			allowed = allowed || match
		}
	}
	verdict := ActionAllow
	switch {
	case !allowed:
		verdict = ActionEPERM
	case denied:
		verdict = ActionEACCES
	}
	if p.Complain && verdict != ActionAllow {
		verdict = ActionLog
	}
	return verdict, nil
}

// matches reports whether every condition of the rule holds for args, with
// constants taking their values on the native architecture.
func (r *Rule) matches(native Arch, args [6]uint64) (bool, error) {
	for _, c := range r.Conds {
		value, mask, err := c.resolve(native)
		if err != nil {
			return false, fmt.Errorf("line %d: %w", r.Line, err)
		}
		if !c.Op.holds(args[c.Arg], value, mask, c.Low32) {
			return false, nil
		}
	}
	return true, nil
}

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
