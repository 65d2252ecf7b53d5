// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// kernel-module-observe: listing the loaded kernel modules and their
// parameters and configuration (lsmod, modinfo), without loading or
// removing any. Plugs connect only when allowed.
//
// Decision: like snapd, it neither grants nor denies sys_module: loading
// stays impossible because the default seccomp filter has no module
// system calls, and another interface may grant them.
func newKernelModuleObserve() interfaces.Interface {
	return &commonInterface{
		name:              "kernel-module-observe",
		summary:           "allows querying of kernel modules",
		docURL:            "https://snapcraft.io/docs/kernel-module-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  kernel-module-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: kernelModuleObserveAppArmor,
	}
}

const kernelModuleObserveAppArmor = `
# kmod (lsmod, modinfo) and the list of loaded modules; without sys_module
# and the module system calls, it cannot load or remove any.
/{,usr/}bin/kmod ixr,
@{PROC}/modules r,

# Reading the kernel log buffer when dmesg_restrict is set, which module
# verification needs. It also shows kernel addresses in /proc/kallsyms
# when kptr_restrict is 1.
capability syslog,

# The loaded modules' details in sysfs, and modprobe's configuration.
/sys/module/{,**} r,
/etc/modprobe.d/{,**} r,
/{,usr/}lib/modprobe.d/{,**} r,
`
