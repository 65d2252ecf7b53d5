// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package mount is plugpolicy's mount backend: interfaces and the snap's
// layouts add mount entries, which the backend writes as the snap's mount
// profiles var/lib/snapd/mount/snap.INSTANCE.fstab (and .user-fstab for
// per-user mounts) in snapd's fstab format, for snap-update-ns to apply
// in the snap's mount namespace.
//
// snap-update-ns runs under its own AppArmor profile,
// snap-update-ns.INSTANCE, which must allow exactly the mounts of the
// profile. Whoever adds a mount entry therefore also adds the
// snap-update-ns rules for it (AddUpdateNS, AddWritable...), in the same
// hook, so that the two cannot drift apart. The AppArmor backend renders
// that profile: it runs the mount hooks into a Specification of its own
// (see apparmor.Specification.UpdateNS) and writes the rules collected
// here into snapd's snap-update-ns template. This package does not import
// the AppArmor backend, which imports it.
package mount

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The hooks an interface implements to add mount entries.
type (
	// ConnectedPlugDefiner acts for a connected plug.
	ConnectedPlugDefiner interface {
		MountConnectedPlug(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// ConnectedSlotDefiner acts for a connected slot.
	ConnectedSlotDefiner interface {
		MountConnectedSlot(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// PermanentPlugDefiner acts for a plug.
	PermanentPlugDefiner interface {
		MountPermanentPlug(spec *Specification, plug *snap.PlugInfo) error
	}
	// PermanentSlotDefiner acts for a slot.
	PermanentSlotDefiner interface {
		MountPermanentSlot(spec *Specification, slot *snap.SlotInfo) error
	}
)

// Specification collects the mount entries of one snap and the
// snap-update-ns rules that allow them. Mounts are per snap: all its apps
// and hooks share one mount namespace.
//
// Order, as snapd's: the profile lists the parallel-install mappings, then
// the layouts by path, then what interfaces added, in the order added; an
// entry whose mount point an earlier one took gets "-2", "-3"... appended
// (unless it mounts the same thing, when the two merge). The
// snap-update-ns rules are what interfaces added, then the mappings', then
// the layouts', each rule once, where it first appears.
type Specification struct {
	info *snap.Info

	overname, layout, general, user []Entry

	updateNS      orderedSet // rules interfaces added
	fixedUpdateNS orderedSet // the mappings' and layouts' rules

	interfaces.Scope // the hook being run
}

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns the specification of a snap holding what the
// snap itself asks for: the parallel-install mappings and its layouts.
func NewSpecification(info *snap.Info) *Specification {
	spec := &Specification{info: info}
	spec.addOvername()
	spec.addLayouts()
	return spec
}

// Snap is the snap the specification is for.
func (spec *Specification) Snap() *snap.Info { return spec.info }

// AddMountEntry adds an entry to the snap's mount profile. The entry is
// checked (see CheckEntry); an error names the interface.
func (spec *Specification) AddMountEntry(e Entry) error {
	if err := CheckEntry(e); err != nil {
		return fmt.Errorf("interface %q: %w", spec.InterfaceName(), err)
	}
	spec.general = append(spec.general, cloneEntry(e))
	return nil
}

// AddUserMountEntry adds an entry to the per-user mount profile, which
// snap-update-ns applies for each user running the snap. Its paths may
// start with $XDG_RUNTIME_DIR or $HOME, which snap-update-ns expands for
// the user.
func (spec *Specification) AddUserMountEntry(e Entry) error {
	if err := checkUserEntry(e); err != nil {
		return fmt.Errorf("interface %q: %w", spec.InterfaceName(), err)
	}
	spec.user = append(spec.user, cloneEntry(e))
	return nil
}

// AddUpdateNS adds rules to the snap-update-ns profile, each an item
// written once however often it is added. Rules are data written by
// interfaces; paths computed from attributes go through the AddWritable
// methods or a checked mount entry first.
func (spec *Specification) AddUpdateNS(rules ...string) {
	for _, r := range rules {
		spec.updateNS.put(r)
	}
}

// AddWritableProfile adds the snap-update-ns rules that let it create the
// directory p, making its parent writable with a tmpfs mimic where p is
// not in a writable place (see WritableProfile).
func (spec *Specification) AddWritableProfile(p string, assumedDepth int) error {
	if err := CheckPath(p); err != nil {
		return fmt.Errorf("interface %q: %w", spec.InterfaceName(), err)
	}
	spec.AddUpdateNS(WritableProfile(p, assumedDepth)...)
	return nil
}

// AddWritableFileProfile is AddWritableProfile for a file.
func (spec *Specification) AddWritableFileProfile(p string, assumedDepth int) error {
	if err := CheckPath(p); err != nil {
		return fmt.Errorf("interface %q: %w", spec.InterfaceName(), err)
	}
	spec.AddUpdateNS(WritableFileProfile(p, assumedDepth)...)
	return nil
}

// MountEntries are the entries of the snap's mount profile, in order.
func (spec *Specification) MountEntries() []Entry {
	var all []Entry
	for _, list := range [][]Entry{spec.overname, spec.layout, spec.general} {
		for _, e := range list {
			all = append(all, cloneEntry(e))
		}
	}
	return unclash(all)
}

// UserMountEntries are the entries of the per-user mount profile.
func (spec *Specification) UserMountEntries() []Entry {
	var all []Entry
	for _, e := range spec.user {
		all = append(all, cloneEntry(e))
	}
	return unclash(all)
}

// UpdateNS is the snap-update-ns rules, in order, each once.
func (spec *Specification) UpdateNS() []string {
	// Each set holds a rule once: only the fixed rules an interface
	// added too are left out.
	if len(spec.updateNS.items)+len(spec.fixedUpdateNS.items) == 0 {
		return nil
	}
	all := make([]string, len(spec.updateNS.items), len(spec.updateNS.items)+len(spec.fixedUpdateNS.items))
	copy(all, spec.updateNS.items)
	for _, r := range spec.fixedUpdateNS.items {
		if !spec.updateNS.seen[r] {
			all = append(all, r)
		}
	}
	return all
}

// InterfaceUpdateNS is the snap-update-ns rules interfaces added, in
// order, without those of the snap's layouts and mappings.
func (spec *Specification) InterfaceUpdateNS() []string { return slices.Clone(spec.updateNS.items) }

// check reports the first invalid entry of the snap's own (layout)
// entries: layouts are checked when the snap is read, this is a second
// line of defence before anything is written.
func (spec *Specification) check() error {
	for _, list := range [][]Entry{spec.overname, spec.layout} {
		for _, e := range list {
			if err := CheckEntry(e); err != nil {
				return fmt.Errorf("snap %q: %w", spec.info.InstanceName(), err)
			}
		}
	}
	for _, l := range spec.info.Layout {
		// The layout is described in a comment of the snap-update-ns
		// profile: a line break there would start a rule.
		if s := layoutString(l); strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return fmt.Errorf("snap %q: invalid layout %q: control characters are not allowed", spec.info.InstanceName(), s)
		}
	}
	return nil
}

// Check reports the first invalid entry among those the snap itself asks
// for (its layouts and parallel-install mappings); renderers call it
// before writing anything.
func (spec *Specification) Check() error { return spec.check() }

// addOvername maps a parallel install NAME_KEY onto NAME, so that the
// snap finds its files where a snap called NAME would.
func (spec *Specification) addOvername() {
	info := spec.info
	if info.InstanceKey == "" {
		return
	}
	inst, name := info.InstanceName(), info.Name
	for _, dir := range []string{"/snap", "/var/snap"} {
		spec.overname = append(spec.overname, Entry{
			Name: path.Join(dir, inst), Dir: path.Join(dir, name),
			Options: []string{"rbind", OptOriginOvernm},
		})
	}
	spec.fixedUpdateNS.put(fmt.Sprintf("  # Allow parallel instance snap mount namespace adjustments\n"+
		"  mount options=(rw rbind) /snap/%[1]s/ -> /snap/%[2]s/,\n"+
		"  mount options=(rw rbind) /var/snap/%[1]s/ -> /var/snap/%[2]s/,\n", inst, name))
}

// orderedSet keeps strings in the order first added, each once.
type orderedSet struct {
	items []string
	seen  map[string]bool
}

func (s *orderedSet) put(v string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[v] {
		s.seen[v] = true
		s.items = append(s.items, v)
	}
}

func cloneEntry(e Entry) Entry {
	e.Options = slices.Clone(e.Options)
	return e
}

// unclash renames mount points taken by an earlier entry ("DIR-2",
// "DIR-3", ...); an entry mounting the same source with the same type at
// the same place as the first there, neither from a layout or mapping,
// merges into it instead, with the more permissive options.
func unclash(entries []Entry) []Entry {
	type group struct{ first, count int }
	byDir := map[string]*group{}
	var out, ensureDirs []Entry
	for _, e := range entries {
		if e.Kind() == "ensure-dir" {
			ensureDirs = append(ensureDirs, e)
			continue
		}
		g, ok := byDir[e.Dir]
		if !ok {
			byDir[e.Dir] = &group{first: len(out), count: 1}
			out = append(out, e)
			continue
		}
		first := &out[g.first]
		if first.Name == e.Name && first.Type == e.Type && first.Origin() == "" && e.Origin() == "" {
			first.Options = mergeOptions(first.Options, e.Options)
			continue
		}
		g.count++
		e.Dir = fmt.Sprintf("%s-%d", e.Dir, g.count)
		out = append(out, e)
	}
	return append(out, ensureDirs...)
}

// mergeOptions combines the options of two entries mounting one thing at
// one place: read-only only if both are, a recursive bind if either is;
// other options are kept once, in order, with "ro" and the bind last.
func mergeOptions(a, b []string) []string {
	var out []string
	writable, rbind := false, false
	firstIsBind := slices.Contains(a, "bind") || slices.Contains(a, "rbind")
	for _, opts := range [][]string{a, b} {
		if !slices.Contains(opts, "ro") {
			writable = true
		}
		for _, o := range opts {
			switch o {
			case "ro", "bind", "rw", "async":
			case "rbind":
				rbind = true
			default:
				if !slices.Contains(out, o) {
					out = append(out, o)
				}
			}
		}
	}
	if !writable {
		out = append(out, "ro")
	}
	if firstIsBind {
		if rbind {
			out = append(out, "rbind")
		} else {
			out = append(out, "bind")
		}
	}
	return out
}

// CheckPath checks a path that goes into a mount entry and the
// snap-update-ns profile: absolute and clean, and free of what would end
// an fstab field or change an AppArmor rule (quotes, backslashes, control
// characters, pattern and variable characters, commas).
func CheckPath(p string) error {
	if p == "" || !strings.HasPrefix(p, "/") || path.Clean(p) != p {
		return fmt.Errorf("invalid mount path %q: use an absolute, clean path", p)
	}
	if i := strings.IndexFunc(p, func(r rune) bool {
		return r < 0x20 || r == 0x7f || strings.ContainsRune(`"\?*[]{}^@,#`+"`$", r)
	}); i >= 0 {
		return fmt.Errorf("invalid mount path %q: character %q is not allowed", p, p[i])
	}
	return nil
}

// validFSType is a file system type name.
func validFSType(t string) bool {
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return len(t) <= 32
}

// CheckEntry checks an entry before it is added: paths as CheckPath says
// (a tmpfs is named "tmpfs"), a plain file system type, and options that
// are words without commas or spaces (a symlink target is a path).
func CheckEntry(e Entry) error {
	if err := CheckPath(e.Dir); err != nil {
		return err
	}
	if e.Name != "" && !(e.Type != "" && e.Name == e.Type) {
		if err := CheckPath(e.Name); err != nil {
			return err
		}
	}
	if !validFSType(e.Type) {
		return fmt.Errorf("invalid file system type %q of mount entry for %q", e.Type, e.Dir)
	}
	for _, o := range e.Options {
		if target, ok := strings.CutPrefix(o, "x-snapd.symlink="); ok {
			if err := CheckPath(target); err != nil {
				return fmt.Errorf("invalid symlink target of mount entry for %q: %w", e.Dir, err)
			}
			continue
		}
		if target, ok := strings.CutPrefix(o, "x-snapd.must-exist-dir="); ok {
			if err := CheckPath(target); err != nil {
				return err
			}
			continue
		}
		if o == "" || strings.ContainsFunc(o, func(r rune) bool { return r <= ' ' || r == ',' || r == 0x7f || r == '\\' }) {
			return fmt.Errorf("invalid option %q of mount entry for %q", o, e.Dir)
		}
	}
	return nil
}

// userVars are the variables a per-user entry's paths may start with.
var userVars = []string{"$XDG_RUNTIME_DIR", "$HOME"}

// checkUserEntry is CheckEntry for a per-user entry: a path (and an
// ensure-dir entry's must-exist directory) may start with one of userVars
// (followed by "/" or nothing), checked as if the variable were a
// directory.
func checkUserEntry(e Entry) error {
	strip := func(p string) string {
		for _, v := range userVars {
			if rest, ok := strings.CutPrefix(p, v); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
				return "/user" + rest
			}
		}
		return p
	}
	e.Name, e.Dir = strip(e.Name), strip(e.Dir)
	// An ensure-dir entry's starting directory may be a variable too.
	e.Options = slices.Clone(e.Options)
	for i, o := range e.Options {
		if dir, ok := strings.CutPrefix(o, "x-snapd.must-exist-dir="); ok {
			e.Options[i] = OptMustExistDir(strip(dir))
		}
	}
	return CheckEntry(e)
}

// AddConnectedPlug runs the interface's ConnectedPlugDefiner hook, if any.
func (spec *Specification) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error { return d.MountConnectedPlug(spec, plug, slot) })
}

// AddConnectedSlot runs the interface's ConnectedSlotDefiner hook, if any.
func (spec *Specification) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedSlotDefiner) error { return d.MountConnectedSlot(spec, plug, slot) })
}

// AddPermanentPlug runs the interface's PermanentPlugDefiner hook, if any.
func (spec *Specification) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentPlugDefiner) error { return d.MountPermanentPlug(spec, plug) })
}

// AddPermanentSlot runs the interface's PermanentSlotDefiner hook, if any.
func (spec *Specification) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentSlotDefiner) error { return d.MountPermanentSlot(spec, slot) })
}
