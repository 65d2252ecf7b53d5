// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
)

// Options say what to compile for. The zero value compiles for the host
// snapd's reference corpus describes (an Ubuntu 24.04 classic system,
// snaps in /snap, AppArmor fully supported, amd64 unless the machine is
// another architecture), with installation, connection and
// auto-connection decided by the catalog's base declaration.
type Options struct {
	// Core compiles for Ubuntu Core rather than a classic distribution:
	// the system snap then offers the slots implicit on Core, and the
	// templates use Core's paths. It overrides AppArmor.Core.
	Core bool

	// Connect lists connections to make, each "SNAP:PLUG" (resolved as
	// `snap connect` does) or "SNAP:PLUG=SNAP:SLOT" (a slot snap or name
	// may be left out, as in "SNAP:PLUG=:SLOT"). Policy must allow each,
	// unless Dangerous.
	Connect []string
	// NoAutoConnect makes only the connections of Connect.
	NoAutoConnect bool
	// ConnectAll connects every plug that has a slot of its interface on
	// the system snap, bypassing connection policy (a test shortcut); it
	// replaces auto-connection and adds a warning.
	ConnectAll bool
	// SnapDeclarations are the store's grants for the snaps.
	SnapDeclarations []*policy.SnapDeclaration
	// Dangerous compiles what policy refuses, with a warning for each
	// refusal overridden, as `snap install --dangerous` does.
	Dangerous bool
	// Strict turns warnings into an error: keys snap.yaml's parser
	// ignored, plugs and slots left out (an interface the catalog does
	// not have, or one its interface refused), and policy refusals
	// Dangerous or ConnectAll bypassed.
	Strict bool

	// JailMode enforces the policy of devmode snaps, as
	// `snap install --jailmode` does.
	JailMode bool
	// Confinement overrides, per snap instance name, the confinement
	// derived from the snap and JailMode.
	Confinement map[string]interfaces.ConfinementOptions

	// Backends names the backends to render (see BackendNames); empty
	// means all of them.
	Backends []string

	// Catalog is the interface catalog; nil means the builtin one fitted
	// to Host.
	Catalog []interfaces.Interface
	// Host holds the facts of the target machine that interfaces read
	// (processor flags, the host directories they mount from); see
	// builtin.ProbeHost. It is ignored when Catalog is set.
	Host builtin.Host

	// Arch is the target's architecture; ArchInvalid (the zero value)
	// means this machine's (bpf.HostArch).
	Arch bpf.Arch
	// AppArmor are the AppArmor backend's options; nil means
	// apparmor.DefaultOptions(). Core is taken from Options.Core.
	AppArmor *apparmor.Options
	// Seccomp are the seccomp backend's options. Arch is taken from
	// Options.Arch, and AppArmorIncomplete from the AppArmor options, so
	// that the two backends never disagree about the host.
	Seccomp seccomp.Options
	// SeccompCompiler compiles the seccomp sources to .bin filters; nil
	// means seccomp.BPFCompiler for Arch. NoBPF writes the sources alone.
	SeccompCompiler seccomp.Compiler
	NoBPF           bool
	UDev            udev.Options
	KMod            kmod.Options
	Systemd         systemd.Options
	Mount           mount.Options
}

// BackendNames are the names of the backends, in the order they render.
func BackendNames() []string {
	return []string{"apparmor", "seccomp", "udev", "kmod", "systemd", "mount"}
}

// arch is the target architecture.
func (o *Options) arch() bpf.Arch {
	if o.Arch == bpf.ArchInvalid {
		return bpf.HostArch()
	}
	return o.Arch
}

// appArmorOptions are the AppArmor backend's options, with Core settled.
func (o *Options) appArmorOptions() apparmor.Options {
	aa := apparmor.DefaultOptions()
	if o.AppArmor != nil {
		aa = *o.AppArmor
	}
	aa.Core = o.Core
	return aa
}

// backends returns the backends Options ask for, in BackendNames order.
func (o *Options) backends() ([]interfaces.Backend, error) {
	aa := o.appArmorOptions()
	sc := o.Seccomp
	sc.Arch = o.arch()
	sc.AppArmorIncomplete = seccomp.AppArmorIncomplete(aa)
	compiler := o.SeccompCompiler
	if compiler == nil && !o.NoBPF {
		compiler = seccomp.BPFCompiler{Arch: sc.Arch}
	}
	all := []interfaces.Backend{
		&apparmor.Backend{Options: aa},
		&seccomp.Backend{Options: sc, Compiler: compiler},
		&udev.Backend{Options: o.UDev},
		&kmod.Backend{Options: o.KMod},
		&systemd.Backend{Options: o.Systemd},
		&mount.Backend{Options: o.Mount},
	}
	if len(o.Backends) == 0 {
		return all, nil
	}
	want := map[string]bool{}
	for _, name := range o.Backends {
		if !slices.Contains(BackendNames(), name) {
			return nil, fmt.Errorf("unknown backend %q: use one of %s", name, strings.Join(BackendNames(), ", "))
		}
		want[name] = true
	}
	var out []interfaces.Backend
	for _, b := range all {
		if want[b.Name()] {
			out = append(out, b)
		}
	}
	return out, nil
}

// catalog is the interface catalog Options ask for.
func (o *Options) catalog() []interfaces.Interface {
	if o.Catalog != nil {
		return o.Catalog
	}
	return builtin.ForHost(builtin.Interfaces(), o.Host)
}
