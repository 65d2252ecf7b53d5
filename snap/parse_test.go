// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/snap"
)

func mustParse(t *testing.T, doc string, opts snap.Options) *snap.Info {
	t.Helper()
	info, err := snap.Parse([]byte(doc), opts)
	require.NoError(t, err)
	return info
}

// binding describes a plug or slot for comparison: its interface, label,
// attributes and the apps and hooks it is bound to.
type binding struct {
	Iface, Label string
	Attrs        map[string]interface{}
	Apps, Hooks  []string
	Unscoped     bool
}

func bindingOf(iface, label string, attrs map[string]interface{}, apps map[string]*snap.AppInfo, hooks map[string]*snap.HookInfo, unscoped bool) binding {
	b := binding{Iface: iface, Label: label, Attrs: attrs, Unscoped: unscoped}
	for name := range apps {
		b.Apps = append(b.Apps, name)
	}
	for name := range hooks {
		b.Hooks = append(b.Hooks, name)
	}
	return b
}

func plugBindings(info *snap.Info) map[string]binding {
	out := make(map[string]binding)
	for _, p := range info.Plugs {
		out[p.Name] = bindingOf(p.Interface, p.Label, p.Attrs, p.Apps, p.Hooks, p.Unscoped)
	}
	return out
}

func slotBindings(info *snap.Info) map[string]binding {
	out := make(map[string]binding)
	for _, s := range info.Slots {
		out[s.Name] = bindingOf(s.Interface, s.Label, s.Attrs, s.Apps, s.Hooks, s.Unscoped)
	}
	return out
}

var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

// TestPlugAndSlotForms covers every form snap.yaml allows for plugs and
// slots, and snapd's binding rules.
func TestPlugAndSlotForms(t *testing.T) {
	info := mustParse(t, `name: forms
version: "1"
plugs:
  bare:                      # null: interface = name
  network-bind: {}           # empty mapping: interface = name
  kube: kubernetes-support   # name: interface
  k8s-kubelet:               # mapping with attributes
    interface: kubernetes-support
    label: The kubelet
    flavor: kubelet
  scoped-to-hook: home
slots:
  db:
    interface: content
    read: [$SNAP_DATA/db]
  served: content
apps:
  kubelet:
    command: bin/kubelet
    daemon: simple
    plugs: [k8s-kubelet, network, kube]   # "network" is declared here
  ctl:
    command: bin/ctl
    plugs:
      - network
    slots: [served, api]                  # "api" is declared here
hooks:
  install:
    plugs: [scoped-to-hook, hook-only]
  configure: {}
`, snap.Options{})

	wantPlugs := map[string]binding{
		"bare":           {Iface: "bare", Apps: []string{"ctl", "kubelet"}, Hooks: []string{"configure", "install"}, Unscoped: true},
		"network-bind":   {Iface: "network-bind", Apps: []string{"ctl", "kubelet"}, Hooks: []string{"configure", "install"}, Unscoped: true},
		"kube":           {Iface: "kubernetes-support", Apps: []string{"kubelet"}},
		"k8s-kubelet":    {Iface: "kubernetes-support", Label: "The kubelet", Attrs: map[string]interface{}{"flavor": "kubelet"}, Apps: []string{"kubelet"}},
		"network":        {Iface: "network", Apps: []string{"ctl", "kubelet"}},
		"scoped-to-hook": {Iface: "home", Hooks: []string{"install"}},
		"hook-only":      {Iface: "hook-only", Hooks: []string{"install"}},
	}
	if diff := cmp.Diff(wantPlugs, plugBindings(info), sortStrings); diff != "" {
		t.Errorf("plugs differ (-want +got):\n%s", diff)
	}
	wantSlots := map[string]binding{
		"db":     {Iface: "content", Attrs: map[string]interface{}{"read": []interface{}{"$SNAP_DATA/db"}}, Apps: []string{"ctl", "kubelet"}, Hooks: []string{"configure", "install"}, Unscoped: true},
		"served": {Iface: "content", Apps: []string{"ctl"}},
		"api":    {Iface: "api", Apps: []string{"ctl"}},
	}
	if diff := cmp.Diff(wantSlots, slotBindings(info), sortStrings); diff != "" {
		t.Errorf("slots differ (-want +got):\n%s", diff)
	}

	assert.Equal(t, []string{"bare", "k8s-kubelet", "kube", "network", "network-bind"}, info.Apps["kubelet"].PlugNames())
	assert.Equal(t, []string{"api", "db", "served"}, info.Apps["ctl"].SlotNames())
	assert.Equal(t, []string{"bare", "hook-only", "network-bind", "scoped-to-hook"}, info.Hooks["install"].PlugNames())
	assert.Equal(t, []string{"db"}, info.Hooks["configure"].SlotNames())
	assert.Equal(t, []string{"snap.forms.ctl", "snap.forms.hook.configure", "snap.forms.hook.install", "snap.forms.kubelet"}, info.Plugs["bare"].SecurityTags())
	assert.Equal(t, []string{"snap.forms.hook.install"}, info.Plugs["hook-only"].SecurityTags())
	assert.Equal(t, []string{"snap.forms.ctl"}, info.Slots["api"].SecurityTags())
}

