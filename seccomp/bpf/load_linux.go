// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Load installs the program as a seccomp filter on every thread of the
// calling process: it sets no_new_privs (which an unprivileged process
// needs to install a filter) and calls seccomp(2) with
// SECCOMP_FILTER_FLAG_TSYNC, so that the Go runtime's other threads are
// confined as well. Filters stack and cannot be removed: the kernel runs
// them all and applies the most restrictive action.
func (p *Program) Load() error {
	return p.load(unix.SECCOMP_FILTER_FLAG_TSYNC)
}

// LoadThread installs the program on the calling OS thread only. The
// caller must keep its goroutine on that thread (runtime.LockOSThread)
// for as long as it relies on the filter, and should let the thread exit
// with it, since the Go runtime may otherwise hand the thread to other
// goroutines.
func (p *Program) LoadThread() error {
	return p.load(0)
}

func (p *Program) load(flags uintptr) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("cannot load seccomp filter: %w", err)
	}
	if probe := []byte{1, 0}; p.order().Uint16(probe) != binary.NativeEndian.Uint16(probe) {
		return fmt.Errorf("cannot load seccomp filter: program is for the other byte order")
	}
	filter := make([]unix.SockFilter, len(p.Instructions))
	for i, in := range p.Instructions {
		filter[i] = unix.SockFilter{Code: in.Op, Jt: in.Jt, Jf: in.Jf, K: in.K}
	}
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("cannot set no_new_privs: %w", err)
	}
	r, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, flags, uintptr(unsafe.Pointer(&prog)))
	switch {
	case errno != 0:
		return fmt.Errorf("cannot load seccomp filter: %w", errno)
	case r != 0:
		// With TSYNC, a positive result names a thread that could not be
		// synchronised.
		return fmt.Errorf("cannot load seccomp filter: thread %d cannot be synchronised", r)
	}
	return nil
}
