// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// testIface is an interface definition for these tests, with optional
// sanitizers and connect checks given as functions.
type testIface struct {
	name        string
	info        interfaces.StaticInfo
	preparePlug func(*snap.PlugInfo) error
	prepareSlot func(*snap.SlotInfo) error
}

func (t *testIface) Name() string                      { return t.name }
func (t *testIface) StaticInfo() interfaces.StaticInfo { return t.info }

// checkedIface adds connect checks to testIface.
type checkedIface struct {
	testIface
	connectPlug func(*interfaces.ConnectedPlug) error
	connectSlot func(*interfaces.ConnectedSlot) error
}

func (c *checkedIface) BeforeConnectPlug(p *interfaces.ConnectedPlug) error { return c.connectPlug(p) }
func (c *checkedIface) BeforeConnectSlot(s *interfaces.ConnectedSlot) error { return c.connectSlot(s) }

// sanitizingIface adds sanitizers to testIface.
type sanitizingIface struct{ testIface }

func (s *sanitizingIface) BeforePreparePlug(p *snap.PlugInfo) error { return s.preparePlug(p) }
func (s *sanitizingIface) BeforePrepareSlot(sl *snap.SlotInfo) error {
	return s.prepareSlot(sl)
}

var (
	_ interfaces.PlugSanitizer      = (*sanitizingIface)(nil)
	_ interfaces.SlotSanitizer      = (*sanitizingIface)(nil)
	_ interfaces.PlugConnectChecker = (*checkedIface)(nil)
	_ interfaces.SlotConnectChecker = (*checkedIface)(nil)
)

// catalog is: network and db (plain), picky (whose sanitizers refuse
// "bad: true" and fill in a default "mode"), checked (whose connect checks
// refuse "deny: true" and set a dynamic attribute).
func catalog() []interfaces.Interface {
	return []interfaces.Interface{
		&testIface{name: "network", info: interfaces.StaticInfo{Summary: "net", ImplicitOnClassic: true, ImplicitOnCore: true}},
		&testIface{name: "db", info: interfaces.StaticInfo{Summary: "db"}},
		&sanitizingIface{testIface{name: "picky",
			info: interfaces.StaticInfo{Summary: "picky", ImplicitOnClassic: true},
			preparePlug: func(p *snap.PlugInfo) error {
				if p.Attrs["bad"] == true {
					return fmt.Errorf("plug %q is bad", p.Name)
				}
				if p.Attrs == nil {
					p.Attrs = map[string]interface{}{}
				}
				if _, ok := p.Attrs["mode"]; !ok {
					p.Attrs["mode"] = "default"
				}
				return nil
			},
			prepareSlot: func(s *snap.SlotInfo) error {
				if s.Attrs["bad"] == true {
					return fmt.Errorf("slot %q is bad", s.Name)
				}
				return nil
			},
		}},
		&checkedIface{
			testIface: testIface{name: "checked", info: interfaces.StaticInfo{Summary: "checked", ImplicitOnCore: true}},
			connectPlug: func(p *interfaces.ConnectedPlug) error {
				var deny bool
				if err := p.Attr("deny", &deny); err == nil && deny {
					return fmt.Errorf("plug %s may not connect", p.Ref())
				}
				return p.SetAttr("checked-by", "plug-check")
			},
			connectSlot: func(s *interfaces.ConnectedSlot) error {
				return s.SetAttr("checked-by", "slot-check")
			},
		},
	}
}

func parse(t *testing.T, doc string) *snap.Info {
	t.Helper()
	info, err := snap.Parse([]byte(doc), snap.Options{})
	require.NoError(t, err)
	return info
}

const consumerYAML = `name: consumer
version: "1"
plugs:
  net: network
  db: db
  picky-ok: picky
  picky-bad:
    interface: picky
    bad: true
  mystery: unknown-iface
  checked:
    interface: checked
  denied:
    interface: checked
    deny: true
apps:
  app:
    command: app
    plugs: [net, db, picky-ok, picky-bad, mystery, checked, denied]
  other:
    command: other
    plugs: [net]
hooks:
  install:
    plugs: [db]
`

