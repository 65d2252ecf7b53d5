// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/snap"
)

// Options are the facts about the target system that change the profiles.
// Rendering never looks at the host: every fact snapd's AppArmor backend
// reads from the machine it runs on is a field here, and ProbeHost fills
// them from a running system when that is what is wanted.
type Options struct {
	// ProfilesDir is where profiles are written, relative to the root.
	// Default: var/lib/snapd/apparmor/profiles.
	ProfilesDir string
	// SnapMountDir is where snaps are mounted. Default: /snap (Fedora
	// and Arch use /var/lib/snapd/snap). The profiles' @{INSTALL_DIR}
	// names both locations, as snapd's do; SnapMountDir decides the paths
	// that name one snap revision outside the snap's own mount namespace
	// (the system snap's snap-confine, the kernel snap's modules).
	SnapMountDir string
	// Parser says what optional syntax the target apparmor_parser reads,
	// by snapd's names for it. The zero value is none, which every
	// parser since AppArmor 2.13 reads; DefaultOptions has the features
	// of AppArmor 3.0's parser, as snapd probes them.
	Parser ParserFeatures
	// Kernel lists the AppArmor features of the target kernel by
	// snapd's names: the directories below
	// /sys/kernel/security/apparmor/features ("dbus", "mount",
	// "network", ...) and "policy:NAME" for those below its policy
	// directory ("policy:unconfined_restrictions"). DefaultOptions has
	// snapd's preferred set.
	Kernel KernelFeatures
	// Core says the target is Ubuntu Core rather than a classic
	// distribution (snapd's !release.OnClassic): profiles then reach
	// the kernel snap's modules and firmware and the snap's folder on
	// the ubuntu-save partition, and interfaces may choose other rules.
	Core bool
	// KernelSnap names the kernel snap of an Ubuntu Core system (the
	// device model's kernel; default pc-kernel). It is not used on a
	// classic system.
	KernelSnap string
	// SystemSnaps are the snaps that provide snap-confine (snapd and,
	// on older systems, core) with their revisions. A devmode snap's
	// profile lets it run strictly confined snaps through the
	// snap-confine of these revisions. Default: snapd revision 1.
	SystemSnaps []SystemSnap
	// Prompting says that AppArmor prompting is supported and enabled
	// on the target (snapd's apparmor-prompting feature): the rules
	// interfaces mark for prompting ask the user instead of denying.
	Prompting bool
	// HomeOnRemoteFS says users' homes are on NFS or CIFS, where file
	// access in the kernel goes through network sockets the profiles must
	// then allow. Default: false.
	HomeOnRemoteFS bool
	// OverlayRoot is the upper directory of a writable overlay root file
	// system (live media), whose paths AppArmor sees for files changed
	// on the overlay. Default: none.
	OverlayRoot string
}

// SystemSnap is a snap that provides snap-confine: "snapd" or "core",
// at a revision.
type SystemSnap struct {
	Name     string
	Revision string
}

// DefaultOptions returns the documented defaults: snaps in /snap, the
// parser features of AppArmor 3.0's apparmor_parser and snapd's preferred
// kernel features (what snapd's own tests assume), a classic system whose
// snap-confine comes from snapd revision 1, local homes, no overlay.
func DefaultOptions() Options {
	return Options{
		ProfilesDir:  defaultProfilesDir,
		SnapMountDir: defaultSnapMountDir,
		Parser:       DefaultParserFeatures(),
		Kernel:       DefaultKernelFeatures(),
		KernelSnap:   defaultKernelSnap,
		SystemSnaps:  []SystemSnap{defaultSystemSnap},
	}
}

// withDefaults fills unset paths and names with the defaults; the feature
// sets are taken as they are, the zero value meaning none.
func (o Options) withDefaults() Options {
	if o.ProfilesDir == "" {
		o.ProfilesDir = defaultProfilesDir
	}
	if o.SnapMountDir == "" {
		o.SnapMountDir = defaultSnapMountDir
	}
	if o.KernelSnap == "" {
		o.KernelSnap = defaultKernelSnap
	}
	if len(o.SystemSnaps) == 0 {
		o.SystemSnaps = []SystemSnap{defaultSystemSnap}
	}
	return o
}

