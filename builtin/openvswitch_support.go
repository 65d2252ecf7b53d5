// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// openvswitch-support: running the Open vSwitch daemons, which need the
// kernel's openvswitch datapath module. It adds no rules: the daemons'
// other access comes from network-control and the like. Plugs connect only
// when allowed.
func newOpenvswitchSupport() interfaces.Interface {
	return &commonInterface{
		name:              "openvswitch-support",
		summary:           "allows operating as the openvswitch service",
		docURL:            "https://snapcraft.io/docs/openvswitch-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  openvswitch-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugKModModules: []string{"openvswitch"},
	}
}
