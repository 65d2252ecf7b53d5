// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// TestTagDigestCoversTheSpecification fails when Specification gains a
// field: a profile rendered from a field tagDigest does not cover would
// be reused by Update when that field changed, a stale profile. Cover the
// field in tagDigest (or say here why no profile of an app or hook reads
// it), then add it to the list.
func TestTagDigestCoversTheSpecification(t *testing.T) {
	covered := map[string]string{
		"info":                "the snap: the caller's key",
		"opts":                "confinement options: the caller's key",
		"host":                "the backend's options: the caller's key",
		"snippets":            "digested by tag",
		"children":            "digested by tag",
		"prioritized":         "digested by tag",
		"deferred":            "digested by tag, as rendered",
		"suppressHomeIx":      "digested",
		"suppressPycacheDeny": "digested",
		"usesPtraceTrace":     "digested",
		"suppressPtraceTrace": "digested",
		"usesSysModule":       "digested",
		"suppressSysModule":   "digested",
		"unconfined":          "digested",
		"updateNS":            "read by snap-update-ns's profile only, which is rendered every time",
		"Scope":               "the hook being run while interfaces add rules; not read by rendering",
	}
	testutil.CheckFieldsCovered[Specification](t, covered)
}
