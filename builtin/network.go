// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network: outgoing network access, as a client.
func newNetwork() interfaces.Interface {
	return &commonInterface{
		name:              "network",
		summary:           "allows access to the network",
		docURL:            "https://snapcraft.io/docs/network-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; any snap may plug it, and
		// connect automatically.
		baseDeclarationSlots: `
  network:
    allow-installation:
      slot-snap-type:
        - core
`,
	}
}