// TestAttributesAreCanonical checks the Go types attribute values get.
func TestAttributesAreCanonical(t *testing.T) {
	info := mustParse(t, `name: attrs
version: "1"
plugs:
  p:
    interface: x
    str: hello
    quoted-number: "5"
    int: 5
    negative: -3
    big: 9223372036854775807
    octal: 0660
    float: 1.5
    bool-true: true
    bool-yes: yes
    list: [a, 1, false]
    map:
      nested:
        deep: [1.0]
    empty-list: []
    empty-map: {}
`, snap.Options{})
	want := map[string]interface{}{
		"str":           "hello",
		"quoted-number": "5",
		"int":           int64(5),
		"negative":      int64(-3),
		"big":           int64(9223372036854775807),
		"octal":         int64(0o660),
		"float":         1.5,
		"bool-true":     true,
		"bool-yes":      true, // YAML 1.1, as in snapd
		"list":          []interface{}{"a", int64(1), false},
		"map":           map[string]interface{}{"nested": map[string]interface{}{"deep": []interface{}{1.0}}},
		"empty-list":    []interface{}{},
		"empty-map":     map[string]interface{}{},
	}
	if diff := cmp.Diff(want, info.Plugs["p"].Attrs); diff != "" {
		t.Errorf("attributes differ (-want +got):\n%s", diff)
	}
}

// TestStringFieldsKeepTheirText checks that string fields read YAML
// numbers as written, as snapd does: version 1.10 is not 1.1.
func TestStringFieldsKeepTheirText(t *testing.T) {
	info := mustParse(t, "name: text\nversion: 1.10\nsummary: 0x1F\n", snap.Options{})
	assert.Equal(t, "1.10", info.Version)
	assert.Equal(t, "0x1F", info.Summary)
}

func TestDefaultsAndHeader(t *testing.T) {
	info := mustParse(t, `name: head
version: "2.1"
summary: A summary
description: |
  Two
  lines.
title: Head
base: core24
grade: devel
license: GPL-3.0
architectures: [amd64, arm64]
assumes: [snapd2.61, command-chain]
environment:
  B: "2"
  A: one
system-usernames:
  snap_daemon: shared
  _daemon_:
    scope: shared
    extra: 1
epoch: 1*
links:
  website: [https://example.com]
provenance: example
`, snap.Options{Revision: snap.R(12)})
	assert.Equal(t, snap.TypeApp, info.Type)
	assert.Equal(t, snap.StrictConfinement, info.Confinement)
	assert.Equal(t, "Two\nlines.\n", info.Description)
	assert.Equal(t, "devel", info.Grade)
	assert.Equal(t, []string{"amd64", "arm64"}, info.Architectures)
	assert.Equal(t, []string{"snapd2.61", "command-chain"}, info.Assumes)
	assert.Equal(t, []snap.EnvVar{{Key: "B", Value: "2"}, {Key: "A", Value: "one"}}, info.Environment)
	assert.Equal(t, "shared", info.SystemUsernames["snap_daemon"].Scope)
	assert.Equal(t, map[string]interface{}{"extra": int64(1)}, info.SystemUsernames["_daemon_"].Attrs)
	assert.Equal(t, "12", info.Revision.String())
	assert.Empty(t, info.Warnings)
}