const providerYAML = `name: provider
version: "1"
slots:
  db: db
  db2: db
  picky-slot:
    interface: picky
    bad: true
  checked: checked
apps:
  server:
    command: server
    daemon: simple
    slots: [db, db2, checked]
`

// newRepo makes a repository with the test catalog, the system snap (core,
// on classic), a consumer and a provider.
func newRepo(t *testing.T) *interfaces.Repository {
	t.Helper()
	repo, err := interfaces.NewRepository(catalog())
	require.NoError(t, err)
	system, err := interfaces.SystemSnap(snap.TypeOS, true, catalog())
	require.NoError(t, err)
	_, err = repo.AddSnap(system)
	require.NoError(t, err)
	_, err = repo.AddSnap(parse(t, consumerYAML))
	require.NoError(t, err)
	_, err = repo.AddSnap(parse(t, providerYAML))
	require.NoError(t, err)
	return repo
}

func connRef(t *testing.T, s string) interfaces.ConnRef {
	t.Helper()
	ref, err := interfaces.ParseConnRef(s)
	require.NoError(t, err)
	return ref
}

func TestNewRepositoryChecksTheCatalog(t *testing.T) {
	_, err := interfaces.NewRepository([]interfaces.Interface{&testIface{name: "a"}, &testIface{name: "a"}})
	assert.EqualError(t, err, `cannot add interface "a" to the catalog: the catalog has it already`)
	_, err = interfaces.NewRepository([]interfaces.Interface{&testIface{name: "Bad"}})
	assert.EqualError(t, err, `cannot add interface to the catalog: invalid interface name "Bad": use a-z, 0-9 and single "-" between them, starting with a letter`)

	repo, err := interfaces.NewRepository(catalog())
	require.NoError(t, err)
	var names []string
	for _, iface := range repo.Interfaces() {
		names = append(names, iface.Name())
	}
	assert.Equal(t, []string{"checked", "db", "network", "picky"}, names)
	assert.Equal(t, "db", repo.Interface("db").Name())
	assert.Nil(t, repo.Interface("nope"))
}

func TestAddSnapRejectsBadPlugsAndSlots(t *testing.T) {
	repo, err := interfaces.NewRepository(catalog())
	require.NoError(t, err)
	consumer := parse(t, consumerYAML)
	rejected, err := repo.AddSnap(consumer)
	require.NoError(t, err)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "mystery", Interface: "unknown-iface", Reason: "unknown interface"},
		{Kind: "plug", Name: "picky-bad", Interface: "picky", Reason: `plug "picky-bad" is bad`},
	}, rejected)
	assert.Equal(t, `plug "mystery" (interface "unknown-iface"): unknown interface`, rejected[0].String())

	own := repo.Snap("consumer")
	require.NotNil(t, own)
	assert.NotSame(t, consumer, own, "the repository keeps its own copy")
	assert.Nil(t, repo.Plug("consumer", "mystery"))
	assert.Nil(t, repo.Plug("consumer", "picky-bad"))
	assert.Equal(t, []string{"checked", "db", "denied", "net", "picky-ok"}, own.Apps["app"].PlugNames(), "rejected plugs are unbound")
	assert.Equal(t, "default", repo.Plug("consumer", "picky-ok").Attrs["mode"], "sanitizers normalise the repository's copy")

	// The caller's Info is untouched.
	assert.Contains(t, consumer.Plugs, "mystery")
	assert.Nil(t, consumer.Plugs["picky-ok"].Attrs)

	rejected, err = repo.AddSnap(parse(t, providerYAML))
	require.NoError(t, err)
	assert.Equal(t, []interfaces.Rejected{{Kind: "slot", Name: "picky-slot", Interface: "picky", Reason: `slot "picky-slot" is bad`}}, rejected)
	assert.Nil(t, repo.Slot("provider", "picky-slot"))
}

