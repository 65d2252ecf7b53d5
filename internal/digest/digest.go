// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package digest digests structured values without ambiguity: every
// string is written with its length before it, so that ("ab", "c") and
// ("a", "bc") never digest alike. Backends use it for the digest of what
// a file is rendered from (see interfaces.TagRenderer).
package digest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// D is a digest being written.
type D struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
}

// New starts a digest of a kind of value; kinds should name what is
// digested and its version ("apparmor tag 1"), so that two kinds of
// values never digest alike.
func New(kind string) *D {
	d := &D{h: sha256.New()}
	d.String(kind)
	return d
}

// String adds a string.
func (d *D) String(s string) {
	d.Int(len(s))
	d.h.Write([]byte(s))
}

// Int adds a non-negative integer (a length, a count, a priority
// offset); a negative one is added as its two's complement.
func (d *D) Int(n int) {
	d.h.Write(binary.AppendUvarint(d.buf[:0], uint64(n)))
}

// Bool adds a boolean.
func (d *D) Bool(b bool) {
	if b {
		d.Int(1)
	} else {
		d.Int(0)
	}
}

// Sum returns the digest, in hex.
func (d *D) Sum() string { return hex.EncodeToString(d.h.Sum(nil)) }
