// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package libseccomp compiles plugpolicy seccomp policies with libseccomp,
// through cgo, so that the benchmarks can measure the compiler the issue
// compares ours with in the same run. It is a separate module, to keep
// cgo and the libseccomp headers out of the main one.
//
// The translation: a filter whose default action is ERRNO(EPERM), the
// compat ABIs added with seccomp_arch_add, one SCMP_ACT_ALLOW rule per
// allow line and one SCMP_ACT_ERRNO(EACCES) rule per "~" line, in the same
// filter (an approximation: see README.md) or, with Config.SplitDenials,
// the two filters snap-seccomp builds, which its tests also use as the
// oracle for snapd's reference corpus.
package libseccomp

/*
#cgo LDFLAGS: -lseccomp
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <seccomp.h>

// resolve_name returns libseccomp's number for the system call name on
// the architecture arch (0: the native one): a pseudo number (below -1)
// where the call does not exist there, -1 (__NR_SCMP_ERROR) where
// libseccomp does not know the name at all. With rewrite, a call that
// i386 multiplexes resolves to its multiplexer (socketcall, ipc).
static int resolve_name(uint32_t arch, _GoString_ name, int rewrite) {
	char buf[64];
	size_t n = _GoStringLen(name);
	if (n >= sizeof(buf))
		return __NR_SCMP_ERROR;
	memcpy(buf, _GoStringPtr(name), n);
	buf[n] = 0;
	if (arch == 0)
		return seccomp_syscall_resolve_name(buf);
	if (rewrite)
		return seccomp_syscall_resolve_name_rewrite(arch, buf);
	return seccomp_syscall_resolve_name_arch(arch, buf);
}

static uint32_t act_errno(uint32_t e) { return SCMP_ACT_ERRNO(e); }

// export_bpf writes the filter to a memfd (libseccomp 2.5 has no
// seccomp_export_bpf_mem) and returns a malloc'ed copy of the program.
static int export_bpf(scmp_filter_ctx ctx, void **out, size_t *len) {
	int fd = memfd_create("libseccomp-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		goto out;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out;
	}
	char *buf = malloc(st.st_size > 0 ? st.st_size : 1);
	if (buf == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	size_t done = 0;
	while (done < (size_t)st.st_size) {
		ssize_t r = pread(fd, buf + done, st.st_size - done, done);
		if (r <= 0) {
			rc = r < 0 ? -errno : -EIO;
			free(buf);
			goto out;
		}
		done += r;
	}
	*out = buf;
	*len = done;
	rc = 0;
out:
	close(fd);
	return rc;
}
*/
import "C"

import (
	"fmt"
	"sync"
	"syscall"
	"unsafe"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// Optimization levels of SCMP_FLTATR_CTL_OPTIMIZE.
const (
	// OptimizeDefault leaves the attribute unset, as snap-seccomp does:
	// libseccomp's default, OptimizePriority.
	OptimizeDefault = 0
	// OptimizePriority is libseccomp's default: a chain of tests ordered
	// by the rules' priority.
	OptimizePriority = 1
	// OptimizeBinaryTree is the binary-tree optimisation the issue names.
	OptimizeBinaryTree = 2
)

// Config says how Compile writes a policy with libseccomp.
type Config struct {
	// Optimize is the SCMP_FLTATR_CTL_OPTIMIZE level: OptimizeDefault,
	// OptimizePriority or OptimizeBinaryTree.
	Optimize int
	// SplitDenials builds the two filters snap-seccomp builds: the allow
	// lines in one whose default action is ERRNO(EPERM), the "~" lines
	// in another whose default action is ALLOW (both LOG under
	// @complain), none under @unrestricted. Loaded deny filter first, as
	// snap-confine does, the kernel's rules for stacked filters give
	// them the policy's meaning (Policy.Decide). Without it, one filter
	// holds both kinds of lines, which libseccomp can only approximate
	// (see README.md).
	SplitDenials bool
}

// Version returns the version of the libseccomp library linked in.
func Version() string {
	v := C.seccomp_version()
	return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.micro)
}

// Token returns libseccomp's token (SCMP_ARCH_*) for the architecture.
func Token(a bpf.Arch) uint32 {
	switch a {
	case bpf.ArchX32:
		// x32 shares AUDIT_ARCH_X86_64; libseccomp tells it apart with a
		// token of its own.
		return uint32(C.SCMP_ARCH_X32)
	case bpf.ArchInvalid:
		return 0
	}
	return a.AuditArch()
}

