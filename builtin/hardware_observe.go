// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// hardware-observe: reading what hardware the system has (lspci, lsusb,
// lscpu, lshw, sensors, virtualisation detection). Some of it is
// sensitive, so plugs connect only when allowed.
//
// Decision: snapd grants sys_admin here because lspci asks for it; that
// capability is far wider than observing, but it is what snapd grants, so
// it is kept.
func newHardwareObserve() interfaces.Interface {
	return &commonInterface{
		name:              "hardware-observe",
		summary:           "allows reading information about system hardware",
		docURL:            "https://snapcraft.io/docs/hardware-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  hardware-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: hardwareObserveAppArmor,
		connectedPlugSecComp:  hardwareObserveSecComp,
	}
}

const hardwareObserveAppArmor = `
# Raw I/O, which lscpu and lspci's direct configuration access use.
capability sys_rawio,

# Loaded kernel modules and their configuration, which lspci shows with
# the devices; lspci also asks for sys_admin.
@{PROC}/modules r,
capability sys_admin,
/etc/modprobe.d/{,*} r,
/{,usr/}lib/modprobe.d/{,*} r,

# Input devices.
/proc/bus/input/devices r,

# Hardware in sysfs, and PCI devices in /proc.
/sys/{block,bus,class,devices,firmware}/{,**} r,
@{PROC}/bus/pci/{,**} r,

# Power supplies and power management.
/sys/power/{,**} r,
/run/udev/data/+power_supply:* r,

# Interrupt counts.
@{PROC}/interrupts r,

# libsensors' configuration.
/etc/sensors3.conf r,
/etc/sensors.d/{,*} r,

# udev's device database and its uevents, for udevadm info.
/run/udev/data/** r,
network netlink raw,

# util-linux's lsblk, lscpu and lsmem.
/{,usr/}bin/lsblk ixr,
/{,usr/}bin/lscpu ixr,
/{,usr/}bin/lsmem ixr,

# lsusb, its ID database and the USB device nodes it lists (a snap on Ubuntu
# Core must ship lsusb and the database itself).
/{,usr/}bin/lsusb ixr,
/var/lib/usbutils/usb.ids r,
/dev/ r,
/dev/bus/usb/{,**/} r,
/etc/udev/udev.conf r,

# lshw and hwinfo: devices, buses, I/O ports and DMA channels, the device
# tree, the tty drivers (serial ports among them) and optical drives.
@{PROC}/devices r,
@{PROC}/ide/{,**} r,
@{PROC}/scsi/{,**} r,
@{PROC}/device-tree/{,**} r,
/sys/kernel/debug/usb/devices r,
@{PROC}/sys/abi/{,*} r,
@{PROC}/ioports r,
@{PROC}/dma r,
@{PROC}/tty/driver/{,*} r,
@{PROC}/sys/dev/cdrom/info r,

# The state of kernel samepage merging, huge pages and transparent huge
# pages (not the pages).
/sys/kernel/mm/{ksm,hugepages,transparent_hugepage}/{,**} r,

# systemd-detect-virt and what it reads to recognise virtual machines
# (CPU flags, z/VM, Xen, hypervisor type, pid 1's scheduling line) and
# containers.
/{,usr/}bin/systemd-detect-virt ixr,
@{PROC}/cpuinfo r,
@{PROC}/sysinfo r,
@{PROC}/xen/capabilities r,
/sys/hypervisor/properties/features r,
/sys/hypervisor/type r,
/run/systemd/container r,
@{PROC}/1/sched r,
`

const hardwareObserveSecComp = `
# lspci's direct access to the PCI configuration ports.
iopl
# Asking the kernel which extensions a RISC-V CPU has, as lscpu does (on
# other architectures, no such system call exists).
riscv_hwprobe
# Generic netlink (multicast statistics) and the kernel's uevents, on
# bound sockets.
socket AF_NETLINK - NETLINK_GENERIC
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
bind
`
