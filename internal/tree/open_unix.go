// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

//go:build unix

package tree

import (
	"os"
	"syscall"
)

// openNoFollow opens name for reading; a symbolic link fails (ELOOP) and
// a FIFO does not block.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
