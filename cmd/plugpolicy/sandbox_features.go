// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// hostFact is one line of "plugpolicy sandbox-features": a key and a
// string, bool or string list value.
type hostFact struct {
	key   string
	value interface{}
}

// runSandboxFeatures prints the host facts compile renders for: probed
// from this machine as compile --probe-host probes them (probeHostFacts),
// or with --defaults those compile uses without it. Both are settled for
// the architecture compile targets by default (the one plugpolicy runs
// on), as compile settles them.
func runSandboxFeatures(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sandbox-features", "", stdout, stderr)
	fs.about = i18n.G(`Prints, as "key: value" lines, the host facts "compile --probe-host" reads
from this machine (the probes are the same code), or with --defaults the
facts compile uses without --probe-host. Flags of compile such as
--parser-features still win over either. apparmor-confinement is what
snapd would call the AppArmor level: full, partial (the kernel lacks a
feature snapd prefers, or the parser lacks "unsafe") or none (no AppArmor
in the kernel); apparmor-parser is the parser probed (none with
--defaults); cpu-flags are the processor flags interfaces look at (vmx,
svm) that the host has; "none" is an empty value.
`)
	defaults := fs.Bool("defaults", false, i18n.G("print the facts compile uses without --probe-host instead of probing this machine"))
	asJSON := fs.Bool("json", false, i18n.G("print one JSON object keyed as the plain output (values are strings, booleans or lists of strings)"))
	rest, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(rest) > 0 {
		return fs.usageError(fmt.Sprintf(i18n.G("unexpected argument %q"), rest[0]))
	}
	facts := defaultHostFacts()
	if !*defaults {
		var err error
		if facts, err = probeHostFacts(); err != nil {
			fmt.Fprintf(stderr, "plugpolicy sandbox-features: %v\n", err)
			return exitInvalid
		}
	}
	facts.settle(bpf.HostArch())
	list := factList(facts)
	if *asJSON {
		obj := map[string]interface{}{}
		for _, f := range list {
			obj[f.key] = f.value
		}
		data, err := json.MarshalIndent(obj, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy sandbox-features: %v\n", err)
			return exitInvalid
		}
		fmt.Fprintf(stdout, "%s\n", data)
		return exitOK
	}
	for _, f := range list {
		fmt.Fprintf(stdout, "%s: %s\n", f.key, factString(f.value))
	}
	return exitOK
}

// factList lists the facts of h, in the order the AppArmor backend's,
// the seccomp backend's, the interfaces'.
func factList(h hostFacts) []hostFact {
	aa, sc, m := h.AppArmor, h.Seccomp, h.Machine
	system := "classic"
	if aa.Core {
		system = "core"
	}
	systemSnaps := []string{}
	for _, s := range aa.SystemSnaps {
		systemSnaps = append(systemSnaps, s.Name+"="+s.Revision)
	}
	// The confinement snapd would call full, partial (some of its
	// preferred kernel features, or a parser without "unsafe") or none
	// (no AppArmor in the kernel).
	confinement := "full"
	switch {
	case len(aa.Kernel.Names()) == 0:
		confinement = "none"
	case sc.AppArmorIncomplete:
		confinement = "partial"
	}
	shadow := uint32(seccomp.DefaultShadowGID)
	if sc.ShadowGID != nil {
		shadow = *sc.ShadowGID
	}
	cpu := []string{}
	for _, f := range builtin.HostCPUFlags {
		if m.HasCPUFlag(f) {
			cpu = append(cpu, f)
		}
	}
	return []hostFact{
		{"system", system},
		{"snap-mount-dir", aa.SnapMountDir},
		{"kernel-snap", aa.KernelSnap},
		{"system-snaps", systemSnaps},
		{"apparmor-confinement", confinement},
		{"apparmor-kernel-features", nonNil(aa.Kernel.Names())},
		{"apparmor-parser", h.Parser},
		{"apparmor-parser-features", nonNil(aa.Parser.Names())},
		{"apparmor-prompting", aa.Prompting},
		{"home-on-remote-fs", aa.HomeOnRemoteFS},
		{"overlay-root", aa.OverlayRoot},
		{"arch", sc.Arch.String()},
		{"kernel-release", sc.KernelVersion},
		{"os-release-id", sc.OSID},
		{"os-release-version-id", sc.OSVersionID},
		{"seccomp-allows-bind", sc.AppArmorIncomplete},
		{"shadow-gid", fmt.Sprint(shadow)},
		{"cpu-flags", cpu},
		{"host-dirs", nonNil(m.Dirs)},
		{"boot-config", m.BootConfig},
	}
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// factString is a fact's value in the plain output: lists
// comma-separated, "none" for an empty string or list.
func factString(v interface{}) string {
	switch v := v.(type) {
	case bool:
		return fmt.Sprint(v)
	case []string:
		v = nonNil(v)
		if len(v) == 0 {
			return "none"
		}
		return strings.Join(v, ",")
	case string:
		if v == "" {
			return "none"
		}
		return v
	}
	return fmt.Sprint(v)
}
