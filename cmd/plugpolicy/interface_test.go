// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v2"
)

func TestInterfaceKubernetesSupport(t *testing.T) {
	stdout, stderr, status := runCLI(t, "interface", "kubernetes-support")
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, `name: kubernetes-support
summary: allows operating as the Kubernetes service
doc-url: https://snapcraft.io/docs/kubernetes-support-interface
implicit-on-classic: yes
implicit-on-core: yes
auto-connect-classic: no
auto-connect-core: no
apparmor-unconfined-plugs: no
apparmor-unconfined-slots: no
plug-attributes:
  flavor (optional): kubelet, kubeproxy, autobind-unix
optional-methods: BeforePreparePlug
backends:
  apparmor: connected-plug
  seccomp: connected-plug
  udev: connected-plug
  kmod: connected-plug
  systemd: permanent-plug
plain-connection-changes:
  plug-snap: apparmor, seccomp, udev, kmod, systemd
  slot-snap: the system's (not rendered)
base-declaration-plugs:
  kubernetes-support:
    allow-installation: false
    deny-auto-connection: true
base-declaration-slots:
  kubernetes-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`, stdout)
}

func TestInterfaceJSON(t *testing.T) {
	stdout, stderr, status := runCLI(t, "interface", "--json", "content")
	require.Equal(t, exitOK, status, stderr)
	var d interfaceDetail
	require.NoError(t, json.Unmarshal([]byte(stdout), &d))
	assert.Equal(t, "content", d.Name)
	assert.False(t, d.ImplicitOnClassic)
	assert.Nil(t, d.PlugAttrs, "content does not describe its attributes")
	assert.Contains(t, d.OptionalMethods, "BeforePreparePlug")
	var mount *backendHooks
	for i := range d.Backends {
		if d.Backends[i].Backend == "mount" {
			mount = &d.Backends[i]
		}
	}
	require.NotNil(t, mount, "content binds the slot's files in")
	assert.Contains(t, mount.Hooks, hookConnectedPlug)
	// The fragments are the YAML the base declaration is built from.
	for _, text := range []string{d.BaseDeclarationPlugs, d.BaseDeclarationSlots} {
		if text == "" {
			continue
		}
		var frag map[string]interface{}
		require.NoError(t, yaml.Unmarshal([]byte(text), &frag), text)
		assert.Contains(t, frag, "content")
	}

	stdout, _, status = runCLI(t, "interface", "kubernetes-support", "--json")
	require.Equal(t, exitOK, status)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(stdout), &raw))
	assert.JSONEq(t, `[{"name": "flavor", "values": ["kubelet", "kubeproxy", "autobind-unix"], "optional": true}]`, string(raw["plug-attributes"]))
	assert.JSONEq(t, `false`, string(raw["auto-connect-core"]))
	assert.Len(t, raw, 16)
}

// The hooks an interface implements are an upper bound: data-only
// interfaces have all of commonInterface's. What a plain connection
// changes is measured by rendering.
func TestInterfacePlainConnection(t *testing.T) {
	for _, tc := range []struct {
		name     string
		plugSnap []string
		slotSnap []string
		refused  string
	}{
		{name: "network", plugSnap: []string{"apparmor", "seccomp"}},
		{name: "openvswitch-support", plugSnap: []string{"kmod"}},
		{name: "x11", plugSnap: []string{"apparmor", "seccomp", "mount"}},
		{name: "lxd", plugSnap: []string{"apparmor", "seccomp"}, slotSnap: []string{}},
		{name: "content", refused: `a plug without attributes is refused: snap "consumer", plug "p": content plug must contain target path (attribute "target")`},
	} {
		d, err := describeInterface(tc.name)
		require.NoError(t, err)
		assert.Equal(t, tc.refused, d.PlainConnectionRefused, tc.name)
		if tc.refused != "" {
			assert.Nil(t, d.PlainConnection, tc.name)
			continue
		}
		require.NotNil(t, d.PlainConnection, tc.name)
		assert.Equal(t, tc.plugSnap, d.PlainConnection.PlugSnap, tc.name)
		assert.Equal(t, tc.slotSnap, d.PlainConnection.SlotSnap, tc.name)
		// Every backend hooks claim covers what was measured.
		for _, b := range d.PlainConnection.PlugSnap {
			assert.Contains(t, backendNames(d.Backends), b, tc.name)
		}
	}
	stdout, _, status := runCLI(t, "interface", "content")
	require.Equal(t, exitOK, status)
	assert.Contains(t, stdout, "\nplain-connection-changes: not measured: a plug without attributes is refused: ")
}

func TestInterfaceUnknown(t *testing.T) {
	for _, tc := range []struct{ name, stderr string }{
		{"kubernetes-suport", `plugpolicy interface: unknown interface "kubernetes-suport" (did you mean "kubernetes-support"?)` + "\n"},
		{"netwrok", `plugpolicy interface: unknown interface "netwrok" (did you mean "network"?)` + "\n"},
		{"x12", `plugpolicy interface: unknown interface "x12" (did you mean "x11"?)` + "\n"},
		{"bluetooth", `plugpolicy interface: unknown interface "bluetooth"` + "\n"},
	} {
		stdout, stderr, status := runCLI(t, "interface", tc.name)
		assert.Equal(t, exitInvalid, status, tc.name)
		assert.Empty(t, stdout, tc.name)
		assert.Equal(t, tc.stderr, stderr, tc.name)
	}
	_, stderr, status := runCLI(t, "interface")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "plugpolicy interface: name one interface\n")
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"network", "network", 0},
		{"netwrok", "network", 2}, {"x12", "x11", 1}, {"kvm", "kvmm", 1}, {"home", "hmoe", 2},
	} {
		assert.Equal(t, tc.d, editDistance(tc.a, tc.b), "%q %q", tc.a, tc.b)
		assert.Equal(t, tc.d, editDistance(tc.b, tc.a), "%q %q", tc.b, tc.a)
	}
}
