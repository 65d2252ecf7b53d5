// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// personal-files: the files and directories of the user's home that the
// plug lists, "$HOME/..." each, in "read" and "write" (see
// filesInterface). The rules are owner rules: the user's own files only.
//
// Left for the mount backend: snapd also has snap-update-ns create the
// missing directories between $HOME and each "write" path (user mount
// entries of kind ensure-dir, and the snap-update-ns rules that allow
// them).
func newPersonalFiles() interfaces.Interface {
	return &filesInterface{
		commonInterface: commonInterface{
			name:              "personal-files",
			summary:           "allows access to personal files or directories",
			docURL:            "https://snapcraft.io/docs/personal-files-interface",
			implicitOnCore:    true,
			implicitOnClassic: true,
			// Super-privileged: only a snap declaration lets a snap have
			// the plug, and it never connects on its own.
			baseDeclarationPlugs: `
  personal-files:
    allow-installation: false
    deny-auto-connection: true
`,
			baseDeclarationSlots: `
  personal-files:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		},
		header: `
# Description: Can access specific personal files or directories in the 
# users's home directory.
# This is restricted because it gives file access to arbitrary locations.
`,
		checkPath: func(p string) error {
			if !strings.HasPrefix(p, "$HOME/") {
				return fmt.Errorf(`%q must start with "$HOME/"`, p)
			}
			if strings.Count(p, "$HOME") > 1 {
				return fmt.Errorf(`$HOME must only be used at the start of the path of %q`, p)
			}
			return nil
		},
	}
}