func TestAddSnapErrors(t *testing.T) {
	repo := newRepo(t)
	_, err := repo.AddSnap(parse(t, consumerYAML))
	assert.EqualError(t, err, `cannot add snap "consumer": the repository has a snap of that name already`)

	bad := parse(t, "name: broken\nversion: \"1\"\n")
	bad.Version = ""
	_, err = repo.AddSnap(bad)
	assert.EqualError(t, err, `cannot add snap "broken": invalid snap "broken": version: invalid snap version: cannot be empty`)
	assert.Nil(t, repo.Snap("broken"))

	// A parallel instance is another snap.
	inst, err := snap.Parse([]byte(consumerYAML), snap.Options{InstanceKey: "two"})
	require.NoError(t, err)
	_, err = repo.AddSnap(inst)
	require.NoError(t, err)
	names := []string{}
	for _, s := range repo.Snaps() {
		names = append(names, s.InstanceName())
	}
	assert.Equal(t, []string{"consumer", "consumer_two", "core", "provider"}, names)
}

func TestConnectAndDisconnect(t *testing.T) {
	repo := newRepo(t)
	conn, err := repo.Connect(connRef(t, "consumer:db provider:db"), map[string]interface{}{"n": 1}, nil)
	require.NoError(t, err)
	assert.Equal(t, "consumer:db provider:db", conn.Ref().ID())
	assert.Equal(t, "db", conn.Interface())
	var n int64
	require.NoError(t, conn.Plug.Attr("n", &n))
	assert.Equal(t, int64(1), n, "dynamic attributes are normalised")

	_, err = repo.Connect(connRef(t, "consumer:net core:network"), nil, nil)
	require.NoError(t, err)
	_, err = repo.Connect(connRef(t, "consumer:db provider:db2"), nil, nil)
	require.NoError(t, err)

	refs, err := repo.Connections("consumer")
	require.NoError(t, err)
	assert.Equal(t, []string{"consumer:db provider:db", "consumer:db provider:db2", "consumer:net core:network"}, ids(refs))
	refs, err = repo.Connections("provider")
	require.NoError(t, err)
	assert.Equal(t, []string{"consumer:db provider:db", "consumer:db provider:db2"}, ids(refs))

	got, err := repo.Connection(connRef(t, "consumer:db provider:db"))
	require.NoError(t, err)
	assert.Same(t, conn, got)

	require.NoError(t, repo.Disconnect(connRef(t, "consumer:db provider:db")))
	refs, err = repo.Connections("provider")
	require.NoError(t, err)
	assert.Equal(t, []string{"consumer:db provider:db2"}, ids(refs))
	_, err = repo.Connection(connRef(t, "consumer:db provider:db"))
	assert.EqualError(t, err, "cannot find connection consumer:db provider:db: not connected")
}

// TestConnectionsOfASnapConnectedToItself checks that a connection whose
// plug and slot are on the same snap is listed once, beside those of
// either end to other snaps.
func TestConnectionsOfASnapConnectedToItself(t *testing.T) {
	repo := newRepo(t)
	_, err := repo.AddSnap(parse(t, "name: selfie\nversion: \"1\"\nplugs:\n  p: {interface: db}\nslots:\n  s: {interface: db}\n"))
	require.NoError(t, err)
	for _, ref := range []string{"selfie:p selfie:s", "consumer:db selfie:s", "selfie:p provider:db", "consumer:db provider:db"} {
		_, err := repo.Connect(connRef(t, ref), nil, nil)
		require.NoError(t, err, ref)
	}
	refs, err := repo.Connections("selfie")
	require.NoError(t, err)
	assert.Equal(t, []string{"consumer:db selfie:s", "selfie:p provider:db", "selfie:p selfie:s"}, ids(refs))
	require.NoError(t, repo.Disconnect(connRef(t, "selfie:p selfie:s")))
	refs, err = repo.Connections("selfie")
	require.NoError(t, err)
	assert.Equal(t, []string{"consumer:db selfie:s", "selfie:p provider:db"}, ids(refs))
}

