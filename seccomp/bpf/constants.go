// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import "sync"

// constEntry is one row of the generated constant table.
type constEntry struct {
	name   string
	value  uint64 // the value on every architecture in arches, if perArch is nil
	arches uint16 // bit Arch.index() is set when the architecture defines name
	// perArch holds the value per Arch.index() when it differs.
	perArch *[numArches]uint64
}

// lookupConstant returns the table row for a symbolic constant.
func lookupConstant(name string) (*constEntry, bool) {
	if i, ok := constantIndexes()[name]; ok {
		return &constantTable[i], true
	}
	return nil, false
}

// constantIndexes maps the constants' names to their rows: faster than
// a binary search over the names, which compares strings at each step.
var constantIndexes = sync.OnceValue(func() map[string]uint16 {
	m := make(map[string]uint16, len(constantTable))
	for i := range constantTable {
		m[constantTable[i].name] = uint16(i)
	}
	return m
})

// valueOn returns the constant's value on architecture a.
func (c *constEntry) valueOn(a Arch) (uint64, bool) {
	if c.arches&(1<<uint(a.index())) == 0 {
		return 0, false
	}
	if c.perArch != nil {
		return c.perArch[a.index()], true
	}
	return c.value, true
}

// Constant returns the value of the symbolic constant name (AF_INET,
// CLONE_NEWNET, TIOCSTI, ...) on architecture a, as the policy syntax
// resolves it, and whether the architecture defines it.
func Constant(name string, a Arch) (uint64, bool) {
	c, ok := lookupConstant(name)
	if !ok || !a.valid() {
		return 0, false
	}
	return c.valueOn(a)
}
