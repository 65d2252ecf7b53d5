// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"fmt"
	"os"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Example takes a snap from snap.yaml to AppArmor profiles on disk, as the
// README shows.
func Example() {
	info, err := snap.Parse([]byte(`
name: kube-node
version: "1.33"
apps:
  kubectl:
    command: bin/kubectl
    plugs: [network, mystery]
`), snap.Options{Revision: snap.R(1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	repo, _ := interfaces.NewRepository(builtin.Interfaces())
	system, _ := interfaces.SystemSnap(snap.TypeSnapd, true /* classic */, builtin.Interfaces())
	repo.AddSnap(system)
	rejected, _ := repo.AddSnap(info) // plugs of unknown interfaces are left out, and listed
	ref, _ := repo.ResolveConnect("kube-node", "network", "", "")
	repo.Connect(ref, nil, nil)

	backend := &apparmor.Backend{Options: apparmor.DefaultOptions()}
	files, _ := interfaces.Render(backend, repo, "kube-node", interfaces.ConfinementFor(info, false))
	root, _ := os.MkdirTemp("", "example-")
	defer os.RemoveAll(root)
	changes, err := interfaces.Ensure(root, backend, repo, "kube-node", interfaces.EnsureOptions{})

	fmt.Println(rejected)
	fmt.Println(ref.ID())
	fmt.Println(len(files), changes.Changed, err)
	// Output:
	// [plug "mystery" (interface "mystery"): unknown interface]
	// kube-node:network snapd:network
	// 2 [var/lib/snapd/apparmor/profiles/snap-update-ns.kube-node var/lib/snapd/apparmor/profiles/snap.kube-node.kubectl] <nil>
}
