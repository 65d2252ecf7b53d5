// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

//go:build !unix

package tree

import (
	"fmt"
	"os"
)

// openNoFollow opens name for reading after checking, with Lstat, that it
// is a regular file (there is no O_NOFOLLOW here).
func openNoFollow(name string) (*os.File, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	return os.Open(name)
}
