// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// testIface is a catalog interface with the given fragments.
type testIface struct {
	name, plugs, slots string
}

func (t testIface) Name() string { return t.name }
func (t testIface) StaticInfo() interfaces.StaticInfo {
	return interfaces.StaticInfo{Summary: "test", BaseDeclarationPlugs: t.plugs, BaseDeclarationSlots: t.slots, ImplicitOnClassic: true, ImplicitOnCore: true}
}

func mustSnap(t *testing.T, yaml string) *snap.Info {
	t.Helper()
	info, err := snap.Parse([]byte(yaml), snap.Options{})
	require.NoError(t, err)
	return info
}

// connCase builds a repository with a system snap and one consumer and
// provider snap, and returns the two ends of plug p and slot s.
func ends(t *testing.T, catalog []interfaces.Interface, snaps []string, plug, slot interfaces.PlugRef) (*interfaces.ConnectedPlug, *interfaces.ConnectedSlot) {
	t.Helper()
	repo, err := interfaces.NewRepository(catalog)
	require.NoError(t, err)
	system, err := interfaces.SystemSnap(snap.TypeSnapd, true, catalog)
	require.NoError(t, err)
	_, err = repo.AddSnap(system)
	require.NoError(t, err)
	for _, y := range snaps {
		rejected, err := repo.AddSnap(mustSnap(t, y))
		require.NoError(t, err)
		require.Empty(t, rejected)
	}
	cplug, err := interfaces.NewConnectedPlug(repo.Plug(plug.Snap, plug.Name), nil)
	require.NoError(t, err)
	cslot, err := interfaces.NewConnectedSlot(repo.Slot(slot.Snap, slot.Name), nil)
	require.NoError(t, err)
	return cplug, cslot
}

