// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"fmt"
	"path"
	"strings"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
	"gopkg.in/yaml.v2"
)

// Revision is the revision snapd-ref gives the plug and slot snaps.
var Revision = snap.R(42)

// Interfaces returns the interfaces a scenario's snaps plug or slot.
func (sc *Scenario) Interfaces() ([]string, error) {
	var out []string
	for _, doc := range [][]byte{sc.SnapYAML, sc.ProviderYAML} {
		if doc == nil {
			continue
		}
		var y struct {
			Plugs map[string]interface{} `yaml:"plugs"`
			Slots map[string]interface{} `yaml:"slots"`
		}
		if err := yaml.Unmarshal(doc, &y); err != nil {
			return nil, fmt.Errorf("cannot read the snaps of %s: %w", sc.Name, err)
		}
		for _, decls := range []map[string]interface{}{y.Plugs, y.Slots} {
			for name, decl := range decls {
				iface := name
				switch d := decl.(type) {
				case string:
					iface = d
				case map[interface{}]interface{}:
					if s, ok := d["interface"].(string); ok {
						iface = s
					}
				}
				out = append(out, iface)
			}
		}
	}
	return out, nil
}

// Covered tells whether the catalog has every interface of the scenario.
func (sc *Scenario) Covered(catalog []interfaces.Interface) (bool, error) {
	have := map[string]bool{}
	for _, iface := range catalog {
		have[iface.Name()] = true
	}
	names, err := sc.Interfaces()
	if err != nil {
		return false, err
	}
	for _, n := range names {
		if !have[n] {
			return false, nil
		}
	}
	return true, nil
}

