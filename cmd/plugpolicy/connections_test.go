// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tableRows splits a table into rows of fields (separated by two spaces
// or more), header first.
func tableRows(t *testing.T, out string) [][]string {
	t.Helper()
	sep := regexp.MustCompile(`  +`)
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		rows = append(rows, sep.Split(line, -1))
	}
	return rows
}

func TestConnectionsExample(t *testing.T) {
	// On Ubuntu Core, the grant's home rule (on-classic) does not hold.
	stdout, stderr, status := runCLI(t, "connections", "--core", "--snap-declaration", kubeGrant, "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	assert.Empty(t, stderr)
	rows := tableRows(t, stdout)
	assert.Equal(t, []string{"Interface", "Plug", "Slot", "Notes"}, rows[0])
	assert.Len(t, rows, 1+16, "one row per plug")
	assert.Contains(t, rows, []string{"kubernetes-support", "kube-node:k8s-kubelet", "snapd:kubernetes-support", "auto"})
	assert.Contains(t, rows, []string{"kubernetes-support", "kube-node:k8s-kubeproxy", "snapd:kubernetes-support", "auto"})
	assert.Contains(t, rows, []string{"kubernetes-support", "kube-node:k8s-autobind", "snapd:kubernetes-support", "auto"})
	assert.Contains(t, rows, []string{"home", "kube-node:home-all", "-",
		`auto-connection denied by "home-all" plug rule of interface "home" for "kube-node" snap (allow-auto-connection: on-classic: true does not hold)`})
	assert.True(t, strings.HasPrefix(stdout, "Interface              Plug                             Slot                         Notes\nfirewall-control       kube-node:firewall-control       snapd:firewall-control       auto\n"), stdout)

	// The same as JSON, and the same again: sorted, deterministic.
	again, _, _ := runCLI(t, "connections", "--core", "--snap-declaration", kubeGrant, "examples/kube-node/snap.yaml")
	assert.Equal(t, stdout, again)
	jsonOut, stderr, status := runCLI(t, "connections", "--json", "--core", "--snap-declaration", kubeGrant, "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	var got []connRow
	require.NoError(t, json.Unmarshal([]byte(jsonOut), &got))
	require.Len(t, got, 16)
	assert.Equal(t, connRow{Interface: "firewall-control", Plug: "kube-node:firewall-control", Slot: "snapd:firewall-control", Notes: "auto", Connected: true}, got[0])
	for i, r := range got {
		assert.Equal(t, []string{r.Interface, r.Plug, dash(r.Slot), r.Notes}, rows[i+1])
	}
}

func TestConnectionsManualLeftOutAndSlots(t *testing.T) {
	provider := writeFile(t, "provider.yaml", "name: provider\nversion: 1\nslots:\n  api:\n    interface: content\n    content: api\n    read: [$SNAP/api]\n  spare:\n    interface: content\n    content: spare\n    read: [$SNAP/spare]\napps:\n  run:\n    command: x\n")
	consumer := writeFile(t, "consumer.yaml", "name: consumer\nversion: 1\nplugs:\n  api:\n    interface: content\n    content: api\n    target: $SNAP/api\n  frob:\n    interface: frobnicate\napps:\n  run:\n    command: x\n    plugs: [api, frob, network]\n")
	stdout, stderr, status := runCLI(t, "connections", "--connect", "consumer:api=provider:api", consumer, provider)
	require.Equal(t, exitOK, status, stderr)
	assert.Contains(t, stderr, `warning: snap "consumer": plug "frob" left out: interface "frobnicate" is not in the catalog`)
	assert.Equal(t, [][]string{
		{"Interface", "Plug", "Slot", "Notes"},
		{"content", "-", "provider:spare", "-"},
		{"content", "consumer:api", "provider:api", "manual"},
		{"frobnicate", "consumer:frob", "-", "unknown interface"},
		{"network", "consumer:network", "snapd:network", "auto"},
	}, tableRows(t, stdout), "the connection between the two snaps is listed once")
}

func TestConnectionsErrors(t *testing.T) {
	_, stderr, status := runCLI(t, "connections", "examples/kube-node/snap.yaml")
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, `plugpolicy connections: cannot install snap "kube-node": installation denied by "k8s-autobind" plug rule of interface "kubernetes-support" (allow-installation: false)`+"\n", stderr)
	_, stderr, status = runCLI(t, "connections")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "plugpolicy connections: name at least one snap.yaml\n")
	_, stderr, status = runCLI(t, "connections", "--out", "x", "examples/kube-node/snap.yaml")
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, "flag provided but not defined: -out")
}
