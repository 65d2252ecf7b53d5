// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInterfacesPlain(t *testing.T) {
	stdout, stderr, status := runCLI(t, "interfaces")
	require.Equal(t, exitOK, status, stderr)
	assert.Empty(t, stderr)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, 1+54, "a header and the catalog's 54 interfaces")
	assert.Equal(t, []string{"INTERFACE", "IMPLICIT-CLASSIC", "IMPLICIT-CORE", "AUTO-CLASSIC", "AUTO-CORE", "SUMMARY"}, strings.Fields(lines[0]))
	rows := map[string][]string{}
	var names []string
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		names = append(names, f[0])
		rows[f[0]] = f[1:5]
		// The summary starts at the header's SUMMARY column.
		assert.Equal(t, strings.Index(lines[0], "SUMMARY"), strings.Index(l, "allows"), l)
	}
	assert.True(t, sort.StringsAreSorted(names), "sorted by name")
	// Implicit everywhere, but super-privileged: never auto-connected.
	assert.Equal(t, []string{"yes", "yes", "no", "no"}, rows["kubernetes-support"])
	assert.Equal(t, []string{"yes", "yes", "yes", "yes"}, rows["network"])
	// home auto-connects on classic only; x11's system slot is classic's.
	assert.Equal(t, []string{"yes", "yes", "yes", "no"}, rows["home"])
	assert.Equal(t, []string{"yes", "no", "yes", "no"}, rows["x11"])
	// Slots come from app snaps only: nothing of the system's to connect to.
	assert.Equal(t, []string{"no", "no", "no", "no"}, rows["content"])
	// A plug without attributes is refused: the answer depends on them.
	assert.Equal(t, []string{"yes", "yes", "?", "?"}, rows["system-files"])
	assert.Contains(t, lines[1+indexOf(names, "network")], "allows access to the network")
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestInterfacesJSON(t *testing.T) {
	stdout, stderr, status := runCLI(t, "interfaces", "--json")
	require.Equal(t, exitOK, status, stderr)

	// The documented keys, and only those, on every object.
	var raw []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(stdout), &raw))
	require.Len(t, raw, 54)
	for _, obj := range raw {
		var keys []string
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		assert.Equal(t, []string{"auto-connect-classic", "auto-connect-core", "backends", "implicit-on-classic", "implicit-on-core", "name", "summary"}, keys)
	}

	var rows []struct {
		Name               string   `json:"name"`
		Summary            string   `json:"summary"`
		ImplicitOnClassic  bool     `json:"implicit-on-classic"`
		ImplicitOnCore     bool     `json:"implicit-on-core"`
		AutoConnectClassic *bool    `json:"auto-connect-classic"`
		AutoConnectCore    *bool    `json:"auto-connect-core"`
		Backends           []string `json:"backends"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rows))
	byName := map[string]int{}
	for i, r := range rows {
		byName[r.Name] = i
		assert.NotEmpty(t, r.Summary, r.Name)
		assert.NotNil(t, r.Backends, r.Name)
	}
	k8s := rows[byName["kubernetes-support"]]
	assert.Equal(t, "allows operating as the Kubernetes service", k8s.Summary)
	assert.True(t, k8s.ImplicitOnClassic)
	assert.True(t, k8s.ImplicitOnCore)
	require.NotNil(t, k8s.AutoConnectClassic)
	require.NotNil(t, k8s.AutoConnectCore)
	assert.False(t, *k8s.AutoConnectClassic)
	assert.False(t, *k8s.AutoConnectCore)
	assert.Equal(t, []string{"apparmor", "seccomp", "udev", "kmod", "systemd"}, k8s.Backends)
	network := rows[byName["network"]]
	require.NotNil(t, network.AutoConnectClassic)
	assert.True(t, *network.AutoConnectClassic)
	assert.True(t, *network.AutoConnectCore)
	assert.Nil(t, rows[byName["personal-files"]].AutoConnectClassic, "null where a plug needs attributes")
	assert.Contains(t, rows[byName["content"]].Backends, "mount", "content binds the slot's files in")
}

func TestInterfacesUsage(t *testing.T) {
	_, stderr, status := runCLI(t, "interfaces", "network")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "plugpolicy interfaces: unexpected argument \"network\"\n")
	stdout, _, status := runCLI(t, "interfaces", "--help")
	assert.Equal(t, exitOK, status)
	assert.Contains(t, stdout, "  --json")
}
