// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"path"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

// content: a slot exports directories of its snap ("read" and "write"
// lists, or the same under "source"), a plug names where they appear in
// its own snap ("target"); connecting bind-mounts each exported directory
// there, read-only for "read". The plug's apps may also use the files
// where they are, and for "write" the slot's apps may use them at the
// plug's target. Paths start with $SNAP, $SNAP_DATA or $SNAP_COMMON, or
// are relative to $SNAP.
type contentInterface struct {
	commonInterface
}

var (
	_ interfaces.PlugSanitizer      = (*contentInterface)(nil)
	_ interfaces.SlotSanitizer      = (*contentInterface)(nil)
	_ apparmor.ConnectedSlotDefiner = (*contentInterface)(nil)
	_ mount.ConnectedPlugDefiner    = (*contentInterface)(nil)
)

func newContent() interfaces.Interface {
	return &contentInterface{commonInterface{
		name:    "content",
		summary: "allows sharing code and data with other snaps",
		docURL:  "https://snapcraft.io/docs/content-interface",
		// App and gadget snaps offer slots; a plug connects to a slot of
		// the same content, and automatically to one of the same
		// publisher.
		baseDeclarationSlots: `
  content:
    allow-installation:
      slot-snap-type:
        - app
        - gadget
    allow-connection:
      plug-attributes:
        content: $SLOT(content)
    allow-auto-connection:
      plug-publisher-id:
        - $SLOT_PUBLISHER_ID
      plug-attributes:
        content: $SLOT(content)
`,
	}}
}

// contentPaths returns the "read" or "write" list of a slot: under
// "source" if the slot has it, otherwise at the top level.
func contentPaths(slot attrLookup, key string) ([]string, error) {
	at := key
	if _, ok := slot.Lookup("source"); ok {
		at = "source." + key
	}
	v, ok := slot.Lookup(at)
	if !ok {
		return nil, nil
	}
	list, ok := v.([]interface{})
	if !ok {
		return nil, fmt.Errorf("attribute %q must be a list of paths, not %#v", at, v)
	}
	out := make([]string, len(list))
	for i, item := range list {
		s, ok := item.(string)
		if !ok {
			return nil, fmt.Errorf("attribute %q: element %d must be a path, not %#v", at, i, item)
		}
		out[i] = s
	}
	return out, nil
}

// contentVars are the variables a content path may start with.
var contentVars = []string{"$SNAP_COMMON", "$SNAP_DATA", "$SNAP"}

// checkContentPath checks a path of a content attribute: clean, without
// "..", starting with $SNAP, $SNAP_DATA or $SNAP_COMMON (and no other
// "$"), or relative to $SNAP; what it names must be a path CheckPath
// accepts, so that it can go into a mount entry and a rule unchanged.
func checkContentPath(p string) error {
	if p == "" || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("path %q is not clean", p)
	}
	rest := p
	if strings.HasPrefix(p, "$") {
		found := false
		for _, v := range contentVars {
			if r, ok := strings.CutPrefix(p, v); ok && (r == "" || strings.HasPrefix(r, "/")) {
				rest, found = r, true
				break
			}
		}
		if !found {
			return fmt.Errorf("path %q must start with $SNAP, $SNAP_DATA or $SNAP_COMMON", p)
		}
	}
	if err := mount.CheckPath(path.Join("/", rest)); err != nil {
		return fmt.Errorf("path %q: %w", p, err)
	}
	return nil
}

// resolveContentPath is the path p names in the snap's mount namespace.
func resolveContentPath(p string, info *snap.Info) string {
	if strings.HasPrefix(p, "$") {
		return info.ExpandSnapVariables(p)
	}
	return path.Join(info.ExpandSnapVariables("$SNAP"), p)
}

