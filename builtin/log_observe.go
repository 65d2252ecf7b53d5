// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// log-observe: reading the system's logs (files under /var/log and the
// journal) and setting the kernel's log rate limit. Logs hold other
// programs' secrets, so plugs connect only when allowed.
//
// Decision: journalctl asks for sys_resource, which snapd does not grant
// (it is far more than observing) and does not silence either; the same
// here.
func newLogObserve() interfaces.Interface {
	return &commonInterface{
		name:              "log-observe",
		summary:           "allows read access to system logs",
		docURL:            "https://snapcraft.io/docs/log-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  log-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: logObserveAppArmor,
		// dmesg reads /dev/kmsg.
		connectedPlugUDev: []string{`KERNEL=="kmsg"`},
	}
}

const logObserveAppArmor = `
# The log files.
/var/log/ r,
/var/log/** r,

# The kernel's log buffer, as dmesg reads it.
/dev/kmsg r,

# The volatile journal, the message catalog, and journalctl: the base's, or
# the host's (with its libraries) for journals newer than the base reads.
/run/log/journal/ r,
/run/log/journal/** r,
/var/lib/systemd/catalog/database r,
/{,usr/}bin/journalctl ixr,
/var/lib/snapd/hostfs/bin/journalctl ixr,
/var/lib/snapd/hostfs/lib/systemd/*.so* mr,

# Setting the kernel's log rate limit (sysctl -w kernel.printk_ratelimit).
/{,usr/}sbin/sysctl ixr,
@{PROC}/sys/kernel/printk_ratelimit rw,

# Turning the system call numbers of seccomp denials into names.
/usr/bin/scmp_sys_resolver ixr,

# AppArmor's audit mode (normal, quiet_denied, quiet, noquiet or all):
# AppArmor cannot tell what is written, so any mode can be set.
/sys/module/apparmor/parameters/audit rw,

# Log files belong to other users and groups; root reads them by passing
# over their permissions.
capability dac_override,

# journalctl's file handles make AppArmor log a denial of dac_read_search
# otherwise (LP: #2098780). It also enables open_by_handle_at, which could
# escape the sandbox, but the seccomp filter denies that system call.
capability dac_read_search,
`
