// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package pipeline assembles the data flow of DESIGN.md for the command
// line and the tests: a repository with the builtin catalog and the system
// snap, the snaps to compile, their connections, and the backends that
// render and write their files.
package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
)

// Config says how to assemble the pipeline.
type Config struct {
	// Core builds for Ubuntu Core rather than a classic distribution:
	// the system snap then offers the slots implicit on Core.
	Core bool
	// Connect lists connections to make, each "SNAP:PLUG" (resolved as
	// `snap connect` does) or "SNAP:PLUG=SNAP:SLOT" (a slot snap or name
	// may be left out, as in "SNAP:PLUG=:SLOT").
	Connect []string
	// ConnectAll connects every plug that has a slot of its interface on
	// the system snap (after the explicit connections).
	ConnectAll bool
	// Catalog is the interface catalog; nil means builtin.Interfaces().
	Catalog []interfaces.Interface
	// Policy, when set, makes the base and snap declarations decide:
	// installation of each snap, the connections asked for, and
	// auto-connection of the rest. Without it nothing is checked and
	// only the connections asked for are made (the tests' shortcut).
	Policy *PolicyConfig
}

// PolicyConfig says how policy decides.
type PolicyConfig struct {
	// SnapDeclarations are the store's grants for the snaps.
	SnapDeclarations []*policy.SnapDeclaration
	// Dangerous compiles what policy refuses, with a warning for each
	// refusal overridden (as snap install --dangerous).
	Dangerous bool
	// NoAutoConnect makes only the connections asked for.
	NoAutoConnect bool
}

// Pipeline is a repository holding the system snap and the snaps to
// compile, with their connections made.
type Pipeline struct {
	Repo *interfaces.Repository
	// System is the system snap's name.
	System string
	// Snaps are the instance names of the snaps added, in order.
	Snaps []string
	// Rejected are the plugs and slots left out of each snap.
	Rejected map[string][]interfaces.Rejected
	// Connected are the connections made, sorted.
	Connected []interfaces.ConnRef
	// AutoConnected are those of Connected that auto-connection made.
	AutoConnected []interfaces.ConnRef
	// Unconnected are the plugs auto-connection left alone, and why.
	Unconnected []policy.Unconnected
	// Warnings are the policy refusals overridden by Dangerous or
	// ConnectAll.
	Warnings []string

	policy    *policy.Policy
	dangerous bool
}

// New builds a pipeline: the repository, the system snap, the snaps and
// the connections. Errors name the snap and plug at fault.
func New(infos []*snap.Info, cfg Config) (*Pipeline, error) {
	catalog := cfg.Catalog
	if catalog == nil {
		catalog = builtin.Interfaces()
	}
	repo, err := interfaces.NewRepository(catalog)
	if err != nil {
		return nil, err
	}
	system, err := interfaces.SystemSnap(snap.TypeSnapd, !cfg.Core, catalog)
	if err != nil {
		return nil, err
	}
	if _, err := repo.AddSnap(system); err != nil {
		return nil, err
	}
	p := &Pipeline{Repo: repo, System: system.InstanceName(), Rejected: map[string][]interfaces.Rejected{}}
	if cfg.Policy != nil {
		if err := p.setPolicy(catalog, cfg); err != nil {
			return nil, err
		}
	}
	for _, info := range infos {
		rejected, err := repo.AddSnap(info)
		if err != nil {
			return nil, err
		}
		// Policy judges the plugs and slots as the repository holds
		// them: sanitized, as snapd checks them, and without those the
		// catalog left out.
		if err := p.checkInstallation(repo.Snap(info.InstanceName())); err != nil {
			return nil, err
		}
		p.Snaps = append(p.Snaps, info.InstanceName())
		if len(rejected) > 0 {
			p.Rejected[info.InstanceName()] = rejected
		}
	}
	for _, c := range cfg.Connect {
		if err := p.connect(c); err != nil {
			return nil, err
		}
	}
	if cfg.ConnectAll {
		if p.policy != nil {
			p.Warnings = append(p.Warnings, "--connect-all connects every plug the system has a slot for, bypassing connection policy")
		}
		if err := p.connectAll(); err != nil {
			return nil, err
		}
	} else if p.policy != nil && !cfg.Policy.NoAutoConnect {
		res, err := p.policy.AutoConnect(repo, p.Snaps)
		if err != nil {
			return nil, err
		}
		p.AutoConnected, p.Unconnected = res.Connected, res.Unconnected
		p.Connected = append(p.Connected, res.Connected...)
	}
	interfaces.SortConnRefs(p.Connected)
	return p, nil
}