func TestAppFields(t *testing.T) {
	info := mustParse(t, `name: appf
version: "1"
apps:
  d:
    command: bin/d --flag $SNAP_DATA/x
    command-chain: [bin/chain]
    daemon: notify
    stop-command: bin/stop
    reload-command: bin/reload
    post-stop-command: bin/post
    start-timeout: 5m
    stop-timeout: 30s
    watchdog-timeout: 1m
    restart-delay: 2s
    restart-condition: on-failure
    stop-mode: sigterm-all
    refresh-mode: endure
    install-mode: disable
    timer: "00:00"
    before: [e]
    plugs: [network-bind]
    sockets:
      sock:
        listen-stream: $SNAP_COMMON/d.sock
        socket-mode: 0660
    environment:
      K: v
  e:
    command: bin/e
    daemon: simple
    daemon-scope: system
  u:
    command: bin/u
    daemon: simple
    daemon-scope: user
  cmd:
    command: bin/cmd
    completer: share/cmd.bash
    aliases: [cmd-alias]
    refresh-mode: ignore-running
    common-id: org.example.Cmd
    autostart: cmd.desktop
`, snap.Options{})
	d := info.Apps["d"]
	assert.Equal(t, "bin/d --flag $SNAP_DATA/x", d.Command)
	assert.Equal(t, []string{"bin/chain"}, d.CommandChain)
	assert.Equal(t, "notify", d.Daemon)
	assert.Equal(t, snap.SystemDaemon, d.DaemonScope, "daemons default to the system scope")
	assert.Equal(t, 5*time.Minute, d.StartTimeout)
	assert.Equal(t, 30*time.Second, d.StopTimeout)
	assert.Equal(t, time.Minute, d.WatchdogTimeout)
	assert.Equal(t, 2*time.Second, d.RestartDelay)
	assert.Equal(t, "on-failure", d.RestartCondition)
	assert.Equal(t, "sigterm-all", d.StopMode)
	assert.Equal(t, "disable", d.InstallMode)
	assert.Equal(t, []string{"e"}, d.Before)
	require.Contains(t, d.Sockets, "sock")
	assert.Equal(t, uint32(0o660), d.Sockets["sock"].SocketMode)
	assert.Equal(t, "$SNAP_COMMON/d.sock", d.Sockets["sock"].ListenStream)
	assert.Same(t, d, d.Sockets["sock"].App)
	assert.Equal(t, []snap.EnvVar{{Key: "K", Value: "v"}}, d.Environment)
	assert.Equal(t, snap.UserDaemon, info.Apps["u"].DaemonScope)
	cmd := info.Apps["cmd"]
	assert.False(t, cmd.IsService())
	assert.Equal(t, snap.DaemonScope(""), cmd.DaemonScope)
	assert.Equal(t, []string{"cmd-alias"}, cmd.Aliases)
	assert.Equal(t, []string{"d", "e", "u"}, namesOf(info.Services()))
	assert.Equal(t, []string{"cmd", "d", "e", "u"}, info.AppNames())
}

func namesOf(apps []*snap.AppInfo) []string {
	var out []string
	for _, a := range apps {
		out = append(out, a.Name)
	}
	return out
}

func TestActivatesOnBindsTheSlot(t *testing.T) {
	info := mustParse(t, `name: dbus-svc
version: "1"
slots:
  svc:
    interface: dbus
    bus: system
    name: org.example.Svc
apps:
  d:
    command: bin/d
    daemon: dbus
    activates-on: [svc]
  other:
    command: bin/other
`, snap.Options{})
	d := info.Apps["d"]
	require.Len(t, d.ActivatesOn, 1)
	assert.Same(t, info.Slots["svc"], d.ActivatesOn[0])
	assert.Equal(t, []string{"svc"}, d.SlotNames())
	assert.Empty(t, info.Apps["other"].SlotNames(), "a slot that an app activates on is scoped to that app")
}

