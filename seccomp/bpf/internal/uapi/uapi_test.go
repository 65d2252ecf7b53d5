// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package uapi

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEval(t *testing.T) {
	p := New(t.TempDir(), map[string]string{"BASE": "0x40000000", "__LP64__": "1", "SIZE": "(8 * 8)"})
	for expr, want := range map[string]int64{
		"(BASE + 12)":                        0x4000000c,
		"defined(__LP64__) && !defined(X32)": 1,
		"defined __LP64__ || 0":              1,
		"SIZE != 32":                         1,
		"UNDEFINED":                          0,
		"(1 << 4) | 3":                       19,
		"0x10UL - 1":                         15,
		"~0 & 0xff":                          255,
		"-1 < 0 && 7 % 4 == 3":               1,
	} {
		got, err := p.Eval(expr)
		if err != nil || got != want {
			t.Errorf("Eval(%q) = %d, %v; want %d", expr, got, err, want)
		}
	}
	for _, bad := range []string{"(1", "1 +", "1 ? 2 : 3", "1 / 0", "@"} {
		if _, err := p.Eval(bad); err == nil {
			t.Errorf("Eval(%q) succeeded", bad)
		}
	}
}

func TestPreprocess(t *testing.T) {
	dir := t.TempDir()
	header := `/* comment */
#ifndef _TEST_H
#define _TEST_H
#define __NR3264_fcntl 25
#define __NR_read 63 // trailing
#ifdef __ARCH_WANT_RENAMEAT
#define __NR_renameat 38
#endif
#if defined(__LP64__) && \
    !defined(__SYSCALL_COMPAT)
#define __NR_fcntl __NR3264_fcntl
#elif 1
#define __NR_fcntl64 __NR3264_fcntl
#else
#define __NR_never 1
#endif
#define __ARM_NR_BASE 0x0f0000
#define __ARM_NR_set_tls (__ARM_NR_BASE+5)
#define __SYSCALL(x, y)
#define __NR_syscalls 451
#endif
`
	if err := os.MkdirAll(filepath.Join(dir, "asm"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "asm", "unistd.h"), []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	p := New(dir, map[string]string{"__LP64__": "1"})
	if err := p.Include("asm/unistd.h"); err != nil {
		t.Fatal(err)
	}
	got, err := p.Syscalls()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint32{"read": 63, "fcntl": 25, "set_tls": 0xf0005}
	if len(got) != len(want) {
		t.Errorf("Syscalls() = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
}