// AppArmorOptions are the AppArmor host facts of the scenario.
func (sc *Scenario) AppArmorOptions() (apparmor.Options, error) {
	opts := apparmor.DefaultOptions()
	parser, err := apparmor.ParseParserFeatures(sc.Fact("parser features"))
	if err != nil {
		return apparmor.Options{}, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	opts.Parser = parser
	opts.Kernel = apparmor.ParseKernelFeatures(sc.Fact("kernel features"))
	opts.Core = sc.Core()
	opts.Prompting = sc.Prompting()
	return opts, nil
}

// SeccompOptions are the seccomp host facts of the scenario: the
// architecture and os-release of its "system" line ("classic (Ubuntu 24.04
// amd64, OnClassic=true, os-release ubuntu 24.04)"), the group owning
// /etc/shadow of its "host" line, and whether its
// AppArmor facts (aa) make snapd's AppArmor level less than full. The
// kernel release was not mocked, so it is left unknown.
func (sc *Scenario) SeccompOptions(aa apparmor.Options) (seccomp.Options, error) {
	opts := seccomp.Options{AppArmorIncomplete: seccomp.AppArmorIncomplete(aa)}
	system := sc.Fact("system")
	_, desc, ok := strings.Cut(system, "(")
	if !ok {
		return opts, fmt.Errorf("scenario %s: cannot read the system %q", sc.Name, system)
	}
	parts := strings.Split(strings.TrimSuffix(desc, ")"), ",")
	words := strings.Fields(parts[0])
	if len(words) == 0 {
		return opts, fmt.Errorf("scenario %s: cannot read the system %q", sc.Name, system)
	}
	arch, err := bpf.ParseArch(words[len(words)-1])
	if err != nil {
		return opts, fmt.Errorf("scenario %s: system %q: %w", sc.Name, system, err)
	}
	opts.Arch = arch
	for _, p := range parts[1:] {
		if rel, ok := strings.CutPrefix(strings.TrimSpace(p), "os-release "); ok {
			opts.OSID, opts.OSVersionID, _ = strings.Cut(rel, " ")
		}
	}
	if opts.OSID == "" {
		return opts, fmt.Errorf("scenario %s: the system %q has no os-release", sc.Name, system)
	}
	gid, err := sc.ShadowGID()
	opts.ShadowGID = gid
	return opts, err
}

// Host is the scenario's mocked host, from its "host" line ("fake root,
// otherwise empty: /etc/shadow (group id 42), /proc/cpuinfo (flags: fpu
// sse sse2 vmx), directories /usr/share/nvidia, ..."): the processor
// flags snapd read and the directories the fake root has. A scenario without
// a /proc/cpuinfo has no flags.
func (sc *Scenario) Host() builtin.Host {
	var h builtin.Host
	host := sc.Fact("host")
	if _, dirs, ok := strings.Cut(host, "directories "); ok {
		for _, d := range strings.Split(dirs, ", ") {
			if !strings.HasPrefix(d, "/") {
				break
			}
			h.Dirs = append(h.Dirs, strings.TrimSpace(d))
		}
	}
	h.BootConfig = strings.Contains(host, "/boot/config-")
	_, after, ok := strings.Cut(host, "/proc/cpuinfo (flags:")
	if !ok {
		return h
	}
	flags, _, _ := strings.Cut(after, ")")
	h.CPUFlags = strings.Fields(flags)
	return h
}

// Inputs are the scenario's snaps and the options that compile them as
// snapd-ref did: its connections, host and system. With a nil catalog
// the options name the builtin catalog by the host's facts (Options.Host),
// as the CLI does, so that Update may reuse what it compiled; otherwise
// they carry the catalog fitted to the host.
func Inputs(sc *Scenario, catalog []interfaces.Interface) ([]*snap.Info, plugpolicy.Options, error) {
	var infos []*snap.Info
	if sc.SnapYAML != nil {
		info, err := snap.Parse(sc.SnapYAML, snap.Options{InstanceKey: sc.InstanceKey(), Revision: Revision})
		if err != nil {
			return nil, plugpolicy.Options{}, fmt.Errorf("scenario %s: snap.yaml: %w", sc.Name, err)
		}
		infos = append(infos, info)
	}
	if sc.ProviderYAML != nil {
		info, err := snap.Parse(sc.ProviderYAML, snap.Options{Revision: Revision})
		if err != nil {
			return nil, plugpolicy.Options{}, fmt.Errorf("scenario %s: provider.yaml: %w", sc.Name, err)
		}
		infos = append(infos, info)
	}
	aa, err := sc.AppArmorOptions()
	if err != nil {
		return nil, plugpolicy.Options{}, err
	}
	sopts, err := sc.SeccompOptions(aa)
	if err != nil {
		return nil, plugpolicy.Options{}, err
	}
	// snapd-ref's scenarios make their connections without asking policy,
	// and nothing else: Dangerous and NoAutoConnect do the same.
	opts := plugpolicy.Options{Core: sc.Core(), Dangerous: true, NoAutoConnect: true,
		AppArmor: &aa, Seccomp: sopts, Arch: sopts.Arch, NoBPF: true}
	if catalog == nil {
		opts.Host = sc.Host()
	} else {
		opts.Catalog = builtin.ForHost(catalog, sc.Host())
	}
	for _, c := range sc.Connections {
		plug, slot, ok := strings.Cut(c, " ")
		if !ok {
			return nil, plugpolicy.Options{}, fmt.Errorf("scenario %s: invalid connection %q", sc.Name, c)
		}
		opts.Connect = append(opts.Connect, plug+"="+slot)
	}
	return infos, opts, nil
}

// Render compiles the scenario's snaps and connections with plugpolicy
// for the scenario's host, and returns every file written, keyed by the
// corpus path it is compared with (see CorpusPath). A nil catalog is
// the builtin one.
func Render(sc *Scenario, catalog []interfaces.Interface) (map[string][]byte, error) {
	if catalog == nil {
		catalog = builtin.Interfaces()
	}
	infos, opts, err := Inputs(sc, catalog)
	if err != nil {
		return nil, err
	}
	res, err := plugpolicy.Compile(infos, opts)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	for _, s := range res.Snaps {
		if len(s.LeftOut) > 0 {
			return nil, fmt.Errorf("scenario %s: %s", sc.Name, s.LeftOut[0])
		}
	}
	out := map[string][]byte{}
	for _, f := range res.Files {
		out[CorpusPath(f.Path)] = f.Data
	}
	return out, nil
}

// UnitSettingsSuffix marks the pseudo-file that holds the settings
// interfaces add to a service unit: plugpolicy writes them as a drop-in
// (UNIT.d/snap-interfaces.conf), snapd into the unit itself, so they are
// compared as "UNIT" + UnitSettingsSuffix on both sides.
const UnitSettingsSuffix = " (interface settings)"

// CorpusPath maps a path plugpolicy writes to the corpus path it is
// compared with.
func CorpusPath(name string) string {
	dir, file := path.Split(name)
	if unit, ok := strings.CutSuffix(strings.TrimSuffix(dir, "/"), ".d"); ok && strings.HasPrefix(name, "etc/systemd/") && strings.HasSuffix(file, ".conf") {
		return unit + UnitSettingsSuffix
	}
	return name
}
