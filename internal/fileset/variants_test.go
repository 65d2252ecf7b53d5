// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
)

// bothWays runs a test with openat2 and syncfs, and again as on a kernel
// without them (O_NOFOLLOW and fstat per path component, fsync per file).
func bothWays(t *testing.T, f func(t *testing.T)) {
	t.Run("openat2", f)
	t.Run("fallback", func(t *testing.T) {
		fileset.WithoutOpenat2(t)
		f(t)
	})
}
