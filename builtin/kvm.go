// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/kmod"
)

// kvm: the /dev/kvm device, that is running virtual machines with the
// kernel's hypervisor. Only the system offers the slot, and plugs connect
// only when allowed.
//
// The kernel module to load depends on the processor, as snapd decides it
// from /proc/cpuinfo: kvm_intel for Intel's VT-x (flag vmx), kvm_amd for
// AMD-V (flag svm), and the generic kvm module when neither is there. The
// flags come from Host (see ForHost), never from the machine rendering.
type kvm struct {
	commonInterface
	host Host
}

var _ kmod.ConnectedPlugDefiner = (*kvm)(nil)

func newKVM() interfaces.Interface {
	return &kvm{commonInterface: commonInterface{
		name:              "kvm",
		summary:           "allows access to the kvm device",
		docURL:            "https://snapcraft.io/docs/kvm-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  kvm:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: kvmAppArmor,
		connectedPlugUDev:     []string{`KERNEL=="kvm"`},
	}}
}

// forHost gives the interface the host's processor flags.
func (k *kvm) forHost(h Host) interfaces.Interface {
	c := *k
	c.host = Host{CPUFlags: append([]string(nil), h.CPUFlags...)}
	return &c
}

// kvmModule is the kernel module the host's processor needs.
func (k *kvm) kvmModule() string {
	switch {
	case k.host.HasCPUFlag("vmx"):
		return "kvm_intel"
	case k.host.HasCPUFlag("svm"):
		return "kvm_amd"
	default:
		return "kvm"
	}
}

// KModConnectedPlug asks for the hypervisor module of the host's
// processor.
func (k *kvm) KModConnectedPlug(spec *kmod.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return spec.AddModule(k.kvmModule())
}

const kvmAppArmor = `
# The hypervisor's device.
/dev/kvm rw,

# Whether nested virtualization is on, per hypervisor module: Intel, AMD,
# POWER and s390.
/sys/module/kvm_intel/parameters/nested r,
/sys/module/kvm_amd/parameters/nested r,
/sys/module/kvm_hv/parameters/nested r, # PPC64.
/sys/module/kvm/parameters/nested r, # S390.

# Whether AMD's secure encrypted virtualization is on.
/sys/module/kvm_amd/parameters/sev r,
`