// The defaults of DefaultOptions that withDefaults fills in.
const (
	defaultProfilesDir  = "var/lib/snapd/apparmor/profiles"
	defaultSnapMountDir = "/snap"
	defaultKernelSnap   = "pc-kernel"
)

var defaultSystemSnap = SystemSnap{Name: "snapd", Revision: "1"}

// ParserFeatures are pieces of AppArmor syntax that only some parsers
// read, under the names snapd's probe gives them. A rule that needs one is
// written only when its feature is set.
type ParserFeatures struct {
	AllowAll        bool // "allow-all": the "allow all," rule (AppArmor 4.1)
	CapAuditRead    bool // "cap-audit-read": capability audit_read
	CapBPF          bool // "cap-bpf": capability bpf and perfmon (Linux 5.8)
	IncludeIfExists bool // "include-if-exists": #include if exists (AppArmor 3.0)
	IOUring         bool // "io-uring": io_uring rules (AppArmor 4.0)
	Mqueue          bool // "mqueue": message queue rules (AppArmor 4.0)
	MqueuePosix     bool // "mqueue-posix": mqueue rules with type=posix
	Prompt          bool // "prompt": the prompt rule prefix
	QIPCRTRSocket   bool // "qipcrtr-socket": network qipcrtr
	SnapdInternal   bool // "snapd-internal": the parser snapd vendors (Ubuntu Core)
	Tags            bool // "tags": rule tags
	Unconfined      bool // "unconfined": the unconfined profile flag
	Unsafe          bool // "unsafe": change_profile unsafe
	Userns          bool // "userns": the userns rule (AppArmor 4.0)
	XDP             bool // "xdp": network xdp
}

// parserFeatureNames maps snapd's names to the fields, sorted by name.
var parserFeatureNames = []struct {
	name  string
	field func(*ParserFeatures) *bool
}{
	{"allow-all", func(f *ParserFeatures) *bool { return &f.AllowAll }},
	{"cap-audit-read", func(f *ParserFeatures) *bool { return &f.CapAuditRead }},
	{"cap-bpf", func(f *ParserFeatures) *bool { return &f.CapBPF }},
	{"include-if-exists", func(f *ParserFeatures) *bool { return &f.IncludeIfExists }},
	{"io-uring", func(f *ParserFeatures) *bool { return &f.IOUring }},
	{"mqueue", func(f *ParserFeatures) *bool { return &f.Mqueue }},
	{"mqueue-posix", func(f *ParserFeatures) *bool { return &f.MqueuePosix }},
	{"prompt", func(f *ParserFeatures) *bool { return &f.Prompt }},
	{"qipcrtr-socket", func(f *ParserFeatures) *bool { return &f.QIPCRTRSocket }},
	{"snapd-internal", func(f *ParserFeatures) *bool { return &f.SnapdInternal }},
	{"tags", func(f *ParserFeatures) *bool { return &f.Tags }},
	{"unconfined", func(f *ParserFeatures) *bool { return &f.Unconfined }},
	{"unsafe", func(f *ParserFeatures) *bool { return &f.Unsafe }},
	{"userns", func(f *ParserFeatures) *bool { return &f.Userns }},
	{"xdp", func(f *ParserFeatures) *bool { return &f.XDP }},
}

// ParserFeatureNames lists every parser feature name ParseParserFeatures
// accepts, sorted.
func ParserFeatureNames() []string {
	names := make([]string, len(parserFeatureNames))
	for i, n := range parserFeatureNames {
		names[i] = n.name
	}
	return names
}

// DefaultParserFeatures are the features snapd's probe reports for
// apparmor_parser 3.0 (Debian 12, Ubuntu 22.04): cap-audit-read, cap-bpf,
// include-if-exists, qipcrtr-socket, unconfined, unsafe and xdp.
func DefaultParserFeatures() ParserFeatures {
	f, _ := ParseParserFeatures("cap-audit-read,cap-bpf,include-if-exists,qipcrtr-socket,unconfined,unsafe,xdp")
	return f
}

