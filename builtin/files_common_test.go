// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// filesSnap is a snap whose plug "f" of iface has attr: [path].
func filesSnap(iface, attr, path string) string {
	return fmt.Sprintf(`name: sn
version: "1"
plugs:
  f:
    interface: %s
    %s: [%s]
apps:
  a:
    command: a
    plugs: [f]
`, iface, attr, strconv.Quote(path))
}

// TestFilesHostilePaths: paths that would end the quoted path or the
// rule and add one of their own (quotes, line breaks, backslash escapes),
// that would make the path a pattern ("*", "**", "{", "}", "[", "@{"),
// that climb out ("..") or are not what the interface allows, keep the
// plug out with an error that names snap, plug and attribute.
func TestFilesHostilePaths(t *testing.T) {
	hostile := map[string][]struct{ path, err string }{
		"personal-files": {
			{"$HOME/.x\" rwkl,\n/** rwkl,\n#", `contains one of the reserved characters`},
			{"$HOME/.x\n/etc/shadow", `contains a character that is not printable`},
			{"$HOME/.x\r", `contains a character that is not printable`},
			{"$HOME/.x\\", `contains one of the reserved characters`},
			{"$HOME/.x\\\"", `contains one of the reserved characters`},
			{"$HOME/**", `contains one of the reserved characters`},
			{"$HOME/.ssh*", `contains one of the reserved characters`},
			{"$HOME/.x}", `contains one of the reserved characters`},
			{"$HOME/.x{a,b}", `contains one of the reserved characters`},
			{"$HOME/@{HOME}", `contains one of the reserved characters`},
			{"$HOME/.x[ab]", `contains one of the reserved characters`},
			{"$HOME/.x^", `contains one of the reserved characters`},
			{"$HOME/.x?", `contains one of the reserved characters`},
			{"$HOME/.x\x00", `contains one of the reserved characters`},
			{"$HOME/.x@", `cannot end with "@"`},
			{"$HOME/../other", `cannot use "$HOME/../other": try "other"`},
			{"$HOME/a/../../etc", `cannot use`},
			{"$HOME/./a", `cannot use`},
			{"$HOME/a//b", `cannot use`},
			{"$HOME/", `cannot end with "/"`},
			{"$HOME", `must start with "$HOME/"`},
			{"~/.x", `cannot contain "~"`},
			{"/etc/shadow", `must start with "$HOME/"`},
			{"$HOME/$HOME", `$HOME must only be used at the start`},
			{"", `cannot use ""`},
		},
		"system-files": {
			{"/etc/x\" rwkl,\n/** rwkl,\n#", `contains one of the reserved characters`},
			{"/etc/x\n/ rw", `contains a character that is not printable`},
			{"/etc/x\\", `contains one of the reserved characters`},
			{"/**", `contains one of the reserved characters`},
			{"/etc/{passwd,shadow}", `contains one of the reserved characters`},
			{"/etc/x}", `contains one of the reserved characters`},
			{"/@{HOME}", `contains one of the reserved characters`},
			{"/etc/../root", `cannot use "/etc/../root": try "/root"`},
			{"/", `cannot end with "/"`},
			{"/etc/", `cannot end with "/"`},
			{"/dev/foo@", `cannot end with "@"`},
			{"etc/x", `must start with "/"`},
			{"$HOME/.x", `must start with "/"`},
			{"/home/$HOME", `$HOME cannot be used`},
			{"/etc/\u202ex", `contains a character that is not printable`},
			{"/etc/x\ty", `contains a character that is not printable`},
		},
	}
	for iface, cases := range hostile {
		for _, attr := range []string{"read", "write"} {
			for _, tc := range cases {
				_, rejected := addSnap(t, filesSnap(iface, attr, tc.path))
				require.Len(t, rejected, 1, "%s %s %q", iface, attr, tc.path)
				assert.Contains(t, rejected[0].Reason, `snap "sn", plug "f": attribute "`+attr+`": `, "%s %q", iface, tc.path)
				assert.Contains(t, rejected[0].Reason, tc.err, "%s %q", iface, tc.path)
			}
		}
	}
}

