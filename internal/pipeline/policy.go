// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package pipeline

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/snap"
)

// setPolicy builds the policy of the catalog's base declaration for the
// system the pipeline targets.
func (p *Pipeline) setPolicy(catalog []interfaces.Interface, cfg Config) error {
	base, err := policy.BaseDeclaration(catalog)
	if err != nil {
		return err
	}
	p.policy, err = policy.New(base, policy.Device{Classic: !cfg.Core}, cfg.Policy.SnapDeclarations...)
	p.dangerous = cfg.Policy.Dangerous
	return err
}

// checkInstallation refuses a snap that policy does not let install,
// unless the pipeline is dangerous; then each refusal is a warning.
func (p *Pipeline) checkInstallation(info *snap.Info) error {
	if p.policy == nil {
		return nil
	}
	denials := p.policy.InstallationDenials(info)
	if len(denials) == 0 {
		return nil
	}
	if !p.dangerous {
		return fmt.Errorf("cannot install snap %q: %w", info.InstanceName(), denials[0])
	}
	for _, d := range denials {
		p.Warnings = append(p.Warnings, fmt.Sprintf("snap %q: --dangerous bypasses: %v", info.InstanceName(), d))
	}
	return nil
}

// checkConnection refuses a connection asked for that policy does not
// allow, unless the pipeline is dangerous.
func (p *Pipeline) checkConnection(ref interfaces.ConnRef) error {
	plugInfo, slotInfo := p.Repo.Plug(ref.PlugRef.Snap, ref.PlugRef.Name), p.Repo.Slot(ref.SlotRef.Snap, ref.SlotRef.Name)
	if p.policy == nil || plugInfo == nil || slotInfo == nil {
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
	err = p.policy.CheckConnection(plug, slot)
	switch {
	case err == nil:
		return nil
	case p.dangerous:
		p.Warnings = append(p.Warnings, fmt.Sprintf("connection %s: --dangerous bypasses: %v", ref.ID(), err))
		return nil
	}
	return fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
}
