// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy_test

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v2"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/snap"
)

// outcome is one interface's expected policy, as snapd's own tests of its
// base declaration state it (testdata/snapd-outcomes.yaml says where
// each value comes from).
type outcome struct {
	PlugInstallation   string   `yaml:"plug-installation"`
	SlotInstallation   []string `yaml:"slot-installation"`
	AutoConnectClassic *bool    `yaml:"auto-connect-classic"`
	AutoConnectCore    *bool    `yaml:"auto-connect-core"`
}

// plugAttrs are attributes some interfaces' sanitizers require.
var plugAttrs = map[string]string{
	"content":            "{interface: content, content: c, target: $SNAP/c}",
	"personal-files":     "{interface: personal-files, read: [$HOME/.config/x]}",
	"system-files":       "{interface: system-files, read: [/etc/x]}",
	"kernel-module-load": "{interface: kernel-module-load, modules: [{name: mymod, load: on-boot}]}",
}

// difference is an entry of testdata/policy-differences.yaml.
type difference struct {
	Interfaces []string `yaml:"interfaces"`
	Check      string   `yaml:"check"`
	Ours       string   `yaml:"ours"`
	Why        string   `yaml:"why"`
	Reason     string   `yaml:"reason"`
}

func readDifferences(t *testing.T) map[string]string {
	data, err := os.ReadFile("testdata/policy-differences.yaml")
	require.NoError(t, err)
	var list []difference
	require.NoError(t, yaml.UnmarshalStrict(data, &list))
	out := map[string]string{}
	for _, d := range list {
		require.Contains(t, []string{"choice", "seed", "snapd-bug"}, d.Why)
		require.NotEmpty(t, d.Reason)
		for _, name := range d.Interfaces {
			out[name+" "+d.Check] = d.Ours
		}
	}
	return out
}

func plugSnap(t *testing.T, iface string) *snap.Info {
	t.Helper()
	plug, ok := plugAttrs[iface]
	if !ok {
		plug = fmt.Sprintf("{interface: %s}", iface)
	}
	info, err := snap.Parse([]byte(fmt.Sprintf("name: consumer\nversion: 1\nplugs:\n  p: %s\napps: {app: {command: bin/app, plugs: [p]}}\n", plug)), snap.Options{})
	require.NoError(t, err)
	return info
}

func TestCatalogAgainstSnapd(t *testing.T) {
	data, err := os.ReadFile("testdata/snapd-outcomes.yaml")
	require.NoError(t, err)
	var doc struct {
		Interfaces map[string]outcome `yaml:"interfaces"`
	}
	require.NoError(t, yaml.Unmarshal(data, &doc))
	catalog := builtin.Interfaces()
	base, err := policy.BaseDeclaration(catalog)
	require.NoError(t, err)
	var names []string
	for _, iface := range catalog {
		names = append(names, iface.Name())
	}
	var want []string
	for name := range doc.Interfaces {
		want = append(want, name)
	}
	sort.Strings(want)
	assert.Equal(t, names, want, "every catalog interface has an expected outcome")

	diffs := readDifferences(t)
	defer func() { assert.Empty(t, diffs, "listed differences that no longer occur") }()
	for _, name := range names {
		exp := doc.Interfaces[name]
		t.Run(name, func(t *testing.T) {
			for _, classic := range []bool{true, false} {
				p, err := policy.New(base, policy.Device{Classic: classic})
				require.NoError(t, err)
				repo, err := interfaces.NewRepository(builtin.Interfaces())
				require.NoError(t, err)
				sys, err := interfaces.SystemSnap(snap.TypeSnapd, classic, builtin.Interfaces())
				require.NoError(t, err)
				_, err = repo.AddSnap(sys)
				require.NoError(t, err)
				consumer := plugSnap(t, name)
				rejected, err := repo.AddSnap(consumer)
				require.NoError(t, err)
				require.Empty(t, rejected)

				if classic && exp.PlugInstallation != "" {
					err := p.CheckInstallation(consumer)
					want := exp.PlugInstallation
					if ours, ok := diffs[name+" plug-installation"]; ok {
						delete(diffs, name+" plug-installation")
						require.NotEqual(t, want, ours, "listed difference is none")
						want = ours
					}
					assert.Equal(t, want == "allow", err == nil, "plug installation: %v", err)
				}
				wantAuto := exp.AutoConnectClassic
				if !classic {
					wantAuto = exp.AutoConnectCore
				}
				slot := repo.Slot(sys.InstanceName(), name)
				if wantAuto == nil || slot == nil {
					continue
				}
				cplug, err := interfaces.NewConnectedPlug(repo.Plug("consumer", "p"), nil)
				require.NoError(t, err)
				cslot, err := interfaces.NewConnectedSlot(slot, nil)
				require.NoError(t, err)
				_, err = p.CheckAutoConnection(cplug, cslot)
				assert.Equal(t, *wantAuto, err == nil, "auto-connection on classic=%v: %v", classic, err)
			}
			if exp.SlotInstallation != nil {
				checkSlotInstallation(t, base, name, exp.SlotInstallation)
			}
		})
	}
}

