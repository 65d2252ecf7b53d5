// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Layout is one "layout" entry: something mounted or linked at Path in the
// snap's mount namespace. Exactly one of Bind, BindFile, Type and Symlink
// is set.
type Layout struct {
	Snap     *Info
	Path     string
	Bind     string // a directory of the snap bind-mounted at Path
	BindFile string // a file of the snap bind-mounted at Path
	Type     string // a file system ("tmpfs") mounted at Path
	Symlink  string // what the symbolic link at Path points to
	User     string
	Group    string
	Mode     uint32
}

// layouts reads the "layout" mapping.
func (d *decoder) layouts(s *Info, n *node) {
	p := path("layout")
	entries, _ := d.mapEntries(n, p, nameKeys)
	for _, e := range entries {
		lp := p.key(e.key.text)
		l := &Layout{Snap: s, Path: e.key.text, User: "root", Group: "root", Mode: 0o755}
		fields, _ := d.mapEntries(e.value, lp, nameKeys)
		for _, f := range fields {
			fp := lp.key(f.key.text)
			switch f.key.text {
			case "bind":
				l.Bind = d.str(f.value, fp)
			case "bind-file":
				l.BindFile = d.str(f.value, fp)
			case "type":
				l.Type = d.str(f.value, fp)
			case "symlink":
				l.Symlink = d.str(f.value, fp)
			case "user":
				l.User = d.str(f.value, fp)
			case "group":
				l.Group = d.str(f.value, fp)
			case "mode":
				// snapd reads the mode as octal text ("0755" or 755).
				text := d.str(f.value, fp)
				m, err := strconv.ParseUint(text, 8, 32)
				if err != nil {
					d.errs.add(fp, f.key.line, "invalid mode %q: use an octal number such as 0755", text)
				}
				l.Mode = uint32(m)
			default:
				d.unknownKey(lp, f)
			}
		}
		s.Layout[l.Path] = l
	}
}

// ExpandSnapVariables replaces $SNAP, $SNAP_DATA and $SNAP_COMMON in p with
// the snap's directories as the snap sees them: in its mount namespace a
// parallel install NAME_KEY finds its own files under the plain NAME.
func (s *Info) ExpandSnapVariables(p string) string {
	name, rev := s.Name, s.Revision.String()
	return strings.NewReplacer(
		"$SNAP_DATA", "/var/snap/"+name+"/"+rev,
		"$SNAP_COMMON", "/var/snap/"+name+"/common",
		"$SNAP", "/snap/"+name+"/"+rev,
	).Replace(p)
}

// layoutTopDirs are the top-level directories a layout may be placed under:
// those of a base snap, less the ones never allowed. A layout cannot create
// a new top-level directory, as that would need a writable mimic of "/".
var layoutTopDirs = map[string]bool{
	"bin": true, "etc": true, "lib": true, "lib64": true, "meta": true, "mnt": true, "opt": true,
	"root": true, "sbin": true, "snap": true, "srv": true, "usr": true, "var": true, "writable": true,
}

// layoutOffLimits are trees that no layout may replace: kernel interfaces,
// per-snap state snapd relies on, and places that would let a snap attack
// the host (firmware and modules are loaded by the kernel from the mount
// namespace of the process that triggers the load).
var layoutOffLimits = []string{
	"/dev", "/proc", "/sys", "/media", "/run", "/var/run", "/tmp", "/var/lib/snapd",
	"/lib/firmware", "/usr/lib/firmware", "/lib/modules", "/usr/lib/modules",
	"/var/snap", "/home", "/boot", "/lost+found",
}

// appArmorPatternChars are characters that would turn a path into an
// AppArmor pattern in the rules generated for the layout.
const appArmorPatternChars = "?*[]{}^\"\x00"

// breaksOutOfRule tells whether a path has a character that would end the
// generated rule or its comment (a line break or another control
// character) or escape the character after it (a backslash): rules of the
// snap's choosing would follow.
func breaksOutOfRule(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return true
		}
	}
	return false
}

const breaksOutOfRuleProblem = "contains a control character or a backslash"

