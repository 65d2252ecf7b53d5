// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// RenderProfiles renders one profile per app and hook of the snap, keyed by
// security tag. It is pure: the output depends on the specification, and
// the target system it was made for, only.
func RenderProfiles(spec *Specification) (map[string][]byte, error) {
	opts := spec.host
	info := spec.info
	out := make(map[string][]byte)
	type target struct{ tag, command string }
	var targets []target
	for _, app := range info.SortedApps() {
		targets = append(targets, target{app.SecurityTag(), app.Name})
	}
	for _, hook := range info.SortedHooks() {
		targets = append(targets, target{hook.SecurityTag(), "hook." + hook.Name})
	}
	for _, t := range targets {
		data := profileData{
			Tag:       t.tag,
			Variables: variables(info, t.tag, t.command, opts),
			Flags:     flags(spec.opts),
			Features:  spec.host.Parser,
			Classic:   spec.opts.Classic,
		}
		if !data.Classic {
			data.Base = baseRules(opts)
			data.Rules = RenderRules(spec, t.tag)
		}
		var b strings.Builder
		if err := profileTemplate.Execute(&b, data); err != nil {
			return nil, fmt.Errorf("cannot render profile %s: %w", t.tag, err)
		}
		out[t.tag] = []byte(b.String())
	}
	return out, nil
}

// variables are the profile's @{...} variables.
func variables(info *snap.Info, tag, command string, opts Options) []variable {
	rev := info.Revision.String()
	return []variable{
		// Where a base's core utilities are: /bin and /usr/bin, GNU's
		// g-prefixed names next to the Rust coreutils of newer bases
		// (usr/bin/gnu, without a slash, makes /usr/bin/gnuls), and the
		// Rust coreutils' own directory. Rules name a utility as
		// @{SNAP_COREUTIL_DIRS}NAME, as snapd's do.
		{"SNAP_COREUTIL_DIRS", coreutilDirs},
		{"SNAP_NAME", info.Name},
		{"SNAP_INSTANCE_NAME", info.InstanceName()},
		{"SNAP_COMMAND_NAME", command},
		{"SNAP_REVISION", rev},
		{"PROFILE_DBUS", dbusPath(tag)},
		{"INSTALL_DIR", opts.SnapMountDir},
	}
}

// coreutilDirs is the value of @{SNAP_COREUTIL_DIRS}, snapd's.
const coreutilDirs = "/{bin/,usr/bin/,usr/bin/gnu,usr/lib/cargo/bin/coreutils/}"

// dbusPath encodes a security tag as a D-Bus object path element: every
// byte other than an ASCII letter or digit becomes _XX, its hex value
// ("snap.a-b.c" is "snap_2ea_2db_2ec"), as systemd and snapd write it.
func dbusPath(tag string) string {
	var b strings.Builder
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}

// flags are the profile flags: devmode complains instead of denying.
func flags(opts interfaces.ConfinementOptions) string {
	if opts.DevMode && !opts.JailMode {
		return "attach_disconnected,mediate_deleted,complain"
	}
	return "attach_disconnected,mediate_deleted"
}

// baseRules are the rules that the target system's options add.
func baseRules(opts Options) []string {
	var rules []string
	if opts.HomeOnRemoteFS {
		rules = append(rules, `# Homes are on a network file system, whose file access the kernel does
# over sockets on behalf of the program.
network inet,
network inet6,`)
	}
	if opts.OverlayRoot != "" {
		rules = append(rules, fmt.Sprintf(`# The root file system is a writable overlay: files changed on it are
# seen at their path in the upper directory, and may be read as before.
"%s/{,**}" rm,`, path.Clean(opts.OverlayRoot)))
	}
	return rules
}

// RenderRules renders what interfaces add to the profile of a security
// tag, indented as in the profile: each interface's snippets under its
// name, then the child profiles, then the deny rules the profile's
// switches ask for. It is the part of the profile that is not the default
// template, for tests and tools that show what interfaces grant.
func RenderRules(spec *Specification, tag string) string {
	var parts []string
	iface := ""
	for _, s := range spec.snippets[tag] {
		text := strings.Trim(s.text, "\n")
		if text == "" {
			continue
		}
		if s.iface != iface || len(parts) == 0 {
			parts = append(parts, "# Interface "+s.iface+"\n"+text)
			iface = s.iface
			continue
		}
		parts[len(parts)-1] += "\n\n" + text
	}
	for _, d := range spec.deferred[tag] {
		text := strings.Trim(d.render(spec), "\n")
		if text == "" {
			continue
		}
		if d.iface != iface || len(parts) == 0 {
			parts = append(parts, "# Interface "+d.iface+"\n"+text)
			iface = d.iface
			continue
		}
		parts[len(parts)-1] += "\n\n" + text
	}
	for _, key := range slices.Sorted(maps.Keys(spec.prioritized[tag])) {
		for _, s := range spec.prioritized[tag][key].snippets {
			if text := strings.Trim(s.text, "\n"); text != "" {
				parts = append(parts, "# Interface "+s.iface+" ("+string(key)+")\n"+text)
			}
		}
	}
	children := spec.children[tag]
	for _, name := range slices.Sorted(maps.Keys(children)) {
		var rules []string
		for _, s := range children[name] {
			rules = append(rules, strings.Trim(s.text, "\n"))
		}
		parts = append(parts, fmt.Sprintf("profile %s (attach_disconnected,mediate_deleted) {\n%s\n}", name, indent(strings.Join(rules, "\n\n"))))
	}
	parts = append(parts, spec.denyRules(tag)...)
	return indent(strings.Join(parts, "\n\n"))
}

// indent indents every non-empty line by two spaces, keeping the snippet's
// own indentation below that.
func indent(text string) string {
	lines := strings.Split(strings.Trim(text, "\n"), "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != "" {
			lines[i] = "  " + line
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}
