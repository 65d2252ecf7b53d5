// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/plugpolicy/plugpolicy/snap"
)

// RenderProfiles renders one profile per app and hook of the snap, keyed by
// security tag. It is pure: the output depends on the specification, and
// the target system it was made for, only.
func RenderProfiles(spec *Specification) (map[string][]byte, error) {
	out, _, err := renderProfiles(spec, nil)
	return out, err
}

// renderProfiles is RenderProfiles leaving out the profiles reuse (when
// not nil) says to reuse, given the tag and its digest (see tagDigest);
// it returns the digest of every tag.
func renderProfiles(spec *Specification, reuse func(tag, digest string) bool) (map[string][]byte, map[string]string, error) {
	if err := spec.host.validate(); err != nil {
		return nil, nil, fmt.Errorf("cannot render the AppArmor profiles of snap %q: %w", spec.info.InstanceName(), err)
	}
	info := spec.info
	if err := checkNames(info); err != nil {
		return nil, nil, fmt.Errorf("cannot render the AppArmor profiles: %w", err)
	}
	for p, l := range info.Layout {
		if at := info.ExpandSnapVariables(l.Path); strings.ContainsFunc(at, breaksQuotedRule) {
			return nil, nil, fmt.Errorf("cannot render the AppArmor profiles of snap %q: invalid layout path %q: it would end its rule", info.InstanceName(), p)
		}
	}
	out := make(map[string][]byte, len(info.Apps)+len(info.Hooks))
	// Each profile is assembled in bufs.profile and copied out at its
	// size: the buffers serve every profile. The apps of a snap mostly
	// have the same rules, which are then indented once.
	bufs := scratch.Get().(*scratchBuffers)
	defer scratch.Put(bufs)
	bufs.prev, bufs.indented = bufs.prev[:0], bufs.indented[:0]
	var digests map[string]string
	if reuse != nil {
		digests = make(map[string]string, len(info.Apps)+len(info.Hooks))
	}
	render := func(tag, command string) {
		if reuse != nil {
			digests[tag] = spec.tagDigest(tag, command)
			if reuse(tag, digests[tag]) {
				return
			}
		}
		bufs.rules = appendRules(bufs.rules[:0], spec, tag)
		if len(bufs.indented) == 0 || !bytes.Equal(bufs.rules, bufs.prev) {
			bufs.indented = appendIndent(bufs.indented[:0], bufs.rules)
			bufs.rules, bufs.prev = bufs.prev, bufs.rules
		}
		bufs.profile = profileInput{spec: spec, tag: tag, command: command}.appendProfile(bufs.profile[:0], bufs.indented)
		out[tag] = bytes.Clone(bufs.profile)
	}
	for _, app := range info.SortedApps() {
		render(app.SecurityTag(), app.Name)
	}
	for _, hook := range info.SortedHooks() {
		render(hook.SecurityTag(), "hook."+hook.Name)
	}
	return out, digests, nil
}

// scratchBuffers are the buffers RenderProfiles assembles profiles in:
// the rules of a profile (appendRules), those of the one before, the
// last rules indented, and the profile.
type scratchBuffers struct{ rules, prev, indented, profile []byte }

// scratch holds scratchBuffers between renders, so that the buffers grow
// to the size of a profile once, not once per profile.
var scratch = sync.Pool{New: func() any {
	return &scratchBuffers{profile: make([]byte, 0, 2*templateSize)}
}}

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

// appendVariables appends the profile's @{...} variables, in snapd's
// order.
func appendVariables(b []byte, info *snap.Info, tag, command string) []byte {
	v := func(name string) {
		b = append(b, "@{"...)
		b = append(b, name...)
		b = append(b, "}=\""...)
	}
	end := func() { b = append(b, "\"\n"...) }
	v("SNAP_NAME")
	b = append(b, info.Name...)
	end()
	v("SNAP_INSTANCE_NAME")
	b = append(b, info.InstanceName()...)
	end()
	// The instance name as desktop files spell it ("foo+blue").
	v("SNAP_INSTANCE_DESKTOP")
	b = append(b, strings.ReplaceAll(info.InstanceName(), "_", "+")...)
	end()
	v("SNAP_COMMAND_NAME")
	b = append(b, command...)
	end()
	v("SNAP_REVISION")
	b = append(b, info.Revision.String()...)
	end()
	v("PROFILE_DBUS")
	b = appendDBusPath(b, tag)
	end()
	v("INSTALL_DIR")
	b = append(b, installDirs...)
	end()
	return b
}

