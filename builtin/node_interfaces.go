// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// nodeConstructors are the interfaces a confined Kubernetes node plugs
// besides kubernetes-support and the network: observing and controlling
// the network, the firewall, mounts, the system, hardware, kernel modules,
// logs and processes, running containers (docker-support) and using the
// GPU (opengl).
var nodeConstructors = []func() interfaces.Interface{
	newDockerSupport,
	newFirewallControl,
	newHardwareObserve,
	newKernelModuleObserve,
	newLogObserve,
	newMountObserve,
	newNetworkControl,
	newNetworkObserve,
	newOpenGL,
	newProcessControl,
	newSystemObserve,
}
