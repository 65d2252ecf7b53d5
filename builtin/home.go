// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// home: the non-hidden files of the user's home directory; with the plug
// attribute "read: all", also read access to other users' homes (for
// daemons running as root).
type homeInterface struct {
	commonInterface
}

var _ interfaces.PlugSanitizer = (*homeInterface)(nil)

func newHome() interfaces.Interface {
	return &homeInterface{commonInterface{
		name:              "home",
		summary:           "allows access to non-hidden files in the home directory",
		docURL:            "https://snapcraft.io/docs/home-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// The system offers the slot. Plugs connect automatically on
		// classic systems only, and "read: all" (other users' files)
		// needs the store's approval to connect at all.
		baseDeclarationSlots: `
  home:
    allow-installation:
      slot-snap-type:
        - core
    deny-connection:
      plug-attributes:
        read: all
    deny-auto-connection:
      -
        on-classic: false
      -
        plug-attributes:
          read: all
`,
	}}
}

// homeReadValues are the values the "read" attribute may take.
var homeReadValues = []string{"all"}

// BeforePreparePlug accepts a plug without "read", or with "read: all".
func (iface *homeInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs["read"]
	if !ok {
		return nil
	}
	for _, allowed := range homeReadValues {
		if v == allowed {
			return nil
		}
	}
	return fmt.Errorf(`invalid value %#v for attribute "read" of plug %q: the only value is "all"`, v, plug.Name)
}