func TestInstanceNamesAndTags(t *testing.T) {
	doc := "name: kube-node\nversion: \"1\"\napps:\n  kubelet:\n    command: k\nhooks:\n  configure: {}\n"
	info := mustParse(t, doc, snap.Options{})
	assert.Equal(t, "kube-node", info.InstanceName())
	assert.Equal(t, []string{"snap.kube-node.hook.configure", "snap.kube-node.kubelet"}, info.SecurityTags())

	info = mustParse(t, doc, snap.Options{InstanceKey: "blue"})
	assert.Equal(t, "kube-node_blue", info.InstanceName())
	assert.Equal(t, "snap.kube-node_blue.kubelet", info.Apps["kubelet"].SecurityTag())
	assert.Equal(t, "snap.kube-node_blue.hook.configure", info.Hooks["configure"].SecurityTag())
}

func TestWarnings(t *testing.T) {
	info := mustParse(t, `name: warn
version: "1"
website: https://example.com
components:
  extra:
    type: standard
apps:
  a:
    command: a
    extensions: [gnome]
    sockets:
      s:
        listen-stream: $SNAP_DATA/s
        backlog: 5
    plugs: [network-bind]
hooks:
  install:
    shell: bash
layout:
  /etc/x:
    bind: $SNAP/x
    owner: root
`, snap.Options{})
	got := make([]string, len(info.Warnings))
	for i, w := range info.Warnings {
		got[i] = w.String()
	}
	assert.Equal(t, []string{
		`line 3: website: unknown key "website" is ignored`,
		`line 4: components: components are not supported: their hooks get no policy`,
		`line 10: apps.a.extensions: unknown key "extensions" is ignored`,
		`line 14: apps.a.sockets.s.backlog: unknown key "backlog" is ignored`,
		`line 18: hooks.install.shell: unknown key "shell" is ignored`,
		`line 22: layout."/etc/x".owner: unknown key "owner" is ignored`,
	}, got)
}

func TestLayouts(t *testing.T) {
	info := mustParse(t, `name: lay
version: "1"
layout:
  /etc/docker:
    bind: $SNAP_DATA/etc/docker
  /etc/gitconfig:
    bind-file: $SNAP_DATA/etc/gitconfig
  /usr/lib/x:
    symlink: $SNAP/usr/lib/x
  /var/cache/x:
    type: tmpfs
    mode: "1777"
`, snap.Options{})
	assert.Equal(t, "$SNAP_DATA/etc/docker", info.Layout["/etc/docker"].Bind)
	assert.Equal(t, "$SNAP_DATA/etc/gitconfig", info.Layout["/etc/gitconfig"].BindFile)
	assert.Equal(t, "$SNAP/usr/lib/x", info.Layout["/usr/lib/x"].Symlink)
	assert.Equal(t, uint32(0o1777), info.Layout["/var/cache/x"].Mode)
	assert.Equal(t, uint32(0o755), info.Layout["/etc/docker"].Mode)
	assert.Equal(t, "root", info.Layout["/etc/docker"].User)
	assert.Equal(t, "/var/snap/lay/x3/etc/docker", (&snap.Info{Name: "lay", Revision: snap.R(-3)}).ExpandSnapVariables("$SNAP_DATA/etc/docker"))
}

func TestSnapTypeSnapdAndOS(t *testing.T) {
	for _, typ := range []string{"app", "gadget", "kernel", "base", "os", "snapd"} {
		info := mustParse(t, "name: t-"+typ+"\nversion: \"1\"\ntype: "+typ+"\n", snap.Options{})
		assert.Equal(t, snap.Type(typ), info.Type)
	}
	info := mustParse(t, "name: core\nversion: \"1\"\ntype: base\nbase: none\n", snap.Options{})
	assert.Equal(t, "none", info.Base)
}

// TestParseSourceDigest: every parsed Info carries the digest of its
// document, whichever way it was decoded (a plain document, one with
// warnings), and two documents differing in one byte differ in it.
func TestParseSourceDigest(t *testing.T) {
	plain := "name: ab\nversion: \"1\"\napps:\n  app:\n    command: app\n"
	warned := plain + "    comand: typo\n"
	seen := map[string]bool{}
	for _, doc := range []string{plain, warned, strings.Replace(plain, "\"1\"", "\"2\"", 1)} {
		info, err := snap.Parse([]byte(doc), snap.Options{})
		require.NoError(t, err)
		sum := sha256.Sum256([]byte(doc))
		assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), info.SourceDigest)
		seen[info.SourceDigest] = true
	}
	assert.Len(t, seen, 3)
}
