// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package uapi

import (
	"fmt"
	"path/filepath"
)

// Target says where one architecture's headers are and how a compiler for
// it would predefine macros, so that asm/unistd.h selects the right table.
type Target struct {
	// Name is the architecture name used by the seccomp/bpf package.
	Name string
	// Triplet is the Debian multiarch directory below /usr in the
	// linux-libc-dev-*-cross packages.
	Triplet string
	// Package is the Debian package that ships the headers.
	Package string
	// Predefined holds the compiler built-in macros.
	Predefined map[string]string
}

// Targets lists the architectures whose tables are generated, in the order
// of the package's Arch constants.
func Targets() []Target {
	lp64 := func(extra ...string) map[string]string {
		m := map[string]string{"__LP64__": "1", "__SIZEOF_POINTER__": "8"}
		for _, e := range extra {
			m[e] = "1"
		}
		return m
	}
	return []Target{
		{"amd64", "x86_64-linux-gnu", "linux-libc-dev-amd64-cross", lp64("__x86_64__")},
		{"i386", "i686-linux-gnu", "linux-libc-dev-i386-cross", map[string]string{"__i386__": "1", "__SIZEOF_POINTER__": "4"}},
		{"x32", "x86_64-linux-gnux32", "linux-libc-dev-x32-cross", map[string]string{"__x86_64__": "1", "__ILP32__": "1", "__SIZEOF_POINTER__": "4"}},
		{"arm64", "aarch64-linux-gnu", "linux-libc-dev-arm64-cross", lp64("__aarch64__")},
		{"arm", "arm-linux-gnueabihf", "linux-libc-dev-armhf-cross", map[string]string{"__arm__": "1", "__ARM_EABI__": "1", "__SIZEOF_POINTER__": "4"}},
		{"ppc64le", "powerpc64le-linux-gnu", "linux-libc-dev-ppc64el-cross", lp64("__powerpc64__", "__powerpc__")},
		{"s390x", "s390x-linux-gnu", "linux-libc-dev-s390x-cross", lp64("__s390x__", "__s390__")},
		{"riscv64", "riscv64-linux-gnu", "linux-libc-dev-riscv64-cross", lp64("__riscv")},
	}
}

// OtherPackages lists cross header packages of architectures that the
// package does not compile for; only their syscall names are used, so that
// a name that exists on some Linux architecture is skipped rather than
// rejected (as libseccomp, which knows them all, lets snapd do).
func OtherPackages() map[string]string {
	return map[string]string{
		"alpha-linux-gnu":         "linux-libc-dev-alpha-cross",
		"hppa-linux-gnu":          "linux-libc-dev-hppa-cross",
		"m68k-linux-gnu":          "linux-libc-dev-m68k-cross",
		"mips64el-linux-gnuabi64": "linux-libc-dev-mips64el-cross",
		"powerpc-linux-gnu":       "linux-libc-dev-powerpc-cross",
		"sh4-linux-gnu":           "linux-libc-dev-sh4-cross",
		"sparc64-linux-gnu":       "linux-libc-dev-sparc64-cross",
	}
}

// ReadTable preprocesses asm/unistd.h below include as target t's compiler
// would and returns its system call numbers.
func ReadTable(include string, t Target) (map[string]uint32, error) {
	p := New(include, t.Predefined)
	if err := p.Include(filepath.Join("asm", "unistd.h")); err != nil {
		return nil, fmt.Errorf("cannot read %s table: %w", t.Name, err)
	}
	table, err := p.Syscalls()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s table: %w", t.Name, err)
	}
	if len(table) < 200 {
		return nil, fmt.Errorf("cannot read %s table: only %d system calls found", t.Name, len(table))
	}
	return table, nil
}
