// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

/*
#include <errno.h>
#include <stdint.h>
#include <seccomp.h>

static uint32_t act_errno_rc(uint32_t e) { return SCMP_ACT_ERRNO(e); }
static uint32_t act_trace_rc(uint32_t e) { return SCMP_ACT_TRACE(e); }
*/
import "C"

import (
	"fmt"
	"slices"
	"syscall"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// RuncVersion is the runc release whose seccomp setup LoadOCI follows:
// libcontainer/specconv.SetupSeccomp, libcontainer/seccomp.InitSeccomp
// (seccomp_linux.go) and libcontainer/seccomp/patchbpf (enosys_linux.go),
// through libseccomp-golang 0.10 (seccomp_rule_add_array, all of a rule's
// comparisons in one call).
const RuncVersion = "1.2"

// Loaded is the filter runc would load for a profile.
type Loaded struct {
	// Program is runc's -ENOSYS stub followed by libseccomp's filter.
	Program *bpf.Program
	// Stub is the number of instructions of the stub (0: none).
	Stub int
	// Rules counts the seccomp_rule_add calls.
	Rules int
	// BinaryTree reports SCMP_FLTATR_CTL_OPTIMIZE=2 (more than 32 rules).
	BinaryTree bool
	// Unknown lists the names libseccomp does not know, which runc skips.
	Unknown []string
	// LastSyscalls is, per libseccomp architecture token the stub
	// covers, the highest number the profile names there: the stub
	// returns ENOSYS above it.
	LastSyscalls map[uint32]uint32
}

// ociArches maps the profile's architectures to libseccomp's tokens (runc:
// ConvertStringToArch, then libseccomp-golang's GetArchFromString).
var ociArches = map[specs.Arch]uint32{
	specs.ArchX86_64: C.SCMP_ARCH_X86_64, specs.ArchX86: C.SCMP_ARCH_X86,
	specs.ArchX32: C.SCMP_ARCH_X32, specs.ArchAARCH64: C.SCMP_ARCH_AARCH64,
	specs.ArchARM: C.SCMP_ARCH_ARM, specs.ArchPPC64LE: C.SCMP_ARCH_PPC64LE,
	specs.ArchS390X: C.SCMP_ARCH_S390X, specs.ArchRISCV64: C.SCMP_ARCH_RISCV64,
}

var ociOps = map[specs.LinuxSeccompOperator]C.enum_scmp_compare{
	specs.OpEqualTo: C.SCMP_CMP_EQ, specs.OpNotEqual: C.SCMP_CMP_NE,
	specs.OpGreaterThan: C.SCMP_CMP_GT, specs.OpGreaterEqual: C.SCMP_CMP_GE,
	specs.OpLessThan: C.SCMP_CMP_LT, specs.OpLessEqual: C.SCMP_CMP_LE,
	specs.OpMaskedEqual: C.SCMP_CMP_MASKED_EQ,
}

// runcAction is runc's getAction: an errnoRet, or EPERM, for ERRNO and
// TRACE.
func runcAction(act specs.LinuxSeccompAction, errnoRet *uint) (uint32, error) {
	ret := uint32(syscall.EPERM)
	if errnoRet != nil {
		ret = uint32(uint16(*errnoRet))
	}
	switch act {
	case specs.ActKill, specs.ActKillThread:
		return C.SCMP_ACT_KILL_THREAD, nil
	case specs.ActKillProcess:
		return C.SCMP_ACT_KILL_PROCESS, nil
	case specs.ActErrno:
		return uint32(C.act_errno_rc(C.uint32_t(ret))), nil
	case specs.ActTrace:
		return uint32(C.act_trace_rc(C.uint32_t(ret))), nil
	case specs.ActTrap:
		return C.SCMP_ACT_TRAP, nil
	case specs.ActAllow:
		return C.SCMP_ACT_ALLOW, nil
	case specs.ActLog:
		return C.SCMP_ACT_LOG, nil
	}
	return 0, fmt.Errorf("invalid action %q, cannot use in rule", act)
}

// ociCall is one entry of runc's configs.Seccomp.Syscalls: specconv
// splits each profile entry into one per name.
type ociCall struct {
	name string
	act  uint32
	args []specs.LinuxSeccompArg
}

// LoadOCI builds the filter runc builds from the profile, and returns it
// decoded, as runc would load it. The host must be the profile's native
// architecture (libseccomp numbers system calls for it).
//
// As runc: seccomp_init with the default action (defaultErrnoRet, or
// EPERM); seccomp_arch_add for each architecture (EEXIST ignored); the
// binary tree (SCMP_FLTATR_CTL_OPTIMIZE=2) when there are more than 32
// calls after splitting the entries by name; for each call, in order,
// nothing when its action is the default one or libseccomp does not know
// the name (seccomp_syscall_resolve_name), else one seccomp_rule_add with
// all its comparisons, or one per comparison when two compare the same
// argument; then seccomp_export_bpf, and patchbpf's -ENOSYS stub in front
// unless the default action is ALLOW, LOG or TRACE. The bad-architecture
// action stays libseccomp's default, KILL_THREAD. Load-time attributes
// (TSYNC, no_new_privs, SSB and log flags) do not change the program and
// are left out.
func LoadOCI(prof *specs.LinuxSeccomp) (*Loaded, error) {
	forceAPILevel3()
	def, err := runcAction(prof.DefaultAction, prof.DefaultErrnoRet)
	if err != nil {
		return nil, fmt.Errorf("invalid default action: %w", err)
	}
	ctx := C.seccomp_init(C.uint32_t(def))
	if ctx == nil {
		return nil, fmt.Errorf("seccomp_init failed")
	}
	defer C.seccomp_release(ctx)
	for _, a := range prof.Architectures {
		tok, ok := ociArches[a]
		if !ok {
			return nil, fmt.Errorf("unknown architecture %q", a)
		}
		if rc := C.seccomp_arch_add(ctx, C.uint32_t(tok)); rc < 0 && syscall.Errno(-rc) != syscall.EEXIST {
			return nil, fmt.Errorf("seccomp_arch_add %s: %w", a, syscall.Errno(-rc))
		}
	}
	var calls []ociCall
	for _, e := range prof.Syscalls {
		act, err := runcAction(e.Action, e.ErrnoRet)
		if err != nil {
			return nil, err
		}
		for _, name := range e.Names {
			calls = append(calls, ociCall{name, act, e.Args})
		}
	}
	out := &Loaded{BinaryTree: len(calls) > 32}
	if out.BinaryTree {
		C.seccomp_attr_set(ctx, C.SCMP_FLTATR_CTL_OPTIMIZE, 2) // runc ignores a failure
	}
	for _, c := range calls {
		if c.act == def {
			continue
		}
		nr := resolveName(0, c.name, false)
		if nr == C.__NR_SCMP_ERROR {
			out.Unknown = append(out.Unknown, c.name)
			continue
		}
		if err := out.addRules(ctx, c, nr); err != nil {
			return nil, err
		}
	}
	bin, err := exportBPF(ctx)
	if err != nil {
		return nil, err
	}
	prog, err := bpf.Decode(bin, nil)
	if err != nil {
		return nil, err
	}
	out.LastSyscalls, err = lastSyscalls(prof, calls)
	if err != nil {
		return nil, err
	}
	if skipStub(prof) {
		out.LastSyscalls = nil
	}
	stub := enosysStub(out.LastSyscalls)
	out.Stub = len(stub)
	prog.Instructions = append(stub, prog.Instructions...)
	if err := prog.Validate(); err != nil {
		return nil, err
	}
	out.Program = prog
	return out, nil
}

// addRules adds the call's rules as runc's matchCall does.
func (l *Loaded) addRules(ctx C.scmp_filter_ctx, c ociCall, nr int) error {
	var cmps []C.struct_scmp_arg_cmp
	seen := map[uint]int{}
	split := false
	for _, a := range c.args {
		op, ok := ociOps[a.Op]
		if !ok || a.Index > 5 {
			return fmt.Errorf("%s: invalid comparison %v", c.name, a)
		}
		seen[a.Index]++
		split = split || seen[a.Index] > 1
		cmps = append(cmps, C.struct_scmp_arg_cmp{arg: C.uint(a.Index), op: op,
			datum_a: C.scmp_datum_t(a.Value), datum_b: C.scmp_datum_t(a.ValueTwo)})
	}
	add := func(cs []C.struct_scmp_arg_cmp) error {
		var arr *C.struct_scmp_arg_cmp
		if len(cs) > 0 {
			arr = &cs[0]
		}
		l.Rules++
		if rc := C.seccomp_rule_add_array(ctx, C.uint32_t(c.act), C.int(nr), C.uint(len(cs)), arr); rc < 0 {
			return fmt.Errorf("error adding seccomp rule for syscall %s: %w", c.name, syscall.Errno(-rc))
		}
		return nil
	}
	if !split {
		return add(cmps)
	}
	for i := range cmps {
		if err := add(cmps[i : i+1]); err != nil {
			return err
		}
	}
	return nil
}

// skipStub is patchbpf.generatePatch's test: no stub when the default
// action lets calls through. (runc also compares defaultErrnoRet with the
// action value SCMP_ACT_ERRNO(ENOSYS), which no errno number equals.)
func skipStub(prof *specs.LinuxSeccomp) bool {
	switch prof.DefaultAction {
	case specs.ActAllow, specs.ActLog, specs.ActTrace:
		return true
	}
	return prof.DefaultErrnoRet != nil && *prof.DefaultErrnoRet == uint(C.act_errno_rc(C.uint32_t(syscall.ENOSYS)))
}

// lastSyscalls is patchbpf.findLastSyscalls: for the profile's
// architectures and the native one, the highest number libseccomp gives
// a name of the profile there (seccomp_syscall_resolve_name_arch: no
// multiplexers), leaving out architectures without any.
func lastSyscalls(prof *specs.LinuxSeccomp, calls []ociCall) (map[uint32]uint32, error) {
	tokens := []uint32{uint32(C.seccomp_arch_native())}
	for _, a := range prof.Architectures {
		tok, ok := ociArches[a]
		if !ok {
			return nil, fmt.Errorf("unknown architecture %q", a)
		}
		if !slices.Contains(tokens, tok) {
			tokens = append(tokens, tok)
		}
	}
	out := map[uint32]uint32{}
	for _, tok := range tokens {
		largest := 0
		for _, c := range calls {
			largest = max(largest, resolveName(tok, c.name, false))
		}
		if largest > 0 {
			out[tok] = uint32(largest)
		}
	}
	return out, nil
}

// auditArch returns the AUDIT_ARCH_* value calls through the libseccomp
// architecture carry in seccomp_data: its token, but for x32's.
func auditArch(tok uint32) uint32 {
	if tok == C.SCMP_ARCH_X32 {
		return C.SCMP_ARCH_X86_64
	}
	return tok
}

// BPF opcodes of the stub.
const (
	ldAbsW = 0x20 // A = seccomp_data[k]
	jmpA   = 0x05 // pc += k
	jeqK   = 0x15
	jgtK   = 0x25
	jsetK  = 0x45
	retK   = 0x06
)

// enosysStub is patchbpf.generateEnosysStub's program (its semantics; the
// layout differs, runc's follows map order): for each AUDIT_ARCH_* of
// last, a call whose number is above the highest of its ABI (x32 and
// x86_64 told apart by bit 30) gets ERRNO(ENOSYS); s390x's setup(2), the
// multiplexer of unknown numbers, too; anything else falls through to the
// filter, which starts right after the stub.
func enosysStub(last map[uint32]uint32) []bpf.Instruction {
	if len(last) == 0 {
		return nil
	}
	type insn struct {
		in     bpf.Instruction
		jt, jf string // labels of conditional targets ("": next)
		ja     string // label of an unconditional jump
	}
	var code []insn
	labels := map[string]int{}
	emit := func(in insn) { code = append(code, in) }
	bind := func(l string) { labels[l] = len(code) }
	audits := map[uint32]bool{}
	for tok := range last {
		audits[auditArch(tok)] = true
	}
	sorted := slices.Sorted(func(yield func(uint32) bool) {
		for a := range audits {
			if !yield(a) {
				return
			}
		}
	})
	emit(insn{in: bpf.Instruction{Op: ldAbsW, K: 4}})
	for _, a := range sorted {
		emit(insn{in: bpf.Instruction{Op: jeqK, K: a}, jt: fmt.Sprint("arch", a)})
	}
	emit(insn{in: bpf.Instruction{Op: jmpA}, ja: "filter"})
	check := func(tok uint32) {
		if nr, ok := last[tok]; ok {
			emit(insn{in: bpf.Instruction{Op: jgtK, K: nr}, jt: "enosys", jf: "filter"})
		} else {
			emit(insn{in: bpf.Instruction{Op: jmpA}, ja: "filter"})
		}
	}
	for _, a := range sorted {
		bind(fmt.Sprint("arch", a))
		emit(insn{in: bpf.Instruction{Op: ldAbsW, K: 0}})
		switch a {
		case C.SCMP_ARCH_X86_64:
			emit(insn{in: bpf.Instruction{Op: jsetK, K: 0x40000000}, jt: "x32"})
			check(C.SCMP_ARCH_X86_64)
			bind("x32")
			check(C.SCMP_ARCH_X32)
		case C.SCMP_ARCH_S390X:
			emit(insn{in: bpf.Instruction{Op: jeqK, K: 0}, jt: "enosys"})
			check(a)
		default:
			check(a)
		}
	}
	bind("enosys")
	emit(insn{in: bpf.Instruction{Op: retK, K: uint32(C.act_errno_rc(C.uint32_t(syscall.ENOSYS)))}})
	labels["filter"] = len(code)
	out := make([]bpf.Instruction, len(code))
	for pc, c := range code {
		out[pc] = c.in
		if c.jt != "" {
			out[pc].Jt = uint8(labels[c.jt] - pc - 1)
		}
		if c.jf != "" {
			out[pc].Jf = uint8(labels[c.jf] - pc - 1)
		}
		if c.ja != "" {
			out[pc].K = uint32(labels[c.ja] - pc - 1)
		}
	}
	return out
}