// Resolvable reports whether libseccomp can place a rule for the system
// call name on architecture a, directly or, for i386's socket and SysV
// IPC calls, through their multiplexer (socketcall, ipc).
func Resolvable(a bpf.Arch, name string) bool {
	return C.resolve_name(C.uint32_t(Token(a)), name, 1) >= 0
}

// resolveName returns libseccomp's number for the system call name on
// the architecture token arch (0: the native one), as resolve_name does.
func resolveName(arch uint32, name string, rewrite bool) int {
	r := C.int(0)
	if rewrite {
		r = 1
	}
	return int(C.resolve_name(C.uint32_t(arch), name, r))
}

// Unresolved returns the system call names of the policy's rules that
// bpf's tables define on architecture a but libseccomp cannot place
// there: it leaves them out of a's part of the filter.
func Unresolved(p *bpf.Policy, a bpf.Arch) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Rules {
		if seen[r.Syscall] {
			continue
		}
		seen[r.Syscall] = true
		if _, ok := a.SyscallNumber(r.Syscall); ok && !Resolvable(a, r.Syscall) {
			out = append(out, r.Syscall)
		}
	}
	return out
}

// Unknown returns the system call names of the policy's rules that
// libseccomp knows on no architecture; Compile leaves them out.
func Unknown(p *bpf.Policy) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Rules {
		if !seen[r.Syscall] && C.resolve_name(0, r.Syscall, 0) == C.__NR_SCMP_ERROR {
			out = append(out, r.Syscall)
		}
		seen[r.Syscall] = true
	}
	return out
}

// forceAPILevel3 lets libseccomp accept SCMP_ACT_KILL_PROCESS and
// SCMP_ACT_LOG whatever the running kernel supports: the filters are only
// exported, never loaded.
var forceAPILevel3 = sync.OnceFunc(func() {
	if C.seccomp_api_get() < 3 {
		C.seccomp_api_set(3)
	}
})

// Compile builds the policy's filters for opts with libseccomp and returns
// them as seccomp_export_bpf writes them: arrays of struct sock_filter in
// the host's byte order, in the order they are to be loaded (one filter,
// or with cfg.SplitDenials snap-seccomp's deny filter and then its allow
// filter). opts.Arch need not be the host's architecture, but must have
// its byte order: libseccomp takes system call numbers in the host's
// numbering and places each rule on every architecture of the filter by
// its name, as it does for snap-seccomp's compat architectures.
func Compile(p *bpf.Policy, opts bpf.Options, cfg Config) ([][]byte, error) {
	arches, err := opts.Arches()
	if err != nil {
		return nil, err
	}
	if opts.Arch.ByteOrder() != bpf.HostArch().ByteOrder() {
		return nil, fmt.Errorf("cannot compile for %s with libseccomp on %s: the byte orders differ", opts.Arch, bpf.HostArch())
	}
	forceAPILevel3()
	eperm, eacces := errnoAction(syscall.EPERM), errnoAction(syscall.EACCES)
	allow, log := uint32(C.SCMP_ACT_ALLOW), uint32(C.SCMP_ACT_LOG)
	f := filter{arches: arches, cfg: cfg, badArch: uint32(C.SCMP_ACT_KILL_THREAD)}
	switch opts.OtherArch {
	case bpf.OtherArchDeny:
		f.badArch = eperm
	case bpf.OtherArchKillProcess:
		f.badArch = uint32(C.SCMP_ACT_KILL_PROCESS)
	}
	denials := func(r *bpf.Rule) (uint32, bool) { return eacces, r.Deny }
	allows := func(r *bpf.Rule) (uint32, bool) { return allow, !r.Deny }
	switch {
	case p.Unrestricted && cfg.SplitDenials:
		return nil, nil // snap-confine loads no filter
	case p.Unrestricted:
		// Every call through every ABI, like bpf's single "ret ALLOW".
		f.badArch = allow
		bin, err := f.build(p, opts.Arch, allow, nil)
		return [][]byte{bin}, err
	case cfg.SplitDenials:
		allowDefault, denyDefault := eperm, allow
		if p.Complain {
			allowDefault, denyDefault = log, log
		}
		deny, err := f.build(p, opts.Arch, denyDefault, denials)
		if err != nil {
			return nil, err
		}
		allowed, err := f.build(p, opts.Arch, allowDefault, allows)
		return [][]byte{deny, allowed}, err
	case p.Complain:
		// Under @complain only the denials count (the allow lines'
		// ALLOW never takes precedence over the deny filter's LOG).
		bin, err := f.build(p, opts.Arch, log, denials)
		return [][]byte{bin}, err
	}
	bin, err := f.build(p, opts.Arch, eperm, func(r *bpf.Rule) (uint32, bool) {
		if r.Deny {
			return eacces, true
		}
		return allow, true
	})
	return [][]byte{bin}, err
}