// connect makes one connection given on the command line.
func (p *Pipeline) connect(req string) error {
	plugPart, slotPart, _ := strings.Cut(req, "=")
	plugSnap, plugName, ok := strings.Cut(plugPart, ":")
	if !ok || plugSnap == "" || plugName == "" {
		return fmt.Errorf("invalid connection %q: expected SNAP:PLUG or SNAP:PLUG=SNAP:SLOT", req)
	}
	slotSnap, slotName := "", ""
	if slotPart != "" {
		slotSnap, slotName, ok = strings.Cut(slotPart, ":")
		if !ok {
			slotSnap, slotName = slotPart, ""
		}
	}
	ref, err := p.Repo.ResolveConnect(plugSnap, plugName, slotSnap, slotName)
	if err != nil {
		return err
	}
	if err := p.checkConnection(ref); err != nil {
		return err
	}
	if _, err := p.Repo.Connect(ref, nil, nil); err != nil {
		return err
	}
	p.Connected = append(p.Connected, ref)
	return nil
}

// connectAll connects every plug of the snaps that has a slot of its
// interface on the system snap and is not connected yet.
func (p *Pipeline) connectAll() error {
	connected := make(map[interfaces.PlugRef]bool)
	for _, ref := range p.Connected {
		connected[ref.PlugRef] = true
	}
	for _, name := range p.Snaps {
		for _, plug := range p.Repo.Snap(name).SortedPlugs() {
			plugRef := interfaces.PlugRef{Snap: name, Name: plug.Name}
			if connected[plugRef] || p.Repo.Slot(p.System, plug.Interface) == nil {
				continue
			}
			ref := interfaces.ConnRef{PlugRef: plugRef, SlotRef: interfaces.SlotRef{Snap: p.System, Name: plug.Interface}}
			if _, err := p.Repo.Connect(ref, nil, nil); err != nil {
				return err
			}
			p.Connected = append(p.Connected, ref)
		}
	}
	return nil
}

// BackendOptions configure the backends Backends builds.
type BackendOptions struct {
	AppArmor apparmor.Options
	Seccomp  seccomp.Options
	// SeccompCompiler compiles the seccomp sources to .bin filters; nil
	// means seccomp.BPFCompiler for the host's architecture. Set NoBPF to
	// write the sources alone.
	SeccompCompiler seccomp.Compiler
	NoBPF           bool
	UDev            udev.Options
	KMod            kmod.Options
	Systemd         systemd.Options
	Mount           mount.Options
}

// Backends returns the six backends, in the order of DESIGN.md (the
// mount backend, added last, writes the mount profiles; the AppArmor
// backend writes the snap-update-ns profile that goes with them).
func Backends(opts BackendOptions) []interfaces.Backend {
	compiler := opts.SeccompCompiler
	if compiler == nil && !opts.NoBPF {
		compiler = seccomp.BPFCompiler{}
	}
	return []interfaces.Backend{
		&apparmor.Backend{Options: opts.AppArmor},
		&seccomp.Backend{Options: opts.Seccomp, Compiler: compiler},
		&udev.Backend{Options: opts.UDev},
		&kmod.Backend{Options: opts.KMod},
		&systemd.Backend{Options: opts.Systemd},
		&mount.Backend{Options: opts.Mount},
	}
}

// BackendNames are the names of the backends, sorted.
func BackendNames() []string {
	var names []string
	for _, b := range Backends(BackendOptions{}) {
		names = append(names, b.Name())
	}
	sort.Strings(names)
	return names
}

// Render renders every backend's files for one snap of the pipeline,
// keyed by path relative to the root.
func (p *Pipeline) Render(instanceName string, backends []interfaces.Backend, jailmode bool) (interfaces.Files, error) {
	info := p.Repo.Snap(instanceName)
	if info == nil {
		return nil, fmt.Errorf("cannot render snap %q: not in the pipeline", instanceName)
	}
	conf := interfaces.ConfinementFor(info, jailmode)
	out := interfaces.Files{}
	for _, b := range backends {
		files, err := interfaces.Render(b, p.Repo, instanceName, conf)
		if err != nil {
			return nil, err
		}
		for name, data := range files {
			out[name] = data
		}
	}
	return out, nil
}