func TestConnectionConstraints(t *testing.T) {
	consumer := `name: consumer
version: 1
plugs:
  p:
    interface: iface
    content: mk1
    read: all
    paths: [/a, /b]
    nested: {key: value, num: 3}
apps: {app: {command: bin/app, plugs: [p]}}
`
	provider := `name: provider
version: 1
slots:
  s:
    interface: iface
    content: mk1
    other: mk2
apps: {srv: {command: bin/srv, slots: [s]}}
`
	cases := []struct {
		name, plugs, slots string
		device             Device
		check              Check
		want               string // "" allowed, else a substring of the error
	}{
		{name: "no rules", want: ""},
		{name: "deny true", plugs: "iface:\n  deny-connection: true", want: `connection denied by "p" plug rule of interface "iface" (deny-connection: matched)`},
		{name: "allow false", plugs: "iface:\n  allow-connection: false", want: `(allow-connection: false)`},
		{name: "rule false", slots: "iface: false", want: `connection denied by "s" slot rule of interface "iface" (deny-connection: matched)`},
		{name: "rule true", slots: "iface: true", want: ""},
		{name: "plug rule decides alone", plugs: "iface:\n  allow-installation: true", slots: "iface:\n  deny-connection: true", want: ""},
		{name: "slot rule when no plug rule", slots: "iface:\n  deny-connection: true", want: `"s" slot rule`},
		{name: "slot type app", plugs: "iface:\n  allow-connection:\n    slot-snap-type: [app]", want: ""},
		{name: "slot type core", plugs: "iface:\n  allow-connection:\n    slot-snap-type: [core]", want: `slot-snap-type: "app" is not core`},
		{name: "plug attr regexp", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      content: mk[0-9]", want: ""},
		{name: "plug attr regexp anchored", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      content: mk", want: `value "mk1" does not match "mk"`},
		{name: "list value every element", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      paths: /[ab]", want: ""},
		{name: "list value one fails", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      paths: /a", want: `"paths[1]" value "/b"`},
		{name: "alternatives in attr", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      read: [none, all]", want: ""},
		{name: "nested map", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      nested:\n        num: 3\n        key: val.*", want: ""},
		{name: "nested map mismatch", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      nested:\n        num: 4", want: `"nested.num" value "3"`},
		{name: "missing", slots: "iface:\n  deny-connection:\n    plug-attributes:\n      absent: $MISSING", want: "deny-connection: matched"},
		{name: "missing set", slots: "iface:\n  deny-connection:\n    plug-attributes:\n      read: $MISSING", want: ""},
		{name: "slot eval equal", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      content: $SLOT(content)", want: ""},
		{name: "slot eval differs", slots: "iface:\n  allow-connection:\n    plug-attributes:\n      content: $SLOT(other)", want: `does not equal slot attribute "other"`},
		{name: "plug eval missing", slots: "iface:\n  allow-connection:\n    slot-attributes:\n      content: $PLUG(nope)", want: `plug attribute "nope" not found`},
		{name: "on-classic true on classic", plugs: "iface:\n  deny-connection:\n    on-classic: true", device: Device{Classic: true}, want: "deny-connection: matched"},
		{name: "on-classic true on core", plugs: "iface:\n  deny-connection:\n    on-classic: true", device: Device{}, want: ""},
		{name: "on-classic list", plugs: "iface:\n  allow-connection:\n    on-classic: [fedora]", device: Device{Classic: true, OSID: "ubuntu"}, want: `the system "ubuntu" is not fedora`},
		{name: "on-core-desktop", plugs: "iface:\n  allow-connection:\n    on-core-desktop: true", device: Device{CoreDesktop: true}, want: ""},
		{name: "on-store no model", plugs: "iface:\n  allow-connection:\n    on-store: [acme]", want: "the device has no model"},
		{name: "on-model", plugs: "iface:\n  allow-connection:\n    on-model: [acme/box]", device: Device{Model: &Model{Brand: "acme", Model: "box"}}, want: ""},
		{name: "alternatives any", plugs: "iface:\n  allow-connection:\n    - slot-snap-type: [core]\n    - plug-attributes:\n        read: all", want: ""},
		{name: "alternatives none", plugs: "iface:\n  allow-connection:\n    - slot-snap-type: [core]\n    - plug-attributes:\n        read: none", want: "slot-snap-type"},
		{name: "names", plugs: "iface:\n  allow-connection:\n    plug-names: [p]\n    slot-names: [$INTERFACE, s.*]", want: ""},
		{name: "names mismatch", plugs: "iface:\n  allow-connection:\n    slot-names: [$INTERFACE]", want: `slot-names: "s" does not match`},
		{name: "snap id without declaration", plugs: "iface:\n  allow-connection:\n    slot-snap-id: [abc]", want: "slot-snap-id does not match"},
		{name: "auto uses its own sub-rule", plugs: "iface:\n  deny-auto-connection: true", check: AutoConnection, want: "auto-connection denied"},
		{name: "manual ignores auto", plugs: "iface:\n  deny-auto-connection: true", want: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			catalog := []interfaces.Interface{testIface{"iface", indent(tc.plugs), indent(tc.slots)}}
			base, err := BaseDeclaration(catalog)
			require.NoError(t, err)
			p, err := New(base, tc.device)
			require.NoError(t, err)
			plug, slot := ends(t, catalog, []string{consumer, provider},
				interfaces.PlugRef{Snap: "consumer", Name: "p"}, interfaces.PlugRef{Snap: "provider", Name: "s"})
			if tc.check == AutoConnection {
				_, err = p.CheckAutoConnection(plug, slot)
			} else {
				err = p.CheckConnection(plug, slot)
			}
			if tc.want == "" {
				assert.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
			}
		})
	}
}

// indent turns a test's compact fragment into a fragment as interfaces
// write it (keyed by the interface, two spaces in).
func indent(s string) string {
	if s == "" {
		return ""
	}
	out := "\n"
	for _, line := range splitLines(s) {
		out += "  " + line + "\n"
	}
	return out
}

func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	return append(lines, s[start:])
}

func TestBadFragments(t *testing.T) {
	cases := []struct{ plugs, want string }{
		{"iface:\n  allow-instalation: true", `interface "iface": plugs.iface: unknown rule "allow-instalation"`},
		{"other:\n  allow-installation: true", `plug fragment names interface "other"`},
		{"iface:\n  allow-connection:\n    slot-snap-typ: [core]", `unknown constraint "slot-snap-typ"`},
		{"iface:\n  allow-connection:\n    slot-snap-type: [os]", `unknown snap type "os"`},
		{"iface:\n  allow-installation:\n    slot-snap-type: [core]", `a plug installation rule cannot constrain the slot`},
		{"iface:\n  deny-auto-connection:\n    slots-per-plug: '*'", `applies only to allow-connection and allow-auto-connection`},
		{"iface:\n  allow-connection:\n    plug-attributes:\n      a: '(['", `invalid regular expression`},
		{"iface:\n  allow-connection: []", `list of alternatives cannot be empty`},
		{"iface:\n  allow-connection: {}", `must give at least one constraint`},
		{"iface:\n  allow-connection: maybe", `must be true, false, a map of constraints`},
		{"iface: {}", `must give at least one rule`},
		{"iface:\n  allow-connection: true\n  allow-connection: false", `already`},
		{"iface:\n  allow-connection:\n    on-classic: 3", `on-classic must be true, false or a list`},
		{"iface:\n  allow-connection:\n    plug-names: [$WHAT]", `unknown special value "$WHAT"`},
	}
	for _, tc := range cases {
		_, err := BaseDeclaration([]interfaces.Interface{testIface{name: "iface", plugs: indent(tc.plugs)}})
		if assert.Error(t, err, tc.plugs) {
			assert.Contains(t, err.Error(), tc.want, tc.plugs)
			assert.Contains(t, err.Error(), `interface "iface"`, tc.plugs)
		}
	}
}

func TestInstallationAndSnapDeclaration(t *testing.T) {
	catalog := []interfaces.Interface{
		testIface{name: "priv", plugs: indent("priv:\n  allow-installation: false\n  deny-auto-connection: true"),
			slots: indent("priv:\n  allow-installation:\n    slot-snap-type: [core]")},
		testIface{name: "attrs", plugs: indent("attrs:\n  deny-installation:\n    plug-attributes:\n      mode: all")},
	}
	base, err := BaseDeclaration(catalog)
	require.NoError(t, err)
	app := mustSnap(t, "name: app\nversion: 1\nplugs:\n  pp: {interface: priv}\n  a: {interface: attrs, mode: all}\nslots:\n  ps: {interface: priv}\n")
	p, err := New(base, Device{Classic: true})
	require.NoError(t, err)
	denials := p.InstallationDenials(app)
	var msgs []string
	for _, d := range denials {
		msgs = append(msgs, d.Error())
	}
	assert.Equal(t, []string{
		`installation denied by "ps" slot rule of interface "priv" (allow-installation: slot-snap-type: "app" is not core)`,
		`installation denied by "a" plug rule of interface "attrs" (deny-installation: matched)`,
		`installation denied by "pp" plug rule of interface "priv" (allow-installation: false)`,
	}, msgs)
	assert.EqualError(t, p.CheckInstallation(app), msgs[0])

	// A grant for the snap replaces the base rules of the interfaces it
	// names, and only those.
	decl, err := ParseSnapDeclaration("grant.yaml", []byte("snap-name: app\npublisher-id: acme\nplugs:\n  priv:\n    allow-installation: true\nslots:\n  priv:\n    allow-installation:\n      slot-snap-type: [app]\n"))
	require.NoError(t, err)
	p, err = New(base, Device{Classic: true}, decl)
	require.NoError(t, err)
	denials = p.InstallationDenials(app)
	require.Len(t, denials, 1)
	assert.Equal(t, "attrs", denials[0].Interface)

	// The grant's rule speaks for auto-connection too: its defaults
	// allow it, the base declaration's deny is not consulted.
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, catalog)
	require.NoError(t, err)
	cplug, err := interfaces.NewConnectedPlug(app.Plugs["pp"], nil)
	require.NoError(t, err)
	cslot, err := interfaces.NewConnectedSlot(sys.Slots["priv"], nil)
	require.NoError(t, err)
	_, err = p.CheckAutoConnection(cplug, cslot)
	assert.NoError(t, err)
	p, err = New(base, Device{Classic: true})
	require.NoError(t, err)
	_, err = p.CheckAutoConnection(cplug, cslot)
	assert.EqualError(t, err, `auto-connection denied by "pp" plug rule of interface "priv" (deny-auto-connection: matched)`)
}

func TestParseSnapDeclarationErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"", "the document is empty"},
		{"snap-name: a\nfoo: 1\n", `unknown header "foo"`},
		{"plugs: {}\n", `header "snap-name" is required`},
		{"snap-name: ab\nplugs:\n  network:\n    allow-conection: true\n", `plugs.network: unknown rule "allow-conection"`},
		{"snap-name: a\n---\nsnap-name: b\n", "only one YAML document"},
		{"snap-name: a\nsnap-name: b\n", "already"},
		{"snap-name: a\ntype: model\n", `"type" must be snap-declaration`},
	}
	for _, tc := range cases {
		_, err := ParseSnapDeclaration("d.yaml", []byte(tc.text))
		if assert.Error(t, err, tc.text) {
			assert.Contains(t, err.Error(), "snap declaration d.yaml")
			assert.Contains(t, err.Error(), tc.want, tc.text)
		}
	}
	_, err := New(&Declaration{}, Device{}, &SnapDeclaration{SnapName: "a"}, &SnapDeclaration{SnapName: "a"})
	assert.ErrorContains(t, err, `two snap declarations for snap "a"`)
}

func TestArityAndAutoConnect(t *testing.T) {
	catalog := []interfaces.Interface{
		testIface{name: "one", slots: indent("one:\n  allow-installation: true")},
		testIface{name: "many", plugs: indent("many:\n  allow-auto-connection:\n    slots-per-plug: '*'")},
		testIface{name: "never", slots: indent("never:\n  deny-auto-connection: true")},
	}
	base, err := BaseDeclaration(catalog)
	require.NoError(t, err)
	p, err := New(base, Device{Classic: true})
	require.NoError(t, err)
	repo, err := interfaces.NewRepository(catalog)
	require.NoError(t, err)
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, catalog)
	require.NoError(t, err)
	for _, info := range []*snap.Info{sys,
		mustSnap(t, "name: prov\nversion: 1\nslots:\n  one: {interface: one}\n  many: {interface: many}\n"),
		mustSnap(t, "name: app\nversion: 1\nplugs:\n  one: {interface: one}\n  many: {interface: many}\n  never: {interface: never}\n"),
	} {
		_, err := repo.AddSnap(info)
		require.NoError(t, err)
	}
	res, err := p.AutoConnect(repo, []string{"app"})
	require.NoError(t, err)
	var ids []string
	for _, c := range res.Connected {
		ids = append(ids, c.ID())
	}
	assert.Equal(t, []string{"app:many prov:many", "app:many snapd:many"}, ids)
	require.Len(t, res.Unconnected, 2)
	assert.Equal(t, `app:never (interface "never"): auto-connection denied by "never" slot rule of interface "never" (deny-auto-connection: matched)`, res.Unconnected[0].String())
	assert.Equal(t, "one", res.Unconnected[1].Interface)
	assert.Contains(t, res.Unconnected[1].Reason, "2 slots are candidates (prov:one, snapd:one)")
	assert.Len(t, res.Unconnected[1].Candidates, 2)

	// A second run connects nothing more.
	again, err := p.AutoConnect(repo, []string{"app"})
	require.NoError(t, err)
	assert.Empty(t, again.Connected)
}

// TestSnapDeclarationBounds: repeated keys are refused in flow mappings
// too, a second document is refused, problems come in a stable order, and
// a file is bounded.
func TestSnapDeclarationBounds(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"{snap-name: a, snap-name: b}\n", "already set"},
		{"snap-name: ab\nplugs: {x: {allow-installation: true}, x: {allow-installation: false}}\n", "already set"},
		{"snap-name: ab\n---\n", "only one YAML document"},
		{"snap-name: ab\n" + strings.Repeat("#", maxDeclarationSize) + "\n", "larger than 1048576 bytes"},
	} {
		_, err := ParseSnapDeclaration("d.yaml", []byte(tc.text))
		assert.ErrorContains(t, err, tc.want, tc.text[:min(len(tc.text), 60)])
	}
	doc := []byte("snap-name: ab\nplugs:\nslots:\n")
	_, first := ParseSnapDeclaration("d.yaml", doc)
	require.Error(t, first)
	for i := 0; i < 50; i++ {
		_, err := ParseSnapDeclaration("d.yaml", doc)
		require.EqualError(t, err, first.Error(), "the same problem is reported every time")
	}
	_, err := ReadSnapDeclaration("/dev/zero")
	assert.ErrorContains(t, err, "not a regular file")
}
