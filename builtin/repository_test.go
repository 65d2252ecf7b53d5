// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/ifacetest"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestExampleNodeThroughTheRepository runs the bundled Kubernetes node
// example through the interface layer: a repository from builtin
// interfaces, the system snap, the example's plugs connected the way
// `snap connect SNAP:PLUG` resolves them, and the backend driver with a
// recording specification.
//
// It uses a fixed part of the catalog (network, network-bind, home), so
// that it keeps testing the same thing as the catalog grows; the other
// plugs are rejected as interfaces this catalog does not have.
func TestExampleNodeThroughTheRepository(t *testing.T) {
	var catalog []interfaces.Interface
	for _, name := range []string{"home", "network", "network-bind"} {
		iface, ok := builtin.ByName(name)
		require.True(t, ok, name)
		catalog = append(catalog, iface)
	}
	repo, err := interfaces.NewRepository(catalog)
	require.NoError(t, err)
	system, err := interfaces.SystemSnap(snap.TypeSnapd, true, catalog)
	require.NoError(t, err)
	_, err = repo.AddSnap(system)
	require.NoError(t, err)

	node, err := snap.ParseFile(filepath.Join(testutil.ModuleRoot(t), "examples", "kube-node", "snap.yaml"), snap.Options{})
	require.NoError(t, err)
	rejected, err := repo.AddSnap(node)
	require.NoError(t, err)
	var rejectedNames []string
	for _, r := range rejected {
		assert.Equal(t, "unknown interface", r.Reason, r.Name)
		rejectedNames = append(rejectedNames, r.Name)
	}
	assert.Equal(t, []string{
		"firewall-control", "hardware-observe", "k8s-autobind", "k8s-kubelet", "k8s-kubeproxy",
		"kernel-module-observe", "log-observe", "mount-observe", "network-control", "network-observe",
		"opengl", "process-control", "system-observe",
	}, rejectedNames)

	for _, plug := range repo.Snap("kube-node").SortedPlugs() {
		ref, err := repo.ResolveConnect("kube-node", plug.Name, "", "")
		require.NoError(t, err)
		_, err = repo.Connect(ref, nil, nil)
		require.NoError(t, err)
	}
	refs, err := repo.Connections("kube-node")
	require.NoError(t, err)
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.ID())
	}
	assert.Equal(t, []string{
		"kube-node:home-all snapd:home",
		"kube-node:network snapd:network",
		"kube-node:network-bind snapd:network-bind",
	}, ids)

	spec := &ifacetest.RecordingSpec{}
	require.NoError(t, repo.SnapSpecification("kube-node", spec))
	assert.Equal(t, []string{
		"permanent-plug home [snap.kube-node.kubectl] home-all",
		"connected-plug home [snap.kube-node.kubectl] kube-node:home-all snapd:home",
		"permanent-plug network [snap.kube-node.hook.configure snap.kube-node.kubectl] network",
		"connected-plug network [snap.kube-node.hook.configure snap.kube-node.kubectl] kube-node:network snapd:network",
		"permanent-plug network-bind [snap.kube-node.containerd snap.kube-node.kube-proxy snap.kube-node.kubelet] network-bind",
		"connected-plug network-bind [snap.kube-node.containerd snap.kube-node.kube-proxy snap.kube-node.kubelet] kube-node:network-bind snapd:network-bind",
	}, spec.Calls)

	// The system's side sees the same connections, with no tags: the
	// system snap has no apps.
	spec = &ifacetest.RecordingSpec{}
	require.NoError(t, repo.SnapSpecification("snapd", spec))
	assert.Equal(t, []string{
		"permanent-slot home [] home",
		"connected-slot home [] kube-node:home-all snapd:home",
		"permanent-slot network [] network",
		"connected-slot network [] kube-node:network snapd:network",
		"permanent-slot network-bind [] network-bind",
		"connected-slot network-bind [] kube-node:network-bind snapd:network-bind",
	}, spec.Calls)
}