// TestFilesAttributeShapes: "read" and "write" are lists of strings, and
// a plug needs one of them.
func TestFilesAttributeShapes(t *testing.T) {
	for _, iface := range []string{"personal-files", "system-files"} {
		for attrs, err := range map[string]string{
			"":                 `snap "sn", plug "f": give the attribute "read" or "write" (lists of paths)`,
			"read: /etc/x":     `snap "sn", plug "f": attribute "read": want a list of paths, got "/etc/x"`,
			"write: [[/etc]]":  `snap "sn", plug "f": attribute "write": want a list of paths, got []interface {}{"/etc"} in it`,
			"read: {a: /etc}":  `snap "sn", plug "f": attribute "read": want a list of paths, got map[string]interface {}{"a":"/etc"}`,
			"read: [1]":        `snap "sn", plug "f": attribute "read": want a list of paths, got 1 in it`,
			"write: [/etc/ok]": `snap "sn", plug "f": attribute "read": want a list of paths`,
		} {
			y := strings.Replace(filesSnap(iface, "read", "/x"), `read: ["/x"]`, attrs, 1)
			_, rejected := addSnap(t, y)
			if iface == "system-files" && attrs == "write: [/etc/ok]" {
				assert.Empty(t, rejected)
				continue
			}
			if attrs == "write: [/etc/ok]" {
				require.Len(t, rejected, 1)
				assert.Contains(t, rejected[0].Reason, `must start with "$HOME/"`)
				continue
			}
			require.Len(t, rejected, 1, "%s %q", iface, attrs)
			assert.Equal(t, err, rejected[0].Reason, "%s %q", iface, attrs)
		}
	}
}

// TestFilesConnectedAttributes: paths that come with the connection are
// checked when connecting and again when the rules are written.
func TestFilesConnectedAttributes(t *testing.T) {
	hostile := map[string]interface{}{"write": []interface{}{"/etc/x\" rwkl,\n/** rwkl,\n#"}}
	repo, rejected := addSnap(t, filesSnap("system-files", "read", "/etc/ok"))
	require.Empty(t, rejected)
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, builtin.Interfaces())
	require.NoError(t, err)
	_, err = repo.AddSnap(sys)
	require.NoError(t, err)
	ref := interfaces.ConnRef{
		PlugRef: interfaces.PlugRef{Snap: "sn", Name: "f"},
		SlotRef: interfaces.SlotRef{Snap: sys.InstanceName(), Name: "system-files"},
	}
	_, err = repo.Connect(ref, hostile, nil)
	assert.ErrorContains(t, err, `snap "sn", plug "f": attribute "write": "/etc/x\" rwkl,\n/** rwkl,\n#" contains one of the reserved characters`)

	iface, _ := builtin.ByName("system-files")
	plug, err := interfaces.NewConnectedPlug(repo.Plug("sn", "f"), hostile)
	require.NoError(t, err)
	slot, err := interfaces.NewConnectedSlot(repo.Slot(sys.InstanceName(), "system-files"), nil)
	require.NoError(t, err)
	spec := apparmor.NewSpecification(repo.Snap("sn"), interfaces.ConfinementOptions{}, apparmor.Options{})
	err = iface.(apparmor.ConnectedPlugDefiner).AppArmorConnectedPlug(spec, plug, slot)
	assert.ErrorContains(t, err, "reserved characters")
	assert.Empty(t, spec.Snippets("snap.sn.a"))
}

// TestSystemFilesSlotIsTheSystems: an app snap cannot offer a
// system-files slot (a plug connected to it would get the same access as
// from the system's); personal-files does not reserve its slot.
func TestSystemFilesSlotIsTheSystems(t *testing.T) {
	repo, rejected := addSnap(t, `name: provider
version: "1"
slots:
  sys: system-files
  home: personal-files
apps:
  srv:
    command: srv
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "slot", Name: "sys", Interface: "system-files", Reason: `snap "provider", slot "sys": system-files slots are reserved for the system snap`},
	}, rejected)
	assert.NotNil(t, repo.Slot("provider", "home"))

	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, builtin.Interfaces())
	require.NoError(t, err)
	rejected, err = repo.AddSnap(sys)
	require.NoError(t, err)
	assert.Empty(t, rejected)
	assert.NotNil(t, repo.Slot(sys.InstanceName(), "system-files"))
}
