// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package builtin is plugpolicy's catalog of interface definitions, one
// file per interface. Interfaces that are only data are commonInterface
// literals; interfaces with logic (attributes, flavors) embed it and add
// methods. Interfaces returns a fresh catalog on every call: nothing here
// is registered globally, so two repositories may use different catalogs.
//
// The rules are written for plugpolicy, from what each interface must
// grant; where an interface exists in snapd, it grants the same access, so
// that policy compiled here matches what snapd would enforce.
package builtin

import (
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
)

// commonInterface is an interface defined by data alone: its static
// information and, per backend, what a connected plug or a slot adds.
// Every field may be left empty.
type commonInterface struct {
	name    string
	summary string
	docURL  string

	implicitOnCore    bool
	implicitOnClassic bool

	// base declaration fragments, in YAML; see interfaces.StaticInfo
	baseDeclarationPlugs string
	baseDeclarationSlots string

	// What a connected plug adds to the profiles and filters of its apps.
	connectedPlugAppArmor string
	connectedPlugSecComp  string
	// udev rules matching the devices a connected plug's apps may use.
	connectedPlugUDev []string
	// kernel modules a connected plug needs loaded.
	connectedPlugKModModules []string
	// [Service] settings for the daemons of a connected plug.
	connectedPlugServices []string

	// What a slot adds to the profiles and filters of its own apps.
	permanentSlotAppArmor string
	permanentSlotSecComp  string

	// AppArmor switches for the apps of a connected plug.
	usesPtraceTrace             bool
	suppressPtraceTrace         bool
	usesSysModuleCapability     bool
	suppressSysModuleCapability bool

	// controlsDeviceCgroup: a connected plug makes the snap manage its
	// own device cgroup, so it gets no udev tagging rules.
	controlsDeviceCgroup bool
}

var (
	_ interfaces.Interface          = (*commonInterface)(nil)
	_ apparmor.ConnectedPlugDefiner = (*commonInterface)(nil)
	_ apparmor.PermanentSlotDefiner = (*commonInterface)(nil)
	_ seccomp.ConnectedPlugDefiner  = (*commonInterface)(nil)
	_ seccomp.PermanentSlotDefiner  = (*commonInterface)(nil)
	_ udev.ConnectedPlugDefiner     = (*commonInterface)(nil)
	_ kmod.ConnectedPlugDefiner     = (*commonInterface)(nil)
	_ systemd.ConnectedPlugDefiner  = (*commonInterface)(nil)
)

// Name is the interface's name.
func (c *commonInterface) Name() string { return c.name }

// StaticInfo is the interface's static information.
func (c *commonInterface) StaticInfo() interfaces.StaticInfo {
	return interfaces.StaticInfo{
		Summary:              c.summary,
		DocURL:               c.docURL,
		ImplicitOnCore:       c.implicitOnCore,
		ImplicitOnClassic:    c.implicitOnClassic,
		BaseDeclarationPlugs: c.baseDeclarationPlugs,
		BaseDeclarationSlots: c.baseDeclarationSlots,
	}
}

// AppArmorConnectedPlug adds the connected-plug rules and switches.
func (c *commonInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if c.connectedPlugAppArmor != "" {
		spec.AddSnippet(c.connectedPlugAppArmor)
	}
	if c.usesPtraceTrace {
		spec.SetUsesPtraceTrace()
	}
	if c.suppressPtraceTrace {
		spec.SetSuppressPtraceTrace()
	}
	if c.usesSysModuleCapability {
		spec.SetUsesSysModuleCapability()
	}
	if c.suppressSysModuleCapability {
		spec.SetSuppressSysModuleCapability()
	}
	return nil
}

// AppArmorPermanentSlot adds the slot's own rules.
func (c *commonInterface) AppArmorPermanentSlot(spec *apparmor.Specification, slot *snap.SlotInfo) error {
	if c.permanentSlotAppArmor != "" {
		spec.AddSnippet(c.permanentSlotAppArmor)
	}
	return nil
}

// SecCompConnectedPlug adds the connected-plug system calls.
func (c *commonInterface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if c.connectedPlugSecComp != "" {
		spec.AddSnippet(c.connectedPlugSecComp)
	}
	return nil
}

// SecCompPermanentSlot adds the slot's own system calls.
func (c *commonInterface) SecCompPermanentSlot(spec *seccomp.Specification, slot *snap.SlotInfo) error {
	if c.permanentSlotSecComp != "" {
		spec.AddSnippet(c.permanentSlotSecComp)
	}
	return nil
}

// UDevConnectedPlug tags the plug's devices for its apps.
func (c *commonInterface) UDevConnectedPlug(spec *udev.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, match := range c.connectedPlugUDev {
		spec.TagDevice(match)
	}
	if c.controlsDeviceCgroup {
		spec.SetControlsDeviceCgroup()
	}
	return nil
}

// KModConnectedPlug asks for the plug's kernel modules.
func (c *commonInterface) KModConnectedPlug(spec *kmod.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, m := range c.connectedPlugKModModules {
		if err := spec.AddModule(m); err != nil {
			return err
		}
	}
	return nil
}

// SystemdConnectedPlug adds the plug's service settings.
func (c *commonInterface) SystemdConnectedPlug(spec *systemd.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, s := range c.connectedPlugServices {
		if err := spec.AddServiceSnippet(s); err != nil {
			return err
		}
	}
	return nil
}
