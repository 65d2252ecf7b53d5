// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

func TestBlockDevicesAllowPartitionsAttribute(t *testing.T) {
	repo, rejected := addSnap(t, `name: node
version: "1"
plugs:
  plain: block-devices
  yes-bool:
    interface: block-devices
    allow-partitions: true
  no-bool:
    interface: block-devices
    allow-partitions: false
  string:
    interface: block-devices
    allow-partitions: "true"
  number:
    interface: block-devices
    allow-partitions: 1
  list:
    interface: block-devices
    allow-partitions: [true]
apps:
  a:
    command: bin/a
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "list", Interface: "block-devices", Reason: `snap "node", plug "list": invalid value []interface {}{true} for attribute "allow-partitions": want true or false`},
		{Kind: "plug", Name: "number", Interface: "block-devices", Reason: `snap "node", plug "number": invalid value 1 for attribute "allow-partitions": want true or false`},
		{Kind: "plug", Name: "string", Interface: "block-devices", Reason: `snap "node", plug "string": invalid value "true" for attribute "allow-partitions": want true or false`},
	}, rejected)
	for _, name := range []string{"plain", "yes-bool", "no-bool"} {
		assert.NotNil(t, repo.Plug("node", name), name)
	}
}

// The attribute never reaches a rule: hostile strings are not booleans,
// so the plug is rejected before any policy is written.
func TestBlockDevicesHostileAttribute(t *testing.T) {
	for _, v := range []string{"true\n/** rwk,", "true,", "}", "# x", `"`, "@{HOME}", "**", ".."} {
		_, rejected := addSnap(t, fmt.Sprintf(`name: node
version: "1"
plugs:
  disks:
    interface: block-devices
    allow-partitions: %q
apps:
  a:
    command: bin/a
`, v))
		require.Len(t, rejected, 1, "%q", v)
		assert.Contains(t, rejected[0].Reason, `attribute "allow-partitions": want true or false`, "%q", v)
	}
}

// Partitions are granted only with allow-partitions: true.
func TestBlockDevicesPartitionsOnlyWhenAllowed(t *testing.T) {
	for _, tc := range []struct {
		attr string
		want bool
	}{{"", false}, {"allow-partitions: false", false}, {"allow-partitions: true", true}} {
		info, err := snap.Parse([]byte(`name: node
version: "1"
plugs:
  disks:
    interface: block-devices
    `+tc.attr+`
apps:
  a:
    command: bin/a
    plugs: [disks]
`), snap.Options{})
		require.NoError(t, err)
		res, err := plugpolicy.Compile([]*snap.Info{info}, noPolicy("node:disks"))
		require.NoError(t, err)
		files := res.FilesOf("node", "")
		profile := string(files["var/lib/snapd/apparmor/profiles/snap.node.a"])
		require.Contains(t, profile, "/dev/sd{,[a-h]}[a-z] rwk,", tc.attr)
		assert.Equal(t, tc.want, strings.Contains(profile, "/dev/sd[a-z][1-9]{,[0-6]} rwk,"), tc.attr)
		rules := string(files["etc/udev/rules.d/70-snap.node.rules"])
		assert.Equal(t, tc.want, strings.Contains(rules, `ENV{DEVTYPE}=="partition"`), tc.attr)
	}
}
