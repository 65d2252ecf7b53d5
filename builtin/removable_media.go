// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// removable-media: reading and writing the file systems mounted under
// /media, /run/media and /mnt (USB sticks, SD cards, other disks). Plugs
// connect only when allowed.
func newRemovableMedia() interfaces.Interface {
	return &commonInterface{
		name:              "removable-media",
		summary:           "allows access to mounted removable storage",
		docURL:            "https://snapcraft.io/docs/removable-media-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  removable-media:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: removableMediaAppArmor,
	}
}

const removableMediaAppArmor = `
# Walking down from /run to the mount points.
/run/ r,

# Listing the users' mount point directories (which names the users, as
# /etc/passwd already does).
/{,run/}media/ r,

# Each user's mounted media: /media/USER/* and /run/media/USER/*.
/{,run/}media/*/ r,
/{,run/}media/*/** mrwklix,

# Anything mounted under /mnt: listing it, and full access below it.
/mnt/ r,
/mnt/** mrwklix,
`
