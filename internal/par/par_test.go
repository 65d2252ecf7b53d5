// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package par_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/internal/par"
)

// TestDo: every index is done once, whatever the number of processors.
func TestDo(t *testing.T) {
	for _, procs := range []int{1, 2, 7} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 5, 1000} {
			counts := make([]atomic.Int32, n)
			par.Do(n, func(i int) { counts[i].Add(1) })
			for i := range counts {
				assert.Equal(t, int32(1), counts[i].Load(), "procs %d, n %d, index %d", procs, n, i)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}
