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

// binCache holds compiled filters by the hash of the compiler's key and
// the policy's body.
type binCache struct {
	mu   sync.Mutex
	bins map[[sha256.Size]byte][]byte
}

// compile compiles src, or returns the filter compiled earlier from a
// source that differs only in its leading comments. Errors are never
// cached: a failing source is compiled again, so that the error names
// its own tag and line.
func (b *Backend) compile(tag string, src []byte) ([]byte, error) {
	cc, ok := b.Compiler.(CachingCompiler)
	if !ok {
		return b.Compiler.Compile(tag, src)
	}
	key := policyKey(cc.CacheKey(), src)
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
func (b *Backend) compileSnapConfine(tag string, src []byte) ([]byte, error) {
	sc := b.Compiler.(SnapConfineCompiler)
	cc, ok := b.Compiler.(CachingCompiler)
	if !ok {
		return sc.CompileSnapConfine(tag, src)
	}
	key := policyKey(cc.CacheKey()+"\x00bin2", src)
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

// policyKey hashes the compiler's key and the source without its leading
// comment lines (those whose first byte is "#").
func policyKey(compilerKey string, src []byte) [sha256.Size]byte {
	for len(src) > 0 && src[0] == '#' {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			src = nil
			break
		}
		src = src[i+1:]
	}
	h := sha256.New()
	h.Write([]byte(compilerKey))
	h.Write([]byte{0})
	h.Write(src)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}

func (c *binCache) get(key [sha256.Size]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bin, ok := c.bins[key]
	// Each file gets its own copy: callers may change what they got.
	return bytes.Clone(bin), ok
}

func (c *binCache) put(key [sha256.Size]byte, bin []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bins == nil || len(c.bins) >= maxCachedBins {
		c.bins = make(map[[sha256.Size]byte][]byte)
	}
	c.bins[key] = bytes.Clone(bin)
}
