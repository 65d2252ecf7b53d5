// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// system-files: the files and directories outside the home that the plug
// lists, as absolute paths, in "read" and "write" (see filesInterface).
// Only the system snap offers the slot: another snap's slot is refused
// when the snap is added, as in snapd.
func newSystemFiles() interfaces.Interface {
	return &filesInterface{
		commonInterface: commonInterface{
			name:              "system-files",
			summary:           "allows access to system files or directories",
			docURL:            "https://snapcraft.io/docs/system-files-interface",
			implicitOnCore:    true,
			implicitOnClassic: true,
			// Super-privileged: only a snap declaration lets a snap have
			// or connect the plug.
			baseDeclarationPlugs: `
  system-files:
    allow-installation: false
    deny-auto-connection: true
`,
			baseDeclarationSlots: `
  system-files:
    allow-installation:
      slot-snap-type:
        - core
    deny-connection: true
    deny-auto-connection: true
`,
		},
		header: `
# Description: Can access specific system files or directories.
# This is restricted because it gives file access to arbitrary locations.
`,
		systemSlotOnly: true,
		checkPath: func(p string) error {
			if !strings.HasPrefix(p, "/") {
				return fmt.Errorf(`%q must start with "/"`, p)
			}
			if strings.Contains(p, "$HOME") {
				return fmt.Errorf(`$HOME cannot be used in %q`, p)
			}
			return nil
		},
	}
}
