// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package mount

import (
	"fmt"
	"maps"
	"slices"

	"github.com/plugpolicy/plugpolicy/snap"
)

// addLayouts adds an entry and the snap-update-ns rules for each layout,
// by path.
func (spec *Specification) addLayouts() {
	info := spec.info
	for _, p := range slices.Sorted(maps.Keys(info.Layout)) {
		l := info.Layout[p]
		spec.layout = append(spec.layout, layoutEntry(info, l))
		for _, r := range layoutRules(info, l) {
			spec.fixedUpdateNS.put(r)
		}
	}
}

// layoutEntry is the mount entry of a layout.
func layoutEntry(info *snap.Info, l *snap.Layout) Entry {
	e := Entry{Dir: info.ExpandSnapVariables(l.Path)}
	switch {
	case l.Bind != "":
		e.Name, e.Options = info.ExpandSnapVariables(l.Bind), []string{"rbind", "rw"}
	case l.BindFile != "":
		e.Name, e.Options = info.ExpandSnapVariables(l.BindFile), []string{"bind", "rw", OptKindFile}
	case l.Type == "tmpfs":
		e.Name, e.Type = "tmpfs", "tmpfs"
	case l.Symlink != "":
		e.Options = []string{OptKindSymlink, OptSymlink(info.ExpandSnapVariables(l.Symlink))}
	}
	// Only root may own what a layout creates (the snap package checks
	// user and group), so no x-snapd.user or x-snapd.group is written.
	if l.Mode != 0o755 {
		e.Options = append(e.Options, OptMode(l.Mode))
	}
	e.Options = append(e.Options, OptOriginLayout)
	return e
}

// layoutString describes a layout as snapd's profile comment does.
func layoutString(l *snap.Layout) string {
	s := l.Path + ": "
	switch {
	case l.Bind != "":
		s += "bind " + l.Bind
	case l.BindFile != "":
		s += "bind-file " + l.BindFile
	case l.Symlink != "":
		s += "symlink " + l.Symlink
	case l.Type != "":
		s += "type " + l.Type
	default:
		s += "???"
	}
	if l.User != "root" && l.User != "" {
		s += ", user: " + l.User
	}
	if l.Group != "root" && l.Group != "" {
		s += ", group: " + l.Group
	}
	if l.Mode != 0o755 {
		s += fmt.Sprintf(", mode: %#o", l.Mode)
	}
	return s
}

// layoutRules are the snap-update-ns rules of a layout: the mount itself,
// and writable mimics where its mount point (at least / and a top-level
// directory exist) and, for binds, its source in the snap (at least
// /snap/NAME/REVISION exists) may need to be created.
func layoutRules(info *snap.Info, l *snap.Layout) []string {
	at := info.ExpandSnapVariables(l.Path)
	out := []string{fmt.Sprintf("  # Layout %s\n", layoutString(l))}
	switch {
	case l.Bind != "":
		src := info.ExpandSnapVariables(l.Bind)
		out = append(out,
			fmt.Sprintf("  mount options=(rbind, rw) %q -> %q,\n", src+"/", at+"/"),
			fmt.Sprintf("  mount options=(rprivate) -> %q,\n", at+"/"),
			fmt.Sprintf("  umount %q,\n", at+"/"))
		out = append(out, WritableProfile(at, 2)...)
		out = append(out, WritableProfile(src, 4)...)
	case l.BindFile != "":
		src := info.ExpandSnapVariables(l.BindFile)
		out = append(out,
			fmt.Sprintf("  mount options=(bind, rw) %q -> %q,\n", src, at),
			fmt.Sprintf("  mount options=(rprivate) -> %q,\n", at),
			fmt.Sprintf("  umount %q,\n", at))
		out = append(out, WritableFileProfile(at, 2)...)
		out = append(out, WritableFileProfile(src, 4)...)
	case l.Type == "tmpfs":
		out = append(out,
			fmt.Sprintf("  mount fstype=tmpfs tmpfs -> %q,\n", at+"/"),
			fmt.Sprintf("  mount options=(rprivate) -> %q,\n", at+"/"),
			fmt.Sprintf("  umount %q,\n", at+"/"))
		out = append(out, WritableProfile(at, 2)...)
	case l.Symlink != "":
		out = append(out, fmt.Sprintf("  %q rw,\n", at))
		out = append(out, WritableProfile(at, 2)...)
	}
	return out
}
