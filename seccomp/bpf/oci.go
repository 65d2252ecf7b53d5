// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"slices"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// errnoEPERM and errnoEACCES are the errno values of the two denials.
const (
	errnoEPERM  = 1
	errnoEACCES = 13
)

// ExportOCI renders the policy as an OCI runtime seccomp profile, which
// encodes as the JSON of a Kubernetes "Localhost" seccomp profile:
//
//   - defaultAction is SCMP_ACT_ERRNO with defaultErrnoRet 1 (EPERM), or
//     SCMP_ACT_LOG under @complain, or SCMP_ACT_ALLOW under @unrestricted;
//   - architectures lists opts.Arch and its compat architectures
//     (SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, ...);
//   - each group of lines with the same action and argument filters
//     becomes one entry of syscalls, with the names sorted, the action
//     SCMP_ACT_ALLOW for allow lines and SCMP_ACT_ERRNO with errnoRet 13
//     (EACCES) for explicit denials, and args using the SCMP_CMP_*
//     operators (a 32-bit id comparison is SCMP_CMP_MASKED_EQ with the
//     mask 0xffffffff).
//
// Names no covered architecture knows are left out, as are explicit
// denials of calls no allow line names (those stay EPERM) and, under
// @complain, all explicit denials. Constants take opts.Arch's values. The
// runtime hands the profile to libseccomp, which gives a conditional rule
// precedence over an unconditional one for the same call, so an allowed
// call with a matching explicit denial gets EACCES as in the compiled
// filter.
func ExportOCI(p *Policy, opts Options) (*specs.LinuxSeccomp, error) {
	arches, err := opts.arches()
	if err != nil {
		return nil, compileError(opts, err)
	}
	prof := &specs.LinuxSeccomp{}
	for _, a := range arches {
		prof.Architectures = append(prof.Architectures, a.OCIArch())
	}
	switch {
	case p.Unrestricted:
		prof.DefaultAction = specs.ActAllow
		return prof, nil
	case p.Complain:
		prof.DefaultAction = specs.ActLog
	default:
		prof.DefaultAction = specs.ActErrno
		prof.DefaultErrnoRet = errnoPtr(errnoEPERM)
	}
	allowed := map[string]bool{}
	for _, r := range p.Rules {
		if !r.Deny {
			allowed[r.Syscall] = true
		}
	}
	var entries []*specs.LinuxSyscall
	index := map[string]*specs.LinuxSyscall{}
	for i := range p.Rules {
		r := &p.Rules[i]
		if !knownOn(r.Syscall, arches) || r.Deny && (p.Complain || !allowed[r.Syscall]) {
			continue
		}
		args, err := ociArgs(r, opts.Arch)
		if err != nil {
			return nil, compileError(opts, err)
		}
		e := specs.LinuxSyscall{Action: specs.ActAllow, Args: args}
		if r.Deny {
			e.Action, e.ErrnoRet = specs.ActErrno, errnoPtr(errnoEACCES)
		}
		key := fmt.Sprintf("%s %v", e.Action, args)
		if found := index[key]; found != nil {
			if !slices.Contains(found.Names, r.Syscall) {
				found.Names = append(found.Names, r.Syscall)
			}
			continue
		}
		e.Names = []string{r.Syscall}
		entries = append(entries, &e)
		index[key] = &e
	}
	for _, e := range entries {
		slices.Sort(e.Names)
		prof.Syscalls = append(prof.Syscalls, *e)
	}
	return prof, nil
}

func errnoPtr(v uint) *uint { return &v }

// knownOn reports whether a system call exists on one of arches.
func knownOn(name string, arches []Arch) bool {
	for _, a := range arches {
		if _, ok := a.SyscallNumber(name); ok {
			return true
		}
	}
	return false
}

// ociOps maps comparisons to the OCI (libseccomp) operators.
var ociOps = map[Op]specs.LinuxSeccompOperator{
	OpEqual: specs.OpEqualTo, OpNotEqual: specs.OpNotEqual,
	OpGreater: specs.OpGreaterThan, OpGreaterEqual: specs.OpGreaterEqual,
	OpLess: specs.OpLessThan, OpLessEqual: specs.OpLessEqual,
	OpMaskedEqual: specs.OpMaskedEqual,
}

// ociArgs converts a rule's filters. For SCMP_CMP_MASKED_EQ, Value is the
// mask and ValueTwo the value, as libseccomp takes them.
func ociArgs(r *Rule, native Arch) ([]specs.LinuxSeccompArg, error) {
	var args []specs.LinuxSeccompArg
	for _, c := range r.Conds {
		value, mask, err := c.resolve(native)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", r.Line, err)
		}
		a := specs.LinuxSeccompArg{Index: uint(c.Arg), Op: ociOps[c.Op], Value: value}
		switch {
		case c.Low32 && c.Op == OpEqual:
			a.Op, a.Value, a.ValueTwo = specs.OpMaskedEqual, 0xffffffff, value&0xffffffff
		case c.Op == OpMaskedEqual:
			a.Value, a.ValueTwo = mask, value
		}
		args = append(args, a)
	}
	return args, nil
}
