// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

import "text/template"

// What RenderSources writes after the template and the interfaces' rules:
// the calls that change user and group ids, which depend on the snap's
// system users, and the additions some hosts need (bind, socketcall).

// barePrivDrop lets a snap without system users change its ids to any
// value: only CAP_SETUID and CAP_SETGID, which AppArmor holds, make that
// work for other ids than its own. setgroups is not among them.
const barePrivDrop = `
# Changing user and group ids, any of them: the kernel wants CAP_SETUID or
# CAP_SETGID for ids other than the process's own, and AppArmor decides
# those.
setgid
setgid32
setregid
setregid32
setresgid
setresgid32
setresuid
setresuid32
setreuid
setreuid32
setuid
setuid32
`

// userPrivDrop lets a snap that declares a system user
// (system-usernames) drop privileges to it, keep root as the real or saved
// id while doing so, and hand files to it. It is executed with the user's
// name, which is also its group's; rootPrivDrop follows the rules of all
// the snap's users.
var userPrivDrop = template.Must(template.New("user").Parse(`
# Dropping privileges to the snap's system user {{.}}: groups first,
# then users, each as a whole (setgid, setregid and setresgid with every
# id the same), as only the effective id (-1 for the others), or with
# root kept as the real or saved id.
setgid g:{{.}}
setgid32 g:{{.}}
setregid g:{{.}} g:{{.}}
setregid32 g:{{.}} g:{{.}}
setregid -1 g:{{.}}
setregid32 -1 g:{{.}}
setregid g:{{.}} -1
setregid32 g:{{.}} -1
setregid g:root g:{{.}}
setregid32 g:root g:{{.}}
setregid g:{{.}} g:root
setregid32 g:{{.}} g:root
setresgid g:{{.}} g:{{.}} g:{{.}}
setresgid32 g:{{.}} g:{{.}} g:{{.}}
setresgid -1 g:{{.}} -1
setresgid32 -1 g:{{.}} -1
setresgid g:{{.}} g:{{.}} -1
setresgid32 g:{{.}} g:{{.}} -1
setresgid g:{{.}} g:{{.}} g:root
setresgid32 g:{{.}} g:{{.}} g:root
setresgid g:{{.}} g:root g:root
setresgid32 g:{{.}} g:root g:root
setuid u:{{.}}
setuid32 u:{{.}}
setreuid u:{{.}} u:{{.}}
setreuid32 u:{{.}} u:{{.}}
setreuid -1 u:{{.}}
setreuid32 -1 u:{{.}}
setreuid u:{{.}} -1
setreuid32 u:{{.}} -1
setreuid u:root u:{{.}}
setreuid32 u:root u:{{.}}
setreuid u:{{.}} u:root
setreuid32 u:{{.}} u:root
setresuid u:{{.}} u:{{.}} u:{{.}}
setresuid32 u:{{.}} u:{{.}} u:{{.}}
setresuid -1 u:{{.}} -1
setresuid32 -1 u:{{.}} -1
setresuid u:{{.}} u:{{.}} -1
setresuid32 u:{{.}} u:{{.}} -1
setresuid u:{{.}} u:{{.}} u:root
setresuid32 u:{{.}} u:{{.}} u:root
setresuid u:{{.}} u:root u:root
setresuid32 u:{{.}} u:root u:root

# Giving files to {{.}}: owner and group, owner alone, group alone, and
# mixed with root.
chown - u:{{.}} g:{{.}}
chown32 - u:{{.}} g:{{.}}
fchown - u:{{.}} g:{{.}}
fchown32 - u:{{.}} g:{{.}}
fchownat - - u:{{.}} g:{{.}}
lchown - u:{{.}} g:{{.}}
lchown32 - u:{{.}} g:{{.}}
chown - u:{{.}} -1
chown32 - u:{{.}} -1
fchown - u:{{.}} -1
fchown32 - u:{{.}} -1
fchownat - - u:{{.}} -1
lchown - u:{{.}} -1
lchown32 - u:{{.}} -1
chown - -1 g:{{.}}
chown32 - -1 g:{{.}}
fchown - -1 g:{{.}}
fchown32 - -1 g:{{.}}
fchownat - - -1 g:{{.}}
lchown - -1 g:{{.}}
lchown32 - -1 g:{{.}}
chown - u:{{.}} g:root
chown32 - u:{{.}} g:root
fchown - u:{{.}} g:root
fchown32 - u:{{.}} g:root
fchownat - - u:{{.}} g:root
lchown - u:{{.}} g:root
lchown32 - u:{{.}} g:root
chown - u:root g:{{.}}
chown32 - u:root g:{{.}}
fchown - u:root g:{{.}}
fchown32 - u:root g:{{.}}
fchownat - - u:root g:{{.}}
lchown - u:root g:{{.}}
lchown32 - u:root g:{{.}}
`))

// rootPrivDrop follows the system users' rules: with them, a snap may
// clear its supplementary groups (setgroups with size 0, whatever the
// list pointer, which the kernel does not read then) and change its ids
// back to root, and to nothing else.
const rootPrivDrop = `
# Clearing the supplementary groups, and changing ids to root.
setgroups 0 -
setgroups32 0 -
setgid g:root
setgid32 g:root
setuid u:root
setuid32 u:root
setregid g:root g:root
setregid32 g:root g:root
setregid -1 g:root
setregid32 -1 g:root
setregid g:root -1
setregid32 g:root -1
setresgid g:root g:root g:root
setresgid32 g:root g:root g:root
setresgid -1 g:root -1
setresgid32 -1 g:root -1
setresgid g:root g:root -1
setresgid32 g:root g:root -1
setreuid u:root u:root
setreuid32 u:root u:root
setreuid -1 u:root
setreuid32 -1 u:root
setreuid u:root -1
setreuid32 u:root -1
setresuid u:root u:root u:root
setresuid32 u:root u:root u:root
setresuid -1 u:root -1
setresuid32 -1 u:root -1
setresuid u:root u:root -1
setresuid32 u:root u:root -1
`

// bindWithoutAppArmor is added where AppArmor does not fully confine
// (Options.AppArmorIncomplete): hooks that bind sockets would otherwise
// be killed, and without AppArmor's network rules there is nothing else
// to hold bind back anyway (LP: #1644573).
const bindWithoutAppArmor = `
# AppArmor does not fully confine on this system: bind is allowed.
bind
`

// socketcallAddition is added for the hosts and bases whose programs reach
// the socket calls through socketcall(2) (see requiresSocketcall).
const socketcallAddition = `
# The socket calls' old single entry point, which this system or base
# still uses (LP: #1446748).
socketcall
`
