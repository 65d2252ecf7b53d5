// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// docker: being a client of the Docker daemon, through its socket. The
// daemon's API starts containers with any mount and any privilege, so a
// plug is as good as root on the host; plugs never connect on their own.
//
// The slot is the daemon's: the docker snap's, or, on a classic system,
// the system's, for a Docker installed from the distribution. The slot
// side adds no rules: the socket is a file, which the plug's rules name,
// and the daemon needs its own plugs (docker-support) to run.
func newDocker() interfaces.Interface {
	return &commonInterface{
		name:              "docker",
		summary:           "allows access to Docker socket",
		docURL:            "https://snapcraft.io/docs/docker-interface",
		implicitOnClassic: true,
		// An app snap may offer the slot, and a plug connect to it, only
		// when the store says so (the docker snap's snap declaration,
		// whose slot rule comes before the base plug rule); the
		// system's slot may be connected by hand, never automatically.
		// A connection rule speaks of the other side's snap, so the
		// "not to an app snap's slot" is the plug rule's.
		baseDeclarationPlugs: `
  docker:
    deny-connection:
      slot-snap-type:
        - app
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  docker:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: dockerAppArmor,
		connectedPlugSecComp:  dockerSecComp,
	}
}

const dockerAppArmor = `
# The Docker daemon's API socket, where either the daemon of the host or
# the docker snap's puts it.
/{,var/}run/docker.sock rw,
`

const dockerSecComp = `
# Docker's client libraries bind their unix sockets, and query the kernel
# over generic netlink.
bind
socket AF_NETLINK - NETLINK_GENERIC
`
