// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// multipass-support: running the Multipass daemon, which starts virtual
// machines (qemu), converts images (qemu-img), serves DHCP (dnsmasq) and
// shares files (sshfs_server). Rather than one profile for all of those,
// the daemon loads an AppArmor profile for each helper and starts it
// under it; the daemon itself runs under these rules. The snap may only be
// installed with a store's permission, and plugs connect only when
// allowed.
func newMultipassSupport() interfaces.Interface {
	return &commonInterface{
		name:              "multipass-support",
		summary:           "allows operating as the Multipass service",
		docURL:            "https://snapcraft.io/docs/multipass-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  multipass-support:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  multipass-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: multipassSupportAppArmor,
		connectedPlugSecComp:  multipassSupportSecComp,
	}
}

const multipassSupportAppArmor = `
# Loading the helpers' profiles, on purpose.
/{,usr/}sbin/apparmor_parser ixr,
/etc/apparmor{,.d}/{,**} r,
/sys/kernel/security/apparmor/{,**} r,
/sys/kernel/security/apparmor/.remove w,
/sys/kernel/security/apparmor/.replace w,

# Starting the helpers under those profiles.
capability mac_admin,

# The daemon, run as root, hands its socket to the sudo group.
capability chown,

# Helpers run as other users,
capability setuid,
capability setgid,

# and may be stopped after they dropped root (dnsmasq).
capability kill,

# Only to the profiles of Multipass's naming scheme, with the environment
# kept (unsafe) for the helpers, which the daemon signals and watches.
change_profile unsafe /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/usr/bin/* -> multipass.*,
signal (send) peer=multipass.*,
ptrace (read, trace) peer=multipass.*,
`

// multipassSupportSecComp: the union of what the helpers call (their own
// profiles narrow each down).
const multipassSupportSecComp = `
# dnsmasq drops its supplementary groups.
setgroups 0 -
setgroups32 0 -

# sshfs_server sets the owners of the files it shares to what the machine
# asks for (its profile limits it to the shared directory).
chown
chown32
fchown
fchown32
fchownat
lchown
lchownat
`
