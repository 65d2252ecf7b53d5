// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"sort"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// constructors lists every builtin interface. Each call makes a new value,
// so that no two catalogs share state.
var constructors = []func() interfaces.Interface{
	newAccountControl,
	newBlockDevices,
	newCifsMount,
	newContent,
	newDesktop,
	newDesktopLegacy,
	newDMCrypt,
	newDMMultipath,
	newDocker,
	newDockerSupport,
	newFirewallControl,
	newFuseSupport,
	newGsettings,
	newHardwareObserve,
	newHome,
	newHugepagesControl,
	newISCSIInitiator,
	newKernelCryptoAPI,
	newKernelModuleControl,
	newKernelModuleLoad,
	newKernelModuleObserve,
	newKubernetesSupport,
	newKVM,
	newLibvirt,
	newLoginSessionObserve,
	newLogObserve,
	newLXD,
	newLXDSupport,
	newMicroCeph,
	newMicrocephSupport,
	newMicrostackSupport,
	newMountObserve,
	newMultipassSupport,
	newNetlinkAudit,
	newNetlinkConnector,
	newNetwork,
	newNetworkBind,
	newNetworkControl,
	newNetworkManager,
	newNetworkObserve,
	newNetworkSetupControl,
	newNVMeControl,
	newOpenGL,
	newOpenvswitchSupport,
	newPersonalFiles,
	newProcessControl,
	newRawUSB,
	newRemovableMedia,
	newSystemFiles,
	newSystemObserve,
	newSystemTrace,
	newUnity7,
	newWayland,
	newX11,
}

// Interfaces returns a new catalog of every builtin interface, sorted by
// name.
func Interfaces() []interfaces.Interface {
	out := make([]interfaces.Interface, len(constructors))
	for i, c := range constructors {
		out[i] = c()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// ByName returns a new value of the builtin interface of that name.
func ByName(name string) (interfaces.Interface, bool) {
	for _, c := range constructors {
		if iface := c(); iface.Name() == name {
			return iface, true
		}
	}
	return nil, false
}
