// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package bpf compiles seccomp policies in snapd's source syntax into
// seccomp BPF filters, in pure Go, and exports them as OCI (Kubernetes)
// seccomp profiles.
//
// The seccomp backend renders one policy source per security tag
// (var/lib/snapd/seccomp/bpf/snap.NAME.APP.src); this package turns it into
// the .bin2 beside it, which snap-confine loads: a header and the two
// filters snap-seccomp builds, an allow filter and a deny filter. It also
// writes the .bin, the raw array of struct sock_filter that seccomp(2) and
// bwrap --seccomp load: one filter that decides as the two do together.
//
//	bin2, err := bpf.CompileSnapConfine("snap.kube-node.kubelet", src, bpf.Options{Arch: bpf.ArchAMD64})
//	bin, err := bpf.CompileSource("snap.kube-node.kubelet", src, bpf.Options{Arch: bpf.ArchAMD64})
//
// The steps are available one by one: Parse reads the source into a
// Policy; Compile builds a Program for a native architecture and the
// compat architecture snap-seccomp adds (amd64 with i386, arm64 with
// arm; Options.X32 adds x32), CompileSnapConfineFilters the two filters,
// EncodeSnapConfine and DecodeSnapConfine write and read the .bin2; a
// Program encodes (MarshalBinary) and decodes (Decode), runs in an
// interpreter (Run), disassembles (Disassemble) and loads into the running
// process (Load, on Linux). Policy.Decide states what a filter must
// decide for any call, and is what the compiler is tested against.
// ExportOCI renders the policy for OCI runtimes.
//
// # Unknown system calls
//
// A line whose system call no Linux architecture has (as of the tables'
// kernel, TablesKernelVersion) is skipped, as snapd's snap-seccomp skips
// the names libseccomp cannot resolve, and recorded as a Warning in
// Policy.Warnings; CompileSourceWithWarnings returns the warnings so that
// the caller can print them, and CompileSource drops them. Strict mode
// (ParseOptions.Strict for ParseWithOptions, Options.Strict for the
// CompileSource functions) makes such a line an error, as for policies
// the project writes itself. Unknown constants are always errors, as in
// snap-seccomp. README.md ("Unknown names") has the details.
//
//	bin, warnings, err := bpf.CompileSourceWithWarnings(tag, src, bpf.Options{Arch: arch})
//	for _, w := range warnings {
//		log.Printf("%s: warning: %s", tag, w)
//	}
//
// # Meaning
//
// What the kernel decides once snap-confine has loaded snap-seccomp's two
// filters, deny filter first (README.md, "Semantics"): a call that no
// allow line matches is denied with EPERM, also when a "~" line matches
// it; one that an allow line and an explicit denial ("~" line) match is
// denied with EACCES; any other call is allowed. Under @complain a call a
// "~" line matches is denied with EACCES and every other one is logged
// (SECCOMP_RET_LOG); @unrestricted allows everything (snap-confine loads
// no filter). Lines for one call are OR-ed, the filters of a line AND-ed,
// and 64-bit arguments are compared as two 32-bit halves, but as
// libseccomp does on i386 and arm, only the low halves; there, and on
// ppc64le and s390x, a socket or SysV IPC line also holds for
// socketcall(2) or ipc(2). Calls through an ABI the filter does not cover
// are killed (KILL_THREAD, as libseccomp does) or as Options.OtherArch
// says.
//
// # Compiler
//
// The compiler follows gVisor's pkg/seccomp and pkg/bpf in shape. Rule
// types with written contracts (predicate: always, allOf, anyOf, argCmp,
// argSwitch) emit code into a builder that resolves labels and checks that
// every jump goes forward. The dispatch on the system call number is a
// search tree over ranges of numbers with the same decision, kept as
// shallow as a balanced tree, with the system calls whose arguments are
// checked and the hot ones (read, write, futex, epoll_pwait) lifted
// towards the root. The builder leaves out the returns no path reaches
// and the loads of a word the accumulator holds already; named
// optimisation passes then run to a fixed point (or not at all when the
// builder can tell that they would find nothing), and the assembler
// handles the 8-bit reach of conditional jumps with trampolines. A
// program longer than the kernel's 4096 instructions is an error naming
// the policy.
//
// The syscall tables and constants are generated (zsyscalls.go,
// zconstants.go): run "go generate" here on a Debian system, see
// internal/gentables/regen.sh. README.md records the design decisions.
package bpf

//go:generate sh internal/gentables/regen.sh
