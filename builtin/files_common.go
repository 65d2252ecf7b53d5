// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// filesInterface is what personal-files and system-files share: the plug
// lists paths in "read" and "write", and each path, with everything below
// it, becomes one AppArmor rule: "rk" (read, lock) for reading, "rwkl"
// (also write and link) for writing.
//
// Paths are plain paths, never patterns: they reach the profile inside
// double quotes, so a path must not hold what would end the quoted string
// or the rule, or make the path a pattern (snapd's reserved characters
// ?*[]{}^" and NUL). plugpolicy also refuses what snapd lets through:
// characters that are not printable (a line break inside the quotes, a
// tab, bidirectional overrides) and backslashes (AppArmor escapes), which
// no real path of these interfaces needs.
type filesInterface struct {
	commonInterface
	// header starts the AppArmor snippet.
	header string
	// checkPath checks what is particular to the interface.
	checkPath func(p string) error
	// systemSlotOnly: only the system snap may offer the slot.
	systemSlotOnly bool
}

var (
	_ interfaces.PlugSanitizer      = (*filesInterface)(nil)
	_ interfaces.SlotSanitizer      = (*filesInterface)(nil)
	_ interfaces.PlugConnectChecker = (*filesInterface)(nil)
)

// BeforePrepareSlot keeps out a slot of another snap than the system's
// where the interface is reserved for it (system-files, as in snapd).
func (iface *filesInterface) BeforePrepareSlot(slot *snap.SlotInfo) error {
	if !iface.systemSlotOnly {
		return nil
	}
	switch slot.Snap.Type {
	case snap.TypeOS, snap.TypeSnapd:
		return nil
	}
	return fmt.Errorf("snap %q, slot %q: %s slots are reserved for the system snap", slot.Snap.InstanceName(), slot.Name, iface.name)
}

// filesAttrs are the attributes that hold paths, in the order their
// rules are written, with the permissions they grant.
var filesAttrs = []struct{ name, perms string }{{"read", "rk"}, {"write", "rwkl"}}

// filesReserved are the characters no path may hold: AppArmor's pattern
// characters, the quote and NUL (snapd's list), and the backslash.
const filesReserved = "?*[]{}^\"\x00\\"

// checkFilesPath checks what every path of both interfaces must be.
func (iface *filesInterface) checkFilesPath(p string) error {
	switch {
	case strings.HasSuffix(p, "/"):
		return fmt.Errorf(`%q cannot end with "/"`, p)
	case strings.HasSuffix(p, "@"):
		// with the "{,/,/**}" the rule appends, "@{" would start a
		// variable
		return fmt.Errorf(`%q cannot end with "@"`, p)
	case path.Clean(p) != p:
		return fmt.Errorf("cannot use %q: try %q", p, path.Clean(p))
	case strings.Contains(p, "~"):
		return fmt.Errorf(`%q cannot contain "~"`, p)
	case strings.ContainsAny(p, filesReserved):
		return fmt.Errorf(`%q contains one of the reserved characters %q`, p, filesReserved[:len(filesReserved)-2]+`\`)
	case strings.IndexFunc(p, func(r rune) bool { return !unicode.IsPrint(r) || r == unicode.ReplacementChar }) >= 0:
		return fmt.Errorf(`%q contains a character that is not printable, or invalid UTF-8`, p)
	}
	return iface.checkPath(p)
}

// filesPaths reads and checks one attribute's paths; absent is nil.
func (iface *filesInterface) filesPaths(v interface{}, found bool, attr string) ([]string, error) {
	if !found {
		return nil, nil
	}
	list, ok := v.([]interface{})
	if !ok {
		return nil, fmt.Errorf("attribute %q: want a list of paths, got %#v", attr, v)
	}
	paths := make([]string, 0, len(list))
	for _, item := range list {
		p, ok := item.(string)
		if !ok {
			return nil, fmt.Errorf("attribute %q: want a list of paths, got %#v in it", attr, item)
		}
		if err := iface.checkFilesPath(p); err != nil {
			return nil, fmt.Errorf("attribute %q: %v", attr, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// filesAllPaths reads and checks "read" and "write": at least one must be
// there.
func (iface *filesInterface) filesAllPaths(attrs attrLookup, snapName, plug string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, a := range filesAttrs {
		v, found := attrs.Lookup(a.name)
		paths, err := iface.filesPaths(v, found, a.name)
		if err != nil {
			return nil, fmt.Errorf("snap %q, plug %q: %v", snapName, plug, err)
		}
		if found {
			out[a.name] = paths
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf(`snap %q, plug %q: give the attribute "read" or "write" (lists of paths)`, snapName, plug)
	}
	return out, nil
}

// BeforePreparePlug checks the plug's paths.
func (iface *filesInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	_, err := iface.filesAllPaths(plug, plug.Snap.InstanceName(), plug.Name)
	return err
}

// BeforeConnectPlug checks the paths as the connection sees them.
func (iface *filesInterface) BeforeConnectPlug(plug *interfaces.ConnectedPlug) error {
	_, err := iface.filesAllPaths(plug, plug.Snap().InstanceName(), plug.Name())
	return err
}

// AppArmorConnectedPlug grants each path and what is below it. A path in
// the home ("$HOME/...", personal-files) is the user's own: the rule is
// an owner rule on @{HOME}.
func (iface *filesInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	all, err := iface.filesAllPaths(plug, plug.Snap().InstanceName(), plug.Name())
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(iface.header)
	for _, a := range filesAttrs {
		for _, p := range all[a.name] {
			prefix := ""
			if strings.HasPrefix(p, "$HOME/") {
				p = "@{HOME}" + strings.TrimPrefix(p, "$HOME")
				prefix = "owner "
			}
			fmt.Fprintf(&b, "%s\"%s{,/,/**}\" %s,\n", prefix, p, a.perms)
		}
	}
	spec.AddSnippet(b.String())
	return nil
}