// appendDBusPath appends a security tag encoded as a D-Bus object path
// element: every byte other than an ASCII letter or digit becomes _XX,
// its hex value ("snap.a-b.c" is "snap_2ea_2db_2ec"), as systemd and
// snapd write it.
func appendDBusPath(b []byte, tag string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b = append(b, c)
		} else {
			b = append(b, '_', hex[c>>4], hex[c&0xf])
		}
	}
	return b
}

// RenderRules renders what interfaces add to the profile of a security
// tag, indented as in the profile: each interface's snippets under its
// name, then the child profiles, then the deny rules the snap's switches
// ask for (SetSuppressPtraceTrace, SetSuppressSysModuleCapability). It is
// the part of the profile that is not the default template, for tests and
// tools that show what interfaces grant; the default template's mountinfo
// denial, which interfaces replace under MountInfoKey, is not in it.
func RenderRules(spec *Specification, tag string) string {
	return string(appendIndent(nil, appendRules(nil, spec, tag)))
}

// appendRules appends what RenderRules renders, not yet indented: the
// parts, separated by blank lines.
func appendRules(b []byte, spec *Specification, tag string) []byte {
	start := len(b)
	// sep separates a part from the one before it, if any.
	sep := func() {
		if len(b) > start {
			b = append(b, "\n\n"...)
		}
	}
	iface := ""
	// add writes one interface's rules, under its name unless they
	// follow rules of the same interface.
	add := func(name, text string) {
		text = strings.Trim(text, "\n")
		if text == "" {
			return
		}
		header := name != iface || len(b) == start
		sep()
		if header {
			b = append(b, "# Interface "...)
			b = append(b, name...)
			b = append(b, '\n')
			iface = name
		}
		b = append(b, text...)
	}
	for _, s := range spec.snippets[tag] {
		add(s.iface, s.text)
	}
	for _, d := range spec.deferred[tag] {
		add(d.iface, d.render(spec))
	}
	for _, key := range sortedKeys(spec.prioritized[tag]) {
		for _, s := range spec.prioritized[tag][key].snippets {
			if text := strings.Trim(s.text, "\n"); text != "" {
				sep()
				b = append(b, "# Interface "...)
				b = append(b, s.iface...)
				b = append(b, " ("...)
				b = append(b, key...)
				b = append(b, ")\n"...)
				b = append(b, text...)
			}
		}
	}
	children := spec.children[tag]
	for _, name := range sortedKeys(children) {
		var rules []string
		for _, s := range children[name] {
			rules = append(rules, strings.Trim(s.text, "\n"))
		}
		sep()
		b = append(b, "profile "...)
		b = append(b, name...)
		b = append(b, " (attach_disconnected,mediate_deleted) {\n"...)
		b = appendIndent(b, []byte(strings.Join(rules, "\n\n")))
		b = append(b, "\n}"...)
	}
	for _, rule := range spec.denyRules() {
		sep()
		b = append(b, rule...)
	}
	return b
}

// indent indents every non-empty line by two spaces, keeping the snippet's
// own indentation below that.
func indent(text string) string {
	return string(appendIndent(nil, []byte(text)))
}

// appendIndent appends text, without its leading and trailing newlines,
// with every line that is not blank indented by two spaces; blank lines
// are written empty.
func appendIndent(b, text []byte) []byte {
	text = bytes.Trim(text, "\n")
	for i := 0; ; i++ {
		line, rest, more := bytes.Cut(text, []byte{'\n'})
		if i > 0 {
			b = append(b, '\n')
		}
		// A line that starts with a printable ASCII character is not
		// blank; others are looked at in full.
		if len(line) > 0 && line[0] > ' ' && line[0] < 0x80 || len(bytes.TrimSpace(line)) > 0 {
			b = append(b, "  "...)
			b = append(b, line...)
		}
		if !more {
			return b
		}
		text = rest
	}
}

// sortedKeys returns the keys of m, sorted; nil for an empty map.
func sortedKeys[K ~string, V any](m map[K]V) []K {
	if len(m) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(m))
}
