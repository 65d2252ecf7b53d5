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
// information and, per backend, what its plugs add. Every field may be
// left empty.
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
	// [Service] settings for the daemons of a plug, connected or not: as
	// with snapd's service snippets, they are part of the unit and do not
	// come and go with the connection.
	permanentPlugServices []string

	// AppArmor switches for the apps of a connected plug.
	usesPtraceTrace             bool
	suppressPtraceTrace         bool
	suppressSysModuleCapability bool

	// controlsDeviceCgroup: a connected plug makes the snap manage its
	// own device cgroup, so it gets no udev tagging rules.
	controlsDeviceCgroup bool
}

// A type that embeds commonInterface inherits these hooks, so asserting
// them again for that type proves nothing: a misspelt override still
// satisfies the assertion through the promoted method. Such a type asserts
// only the hooks commonInterface lacks; its golden files check its
// overrides.
var (
	_ interfaces.Interface          = (*commonInterface)(nil)
	_ apparmor.ConnectedPlugDefiner = (*commonInterface)(nil)
	_ seccomp.ConnectedPlugDefiner  = (*commonInterface)(nil)
	_ udev.ConnectedPlugDefiner     = (*commonInterface)(nil)
	_ kmod.ConnectedPlugDefiner     = (*commonInterface)(nil)
	_ systemd.PermanentPlugDefiner  = (*commonInterface)(nil)
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
	if c.suppressSysModuleCapability {
		spec.SetSuppressSysModuleCapability()
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

// SystemdPermanentPlug adds the plug's service settings.
func (c *commonInterface) SystemdPermanentPlug(spec *systemd.Specification, plug *snap.PlugInfo) error {
	for _, s := range c.permanentPlugServices {
		if err := spec.AddServiceSnippet(s); err != nil {
			return err
		}
	}
	return nil
}