// BeforePrepareSlot names the content after the slot if it has no name,
// and checks the paths: at least one, in "read" and "write" or under
// "source", not both.
func (iface *contentInterface) BeforePrepareSlot(slot *snap.SlotInfo) error {
	fail := func(format string, args ...interface{}) error {
		return fmt.Errorf("snap %q, slot %q: %s", slot.Snap.InstanceName(), slot.Name, fmt.Sprintf(format, args...))
	}
	slot.Attrs = defaultContent(slot.Attrs, slot.Name)
	if src, ok := slot.Attrs["source"]; ok {
		m, ok := src.(map[string]interface{})
		if !ok {
			return fail(`attribute "source" must be a map with "read" and "write", not %#v`, src)
		}
		for _, key := range []string{"read", "write"} {
			if _, ok := slot.Attrs[key]; ok {
				return fail(`move the %q attribute into the "source" section`, key)
			}
		}
		for key := range m {
			if key != "read" && key != "write" {
				return fail(`unknown attribute "source.%s": use "read" and "write"`, key)
			}
		}
	}
	var all []string
	for _, key := range []string{"read", "write"} {
		paths, err := contentPaths(slot, key)
		if err != nil {
			return fail("%v", err)
		}
		all = append(all, paths...)
	}
	if len(all) == 0 {
		return fail("read or write path must be set")
	}
	for _, p := range all {
		if err := checkContentPath(p); err != nil {
			return fail("invalid content path: %v", err)
		}
	}
	return nil
}

// BeforePreparePlug names the content after the plug if it has no name,
// and checks the target and the default provider.
func (iface *contentInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	fail := func(format string, args ...interface{}) error {
		return fmt.Errorf("snap %q, plug %q: %s", plug.Snap.InstanceName(), plug.Name, fmt.Sprintf(format, args...))
	}
	plug.Attrs = defaultContent(plug.Attrs, plug.Name)
	target, ok := plug.Attrs["target"].(string)
	if !ok || target == "" {
		return fail(`content plug must contain target path (attribute "target")`)
	}
	if err := checkContentPath(target); err != nil {
		return fail(`invalid attribute "target": %v`, err)
	}
	if v, ok := plug.Attrs["default-provider"]; ok {
		s, _ := v.(string)
		// "SNAP", or the older "SNAP:SLOT".
		name, _, _ := strings.Cut(s, ":")
		if err := snap.ValidateName(name); err != nil || strings.Count(s, ":") > 1 || strings.HasSuffix(s, ":") {
			return fail(`invalid attribute "default-provider": %#v is not a snap name`, v)
		}
	}
	return nil
}

// defaultContent sets "content" to the plug's or slot's name where it is
// not a non-empty string, as snapd does, and returns the attributes: a
// new map where a plug or slot has none.
func defaultContent(attrs map[string]interface{}, name string) map[string]interface{} {
	if attrs == nil {
		attrs = map[string]interface{}{}
	}
	if s, ok := attrs["content"].(string); !ok || s == "" {
		attrs["content"] = name
	}
	return attrs
}

// contentMount is one exported directory of a connection: where it is in
// the slot's snap and where it goes in the plug's.
type contentMount struct {
	source, target string
}

// contentMounts are the mounts of a connection for "read" or "write".
// The target is the plug's; under "source" each directory gets its own
// entry in it, named after the directory.
func contentMounts(plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot, key string) ([]contentMount, error) {
	paths, err := contentPaths(slot, key)
	if err != nil {
		return nil, fmt.Errorf("slot %q: %w", slot.Ref(), err)
	}
	var target string
	if err := plug.Attr("target", &target); err != nil {
		return nil, fmt.Errorf("plug %q: %w", plug.Ref(), err)
	}
	if err := checkContentPath(target); err != nil {
		return nil, fmt.Errorf("plug %q: invalid attribute \"target\": %w", plug.Ref(), err)
	}
	_, underSource := slot.Lookup("source")
	out := make([]contentMount, 0, len(paths))
	for _, p := range paths {
		if err := checkContentPath(p); err != nil {
			return nil, fmt.Errorf("slot %q: invalid content path: %w", slot.Ref(), err)
		}
		m := contentMount{source: resolveContentPath(p, slot.Snap()), target: resolveContentPath(target, plug.Snap())}
		if underSource {
			m.target = path.Join(m.target, path.Base(m.source))
		}
		out = append(out, m)
	}
	return out, nil
}

