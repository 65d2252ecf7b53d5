// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

//go:build !linux

package bpf

import "errors"

// Load installs the program as a seccomp filter on every thread of the
// calling process; seccomp exists on Linux only, so here it fails with
// errors.ErrUnsupported.
func (p *Program) Load() error { return errors.ErrUnsupported }

// LoadThread installs the program on the calling OS thread; seccomp exists
// on Linux only, so here it fails with errors.ErrUnsupported.
func (p *Program) LoadThread() error { return errors.ErrUnsupported }
