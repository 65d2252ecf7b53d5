// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset

import "testing"

// SetHook makes Commit call f before each write and rename, until the
// test ends.
func SetHook(t testing.TB, f func(step, rel string) error) {
	hook = f
	t.Cleanup(func() { hook = nil })
}

// WithoutOpenat2 makes the package act as if the kernel had neither
// openat2 nor syncfs, until the test ends.
func WithoutOpenat2(t testing.TB) {
	noOpenat2.Store(true)
	noSyncfs.Store(true)
	t.Cleanup(func() { noOpenat2.Store(false); noSyncfs.Store(false) })
}

// Syncs is the number of fsync and syncfs calls made so far.
func Syncs() int64 { return syncs.Load() }

// Listings is the number of directories listed so far.
func Listings() int64 { return listings.Load() }

// IsTempName is isTempName.
var IsTempName = isTempName