// AppArmorConnectedPlug lets the plug's apps use the exported files where
// they are in the slot's snap (sockets in a shared directory need that).
func (iface *contentInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	var b strings.Builder
	for _, k := range []struct{ key, intro, perms string }{
		{"write", contentWriteIntro, "mrwklix"},
		{"read", contentReadIntro, "mrkix"},
	} {
		mounts, err := contentMounts(plug, slot, k.key)
		if err != nil {
			return err
		}
		if len(mounts) == 0 {
			continue
		}
		b.WriteString(k.intro)
		for _, m := range mounts {
			fmt.Fprintf(&b, "%q %s,\n", m.source+"/**", k.perms)
		}
	}
	spec.AddSnippet(b.String())
	return nil
}

// AppArmorConnectedSlot lets the slot's apps use written files at the
// plug's target, where the plug's apps may hand them over.
func (iface *contentInterface) AppArmorConnectedSlot(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	mounts, err := contentMounts(plug, slot, "write")
	if err != nil {
		return err
	}
	var b strings.Builder
	if len(mounts) > 0 {
		b.WriteString(contentSlotWriteIntro)
		for _, m := range mounts {
			fmt.Fprintf(&b, "%q mrwklix,\n", m.target+"/**")
		}
	}
	spec.AddSnippet(b.String())
	return nil
}

const (
	contentWriteIntro = `
# The exported files where they are, writable: sockets in the shared
# directory can only be used there.
`
	contentReadIntro = `
# The exported files where they are, read-only.
`
	contentSlotWriteIntro = `
# The writable exported files at the plugging snap's target, where its
# apps may point the slot's apps to files they share.
`
)

// MountConnectedPlug bind-mounts each exported directory at the plug's
// target ("read" ones read-only) and allows snap-update-ns those mounts,
// and the mimics and directories it may need to create for them. A
// target taken by an earlier mount gets "-2", "-3"... appended by the
// mount backend, which the rules allow for.
func (iface *contentInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	reads, err := contentMounts(plug, slot, "read")
	if err != nil {
		return err
	}
	writes, err := contentMounts(plug, slot, "write")
	if err != nil {
		return err
	}
	for _, m := range reads {
		if err := spec.AddMountEntry(mount.Entry{Name: m.source, Dir: m.target, Options: []string{"bind", "ro"}}); err != nil {
			return err
		}
	}
	for _, m := range writes {
		if err := spec.AddMountEntry(mount.Entry{Name: m.source, Dir: m.target, Options: []string{"bind"}}); err != nil {
			return err
		}
	}
	ref := plug.Ref().String() + " -> " + slot.Ref().String()
	for i, m := range writes {
		at := m.target + "{,-[0-9]*}/"
		spec.AddUpdateNS(
			fmt.Sprintf("  # Read-write content sharing %s (w#%d)\n", ref, i),
			fmt.Sprintf("  mount options=(bind, rw) %q -> %q,\n", m.source+"/", at),
			fmt.Sprintf("  mount options=(rprivate) -> %q,\n", at),
			fmt.Sprintf("  umount %q,\n", at))
		if err := contentWritable(spec, m); err != nil {
			return err
		}
	}
	for i, m := range reads {
		at := m.target + "{,-[0-9]*}/"
		spec.AddUpdateNS(
			fmt.Sprintf("  # Read-only content sharing %s (r#%d)\n", ref, i),
			fmt.Sprintf("  mount options=(bind) %q -> %q,\n", m.source+"/", at),
			fmt.Sprintf("  remount options=(bind, ro) %q,\n", at),
			fmt.Sprintf("  mount options=(rprivate) -> %q,\n", at),
			fmt.Sprintf("  umount %q,\n", at))
		if err := contentWritable(spec, m); err != nil {
			return err
		}
	}
	return nil
}

// contentWritable allows creating the mount's source and target, and the
// renamed targets ("TARGET-2", ...).
func contentWritable(spec *mount.Specification, m contentMount) error {
	if err := spec.AddWritableProfile(m.source, 0); err != nil {
		return err
	}
	if err := spec.AddWritableProfile(m.target, 0); err != nil {
		return err
	}
	// The target is checked above; the suffix is a fixed pattern.
	spec.AddUpdateNS(mount.WritableProfile(m.target+"-[0-9]*", 0)...)
	return nil
}
