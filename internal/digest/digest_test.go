// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package digest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/internal/digest"
)

func sum(kind string, add func(d *digest.D)) string {
	d := digest.New(kind)
	add(d)
	return d.Sum()
}

// TestDigestIsUnambiguous: values that would run together as plain bytes
// digest differently, and equal values alike.
func TestDigestIsUnambiguous(t *testing.T) {
	split := func(a, b string) func(d *digest.D) {
		return func(d *digest.D) { d.String(a); d.String(b) }
	}
	assert.Equal(t, sum("k", split("ab", "c")), sum("k", split("ab", "c")))
	assert.NotEqual(t, sum("k", split("ab", "c")), sum("k", split("a", "bc")))
	assert.NotEqual(t, sum("k", split("", "x")), sum("k", split("x", "")))
	assert.NotEqual(t, sum("k1", split("a", "b")), sum("k", split("1a", "b")), "the kind is a value of its own")
	assert.NotEqual(t, sum("k", func(d *digest.D) { d.Bool(true) }), sum("k", func(d *digest.D) { d.Bool(false) }))
	assert.NotEqual(t, sum("k", func(d *digest.D) { d.Int(-1) }), sum("k", func(d *digest.D) { d.Int(1) }))
	assert.Len(t, sum("k", func(*digest.D) {}), 64)
}