// validateLayouts checks every layout and how they relate to each other.
func validateLayouts(s *Info, ps *problems) {
	paths := make([]string, 0, len(s.Layout))
	for p := range s.Layout {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	sourceKind := make(map[string]string)
	var placed []placedLayout
	for _, lpath := range paths {
		l := s.Layout[lpath]
		at := path("layout").key(lpath)
		if msg := l.pathProblem(); msg != "" {
			ps.add(at, 0, "invalid layout path %q: %s", lpath, msg)
			continue
		}
		target := s.ExpandSnapVariables(lpath)
		if under := underPlaced(placed, target); under != "" {
			ps.add(at, 0, "invalid layout path %q: underneath the earlier layout %q", lpath, under)
		}
		placed = append(placed, placedLayout{path: target, orig: lpath})
		if msg := l.contentProblem(); msg != "" {
			ps.add(at, 0, "invalid layout %q: %s", lpath, msg)
			continue
		}
		for _, src := range []struct{ text, kind string }{{l.Bind, "directory"}, {l.BindFile, "file"}} {
			if src.text == "" {
				continue
			}
			expanded := s.ExpandSnapVariables(src.text)
			if kind, ok := sourceKind[expanded]; ok && kind != src.kind {
				ps.add(at, 0, "invalid layout %q: %q is used as a %s here and as a %s by another layout", lpath, src.text, src.kind, kind)
			}
			sourceKind[expanded] = src.kind
		}
	}
}

type placedLayout struct{ path, orig string }

func underPlaced(placed []placedLayout, target string) string {
	for _, pl := range placed {
		if target == pl.path || strings.HasPrefix(target, pl.path+"/") {
			return pl.orig
		}
	}
	return ""
}

// pathProblem says what is wrong with the layout's own path, if anything.
func (l *Layout) pathProblem() string {
	p := l.Path
	if p == "" {
		return "cannot be empty"
	}
	if breaksOutOfRule(p) {
		return breaksOutOfRuleProblem
	}
	if strings.ContainsAny(p, appArmorPatternChars) {
		return fmt.Sprintf("contains one of the reserved characters %q", appArmorPatternChars[:len(appArmorPatternChars)-1])
	}
	if err := checkPathVariables(p); err != "" {
		return err
	}
	expanded := l.Snap.ExpandSnapVariables(p)
	if !filepath.IsAbs(expanded) || filepath.Clean(expanded) != expanded {
		return "must be absolute and clean"
	}
	for _, off := range layoutOffLimits {
		if expanded == off || strings.HasPrefix(expanded, off+"/") {
			return fmt.Sprintf("%q is off limits", off)
		}
	}
	top, _, _ := strings.Cut(strings.TrimPrefix(expanded, "/"), "/")
	if top != "" && !layoutTopDirs[top] {
		return fmt.Sprintf("cannot create the new top-level directory %q", "/"+top)
	}
	own := "/snap/" + l.Snap.Name
	if strings.HasPrefix(p, "/snap/") && p != own && !strings.HasPrefix(p, own+"/") {
		return "belongs to another snap"
	}
	return ""
}

// contentProblem says what is wrong with what the layout puts at its path.
func (l *Layout) contentProblem() string {
	kinds := 0
	for _, v := range []string{l.Bind, l.BindFile, l.Type, l.Symlink} {
		if v != "" {
			kinds++
		}
	}
	if kinds != 1 {
		return "set exactly one of bind, bind-file, type and symlink"
	}
	if l.Type != "" && l.Type != "tmpfs" {
		return fmt.Sprintf("invalid file system type %q: only \"tmpfs\" is supported", l.Type)
	}
	for _, src := range []struct{ key, value string }{{"bind", l.Bind}, {"bind-file", l.BindFile}, {"symlink", l.Symlink}} {
		if src.value == "" {
			continue
		}
		if msg := l.sourceProblem(src.value); msg != "" {
			return fmt.Sprintf("invalid %s %q: %s", src.key, src.value, msg)
		}
	}
	if l.User != "root" {
		return fmt.Sprintf("invalid user %q: only \"root\" is supported", l.User)
	}
	if l.Group != "root" {
		return fmt.Sprintf("invalid group %q: only \"root\" is supported", l.Group)
	}
	if l.Mode&0o1777 != l.Mode {
		return fmt.Sprintf("invalid mode %#o: only permission bits and the sticky bit are allowed", l.Mode)
	}
	return ""
}

// sourceProblem checks what a bind mount or symbolic link points to: it
// must be inside the snap's own directories, so that a layout cannot bring
// outside content into the snap's view.
func (l *Layout) sourceProblem(src string) string {
	if breaksOutOfRule(src) {
		return breaksOutOfRuleProblem
	}
	if err := checkPathVariables(src); err != "" {
		return err
	}
	expanded := l.Snap.ExpandSnapVariables(src)
	if !filepath.IsAbs(expanded) || filepath.Clean(expanded) != expanded {
		return "must be absolute and clean"
	}
	if strings.ContainsAny(expanded, appArmorPatternChars) {
		return fmt.Sprintf("contains one of the reserved characters %q", appArmorPatternChars[:len(appArmorPatternChars)-1])
	}
	for _, v := range []string{"$SNAP", "$SNAP_DATA", "$SNAP_COMMON"} {
		if strings.HasPrefix(expanded, l.Snap.ExpandSnapVariables(v)) {
			return ""
		}
	}
	return "must start with $SNAP, $SNAP_DATA or $SNAP_COMMON"
}

// checkPathVariables allows $SNAP, $SNAP_DATA and $SNAP_COMMON only.
func checkPathVariables(p string) string {
	for {
		i := strings.IndexByte(p, '$')
		if i < 0 {
			return ""
		}
		p = p[i+1:]
		end := strings.IndexFunc(p, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_')
		})
		if end < 0 {
			end = len(p)
		}
		switch v := p[:end]; v {
		case "SNAP", "SNAP_DATA", "SNAP_COMMON":
		default:
			return fmt.Sprintf("refers to the unknown variable %q; only $SNAP, $SNAP_DATA and $SNAP_COMMON are allowed", "$"+v)
		}
		p = p[end:]
	}
}