func ids(refs []interfaces.ConnRef) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.ID())
	}
	return out
}

func TestConnectErrors(t *testing.T) {
	repo := newRepo(t)
	_, err := repo.Connect(connRef(t, "consumer:checked provider:checked"), nil, nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		ref       string
		plugAttrs map[string]interface{}
		err       string
	}{
		{"ghost:db provider:db", nil, `cannot connect ghost:db provider:db: snap "ghost" is not in the repository`},
		{"consumer:nope provider:db", nil, `cannot connect consumer:nope provider:db: snap "consumer" has no plug named "nope"`},
		{"consumer:db ghost:db", nil, `cannot connect consumer:db ghost:db: snap "ghost" is not in the repository`},
		{"consumer:db provider:nope", nil, `cannot connect consumer:db provider:nope: snap "provider" has no slot named "nope"`},
		{"consumer:mystery provider:db", nil, `cannot connect consumer:mystery provider:db: snap "consumer" has no plug named "mystery"`},
		{"consumer:net provider:db", nil, `cannot connect consumer:net provider:db: plug interface "network" does not match slot interface "db"`},
		{"consumer:checked provider:checked", nil, `cannot connect consumer:checked provider:checked: already connected`},
		{"consumer:denied provider:checked", nil, `cannot connect consumer:denied provider:checked: plug consumer:denied may not connect`},
		{"consumer:db provider:db", map[string]interface{}{"f": func() {}}, `cannot connect consumer:db provider:db: invalid dynamic attribute of plug "consumer:db": key "f": invalid attribute value of type func()`},
	} {
		_, err := repo.Connect(connRef(t, tc.ref), tc.plugAttrs, nil)
		assert.EqualError(t, err, tc.err)
	}
	_, err = repo.Connect(connRef(t, "consumer:db provider:db"), nil, map[string]interface{}{"x": nil})
	assert.EqualError(t, err, `cannot connect consumer:db provider:db: invalid dynamic attribute of slot "provider:db": key "x": nil is not a valid attribute value`)

	assert.EqualError(t, repo.Disconnect(connRef(t, "consumer:db provider:db")), "cannot disconnect consumer:db provider:db: not connected")
	assert.EqualError(t, repo.Disconnect(connRef(t, "consumer:db ghost:db")), `cannot disconnect consumer:db ghost:db: snap "ghost" is not in the repository`)
	_, err = repo.Connection(connRef(t, "consumer:x provider:db"))
	assert.EqualError(t, err, `cannot find connection consumer:x provider:db: snap "consumer" has no plug named "x"`)
	_, err = repo.Connections("ghost")
	assert.EqualError(t, err, `cannot list connections of snap "ghost": the repository has no such snap`)
}

func TestConnectChecksSetDynamicAttributes(t *testing.T) {
	repo := newRepo(t)
	conn, err := repo.Connect(connRef(t, "consumer:checked provider:checked"), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]interface{}{"checked-by": "plug-check"}, conn.Plug.DynamicAttrs())
	assert.Equal(t, map[string]interface{}{"checked-by": "slot-check"}, conn.Slot.DynamicAttrs())
}

func TestRemoveSnap(t *testing.T) {
	repo := newRepo(t)
	_, err := repo.Connect(connRef(t, "consumer:db provider:db"), nil, nil)
	require.NoError(t, err)
	_, err = repo.Connect(connRef(t, "consumer:net core:network"), nil, nil)
	require.NoError(t, err)
	assert.EqualError(t, repo.RemoveSnap("consumer"), "cannot remove snap \"consumer\": it is still connected: consumer:db provider:db, consumer:net core:network")
	assert.EqualError(t, repo.RemoveSnap("provider"), "cannot remove snap \"provider\": it is still connected: consumer:db provider:db")
	assert.EqualError(t, repo.RemoveSnap("ghost"), `cannot remove snap "ghost": the repository has no such snap`)
	require.NoError(t, repo.Disconnect(connRef(t, "consumer:db provider:db")))
	require.NoError(t, repo.RemoveSnap("provider"))
	assert.Nil(t, repo.Snap("provider"))
}

