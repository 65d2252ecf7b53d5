// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// kernel-crypto-api: the kernel's crypto API, through AF_ALG sockets and
// NETLINK_CRYPTO. Any process may use it, but it is kernel attack surface
// with a history of flaws, so plugs connect only when allowed.
func newKernelCryptoAPI() interfaces.Interface {
	return &commonInterface{
		name:              "kernel-crypto-api",
		summary:           "allows access to the Linux kernel crypto API",
		docURL:            "https://snapcraft.io/docs/kernel-crypto-api-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  kernel-crypto-api:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: kernelCryptoAPIAppArmor,
		connectedPlugSecComp:  kernelCryptoAPISecComp,
	}
}

const kernelCryptoAPIAppArmor = `
# The list of the kernel's algorithms.
@{PROC}/crypto r,

# AF_ALG sockets (SOCK_SEQPACKET).
network alg seqpacket,

# NETLINK_CRYPTO sockets, datagram or raw.
network netlink dgram,
network netlink raw,
`

const kernelCryptoAPISecComp = `
# NETLINK_CRYPTO sockets, and binding and accepting on AF_ALG sockets.
socket AF_NETLINK - NETLINK_CRYPTO
bind
accept
`
