// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/snap"
)

func Example() {
	info, err := snap.Parse([]byte(`
name: kube-node
version: "1.33"
plugs:
  k8s-kubelet:
    interface: kubernetes-support
    flavor: kubelet
apps:
  kubelet:
    command: bin/kubelet
    daemon: simple
    plugs: [k8s-kubelet, network-bind]
`), snap.Options{InstanceKey: "blue"})
	if err != nil {
		fmt.Println(err)
		return
	}
	plug := info.Plugs["k8s-kubelet"]
	fmt.Println(plug.Interface, plug.Attrs["flavor"], plug.SecurityTags())
	fmt.Println(info.Apps["kubelet"].PlugNames())
	// Output:
	// kubernetes-support kubelet [snap.kube-node_blue.kubelet]
	// [k8s-kubelet network-bind]
}

func ExampleValidationError() {
	_, err := snap.Parse([]byte(`
name: kube-node
version: "1.33"
apps:
  kubelet:
    command: bin/kubelet
    daemon: sometimes
`), snap.Options{})
	fmt.Println(err)
	// Output:
	// invalid snap "kube-node": line 7: apps.kubelet.daemon: invalid daemon type "sometimes": must be one of simple, forking, oneshot, notify, dbus
}
