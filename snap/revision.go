// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"strconv"
	"strings"
)

// Revision is a snap revision as snapd numbers them: positive numbers come
// from the store, negative ones are local installs, written "x1", "x2", ...
// The zero Revision means "unset"; it is not a valid revision of an
// installed snap.
type Revision struct {
	N int
}

// R returns the revision n (negative for local revisions).
func R(n int) Revision {
	return Revision{N: n}
}

// Unset tells whether the revision is the zero value.
func (r Revision) Unset() bool {
	return r.N == 0
}

// Local tells whether the revision is a local (side-loaded) one.
func (r Revision) Local() bool {
	return r.N < 0
}

// String prints store revisions as numbers and local ones as "xN"; the
// unset revision prints as "unset".
func (r Revision) String() string {
	switch {
	case r.N == 0:
		return "unset"
	case r.N < 0:
		return "x" + strconv.Itoa(-r.N)
	default:
		return strconv.Itoa(r.N)
	}
}

// ParseRevision reads a revision as printed by String ("7", "x2").
func ParseRevision(s string) (Revision, error) {
	digits, local := strings.CutPrefix(s, "x")
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 || strings.HasPrefix(digits, "+") || (digits != "" && digits[0] == '0') {
		return Revision{}, fmt.Errorf("invalid revision %q: use a positive number, or \"x\" and a positive number for a local revision", s)
	}
	if local {
		n = -n
	}
	return Revision{N: n}, nil
}
