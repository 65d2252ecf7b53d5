// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package kmod is plugpolicy's kernel module backend: interfaces name the
// modules a snap needs loaded, options for modules, and modules that must
// not load; the backend writes etc/modules-load.d/snap.INSTANCE.conf (read
// by systemd-modules-load at boot) and etc/modprobe.d/snap.INSTANCE.conf
// (read by modprobe).
package kmod

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The hooks an interface implements to ask for kernel modules.
type (
	// ConnectedPlugDefiner acts for a connected plug.
	ConnectedPlugDefiner interface {
		KModConnectedPlug(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// ConnectedSlotDefiner acts for a connected slot.
	ConnectedSlotDefiner interface {
		KModConnectedSlot(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// PermanentPlugDefiner acts for a plug.
	PermanentPlugDefiner interface {
		KModPermanentPlug(spec *Specification, plug *snap.PlugInfo) error
	}
	// PermanentSlotDefiner acts for a slot.
	PermanentSlotDefiner interface {
		KModPermanentSlot(spec *Specification, slot *snap.SlotInfo) error
	}
)

// Specification collects the kernel module settings of one snap. Modules
// are per snap, not per app: the kernel has one set.
//
// Order: everything is rendered sorted by module name (snapd writes the
// options in Go map order, which changes from run to run).
type Specification struct {
	info       *snap.Info
	modules    map[string]bool
	options    map[string]string
	disallowed map[string]bool

	interfaces.Scope // the hook being run
}

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns an empty specification for a snap.
func NewSpecification(info *snap.Info) *Specification {
	return &Specification{info: info}
}

// Snap is the snap the specification is for.
func (spec *Specification) Snap() *snap.Info { return spec.info }

// validModule is what modprobe accepts as a module name (it treats "-" and
// "_" alike).
var validModule = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,56}$`)

// validOptions are module parameters: name=value words, no line breaks or
// comment characters that would end or change the modprobe.d line.
var validOptions = regexp.MustCompile(`^[^\n\r#]*$`)

// CheckModuleName checks that name is a kernel module name modprobe
// accepts: 1 to 56 letters, digits, "_" and "-". The error names the
// module.
func CheckModuleName(name string) error {
	if !validModule.MatchString(name) {
		return fmt.Errorf("invalid kernel module name %q: use 1 to 56 letters, digits, \"_\" and \"-\"", name)
	}
	return nil
}

// checkModule checks a module name; like snapd, it ignores the spaces
// around it, which callers trim.
func (spec *Specification) checkModule(name string) error {
	if err := CheckModuleName(name); err != nil {
		return fmt.Errorf("interface %q: %w", spec.InterfaceName(), err)
	}
	return nil
}

// AddModule asks for a module to be loaded at boot.
func (spec *Specification) AddModule(name string) error {
	name = strings.TrimSpace(name)
	if err := spec.checkModule(name); err != nil {
		return err
	}
	if spec.modules == nil {
		spec.modules = make(map[string]bool)
	}
	spec.modules[name] = true
	return nil
}

// SetModuleOptions sets the options modprobe passes to a module. Two
// interfaces setting different options for one module is an error.
func (spec *Specification) SetModuleOptions(name, options string) error {
	name = strings.TrimSpace(name)
	if err := spec.checkModule(name); err != nil {
		return err
	}
	options = strings.TrimSpace(options)
	if !validOptions.MatchString(options) {
		return fmt.Errorf("interface %q: invalid options %q for kernel module %q: no line breaks or \"#\"", spec.InterfaceName(), options, name)
	}
	if old, ok := spec.options[name]; ok && old != options {
		return fmt.Errorf("interface %q: cannot set options %q for kernel module %q: options %q are already set", spec.InterfaceName(), options, name, old)
	}
	if spec.options == nil {
		spec.options = make(map[string]string)
	}
	spec.options[name] = options
	return nil
}

// DisallowModule keeps a module from being loaded (a modprobe blacklist
// entry).
func (spec *Specification) DisallowModule(name string) error {
	name = strings.TrimSpace(name)
	if err := spec.checkModule(name); err != nil {
		return err
	}
	if spec.disallowed == nil {
		spec.disallowed = make(map[string]bool)
	}
	spec.disallowed[name] = true
	return nil
}

// Modules returns the modules to load, sorted.
func (spec *Specification) Modules() []string { return slices.Sorted(maps.Keys(spec.modules)) }

// ModuleOptions returns the options of each module.
func (spec *Specification) ModuleOptions() map[string]string {
	if spec.options == nil {
		return map[string]string{}
	}
	return maps.Clone(spec.options)
}

// DisallowedModules returns the modules that must not load, sorted.
func (spec *Specification) DisallowedModules() []string {
	return slices.Sorted(maps.Keys(spec.disallowed))
}

// AddConnectedPlug runs the interface's ConnectedPlugDefiner hook, if any.
func (spec *Specification) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error { return d.KModConnectedPlug(spec, plug, slot) })
}

// AddConnectedSlot runs the interface's ConnectedSlotDefiner hook, if any.
func (spec *Specification) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedSlotDefiner) error { return d.KModConnectedSlot(spec, plug, slot) })
}

// AddPermanentPlug runs the interface's PermanentPlugDefiner hook, if any.
func (spec *Specification) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentPlugDefiner) error { return d.KModPermanentPlug(spec, plug) })
}

// AddPermanentSlot runs the interface's PermanentSlotDefiner hook, if any.
func (spec *Specification) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentSlotDefiner) error { return d.KModPermanentSlot(spec, slot) })
}
