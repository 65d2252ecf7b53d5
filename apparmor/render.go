// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/snap"
)

// RenderProfiles renders one profile per app and hook of the snap, keyed by
// security tag. It is pure: the output depends on the specification, and
// the target system it was made for, only.
func RenderProfiles(spec *Specification) (map[string][]byte, error) {
	if err := spec.host.validate(); err != nil {
		return nil, fmt.Errorf("cannot render the AppArmor profiles of snap %q: %w", spec.info.InstanceName(), err)
	}
	info := spec.info
	if err := checkNames(info); err != nil {
		return nil, fmt.Errorf("cannot render the AppArmor profiles: %w", err)
	}
	for p, l := range info.Layout {
		if at := info.ExpandSnapVariables(l.Path); strings.ContainsFunc(at, breaksQuotedRule) {
			return nil, fmt.Errorf("cannot render the AppArmor profiles of snap %q: invalid layout path %q: it would end its rule", info.InstanceName(), p)
		}
	}
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
		out[t.tag] = []byte(profileInput{spec: spec, tag: t.tag, command: t.command}.render())
	}
	return out, nil
}

// checkNames checks the names written into the profiles' names and
// variables, for a snap.Info no validation has seen.
func checkNames(info *snap.Info) error {
	if err := snap.ValidateInstanceName(info.InstanceName()); err != nil {
		return err
	}
	for _, app := range info.Apps {
		if err := snap.ValidateAppName(app.Name); err != nil {
			return fmt.Errorf("snap %q: %w", info.InstanceName(), err)
		}
	}
	for _, hook := range info.Hooks {
		if err := snap.ValidateHookName(hook.Name); err != nil {
			return fmt.Errorf("snap %q: %w", info.InstanceName(), err)
		}
	}
	return nil
}

// breaksQuotedRule tells whether a character would end a quoted rule or
// its comment line, or escape the character after it.
func breaksQuotedRule(r rune) bool { return r < 0x20 || r == 0x7f || r == '"' || r == '\\' }

type variable struct{ name, value string }

// variables are the profile's @{...} variables, in snapd's order.
func variables(info *snap.Info, tag, command string) []variable {
	return []variable{
		{"SNAP_NAME", info.Name},
		{"SNAP_INSTANCE_NAME", info.InstanceName()},
		// The instance name as desktop files spell it ("foo+blue").
		{"SNAP_INSTANCE_DESKTOP", strings.ReplaceAll(info.InstanceName(), "_", "+")},
		{"SNAP_COMMAND_NAME", command},
		{"SNAP_REVISION", info.Revision.String()},
		{"PROFILE_DBUS", dbusPath(tag)},
		{"INSTALL_DIR", installDirs},
	}
}

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

// RenderRules renders what interfaces add to the profile of a security
// tag, indented as in the profile: each interface's snippets under its
// name, then the child profiles, then the deny rules the snap's switches
// ask for (SetSuppressPtraceTrace, SetSuppressSysModuleCapability). It is
// the part of the profile that is not the default template, for tests and
// tools that show what interfaces grant; the default template's mountinfo
// denial, which interfaces replace under MountInfoKey, is not in it.
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
	parts = append(parts, spec.denyRules()...)
	return indent(strings.Join(parts, "\n\n"))
}

// indent indents every non-empty line by two spaces, keeping the snippet's
// own indentation below that.
func indent(text string) string {
	text = strings.Trim(text, "\n")
	var b strings.Builder
	b.Grow(len(text) + 2*strings.Count(text, "\n") + 2)
	for i := 0; ; i++ {
		line, rest, more := strings.Cut(text, "\n")
		if i > 0 {
			b.WriteByte('\n')
		}
		if strings.TrimSpace(line) != "" {
			b.WriteString("  ")
			b.WriteString(line)
		}
		if !more {
			return b.String()
		}
		text = rest
	}
}
