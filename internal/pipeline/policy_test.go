// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package pipeline_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/pipeline"
	"github.com/plugpolicy/plugpolicy/snap"
)

func TestPolicy(t *testing.T) {
	node := `name: node
version: "1"
plugs:
  kube: {interface: kubernetes-support}
  strange: {interface: no-such-interface}
apps:
  d: {command: d, daemon: simple, plugs: [kube, network, home]}
`
	// Without a grant the snap is refused; the plug of an unknown
	// interface, left out of the repository, is not what refuses it.
	_, err := pipeline.New([]*snap.Info{parse(t, node)}, pipeline.Config{Policy: &pipeline.PolicyConfig{}})
	assert.EqualError(t, err, `cannot install snap "node": installation denied by "kube" plug rule of interface "kubernetes-support" (allow-installation: false)`)

	// Dangerous: compiled, with the refusal as a warning; auto-connection
	// connects what policy allows on classic.
	p, err := pipeline.New([]*snap.Info{parse(t, node)}, pipeline.Config{Policy: &pipeline.PolicyConfig{Dangerous: true}})
	require.NoError(t, err)
	assert.Equal(t, []string{`snap "node": --dangerous bypasses: installation denied by "kube" plug rule of interface "kubernetes-support" (allow-installation: false)`}, p.Warnings)
	assert.Equal(t, []string{"node:home snapd:home", "node:network snapd:network"}, ids(p.AutoConnected))
	require.Len(t, p.Unconnected, 1)
	assert.Equal(t, interfaces.PlugRef{Snap: "node", Name: "kube"}, p.Unconnected[0].Plug)

	// On Core, home does not auto-connect.
	p, err = pipeline.New([]*snap.Info{parse(t, node)}, pipeline.Config{Core: true, Policy: &pipeline.PolicyConfig{Dangerous: true}})
	require.NoError(t, err)
	assert.Equal(t, []string{"node:network snapd:network"}, ids(p.AutoConnected))

	// A grant; only the connections asked for.
	grant, err := policy.ParseSnapDeclaration("grant", []byte("snap-name: node\nplugs:\n  kubernetes-support:\n    allow-installation: true\n"))
	require.NoError(t, err)
	p, err = pipeline.New([]*snap.Info{parse(t, node)}, pipeline.Config{Connect: []string{"node:kube"},
		Policy: &pipeline.PolicyConfig{SnapDeclarations: []*policy.SnapDeclaration{grant}, NoAutoConnect: true}})
	require.NoError(t, err)
	assert.Empty(t, p.Warnings)
	assert.Empty(t, p.AutoConnected)
	assert.Equal(t, []string{"node:kube snapd:kubernetes-support"}, ids(p.Connected))

	// Without Policy nothing is checked and nothing auto-connects.
	p, err = pipeline.New([]*snap.Info{parse(t, node)}, pipeline.Config{})
	require.NoError(t, err)
	assert.Empty(t, p.Connected)
}
