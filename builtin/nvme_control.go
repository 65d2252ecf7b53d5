// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// nvme-control: managing NVMe controllers and namespaces (listing them,
// creating, deleting, attaching and detaching namespaces, health and
// telemetry, NVMe over fabrics) through sysfs, the fabrics device and the
// controller and namespace devices. The snap may only be installed with
// a store's permission, and plugs connect only when allowed.
func newNVMeControl() interfaces.Interface {
	return &commonInterface{
		name:              "nvme-control",
		summary:           "allows managing NVMe devices and namespaces",
		docURL:            "https://snapcraft.io/docs/nvme-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  nvme-control:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  nvme-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: nvmeControlAppArmor,
		connectedPlugUDev:     []string{`SUBSYSTEM=="nvme"`, `KERNEL=="nvme-fabrics"`},
		// The PCIe driver and the NVMe over TCP transport.
		connectedPlugKModModules: []string{"nvme", "nvme-tcp"},
	}
}

const nvmeControlAppArmor = `
# nvme-cli's configuration: discovery controllers and the host's identity.
/etc/nvme/discovery.conf r,
/etc/nvme/hostid r,
/etc/nvme/hostnqn r,

# Controllers and subsystems in sysfs, and connecting over fabrics.
/sys/class/nvme/** r,
/sys/devices/virtual/nvme-fabrics/** rw,
/sys/devices/virtual/nvme-subsystem/** rw,
/sys/module/nvme_core/parameters/* r,
/sys/bus/pci/slots/ r,
/sys/firmware/acpi/tables/ r,

# The fabrics control device.
/dev/nvme-fabrics rw,

# Controllers and their namespaces.
/dev/nvme[0-9]* rwk,
/dev/nvme[0-9]*n[0-9]* rwk,
`
