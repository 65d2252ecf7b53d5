// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy_test

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/snap"
)

// A caller that builds its own repository asks policy before adding a
// snap, and lets it auto-connect the snap's plugs.
func Example() {
	catalog := builtin.Interfaces()
	base, err := policy.BaseDeclaration(catalog)
	if err != nil {
		panic(err)
	}
	node, err := snap.Parse([]byte(`name: kube-node
version: "1"
plugs:
  kubelet: {interface: kubernetes-support, flavor: kubelet}
apps:
  kubelet: {command: bin/kubelet, daemon: simple, plugs: [kubelet, network]}
`), snap.Options{})
	if err != nil {
		panic(err)
	}

	p, _ := policy.New(base, policy.Device{Classic: true})
	fmt.Println(p.CheckInstallation(node))

	grant, err := policy.ParseSnapDeclaration("grant", []byte(`snap-name: kube-node
plugs:
  kubernetes-support:
    allow-installation: true
`))
	if err != nil {
		panic(err)
	}
	p, _ = policy.New(base, policy.Device{Classic: true}, grant)
	fmt.Println(p.CheckInstallation(node))

	repo, _ := interfaces.NewRepository(catalog)
	system, _ := interfaces.SystemSnap(snap.TypeSnapd, true, catalog)
	_, _ = repo.AddSnap(system)
	_, _ = repo.AddSnap(node)
	res, err := p.AutoConnect(repo, []string{"kube-node"})
	if err != nil {
		panic(err)
	}
	for _, c := range res.Connected {
		fmt.Println("connected", c.ID())
	}
	// Output:
	// installation denied by "kubelet" plug rule of interface "kubernetes-support" (allow-installation: false)
	// <nil>
	// connected kube-node:kubelet snapd:kubernetes-support
	// connected kube-node:network snapd:network
}
