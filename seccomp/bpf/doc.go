// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package bpf compiles seccomp policies in snapd's source syntax into
// seccomp BPF filters, in pure Go, and exports them as OCI (Kubernetes)
// seccomp profiles.
//
// The seccomp backend renders one policy source per security tag
// (var/lib/snapd/seccomp/bpf/snap.NAME.APP.src); this package turns it into
// the .bin beside it: the raw array of struct sock_filter that seccomp(2)
// and bwrap --seccomp load.
//
//	bin, err := bpf.CompileSource("snap.kube-node.kubelet", src, bpf.Options{Arch: bpf.ArchAMD64})
//
// The steps are available one by one: Parse reads the source into a
// Policy; Compile builds a Program for a native architecture and its
// compat architectures (amd64 with i386 and x32, arm64 with arm); a
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
// A call that no allow line matches is denied with EPERM; one that an
// allow line matches and an explicit denial ("~" line) also matches is
// denied with EACCES; any other call is allowed. @complain logs instead of
// denying; @unrestricted allows everything. Lines for one call are OR-ed,
// the filters of a line AND-ed, and 64-bit arguments are compared as two
// 32-bit halves. Calls through an ABI the filter does not cover are killed
// or denied, as Options.OtherArch says.
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
