// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"path"
	"strings"
)

// Kind is what a file of a compiled tree is, by its path.
type Kind int

// The kinds of file "plugpolicy compile" writes.
const (
	Unknown         Kind = iota // not a path compile writes
	AppArmorProfile             // var/lib/snapd/apparmor/profiles/snap.*, snap-update-ns.*
	SeccompSource               // var/lib/snapd/seccomp/bpf/snap.*.src
	SeccompBin                  // the .bin filter beside it
	SeccompBin2                 // snap-confine's .bin2 beside it
	UdevRules                   // etc/udev/rules.d/70-snap.*.rules
	CgroupDevice                // var/lib/snapd/cgroup/snap.*.device
	ModulesLoad                 // etc/modules-load.d/snap.*.conf
	Modprobe                    // etc/modprobe.d/snap.*.conf
	SystemdDropIn               // etc/systemd/{system,user}/snap.*.service.d/snap-interfaces.conf
	SystemdUnit                 // etc/systemd/system/snap.*.interface.*.service
	MountFstab                  // var/lib/snapd/mount/snap.*.fstab, .user-fstab
	RunRecord                   // var/lib/plugpolicy/state.json: what the last run wrote
)

var kindNames = [...]string{"unknown file", "AppArmor profile", "seccomp policy source",
	"seccomp filter", "snap-confine seccomp filters", "udev rules", "device cgroup list",
	"modules-load.d file", "modprobe.d file", "systemd drop-in", "systemd unit", "mount fstab",
	"record of the last run"}

// String names the kind, as messages do.
func (k Kind) String() string { return kindNames[k] }

// Binary reports whether files of the kind are binary, compared byte by
// byte and never shown as text.
func (k Kind) Binary() bool { return k == SeccompBin || k == SeccompBin2 }

// Directories of the layout.
const (
	apparmorDir = "var/lib/snapd/apparmor/profiles"
	seccompDir  = "var/lib/snapd/seccomp/bpf"
	udevDir     = "etc/udev/rules.d"
	cgroupDir   = "var/lib/snapd/cgroup"
	loadDir     = "etc/modules-load.d"
	modprobeDir = "etc/modprobe.d"
	systemDir   = "etc/systemd/system"
	userDir     = "etc/systemd/user"
	mountDir    = "var/lib/snapd/mount"
	dropInName  = "snap-interfaces.conf"
	// recordPath is plugpolicy.StatePath (a test of cmd/plugpolicy
	// checks that they agree).
	recordPath = "var/lib/plugpolicy/state.json"
)

var layoutDirs = []string{apparmorDir, seccompDir, udevDir, cgroupDir, loadDir,
	modprobeDir, systemDir, userDir, mountDir, path.Dir(recordPath)}

// KindOf returns the kind of the file at rel, a slash-separated path
// relative to the tree's root.
func KindOf(rel string) Kind {
	if rel == recordPath {
		return RunRecord
	}
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if !strings.HasPrefix(name, "snap.") && !strings.HasPrefix(name, "snap-update-ns.") &&
		!strings.HasPrefix(name, "70-snap.") && name != dropInName {
		return Unknown
	}
	switch dir {
	case apparmorDir:
		return AppArmorProfile
	case seccompDir:
		return suffixKind(name, "snap.", map[string]Kind{".src": SeccompSource, ".bin": SeccompBin, ".bin2": SeccompBin2})
	case udevDir:
		return suffixKind(name, "70-snap.", map[string]Kind{".rules": UdevRules})
	case cgroupDir:
		return suffixKind(name, "snap.", map[string]Kind{".device": CgroupDevice})
	case loadDir:
		return suffixKind(name, "snap.", map[string]Kind{".conf": ModulesLoad})
	case modprobeDir:
		return suffixKind(name, "snap.", map[string]Kind{".conf": Modprobe})
	case systemDir:
		if strings.Contains(name, ".interface.") {
			return suffixKind(name, "snap.", map[string]Kind{".service": SystemdUnit})
		}
	case mountDir:
		return suffixKind(name, "snap.", map[string]Kind{".fstab": MountFstab, ".user-fstab": MountFstab})
	}
	if name == dropInName && isDropInDir(dir) {
		return SystemdDropIn
	}
	return Unknown
}

// suffixKind is the kind of name that starts with prefix and ends with one
// of kinds' suffixes, with something between them.
func suffixKind(name, prefix string, kinds map[string]Kind) Kind {
	if !strings.HasPrefix(name, prefix) {
		return Unknown
	}
	ext := path.Ext(name)
	if k, ok := kinds[ext]; ok && len(name) > len(prefix)+len(ext) {
		return k
	}
	return Unknown
}

// isDropInDir reports whether dir is a unit's drop-in directory.
func isDropInDir(dir string) bool {
	parent, name := path.Split(dir)
	parent = strings.TrimSuffix(parent, "/")
	return (parent == systemDir || parent == userDir) &&
		strings.HasPrefix(name, "snap.") && strings.HasSuffix(name, ".service.d") && len(name) > len("snap..service.d")
}

// KnownDir reports whether the directory rel (slash-separated, relative
// to the root) is one of the layout or on the way to one.
func KnownDir(rel string) bool {
	if isDropInDir(rel) {
		return true
	}
	for _, d := range layoutDirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			return true
		}
	}
	return false
}
