// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// kernel-module-control: loading, removing and listing kernel modules.
// Loading a module is running code in the kernel, so snaps may plug it
// only when allowed, and plugs connect only when allowed.
//
// Decision: like snapd, it still grants reading /dev/mem (snapd keeps it
// for compatibility although physical-memory-observe now grants it).
func newKernelModuleControl() interfaces.Interface {
	return &commonInterface{
		name:              "kernel-module-control",
		summary:           "allows insertion, removal and querying of kernel modules",
		docURL:            "https://snapcraft.io/docs/kernel-module-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  kernel-module-control:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  kernel-module-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: kernelModuleControlAppArmor,
		connectedPlugSecComp:  kernelModuleControlSecComp,
		connectedPlugUDev:     []string{`KERNEL=="mem"`},
	}
}

const kernelModuleControlAppArmor = `
# Loading and removing modules, with kmod (modprobe, insmod, rmmod,
# lsmod), and the list of loaded ones.
capability sys_module,
@{PROC}/modules r,
/{,usr/}bin/kmod ixr,

# Physical memory, read only (kept for snaps that relied on it here).
/dev/mem r,

# Reading the kernel log buffer when dmesg_restrict is set, which module
# verification needs. It also shows kernel addresses in /proc/kallsyms
# when kptr_restrict is 1.
capability syslog,

# The loaded modules' details in sysfs, and modprobe's configuration.
/sys/module/{,**} r,
/etc/modprobe.d/{,**} r,
/{,usr/}lib/modprobe.d/{,**} r,
`

const kernelModuleControlSecComp = `
# The module system calls.
init_module
finit_module
delete_module
`
