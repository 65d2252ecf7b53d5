// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// dm-multipath: managing device-mapper multipath maps through multipathd
// (listing, creating, reloading and removing them), for storage
// software. It grants no raw block devices beyond the mapped ones. Snaps
// may plug it only when allowed, and plugs connect only when allowed.
func newDMMultipath() interfaces.Interface {
	return &commonInterface{
		name:              "dm-multipath",
		summary:           "allows managing and accessing device-mapper multipath maps via multipathd",
		docURL:            "https://snapcraft.io/docs/dm-multipath-interface",
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  dm-multipath:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  dm-multipath:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor:    dmMultipathAppArmor,
		connectedPlugKModModules: []string{"dm-mod"},
		connectedPlugUDev: []string{
			`KERNEL=="device-mapper"`,
			`KERNEL=="dm-[0-9]*"`,
		},
	}
}

const dmMultipathAppArmor = `
# multipath's configuration, and its tables of WWIDs and device names.
/etc/multipath.conf r,
/etc/multipath/bindings rwk,
/etc/multipath/wwids rwk,

# The device-mapper control device, the maps' nodes and links, and the
# mapped devices.
/dev/mapper/control rw,
/dev/mapper/{,**} rw,
/dev/dm-[0-9]* rwk,

# bcache devices, which may be paths of a map (up to 1000).
/dev/bcache[0-9]{,[0-9],[0-9][0-9]} rw,

# multipathd's control socket.
unix (send, receive, connect) type=stream peer=(addr="@/org/kernel/linux/storage/multipathd"),
`
