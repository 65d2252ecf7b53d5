// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// gsettings: reading and writing every setting of the user's session
// (dconf), those of other applications included. Plugs connect on their
// own, as in snapd, whose base declaration does not deny it.
func newGsettings() interfaces.Interface {
	return &commonInterface{
		name:              "gsettings",
		summary:           "allows access to any gsettings item of current user",
		docURL:            "https://snapcraft.io/docs/gsettings-interface",
		implicitOnClassic: true,
		baseDeclarationSlots: `
  gsettings:
    allow-installation:
      slot-snap-type:
        - core
`,
		connectedPlugAppArmor: gsettingsAppArmor,
	}
}

const gsettingsAppArmor = `
# The session bus, dconf's database, and writing it through dconf's
# service.
#include <abstractions/dbus-session-strict>

#include <abstractions/dconf>
owner /{,var/}run/user/*/dconf/user w,
owner @{HOME}/.config/dconf/user w,
dbus (receive, send)
    bus=session
    interface="ca.desrt.dconf.Writer"
    peer=(label="{dconf-service,unconfined}"),
`
