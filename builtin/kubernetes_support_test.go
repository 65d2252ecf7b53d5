// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
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
	res, err := plugpolicy.Compile([]*snap.Info{info}, noPolicy()) // nothing connected
	require.NoError(t, err)
	spec := systemd.NewSpecification(res.Repo.Snap("kube-node"))
	require.NoError(t, res.Repo.SnapSpecification("kube-node", spec))
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

// TestKubernetesSupportUnknownDynamicFlavor: a flavor no table has can
// only come as a dynamic attribute, which the plug's sanitizing never
// saw. The seed gives it every AppArmor rule but only the autobind-unix
// system calls, no /dev/kmsg and no kernel modules; nothing more.
func TestKubernetesSupportUnknownDynamicFlavor(t *testing.T) {
	info, err := snap.Parse([]byte(`name: kube-node
version: "1"
plugs:
  k8s: kubernetes-support
apps:
  kubelet:
    command: k
    daemon: simple
    plugs: [k8s]
`), snap.Options{})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, noPolicy())
	require.NoError(t, err)
	iface, ok := builtin.ByName("kubernetes-support")
	require.True(t, ok)
	cplug, err := interfaces.NewConnectedPlug(res.Repo.Plug("kube-node", "k8s"), map[string]interface{}{"flavor": "kubeadm"})
	require.NoError(t, err)
	cslot, err := interfaces.NewConnectedSlot(res.Repo.Slot("snapd", "kubernetes-support"), nil)
	require.NoError(t, err)
	tag := "snap.kube-node.kubelet"
	tags := []string{tag}

	aa := apparmor.NewSpecification(info, interfaces.ConfinementOptions{}, apparmor.DefaultOptions())
	require.NoError(t, aa.AddConnectedPlug(iface, tags, cplug, cslot))
	all := apparmor.NewSpecification(info, interfaces.ConfinementOptions{}, apparmor.DefaultOptions())
	none, err := interfaces.NewConnectedPlug(res.Repo.Plug("kube-node", "k8s"), nil)
	require.NoError(t, err)
	require.NoError(t, all.AddConnectedPlug(iface, tags, none, cslot))
	assert.Equal(t, apparmor.RenderRules(all, tag), apparmor.RenderRules(aa, tag), "AppArmor: as without a flavor")

	sc := seccomp.NewSpecification(info, interfaces.ConfinementOptions{})
	require.NoError(t, sc.AddConnectedPlug(iface, tags, cplug, cslot))
	autobind, err := interfaces.NewConnectedPlug(res.Repo.Plug("kube-node", "k8s"), map[string]interface{}{"flavor": "autobind-unix"})
	require.NoError(t, err)
	want := seccomp.NewSpecification(info, interfaces.ConfinementOptions{})
	require.NoError(t, want.AddConnectedPlug(iface, tags, autobind, cslot))
	assert.Equal(t, seccomp.RenderRules(want, tag), seccomp.RenderRules(sc, tag), "seccomp: autobind-unix's calls only")

	ud := udev.NewSpecification(info, "/usr/lib/snapd")
	require.NoError(t, ud.AddConnectedPlug(iface, tags, cplug, cslot))
	assert.Empty(t, ud.Rules(), "udev")
	km := kmod.NewSpecification(info)
	require.NoError(t, km.AddConnectedPlug(iface, tags, cplug, cslot))
	assert.Empty(t, km.Modules(), "kmod")
}

// The flavors kubernetes-support describes are exactly the ones its
// sanitizer accepts.
func TestKubernetesSupportPlugAttrs(t *testing.T) {
	iface, ok := builtin.ByName("kubernetes-support")
	require.True(t, ok)
	attrs := iface.(builtin.PlugAttrDescriber).PlugAttrs()
	require.Len(t, attrs, 1)
	assert.Equal(t, builtin.PlugAttr{Name: "flavor", Values: []string{"kubelet", "kubeproxy", "autobind-unix"}, Optional: true}, attrs[0])
	san := iface.(interfaces.PlugSanitizer)
	for _, v := range attrs[0].Values {
		assert.NoError(t, san.BeforePreparePlug(&snap.PlugInfo{Name: "k", Interface: "kubernetes-support", Attrs: map[string]interface{}{"flavor": v}}), v)
	}
	assert.Error(t, san.BeforePreparePlug(&snap.PlugInfo{Name: "k", Interface: "kubernetes-support", Attrs: map[string]interface{}{"flavor": "kubectl"}}))
}