// ParseParserFeatures reads a comma-separated list of snapd's parser
// feature names ("cap-bpf,xdp"); "" and "none" are the empty set.
func ParseParserFeatures(list string) (ParserFeatures, error) {
	var f ParserFeatures
	if strings.TrimSpace(list) == "none" {
		return f, nil
	}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		i, ok := slices.BinarySearchFunc(parserFeatureNames, name, func(e struct {
			name  string
			field func(*ParserFeatures) *bool
		}, n string) int {
			return strings.Compare(e.name, n)
		})
		if !ok {
			return ParserFeatures{}, fmt.Errorf("invalid parser feature %q: use %s", name, strings.Join(ParserFeatureNames(), ", "))
		}
		*parserFeatureNames[i].field(&f) = true
	}
	return f, nil
}

// Names lists the features that are set, by snapd's names, sorted.
func (f ParserFeatures) Names() []string {
	var names []string
	for _, n := range parserFeatureNames {
		if *n.field(&f) {
			names = append(names, n.name)
		}
	}
	return names
}

// String is the comma-separated list ParseParserFeatures reads; "none"
// for the empty set.
func (f ParserFeatures) String() string {
	if names := f.Names(); len(names) > 0 {
		return strings.Join(names, ",")
	}
	return "none"
}

// KernelFeatures is a set of the kernel's AppArmor features, by snapd's
// names (see Options.Kernel).
type KernelFeatures struct {
	names []string // sorted, unique
}

// DefaultKernelFeatures is snapd's preferred set: caps, dbus, domain,
// file, mount, namespaces, network, ptrace and signal.
func DefaultKernelFeatures() KernelFeatures {
	return ParseKernelFeatures("caps,dbus,domain,file,mount,namespaces,network,ptrace,signal")
}

// ParseKernelFeatures reads a comma-separated list of kernel feature
// names; "" and "none" are the empty set. Any name is accepted: kernels
// grow features that no list here could know.
func ParseKernelFeatures(list string) KernelFeatures {
	var names []string
	if strings.TrimSpace(list) != "none" {
		for _, name := range strings.Split(list, ",") {
			if name = strings.TrimSpace(name); name != "" {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return KernelFeatures{names: slices.Compact(names)}
}

// Has tells whether the kernel has the named feature.
func (k KernelFeatures) Has(name string) bool {
	_, ok := slices.BinarySearch(k.names, name)
	return ok
}

// Names lists the features, sorted.
func (k KernelFeatures) Names() []string { return slices.Clone(k.names) }

// String is the comma-separated list ParseKernelFeatures reads; "none"
// for the empty set.
func (k KernelFeatures) String() string {
	if len(k.names) == 0 {
		return "none"
	}
	return strings.Join(k.names, ",")
}

// validate checks the host facts that are written into rules: each must
// stay one path or name, so that no value ends its rule or starts another
// (they come from the command line or the machine, which no snap.yaml
// validation has seen).
func (o Options) validate() error {
	if !isPlainPath(o.SnapMountDir) {
		return fmt.Errorf("invalid snap mount directory %q: use an absolute, clean path of letters, digits and /._+-", o.SnapMountDir)
	}
	if err := snap.ValidateName(o.KernelSnap); err != nil {
		return fmt.Errorf("invalid kernel snap: %w", err)
	}
	for _, s := range o.SystemSnaps {
		if err := snap.ValidateName(s.Name); err != nil {
			return fmt.Errorf("invalid system snap: %w", err)
		}
		if _, err := snap.ParseRevision(s.Revision); err != nil {
			return fmt.Errorf("invalid revision of system snap %q: %w", s.Name, err)
		}
	}
	if o.OverlayRoot != "" {
		if !path.IsAbs(o.OverlayRoot) || strings.ContainsFunc(o.OverlayRoot, func(r rune) bool {
			return r < 0x20 || r == 0x7f || strings.ContainsRune("\"\\?*[]{}^", r)
		}) {
			return fmt.Errorf("invalid overlay root %q: use an absolute path without quotes, backslashes, control characters or any of ?*[]{}^", o.OverlayRoot)
		}
	}
	return nil
}

// isPlainPath tells whether p is an absolute, clean path that needs no
// quoting in a rule and holds no pattern.
func isPlainPath(p string) bool {
	if !path.IsAbs(p) || path.Clean(p) != p {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._+-", r)) {
			return false
		}
	}
	return true
}
