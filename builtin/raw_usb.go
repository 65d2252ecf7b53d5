// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// raw-usb: raw access to every USB device (libusb), USB serial adapters
// and modems, and USB printers. It is privileged access to whatever is
// plugged in, so plugs connect only when allowed.
func newRawUSB() interfaces.Interface {
	return &commonInterface{
		name:              "raw-usb",
		summary:           "allows raw access to all USB devices",
		docURL:            "https://snapcraft.io/docs/raw-usb-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  raw-usb:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: rawUSBAppArmor,
		connectedPlugSecComp:  rawUSBSecComp,
		connectedPlugUDev: []string{
			`SUBSYSTEM=="usb"`,
			`SUBSYSTEM=="usbmisc"`,
			`SUBSYSTEM=="tty", ENV{ID_BUS}=="usb"`,
		},
	}
}

const rawUSBAppArmor = `
# The USB device nodes libusb opens.
/dev/bus/usb/[0-9][0-9][0-9]/[0-9][0-9][0-9] rw,

# USB serial adapters and modems, and the tty drivers' list.
/dev/tty{USB,ACM}[0-9]* rwk,
@{PROC}/tty/drivers r,

# USB printers (receipt printers and the like).
/dev/usb/lp[0-9]* rwk,

# Finding the devices: the USB bus and the host controllers of PCI, SoC
# (dwc3 SuperSpeed included) and Raspberry Pi (scb, axi) systems. It tells
# what is plugged in.
/sys/bus/usb/devices/ r,
/sys/devices/pci**/usb[0-9]** r,
/sys/devices/platform/soc**/*.usb**/usb[0-9]** r,
/sys/devices/platform/soc**/*.ssusb**/usb[0-9]** r,
/sys/devices/platform/scb/*.pcie/pci**/usb[0-9]** r,
/sys/devices/platform/axi/*.pcie/*.usb/xhci-hcd.[0-9]*/usb[0-9]** r,
/sys/devices/platform/axi/*.usb/usb[0-9]** r,

# udev's data on ACM modems, USB block devices, USB serial and other
# character devices, and USB devices.
/run/udev/data/c16[67]:[0-9] r,
/run/udev/data/b180:*    r,
/run/udev/data/c18[089]:* r,
/run/udev/data/+usb:* r,
`

const rawUSBSecComp = `
# Hotplug events from the kernel.
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
`
