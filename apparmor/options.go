// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"fmt"
	"os"
	"path/filepath"
)

// Options are the facts about the target system that change the profiles.
// Rendering never looks at the host: what snapd would probe is said here,
// and Probe fills it from the running host when that is what is wanted.
type Options struct {
	// ProfilesDir is where profiles are written, relative to the root.
	// Default: var/lib/snapd/apparmor/profiles.
	ProfilesDir string
	// SnapMountDir is where snaps are mounted, @{INSTALL_DIR} in the
	// profiles. Default: /snap (Fedora and Arch use /var/lib/snapd/snap).
	SnapMountDir string
	// Parser says what syntax the target apparmor_parser understands.
	// Default: none of the optional syntax, which every parser since
	// AppArmor 2.13 reads.
	Parser ParserFeatures
	// HomeOnRemoteFS says users' homes are on NFS or CIFS, where file
	// access in the kernel goes through network sockets the profiles must
	// then allow. Default: false.
	HomeOnRemoteFS bool
	// OverlayRoot is the upper directory of a writable overlay root file
	// system (live media), whose paths AppArmor sees for files changed
	// on the overlay. Default: none.
	OverlayRoot string
}

// ParserFeatures are pieces of AppArmor syntax that only newer parsers
// read. A profile uses one only when its feature is set.
type ParserFeatures struct {
	// ABI3 is the "abi <abi/3.0>," statement (AppArmor 3.0), which pins
	// the rule semantics the profile is written for.
	ABI3 bool
	// IncludeIfExists is "include if exists <...>" (AppArmor 3.0), used
	// for administrators' local additions to each profile.
	IncludeIfExists bool
	// CapabilityBPF is "capability bpf," and "capability perfmon,"
	// (AppArmor 3.0, Linux 5.8).
	CapabilityBPF bool
	// Userns is the "userns," rule (AppArmor 4.0) that allows creating
	// user namespaces where the kernel restricts them.
	Userns bool
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{
		ProfilesDir:  "var/lib/snapd/apparmor/profiles",
		SnapMountDir: "/snap",
	}
}

// withDefaults fills unset paths with the defaults.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.ProfilesDir == "" {
		o.ProfilesDir = d.ProfilesDir
	}
	if o.SnapMountDir == "" {
		o.SnapMountDir = d.SnapMountDir
	}
	return o
}

// featureProbes are the smallest profiles that need each feature.
var featureProbes = []struct {
	name    string
	set     func(*ParserFeatures)
	profile string
}{
	{"abi 3.0", func(f *ParserFeatures) { f.ABI3 = true }, "abi <abi/3.0>,\nprofile probe {\n}\n"},
	{"include if exists", func(f *ParserFeatures) { f.IncludeIfExists = true }, "profile probe {\n  include if exists <plugpolicy-probe-does-not-exist>\n}\n"},
	{"capability bpf", func(f *ParserFeatures) { f.CapabilityBPF = true }, "profile probe {\n  capability bpf,\n}\n"},
	{"userns", func(f *ParserFeatures) { f.Userns = true }, "profile probe {\n  userns,\n}\n"},
}

// ProbeParser finds out which features the apparmor_parser at parserPath
// understands, by compiling a small profile for each (without loading it
// into the kernel).
func ProbeParser(parserPath string, run func(name string, args ...string) error) (ParserFeatures, error) {
	dir, err := os.MkdirTemp("", "plugpolicy-probe-")
	if err != nil {
		return ParserFeatures{}, fmt.Errorf("cannot probe apparmor_parser: %w", err)
	}
	defer os.RemoveAll(dir)
	var f ParserFeatures
	for _, probe := range featureProbes {
		src := filepath.Join(dir, "probe")
		if err := os.WriteFile(src, []byte(probe.profile), 0o644); err != nil {
			return ParserFeatures{}, fmt.Errorf("cannot probe apparmor_parser: %w", err)
		}
		if run(parserPath, "--skip-kernel-load", "--skip-cache", "--skip-read-cache", "--quiet", "-o", filepath.Join(dir, "out"), src) == nil {
			probe.set(&f)
		}
	}
	return f, nil
}
