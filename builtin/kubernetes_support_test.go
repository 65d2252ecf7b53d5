// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/pipeline"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
)

func TestKubernetesSupportFlavorCheck(t *testing.T) {
	repo, rejected := addSnap(t, `name: flavors
version: "1"
plugs:
  ok-none: kubernetes-support
  ok-kubelet:
    interface: kubernetes-support
    flavor: kubelet
  ok-kubeproxy:
    interface: kubernetes-support
    flavor: kubeproxy
  ok-autobind:
    interface: kubernetes-support
    flavor: autobind-unix
  bad-name:
    interface: kubernetes-support
    flavor: kubeadm
  bad-type:
    interface: kubernetes-support
    flavor: 1
  bad-empty:
    interface: kubernetes-support
    flavor: ""
  bad-list:
    interface: kubernetes-support
    flavor: [kubelet]
apps:
  a:
    command: a
`)
	const seedMessage = `kubernetes-support plug requires "flavor" to be either "kubelet", "kubeproxy" or "autobind-unix"`
	var names []string
	for _, r := range rejected {
		assert.Equal(t, seedMessage, r.Reason, r.Name)
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"bad-empty", "bad-list", "bad-name", "bad-type"}, names)
	for _, ok := range []string{"ok-none", "ok-kubelet", "ok-kubeproxy", "ok-autobind"} {
		assert.NotNil(t, repo.Plug("flavors", ok), ok)
	}
}

// TestKubernetesSupportDelegateIsPermanent: like snapd's service snippet,
// Delegate=true comes with the plug, connected or not, for every flavor
// but autobind-unix, and only for daemons.
func TestKubernetesSupportDelegateIsPermanent(t *testing.T) {
	info, err := snap.Parse([]byte(`name: kube-node
version: "1"
plugs:
  k8s-kubelet:
    interface: kubernetes-support
    flavor: kubelet
  k8s-journald:
    interface: kubernetes-support
    flavor: autobind-unix
apps:
  kubelet:
    command: k
    daemon: simple
    plugs: [k8s-kubelet]
  journald-client:
    command: j
    daemon: simple
    plugs: [k8s-journald]
  kubectl:
    command: c
    plugs: [k8s-kubelet]
`), snap.Options{})
	require.NoError(t, err)
	p, err := pipeline.New([]*snap.Info{info}, pipeline.Config{}) // nothing connected
	require.NoError(t, err)
	spec := systemd.NewSpecification(p.Repo.Snap("kube-node"))
	require.NoError(t, p.Repo.SnapSpecification("kube-node", spec))
	assert.Equal(t, []string{"Delegate=true"}, spec.ServiceSnippets("kubelet"))
	assert.Empty(t, spec.ServiceSnippets("journald-client"))
	assert.Empty(t, spec.ServiceSnippets("kubectl"))
}

func TestKubernetesSupportStaticInfo(t *testing.T) {
	iface, ok := builtin.ByName("kubernetes-support")
	require.True(t, ok)
	si := iface.StaticInfo()
	assert.Equal(t, "allows operating as the Kubernetes service", si.Summary)
	assert.True(t, si.ImplicitOnClassic)
	assert.True(t, si.ImplicitOnCore)
	assert.Equal(t, "\n  kubernetes-support:\n    allow-installation: false\n    deny-auto-connection: true\n", si.BaseDeclarationPlugs)
	assert.Equal(t, "\n  kubernetes-support:\n    allow-installation:\n      slot-snap-type:\n        - core\n    deny-auto-connection: true\n", si.BaseDeclarationSlots)
}
