// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// login-session-observe: who is logged in and since when (who, last,
// lastlog, faillog) and logind's sessions, users and seats, read-only.
// Plugs connect only when allowed.
func newLoginSessionObserve() interfaces.Interface {
	return &commonInterface{
		name:              "login-session-observe",
		summary:           "allows reading login and session information",
		docURL:            "https://snapcraft.io/docs/login-session-observe-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  login-session-observe:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: loginSessionObserveAppArmor,
	}
}

const loginSessionObserveAppArmor = `
# who (wherever the base keeps coreutils, LP: #2123870) and the login
# records.
@{SNAP_COREUTIL_DIRS}who  ixr,
/var/log/wtmp    rk,
/{,var/}run/utmp rk,

/{,usr/}bin/lastlog ixr,
/var/log/lastlog rk,

/{,usr/}bin/faillog ixr,
/var/log/faillog rk,

# logind's session files (not the .ref files).
/run/systemd/sessions/ r,
/run/systemd/sessions/*[0-9] rk,

# loginctl's list-sessions, show-session, list-users, show-user,
# list-seats and show-seat.
/{,usr/}bin/loginctl ixr,
#include <abstractions/dbus-strict>

# Introspecting logind and reading its properties; logind may be started
# by D-Bus activation, so the peer's label is not known.
dbus (send)
    bus=system
    path=/org/freedesktop/login1{,/seat/*,/session/*,/user/*}
    interface=org.freedesktop.DBus.Introspectable
    member=Introspect,

dbus (send)
    bus=system
    path=/org/freedesktop/login1{,/seat/*,/session/*,/user/*}
    interface=org.freedesktop.DBus.Properties
    member=Get{,All},

# logind's signals: property changes, sessions, users and seats coming and
# going, shutdown and sleep.
dbus (receive)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.DBus.Properties
    member=PropertiesChanged
    peer=(label=unconfined),

dbus (receive)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.login1.Manager
    member={Session,User,Seat}New
    peer=(label=unconfined),

dbus (receive)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.login1.Manager
    member={Session,User,Seat}Removed
    peer=(label=unconfined),

dbus (receive)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.login1.Manager
    member=PrepareFor{Shutdow,Sleep}
    peer=(label=unconfined),

# Listing and looking up seats, sessions and users.
dbus (send)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.login1.Manager
    member=List{Seats,Sessions,Users},

dbus (send)
    bus=system
    path=/org/freedesktop/login1
    interface=org.freedesktop.login1.Manager
    member=Get{Seat,Session,User},
`