// filter builds one libseccomp filter.
type filter struct {
	arches  []bpf.Arch
	cfg     Config
	badArch uint32
	cmps    [6]C.struct_scmp_arg_cmp
}

// build makes a filter with the default action def and a rule for each
// line that action accepts, with the action it returns, added as
// snap-seccomp adds it: seccomp_rule_add_exact_array, and where that
// fails seccomp_rule_add_array.
func (f *filter) build(p *bpf.Policy, native bpf.Arch, def uint32, action func(*bpf.Rule) (uint32, bool)) ([]byte, error) {
	ctx, err := f.init(def)
	if err != nil {
		return nil, err
	}
	defer C.seccomp_release(ctx)
	for i := 0; action != nil && i < len(p.Rules); i++ {
		r := &p.Rules[i]
		act, ok := action(r)
		if !ok {
			continue
		}
		// The host's number, or the pseudo number of a call the host
		// lacks: libseccomp translates it by name for every
		// architecture of the filter, and leaves out those that lack
		// the call.
		nr := C.resolve_name(0, r.Syscall, 0)
		if nr == C.__NR_SCMP_ERROR {
			continue // unknown to libseccomp everywhere
		}
		n, err := argCmps(r, native, &f.cmps)
		if err != nil {
			return nil, err
		}
		var arr *C.struct_scmp_arg_cmp
		if n > 0 {
			arr = &f.cmps[0]
		}
		rc := C.seccomp_rule_add_exact_array(ctx, C.uint32_t(act), nr, C.uint(n), arr)
		if rc < 0 {
			rc = C.seccomp_rule_add_array(ctx, C.uint32_t(act), nr, C.uint(n), arr)
		}
		if rc < 0 {
			return nil, fmt.Errorf("line %d: seccomp_rule_add %q: %w", r.Line, r.String(), syscall.Errno(-rc))
		}
	}
	return exportBPF(ctx)
}

// init returns a new filter context with the default action def, the
// bad-architecture action, the optimisation level and the architectures.
func (f *filter) init(def uint32) (C.scmp_filter_ctx, error) {
	ctx := C.seccomp_init(C.uint32_t(def))
	if ctx == nil {
		return nil, fmt.Errorf("seccomp_init failed")
	}
	err := f.setup(ctx)
	if err != nil {
		C.seccomp_release(ctx)
		return nil, err
	}
	return ctx, nil
}

func (f *filter) setup(ctx C.scmp_filter_ctx) error {
	if f.badArch != uint32(C.SCMP_ACT_KILL_THREAD) {
		if err := check("SCMP_FLTATR_ACT_BADARCH", C.seccomp_attr_set(ctx, C.SCMP_FLTATR_ACT_BADARCH, C.uint32_t(f.badArch))); err != nil {
			return err
		}
	}
	if f.cfg.Optimize != OptimizeDefault {
		if err := check("SCMP_FLTATR_CTL_OPTIMIZE", C.seccomp_attr_set(ctx, C.SCMP_FLTATR_CTL_OPTIMIZE, C.uint32_t(f.cfg.Optimize))); err != nil {
			return err
		}
	}
	if Token(f.arches[0]) != uint32(C.seccomp_arch_native()) {
		// seccomp_init added the host's architecture.
		if err := check("seccomp_arch_remove", C.seccomp_arch_remove(ctx, C.SCMP_ARCH_NATIVE)); err != nil {
			return err
		}
		if err := check("seccomp_arch_add "+f.arches[0].String(), C.seccomp_arch_add(ctx, C.uint32_t(Token(f.arches[0])))); err != nil {
			return err
		}
	}
	for _, a := range f.arches[1:] {
		if err := check("seccomp_arch_add "+a.String(), C.seccomp_arch_add(ctx, C.uint32_t(Token(a)))); err != nil {
			return err
		}
	}
	return nil
}

