// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// network-bind: operating as a network service, accepting connections.
func newNetworkBind() interfaces.Interface {
	return &commonInterface{
		name:              "network-bind",
		summary:           "allows operating as a network service",
		docURL:            "https://snapcraft.io/docs/network-bind-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; any snap may plug it, and
		// connect automatically.
		baseDeclarationSlots: `
  network-bind:
    allow-installation:
      slot-snap-type:
        - core
`,
	}
}
