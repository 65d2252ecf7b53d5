// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"fmt"
	"regexp"
	"strconv"
)

// shadowGIDFact finds the group owning /etc/shadow in the scenario's
// "host" line ("fake root, otherwise empty: /etc/shadow (group id 42),
// ...").
var shadowGIDFact = regexp.MustCompile(`/etc/shadow \(group id ([0-9]+)\)`)

// ShadowGID is the ID of the group that owns /etc/shadow on the scenario's
// host, or nil when the scenario does not say.
func (sc *Scenario) ShadowGID() (*uint32, error) {
	m := shadowGIDFact.FindStringSubmatch(sc.Fact("host"))
	if m == nil {
		return nil, nil
	}
	n, err := strconv.ParseUint(m[1], 10, 32)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: the group of /etc/shadow %q: %w", sc.Name, m[1], err)
	}
	gid := uint32(n)
	return &gid, nil
}
