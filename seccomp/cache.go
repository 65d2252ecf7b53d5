// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

import (
	"bytes"
	"crypto/sha256"
	"sync"
)

// CachingCompiler is a Compiler whose filter is a function of CacheKey
// and the policy's lines after its leading comment lines alone: not of
// the name, which only errors carry, nor of those comments. The Backend
// then compiles each distinct policy once: sources rendered for the apps
// and hooks of a fleet differ mostly in the header comment that names
// their tag, and their filters are the same.
type CachingCompiler interface {
	Compiler
	// CacheKey tells apart what the compiler compiles for (the
	// architecture, ...): two compilers with the same key compile the
	// same filter from the same policy.
	CacheKey() string
}

// maxCachedBins bounds the filters a Backend keeps: past it, the cache
// starts over.
const maxCachedBins = 256

// binKey names a compiled filter: the compiler's key, whether it is
// snap-confine's .bin2, and the hash of the policy's body.
type binKey struct {
	compiler string
	bin2     bool
	body     [sha256.Size]byte
}

// binCache holds compiled filters by binKey.
type binCache struct {
	mu   sync.Mutex
	bins map[binKey][]byte
}

// bodyHasher hashes the bodies of the sources of one Render: the sources
// of a snap's apps and hooks mostly have the same body, which is then
// compared, not hashed again.
type bodyHasher struct {
	last []byte
	sum  [sha256.Size]byte
}

// hash returns the hash of src without its leading comment lines (those
// whose first byte is "#").
func (h *bodyHasher) hash(src []byte) [sha256.Size]byte {
	for len(src) > 0 && src[0] == '#' {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			src = nil
			break
		}
		src = src[i+1:]
	}
	if h.last == nil || !bytes.Equal(src, h.last) {
		h.last, h.sum = src, sha256.Sum256(src)
	}
	return h.sum
}

// compile compiles src, whose body hashes to body, or returns the
// filter compiled earlier from a source that differs only in its leading
// comments. Errors are never cached: a failing source is compiled again,
// so that the error names its own tag and line.
func (b *Backend) compile(tag string, src []byte, body [sha256.Size]byte) ([]byte, error) {
	cc, ok := b.Compiler.(CachingCompiler)
	if !ok {
		return b.Compiler.Compile(tag, src)
	}
	key := binKey{compiler: cc.CacheKey(), body: body}
	if bin, ok := b.bins.get(key); ok {
		return bin, nil
	}
	bin, err := cc.Compile(tag, src)
	if err != nil {
		return nil, err
	}
	b.bins.put(key, bin)
	return bin, nil
}

// SnapConfineCompiler is a Compiler that also compiles snap-confine's
// .bin2 (see bpf.CompileSnapConfine): the file snapd's snap-seccomp
// writes, which snap-confine loads as two filters.
type SnapConfineCompiler interface {
	Compiler
	CompileSnapConfine(name string, src []byte) ([]byte, error)
}

// compileSnapConfine is compile for the .bin2 of a SnapConfineCompiler.
func (b *Backend) compileSnapConfine(tag string, src []byte, body [sha256.Size]byte) ([]byte, error) {
	sc := b.Compiler.(SnapConfineCompiler)
	cc, ok := b.Compiler.(CachingCompiler)
	if !ok {
		return sc.CompileSnapConfine(tag, src)
	}
	key := binKey{compiler: cc.CacheKey(), bin2: true, body: body}
	if bin, ok := b.bins.get(key); ok {
		return bin, nil
	}
	bin, err := sc.CompileSnapConfine(tag, src)
	if err != nil {
		return nil, err
	}
	b.bins.put(key, bin)
	return bin, nil
}

func (c *binCache) get(key binKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bin, ok := c.bins[key]
	// Each file gets its own copy: callers may change what they got.
	return bytes.Clone(bin), ok
}

func (c *binCache) put(key binKey, bin []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bins == nil || len(c.bins) >= maxCachedBins {
		c.bins = make(map[binKey][]byte)
	}
	c.bins[key] = bytes.Clone(bin)
}