func checkSlotInstallation(t *testing.T, base *policy.Declaration, name string, types []string) {
	p, err := policy.New(base, policy.Device{Classic: true})
	require.NoError(t, err)
	for _, typ := range []string{"app", "gadget", "kernel", "core"} {
		snapType := typ
		if typ == "core" {
			snapType = "os"
		}
		info, err := snap.Parse([]byte(fmt.Sprintf("name: provider\nversion: 1\ntype: %s\nslots:\n  s: {interface: %s}\n", snapType, name)), snap.Options{})
		require.NoError(t, err)
		allowed := false
		for _, want := range types {
			allowed = allowed || want == typ
		}
		err = p.CheckInstallation(info)
		assert.Equal(t, allowed, err == nil, "slot installation on a snap of type %s: %v", typ, err)
	}
}

// The seed's kubernetes-support: the plug needs a grant, the slot is the
// system's alone, nothing connects by itself; a grant makes the plug
// installable and, as in snapd, its defaults let it auto-connect.
func TestKubernetesSupportSeed(t *testing.T) {
	catalog := builtin.Interfaces()
	base, err := policy.BaseDeclaration(catalog)
	require.NoError(t, err)
	node, err := snap.Parse([]byte("name: kube-node\nversion: 1\nplugs:\n  kubelet: {interface: kubernetes-support, flavor: kubelet}\napps: {kubelet: {command: bin/kubelet, daemon: simple, plugs: [kubelet]}}\n"), snap.Options{})
	require.NoError(t, err)
	p, err := policy.New(base, policy.Device{Classic: true})
	require.NoError(t, err)
	assert.EqualError(t, p.CheckInstallation(node),
		`installation denied by "kubelet" plug rule of interface "kubernetes-support" (allow-installation: false)`)

	provider, err := snap.Parse([]byte("name: provider\nversion: 1\nslots:\n  k: {interface: kubernetes-support}\n"), snap.Options{})
	require.NoError(t, err)
	assert.ErrorContains(t, p.CheckInstallation(provider), `installation denied by "k" slot rule of interface "kubernetes-support" (allow-installation: slot-snap-type: "app" is not core)`)

	repo, err := interfaces.NewRepository(catalog)
	require.NoError(t, err)
	for _, classic := range []bool{true, false} {
		sys, err := interfaces.SystemSnap(snap.TypeSnapd, classic, catalog)
		require.NoError(t, err)
		assert.NoError(t, p.CheckInstallation(sys), "the system's slot is installable")
	}
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, catalog)
	require.NoError(t, err)
	_, err = repo.AddSnap(sys)
	require.NoError(t, err)
	_, err = repo.AddSnap(node)
	require.NoError(t, err)
	res, err := p.AutoConnect(repo, []string{"kube-node"})
	require.NoError(t, err)
	assert.Empty(t, res.Connected)
	require.Len(t, res.Unconnected, 1)
	assert.Equal(t, `auto-connection denied by "kubelet" plug rule of interface "kubernetes-support" (deny-auto-connection: matched)`, res.Unconnected[0].Reason)

	grant, err := policy.ParseSnapDeclaration("grant", []byte("snap-name: kube-node\nplugs:\n  kubernetes-support:\n    allow-installation: true\n"))
	require.NoError(t, err)
	p, err = policy.New(base, policy.Device{Classic: true}, grant)
	require.NoError(t, err)
	assert.NoError(t, p.CheckInstallation(node))
	res, err = p.AutoConnect(repo, []string{"kube-node"})
	require.NoError(t, err)
	require.Len(t, res.Connected, 1)
	assert.Equal(t, "kube-node:kubelet snapd:kubernetes-support", res.Connected[0].ID())
}

// TestFragmentsAgainstSnapd compares every catalog interface's fragments
// with snapd's text (testdata/snapd-base-declaration.yaml), for the sides
// of which that file holds snapd's text.
func TestFragmentsAgainstSnapd(t *testing.T) {
	data, err := os.ReadFile("testdata/snapd-base-declaration.yaml")
	require.NoError(t, err)
	var doc struct {
		Interfaces map[string]struct {
			Source map[string]string `yaml:"source"`
			Plugs  *string           `yaml:"plugs"`
			Slots  *string           `yaml:"slots"`
		} `yaml:"interfaces"`
	}
	require.NoError(t, yaml.UnmarshalStrict(data, &doc))
	parse := func(text string) interface{} {
		var v interface{}
		require.NoError(t, yaml.Unmarshal([]byte(text), &v))
		return v
	}
	compared := 0
	for _, iface := range builtin.Interfaces() {
		ref, ok := doc.Interfaces[iface.Name()]
		if !assert.True(t, ok, "%s has no snapd source recorded", iface.Name()) {
			continue
		}
		info := iface.StaticInfo()
		for _, side := range []struct {
			name  string
			ours  string
			snapd *string
		}{{"plugs", info.BaseDeclarationPlugs, ref.Plugs}, {"slots", info.BaseDeclarationSlots, ref.Slots}} {
			if side.snapd == nil {
				continue
			}
			compared++
			assert.Equal(t, parse(*side.snapd), parse(side.ours), "%s %s fragment differs from snapd's (%v)", iface.Name(), side.name, ref.Source)
		}
	}
	t.Logf("%d fragments compared with snapd's text", compared)
	assert.GreaterOrEqual(t, compared, 36)
}
