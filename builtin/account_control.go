// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"strconv"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
)

// account-control: adding, removing and changing non-system user
// accounts (useradd, userdel, chpasswd, the extrausers database of Ubuntu
// Core) and talking to accountsservice. Plugs connect only when allowed.
//
// The seccomp rules name the group that owns /etc/shadow on the target,
// a host fact of the seccomp backend (seccomp.Options.ShadowGID).
type accountControlInterface struct {
	commonInterface
}

func newAccountControl() interfaces.Interface {
	return &accountControlInterface{commonInterface{
		name:              "account-control",
		summary:           "allows managing non-system user accounts",
		docURL:            "https://snapcraft.io/docs/account-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  account-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: accountControlAppArmor,
	}}
}

// SecCompConnectedPlug allows fchown to root and the shadow group, and the
// audit netlink socket useradd logs to.
func (iface *accountControlInterface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	gid := strconv.FormatUint(uint64(spec.ShadowGID()), 10)
	spec.AddSnippet(strings.ReplaceAll(accountControlSecComp, "%SHADOW_GID%", gid))
	return nil
}

const accountControlAppArmor = `
#include <abstractions/dbus-strict>
# accountsservice (org.freedesktop.Accounts), which runs unconfined:
# introspecting it, calling its methods and those of its users, reading
# their properties and receiving their changes.
dbus (send)
    bus=system
    path=/org/freedesktop/Accounts{,/User[0-9]*}
    interface=org.freedesktop.DBus.Introspectable
    member=Introspect
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/freedesktop/Accounts
    interface=org.freedesktop.Accounts
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/freedesktop/Accounts/User[0-9]*
    interface=org.freedesktop.Accounts.User
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/freedesktop/Accounts{,/User[0-9]*}
    interface=org.freedesktop.DBus.Properties
    member=Get{,All}
    peer=(label=unconfined),
dbus (receive)
    bus=system
    path=/org/freedesktop/Accounts{,/User[0-9]*}
    interface=org.freedesktop.DBus.Properties
    member=PropertiesChanged
    peer=(label=unconfined),

# The account tools.
/{,usr/}sbin/chpasswd ixr,
/{,usr/}sbin/user{add,del} ixr,

# The extrausers NSS database, where Ubuntu Core keeps its users (its
# /etc/passwd and /etc/group are read only).
/var/lib/extrausers/ r,
/var/lib/extrausers/** rwkl,

# useradd's settings and PAM.
/etc/login.defs r,
/etc/default/useradd r,
/etc/default/nss r,
/etc/pam.d/{,*} r,
/{,usr/}sbin/pam_tally2 ixr,

# chpasswd's PAM modules.
/{,usr/}lib/@{multiarch}/security/* ixr,

# useradd's audit messages, over netlink.
network netlink raw,

# useradd writes audit records and sets the owner and modes of the new
# user's files.
capability audit_write,
capability chown,
capability fsetid,

# The login records useradd updates: utmp/wtmp, failed logins, last
# logins and the tally of failures.
#include <abstractions/wutmp>
/var/log/faillog rwk,
/var/log/lastlog rwk,
/var/log/tallylog rwk,
`

// %SHADOW_GID% is replaced by the shadow group's ID (digits only).
const accountControlSecComp = `
# useradd gives files to root and the group that owns /etc/shadow.
fchown - u:root %SHADOW_GID%
fchown32 - u:root %SHADOW_GID%

# libaudit's netlink socket.
bind
socket AF_NETLINK - NETLINK_AUDIT
`
