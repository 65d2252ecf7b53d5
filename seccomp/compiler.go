// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

import (
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// BPFCompiler is the Compiler of plugpolicy's own pure-Go seccomp compiler
// (package seccomp/bpf): it compiles each source for the target
// architecture and its compat architectures (amd64 with i386,
// arm64 with arm), killing calls through any other ABI.
type BPFCompiler struct {
	// Arch is the target's native architecture; the zero value is the
	// architecture plugpolicy runs on.
	Arch bpf.Arch
}

var _ CachingCompiler = BPFCompiler{}

// CacheKey is the target architecture: the filter depends on nothing else
// but the policy's rules.
func (c BPFCompiler) CacheKey() string {
	return c.arch().String()
}

func (c BPFCompiler) arch() bpf.Arch {
	if c.Arch == bpf.ArchInvalid {
		return bpf.HostArch()
	}
	return c.Arch
}

// Compile compiles a policy source to the raw sock_filter array, in the
// target's byte order.
func (c BPFCompiler) Compile(name string, src []byte) ([]byte, error) {
	return bpf.CompileSource(name, src, bpf.Options{Arch: c.arch()})
}

var _ SnapConfineCompiler = BPFCompiler{}

// CompileSnapConfine compiles a policy source to snap-confine's .bin2: the
// allow filter and the explicit denials' filter behind a header, in the
// target's byte order.
func (c BPFCompiler) CompileSnapConfine(name string, src []byte) ([]byte, error) {
	return bpf.CompileSnapConfine(name, src, bpf.Options{Arch: c.arch()})
}