func TestResolveConnect(t *testing.T) {
	repo := newRepo(t)
	for _, tc := range []struct {
		plugSnap, plug, slotSnap, slot string
		want, err                      string
	}{
		// Only the plug: the system snap's slot of its interface.
		{"consumer", "net", "", "", "consumer:net core:network", ""},
		// Only the plug, no system slot: the unique candidate...
		{"consumer", "checked", "", "", "consumer:checked provider:checked", ""},
		// ... or the list of candidates.
		{"consumer", "db", "", "", "", `cannot resolve connection of consumer:db: 2 slots of interface "db" fit, name one: provider:db, provider:db2`},
		// A snap, no slot name.
		{"consumer", "db", "provider", "", "", `cannot resolve connection of consumer:db: 2 slots of interface "db" fit, name one: provider:db, provider:db2`},
		{"consumer", "net", "core", "", "consumer:net core:network", ""},
		{"consumer", "db", "core", "", "", `cannot resolve connection of consumer:db: no slot of interface "db" on snap "core"`},
		// A slot name without a snap means the system snap's.
		{"consumer", "net", "", "network", "consumer:net core:network", ""},
		// Everything given.
		{"consumer", "db", "provider", "db2", "consumer:db provider:db2", ""},
		{"ghost", "db", "", "", "", `cannot resolve connection of ghost:db: snap "ghost" is not in the repository`},
		{"consumer", "nope", "", "", "", `cannot resolve connection of consumer:nope: snap "consumer" has no plug named "nope"`},
	} {
		ref, err := repo.ResolveConnect(tc.plugSnap, tc.plug, tc.slotSnap, tc.slot)
		if tc.err != "" {
			assert.EqualError(t, err, tc.err)
			continue
		}
		if assert.NoError(t, err) {
			assert.Equal(t, tc.want, ref.ID())
		}
	}

	// Without a system snap.
	bare, err := interfaces.NewRepository(catalog())
	require.NoError(t, err)
	_, err = bare.AddSnap(parse(t, consumerYAML))
	require.NoError(t, err)
	_, err = bare.ResolveConnect("consumer", "net", "", "network")
	assert.EqualError(t, err, `cannot resolve connection of consumer:net to slot "network": the repository has no system snap`)
	_, err = bare.ResolveConnect("consumer", "net", "", "")
	assert.EqualError(t, err, `cannot resolve connection of consumer:net: no slot of interface "network" in the repository`)
}

func TestResolvePrefersSnapdOverCore(t *testing.T) {
	repo := newRepo(t)
	snapd, err := interfaces.SystemSnap(snap.TypeSnapd, true, catalog())
	require.NoError(t, err)
	_, err = repo.AddSnap(snapd)
	require.NoError(t, err)
	ref, err := repo.ResolveConnect("consumer", "net", "", "")
	require.NoError(t, err)
	assert.Equal(t, "consumer:net snapd:network", ref.ID())
}

func TestLookups(t *testing.T) {
	repo := newRepo(t)
	assert.Equal(t, "db", repo.Plug("consumer", "db").Interface)
	assert.Nil(t, repo.Plug("ghost", "db"))
	assert.Nil(t, repo.Slot("ghost", "db"))
	var slots []string
	for _, s := range repo.AllSlots("db") {
		slots = append(slots, s.Snap.InstanceName()+":"+s.Name)
	}
	assert.Equal(t, []string{"provider:db", "provider:db2"}, slots)
	assert.Len(t, repo.AllSlots(""), 5) // core: network, picky; provider: db, db2, checked
	var plugs []string
	for _, p := range repo.AllPlugs("checked") {
		plugs = append(plugs, p.Name)
	}
	assert.Equal(t, []string{"checked", "denied"}, plugs)
	assert.Len(t, repo.AllPlugs(""), 5)
}