// exportBPF returns the filter's program as seccomp_export_bpf writes it.
func exportBPF(ctx C.scmp_filter_ctx) ([]byte, error) {
	var buf unsafe.Pointer
	var n C.size_t
	if err := check("seccomp_export_bpf", C.export_bpf(ctx, &buf, &n)); err != nil {
		return nil, err
	}
	defer C.free(buf)
	return C.GoBytes(buf, C.int(n)), nil
}

// argCmps writes the rule's argument filters as libseccomp comparisons
// and returns how many there are. Constants take the native
// architecture's values for every ABI, as in bpf.Compile.
func argCmps(r *bpf.Rule, native bpf.Arch, out *[6]C.struct_scmp_arg_cmp) (int, error) {
	if len(r.Conds) > len(out) {
		return 0, fmt.Errorf("line %d: %d argument filters", r.Line, len(r.Conds))
	}
	var used [6]bool
	for i, c := range r.Conds {
		if used[c.Arg] {
			// seccomp_rule_add rejects a second comparison of one argument.
			return 0, fmt.Errorf("line %d: cannot express two filters of argument %d with libseccomp", r.Line, c.Arg)
		}
		used[c.Arg] = true
		value, ok := c.Value.Value(native)
		if !ok {
			return 0, fmt.Errorf("line %d: constant %q is not defined on %s", r.Line, c.Value.Text, native)
		}
		var mask uint64
		if c.Op == bpf.OpMaskedEqual {
			if mask, ok = c.Mask.Value(native); !ok {
				return 0, fmt.Errorf("line %d: constant %q is not defined on %s", r.Line, c.Mask.Text, native)
			}
		}
		cmp := &out[i]
		cmp.arg = C.uint(c.Arg)
		switch {
		case c.Low32 && c.Op == bpf.OpEqual:
			// Only the low halves count: arg & 0xffffffff == value, as
			// snapd writes it.
			cmp.op, cmp.datum_a, cmp.datum_b = C.SCMP_CMP_MASKED_EQ, 0xffffffff, C.scmp_datum_t(value&0xffffffff)
		case c.Low32 && c.Op == bpf.OpMaskedEqual:
			cmp.op, cmp.datum_a, cmp.datum_b = C.SCMP_CMP_MASKED_EQ, C.scmp_datum_t(mask&0xffffffff), C.scmp_datum_t(value&0xffffffff)
		case c.Low32:
			return 0, fmt.Errorf("line %d: cannot express a 32-bit %s filter with libseccomp", r.Line, c.Op)
		case c.Op == bpf.OpMaskedEqual:
			cmp.op, cmp.datum_a, cmp.datum_b = C.SCMP_CMP_MASKED_EQ, C.scmp_datum_t(mask), C.scmp_datum_t(value)
		default:
			op, ok := scmpOps[c.Op]
			if !ok {
				return 0, fmt.Errorf("line %d: unknown comparison %s", r.Line, c.Op)
			}
			cmp.op, cmp.datum_a, cmp.datum_b = op, C.scmp_datum_t(value), 0
		}
	}
	return len(r.Conds), nil
}

var scmpOps = map[bpf.Op]C.enum_scmp_compare{
	bpf.OpEqual:        C.SCMP_CMP_EQ,
	bpf.OpNotEqual:     C.SCMP_CMP_NE,
	bpf.OpGreater:      C.SCMP_CMP_GT,
	bpf.OpGreaterEqual: C.SCMP_CMP_GE,
	bpf.OpLess:         C.SCMP_CMP_LT,
	bpf.OpLessEqual:    C.SCMP_CMP_LE,
}

func errnoAction(e syscall.Errno) uint32 {
	return uint32(C.act_errno(C.uint32_t(e)))
}

// check turns a negative errno return into an error.
func check(what string, rc C.int) error {
	if rc < 0 {
		return fmt.Errorf("%s: %w", what, syscall.Errno(-rc))
	}
	return nil
}
