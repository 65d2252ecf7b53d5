// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// dm-crypt: encrypting and decrypting block devices with device-mapper
// (cryptsetup), and mounting the decrypted devices under /media or
// /run/media. Plugs connect only when allowed.
//
// Decision: snapd's source also declares a plug rule under the name "tee"
// here (a slip: it is tee's plug rule, which tee declares itself); it is
// not repeated.
func newDMCrypt() interfaces.Interface {
	return &commonInterface{
		name:              "dm-crypt",
		summary:           "allows encryption and decryption of block storage devices",
		docURL:            "https://snapcraft.io/docs/dm-crypt-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		// Only with the store's grant: snapd's base declaration.
		baseDeclarationPlugs: `
  dm-crypt:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  dm-crypt:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor:    dmCryptAppArmor,
		connectedPlugSecComp:     dmCryptSecComp,
		connectedPlugKModModules: []string{"dm_crypt"},
		connectedPlugUDev: []string{
			`KERNEL=="device-mapper"`,
			`KERNEL=="dm-[0-9]"`,
			`SUBSYSTEM=="block"`,
		},
	}
}

const dmCryptAppArmor = `
# The device-mapper control device and the mapped devices.
/dev/mapper/control rw,
/dev/dm-[0-9]* rwk,

# cryptsetup, from the base.
/{,usr/}sbin/cryptsetup ixr,

# Mounting mapped devices under /media/<user> or /run/media/<user>, read
# only or read-write, never with set-user-ID programs or device files.
/run/systemd/seats/* r,
/{,run/}media/{,**} rw,
mount options=(ro,nosuid,nodev) /dev/dm-[0-9]* -> /{,run/}media/**,
mount options=(rw,nosuid,nodev) /dev/dm-[0-9]* -> /{,run/}media/**,

# mount and umount, which do the mounting.
/{,usr/}bin/mount ixr,
/{,usr/}bin/umount ixr,

# libmount's table of mount options.
/{,var/}run/mount/utab* wrlk,

# cryptsetup's lock files.
/{,var/}run/cryptsetup/ rw,
/{,var/}run/cryptsetup/* rwk,
/{,var/}run/ r,
`

const dmCryptSecComp = `
# The kernel keyring, where cryptsetup keeps volume keys.
add_key
keyctl
request_key
`
