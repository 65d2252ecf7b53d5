// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/par"
	"github.com/plugpolicy/plugpolicy/snap"
)

// CompileYAML parses each snap.yaml document (revision 1, no instance
// key) and compiles the snaps. A document that does not parse is an
// error naming the snap, or the document's position when it has no
// valid name, with every problem found.
func CompileYAML(opts Options, docs ...[]byte) (*Result, error) {
	infos := make([]*snap.Info, len(docs))
	errs := make([]error, len(docs))
	par.Do(len(docs), func(i int) { infos[i], errs[i] = snap.Parse(docs[i], snap.Options{Revision: snap.R(1)}) })
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("snap.yaml document %d: %w", i+1, err)
		}
	}
	return Compile(infos, opts)
}

// Compile compiles the snaps' policy: it builds the repository, checks
// installation, makes the connections and renders every backend's files
// for every snap. Errors name the snap, plug or slot at fault; nothing is
// half done, since nothing is written.
func Compile(infos []*snap.Info, opts Options) (*Result, error) {
	res, err := Connect(infos, opts)
	if err != nil {
		return nil, err
	}
	if err := res.renderAll(); err != nil {
		return nil, err
	}
	res.sortFiles()
	return res, nil
}

// Connect does what Compile does but render: it builds the repository,
// checks installation and makes the connections. Its Result has no
// Files; it is the dry run of `plugpolicy connections`, and the
// repository for callers that render with backends of their own
// (interfaces.Render with Result.Repo).
func Connect(infos []*snap.Info, opts Options) (*Result, error) {
	backends, err := opts.backends()
	if err != nil {
		return nil, err
	}
	c, err := newCompiler(infos, &opts)
	if err != nil {
		return nil, err
	}
	res := c.result(backends)
	if opts.Strict {
		if err := strictError(res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// compiler is a repository holding the system snap and the snaps to
// compile, with their connections made.
type compiler struct {
	opts   *Options
	repo   *interfaces.Repository
	system string
	snaps  []string
	// rejected are the plugs and slots left out of each snap.
	rejected map[string][]interfaces.Rejected
	// connected are the connections made; auto are those of them that
	// auto-connection made.
	connected, auto []interfaces.ConnRef
	unconnected     []policy.Unconnected
	warnings        []string
	policy          *policy.Policy
}

func newCompiler(infos []*snap.Info, opts *Options) (*compiler, error) {
	catalog := opts.catalog()
	repo, err := interfaces.NewRepository(catalog)
	if err != nil {
		return nil, err
	}
	system, err := interfaces.SystemSnap(snap.TypeSnapd, !opts.Core, catalog)
	if err != nil {
		return nil, err
	}
	if _, err := repo.AddSnap(system); err != nil {
		return nil, err
	}
	base, err := policy.BaseDeclaration(catalog)
	if err != nil {
		return nil, err
	}
	pol, err := policy.New(base, policy.Device{Classic: !opts.Core}, opts.SnapDeclarations...)
	if err != nil {
		return nil, err
	}
	c := &compiler{opts: opts, repo: repo, system: system.InstanceName(), policy: pol,
		rejected: map[string][]interfaces.Rejected{}}
	for _, info := range infos {
		if info == nil {
			return nil, errors.New("cannot compile a nil snap.Info")
		}
		rejected, err := repo.AddSnap(info)
		if err != nil {
			return nil, err
		}
		// Policy judges the plugs and slots as the repository holds
		// them: sanitized, as snapd checks them, and without those the
		// catalog left out.
		if err := c.checkInstallation(repo.Snap(info.InstanceName())); err != nil {
			return nil, err
		}
		c.snaps = append(c.snaps, info.InstanceName())
		if len(rejected) > 0 {
			c.rejected[info.InstanceName()] = rejected
		}
	}
	if err := c.connectAll(); err != nil {
		return nil, err
	}
	interfaces.SortConnRefs(c.connected)
	return c, nil
}

// connectAll makes the connections asked for, then auto-connects (or, with
// ConnectAll, connects to the system snap) the plugs left.
func (c *compiler) connectAll() error {
	for _, req := range c.opts.Connect {
		if err := c.connect(req); err != nil {
			return err
		}
	}
	switch {
	case c.opts.ConnectAll:
		c.warnings = append(c.warnings, "--connect-all connects every plug the system has a slot for, bypassing connection policy")
		return c.connectToSystem()
	case c.opts.NoAutoConnect:
		return nil
	}
	res, err := c.policy.AutoConnect(c.repo, c.snaps)
	if err != nil {
		return err
	}
	c.auto, c.unconnected = res.Connected, res.Unconnected
	c.connected = append(c.connected, res.Connected...)
	return nil
}

// checkInstallation refuses a snap that policy does not let install,
// unless Dangerous; then each refusal is a warning.
func (c *compiler) checkInstallation(info *snap.Info) error {
	denials := c.policy.InstallationDenials(info)
	if len(denials) == 0 {
		return nil
	}
	if !c.opts.Dangerous {
		return fmt.Errorf("cannot install snap %q: %w", info.InstanceName(), denials[0])
	}
	for _, d := range denials {
		c.warnings = append(c.warnings, fmt.Sprintf("snap %q: --dangerous bypasses: %v", info.InstanceName(), d))
	}
	return nil
}

// connect makes one connection of Options.Connect.
func (c *compiler) connect(req string) error {
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
	if r := c.leftOut(plugSnap, "plug", plugName); r != nil {
		return fmt.Errorf("cannot connect %s: plug %q of snap %q was left out: %s", req, plugName, plugSnap, r.describe())
	}
	if r := c.leftOut(slotSnap, "slot", slotName); slotName != "" && r != nil {
		return fmt.Errorf("cannot connect %s: slot %q of snap %q was left out: %s", req, slotName, slotSnap, r.describe())
	}
	ref, err := c.repo.ResolveConnect(plugSnap, plugName, slotSnap, slotName)
	if err != nil {
		return err
	}
	if err := c.checkConnection(ref); err != nil {
		return err
	}
	if _, err := c.repo.Connect(ref, nil, nil); err != nil {
		return err
	}
	c.connected = append(c.connected, ref)
	return nil
}

// leftOut returns the plug or slot of a snap that the repository left
// out, or nil.
func (c *compiler) leftOut(instanceName, kind, name string) *LeftOut {
	for _, r := range c.rejected[instanceName] {
		if r.Kind == kind && r.Name == name {
			return &LeftOut{Snap: instanceName, Rejected: r}
		}
	}
	return nil
}

// checkConnection refuses a connection asked for that policy does not
// allow, unless Dangerous.
func (c *compiler) checkConnection(ref interfaces.ConnRef) error {
	plugInfo, slotInfo := c.repo.Plug(ref.PlugRef.Snap, ref.PlugRef.Name), c.repo.Slot(ref.SlotRef.Snap, ref.SlotRef.Name)
	if plugInfo == nil || slotInfo == nil {
		// Connect says what is missing.
		return nil
	}
	plug, err := interfaces.NewConnectedPlug(plugInfo, nil)
	if err != nil {
		return err
	}
	slot, err := interfaces.NewConnectedSlot(slotInfo, nil)
	if err != nil {
		return err
	}
	err = c.policy.CheckConnection(plug, slot)
	switch {
	case err == nil:
		return nil
	case c.opts.Dangerous:
		c.warnings = append(c.warnings, fmt.Sprintf("connection %s: --dangerous bypasses: %v", ref.ID(), err))
		return nil
	}
	return fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
}

// connectToSystem connects every plug of the snaps that has a slot of its
// interface on the system snap and is not connected yet.
func (c *compiler) connectToSystem() error {
	connected := make(map[interfaces.PlugRef]bool)
	for _, ref := range c.connected {
		connected[ref.PlugRef] = true
	}
	for _, name := range c.snaps {
		for _, plug := range c.repo.Snap(name).SortedPlugs() {
			plugRef := interfaces.PlugRef{Snap: name, Name: plug.Name}
			if connected[plugRef] || c.repo.Slot(c.system, plug.Interface) == nil {
				continue
			}
			ref := interfaces.ConnRef{PlugRef: plugRef, SlotRef: interfaces.SlotRef{Snap: c.system, Name: plug.Interface}}
			if _, err := c.repo.Connect(ref, nil, nil); err != nil {
				return err
			}
			c.connected = append(c.connected, ref)
		}
	}
	return nil
}

// strictError is the error of Strict: every warning of the result.
func strictError(res *Result) error {
	var problems []string
	for _, s := range res.Snaps {
		for _, w := range s.Info.Warnings {
			problems = append(problems, fmt.Sprintf("snap %q: snap.yaml line %d: %s: %s", s.Name, w.Line, w.Path, w.Message))
		}
		for _, l := range s.LeftOut {
			problems = append(problems, l.String())
		}
	}
	problems = append(problems, res.Warnings...)
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("strict: %s", problems[0])
	}
	return fmt.Errorf("strict: %d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
}
