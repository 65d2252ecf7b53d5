// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
)

// mountInfoDenial stands for the default template's denial of the
// process's own mountinfo, at the lowest priority.
type mountInfoDenial struct{ casetest.Iface }

func (mountInfoDenial) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddPrioritizedSnippet(apparmor.MountInfoKey, 0, "deny @{PROC}/@{pid}/mountinfo r,")
	return nil
}

// TestMountObserveLiftsMountInfoDenial: an app that plugs mount-observe
// reads its own mountinfo in place of the template's denial, and an app
// that does not keeps the denial.
func TestMountObserveLiftsMountInfoDenial(t *testing.T) {
	mo, ok := builtin.ByName("mount-observe")
	require.True(t, ok)
	files := casetest.RenderWith(t, []interfaces.Interface{mo, mountInfoDenial{"deny-mountinfo"}}, `name: mi
version: "1"
apps:
  observer:
    command: o
    plugs: [mount-observe, deny-mountinfo]
  plain:
    command: p
    plugs: [deny-mountinfo]
`, &apparmor.Backend{})
	var observer, plain string
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, "/snap.mi.observer"):
			observer = string(data)
		case strings.HasSuffix(name, "/snap.mi.plain"):
			plain = string(data)
		}
	}
	assert.True(t, strings.Contains(observer, "\n  owner @{PROC}/self/mountinfo r,\n"), "mount-observe lets its app read its mountinfo")
	assert.True(t, strings.Contains(observer, "\n  owner @{PROC}/@{pid}/mountinfo r,\n"), "mount-observe lets its app read its mountinfo")
	assert.False(t, strings.Contains(observer, "deny @{PROC}/@{pid}/mountinfo"), "mount-observe replaces the denial")
	assert.True(t, strings.Contains(plain, "\n  deny @{PROC}/@{pid}/mountinfo r,\n"), "an app without mount-observe keeps the denial")
}