func TestAttributesOfConnectedPlugsAndSlots(t *testing.T) {
	info := parse(t, `name: attrs
version: "1"
plugs:
  p:
    interface: db
    static: s
    shadowed: static
    nested:
      level: {deep: 3}
apps:
  a:
    command: a
`)
	plug, err := interfaces.NewConnectedPlug(info.Plugs["p"], map[string]interface{}{"shadowed": "dynamic", "dyn": []string{"x"}})
	require.NoError(t, err)
	var s string
	require.NoError(t, plug.Attr("shadowed", &s))
	assert.Equal(t, "dynamic", s, "dynamic attributes win")
	require.NoError(t, plug.StaticAttr("shadowed", &s))
	assert.Equal(t, "static", s)
	var deep int
	require.NoError(t, plug.Attr("nested.level.deep", &deep))
	assert.Equal(t, 3, deep)
	var dyn []string
	require.NoError(t, plug.Attr("dyn", &dyn))
	assert.Equal(t, []string{"x"}, dyn)

	assert.EqualError(t, plug.Attr("static", &deep), `plug "attrs:p" attribute "static": expected int, got string "s"`)
	err = plug.Attr("nested.level.missing", &deep)
	assert.EqualError(t, err, `plug "attrs:p" has no attribute "nested.level.missing"`)
	assert.True(t, errors.Is(err, snap.ErrAttrNotFound))
	err = plug.StaticAttr("dyn", &dyn)
	assert.True(t, errors.Is(err, snap.ErrAttrNotFound), "static look-ups do not see dynamic attributes")

	v, ok := plug.Lookup("nested.level")
	assert.True(t, ok)
	assert.Equal(t, map[string]interface{}{"deep": int64(3)}, v)
	_, ok = plug.Lookup("nope")
	assert.False(t, ok)

	require.NoError(t, plug.SetAttr("added", 7))
	assert.Equal(t, int64(7), plug.DynamicAttrs()["added"])
	assert.EqualError(t, plug.SetAttr("bad", make(chan int)), `cannot set attribute "bad" of plug "attrs:p": invalid attribute value of type chan int`)

	// Copies all the way: changing what came out changes nothing inside.
	plug.StaticAttrs()["static"] = "changed"
	plug.DynamicAttrs()["dyn"].([]interface{})[0] = "changed"
	require.NoError(t, plug.Attr("static", &s))
	assert.Equal(t, "s", s)
	require.NoError(t, plug.Attr("dyn", &dyn))
	assert.Equal(t, []string{"x"}, dyn)

	assert.Equal(t, "p", plug.Name())
	assert.Equal(t, "db", plug.Interface())
	assert.Equal(t, "attrs", plug.Snap().Name)
	assert.Same(t, info.Plugs["p"], plug.Info())
	assert.Equal(t, []string{"snap.attrs.a"}, plug.SecurityTags())
}

func TestSystemSnap(t *testing.T) {
	classic, err := interfaces.SystemSnap(snap.TypeOS, true, catalog())
	require.NoError(t, err)
	assert.Equal(t, "core", classic.Name)
	assert.Equal(t, snap.TypeOS, classic.Type)
	assert.Equal(t, []string{"network", "picky"}, classic.SlotNames())
	assert.Empty(t, classic.Apps)
	assert.Equal(t, "network", classic.Slots["network"].Interface)

	core, err := interfaces.SystemSnap(snap.TypeSnapd, false, catalog())
	require.NoError(t, err)
	assert.Equal(t, "snapd", core.Name)
	assert.Equal(t, []string{"checked", "network"}, core.SlotNames())

	_, err = interfaces.SystemSnap(snap.TypeApp, true, catalog())
	assert.EqualError(t, err, `cannot build a system snap of type "app": use "os" or "snapd"`)
}
