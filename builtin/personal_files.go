// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
)

// personal-files: the files and directories of the user's home that the
// plug lists, "$HOME/..." each, in "read" and "write" (see
// filesInterface). The rules are owner rules: the user's own files only.
//
// As snapd does, snap-update-ns creates the missing directories between
// $HOME and the parent of each "write" path, for each user: per-user
// entries of kind ensure-dir, with the owner rules that allow them.
// Decision: the directories go into unquoted snap-update-ns rules, so a
// parent whose names hold anything but letters, digits and "._+-" (a
// space, a comma, "@", "#", ...) gets no ensure-dir entry: the app may
// still use the path, it is only not created for it.
type personalFilesInterface struct {
	filesInterface
}

func newPersonalFiles() interfaces.Interface {
	return &personalFilesInterface{filesInterface{
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
	}}
}

// personalFilesDirName is a directory name that may go into a
// snap-update-ns rule as it is.
var personalFilesDirName = regexp.MustCompile(`^[A-Za-z0-9._+-]+$`)

// personalFilesEnsureDirs are the parents of the plug's "write" paths
// below $HOME ("$HOME/..."), each once, in order, that can be written
// into rules (see personalFilesDirName).
func personalFilesEnsureDirs(writes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range writes {
		dir := path.Dir(w)
		rest, ok := strings.CutPrefix(dir, "$HOME/")
		if !ok || seen[dir] {
			continue
		}
		usable := true
		for _, name := range strings.Split(rest, "/") {
			if !personalFilesDirName.MatchString(name) || name == "." || name == ".." {
				usable = false
			}
		}
		if usable {
			seen[dir] = true
			out = append(out, dir)
		}
	}
	return out
}

// MountConnectedPlug has snap-update-ns create, for each user, the
// directories that lead to the plug's "write" paths, and allows it to.
func (iface *personalFilesInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	all, err := iface.filesAllPaths(plug, plug.Snap().InstanceName(), plug.Name())
	if err != nil {
		return err
	}
	dirs := personalFilesEnsureDirs(all["write"])
	if len(dirs) == 0 {
		return nil
	}
	spec.AddUpdateNS("  # Allow the personal-files interface to create potentially missing directories\n")
	for _, dir := range dirs {
		if err := spec.AddUserMountEntry(mount.Entry{
			Name: "none", Type: "none", Dir: dir,
			Options: []string{mount.OptKindEnsureDir, mount.OptMustExistDir("$HOME")},
		}); err != nil {
			return err
		}
		// @{HOME}/ itself, then each directory down to dir.
		at := "@{HOME}/"
		spec.AddUpdateNS("  owner " + at + " rw,\n")
		for _, name := range strings.Split(strings.TrimPrefix(dir, "$HOME/"), "/") {
			at += name + "/"
			spec.AddUpdateNS("  owner " + at + " rw,\n")
		}
	}
	return nil
}
