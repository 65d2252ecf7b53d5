// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package systemd is plugpolicy's systemd backend: interfaces add unit
// settings (such as Delegate=true, which hands a daemon its own cgroup
// subtree) for the daemons bound to their plugs and slots, and the backend
// writes them as drop-ins, etc/systemd/system/snap.INSTANCE.APP.service.d/
// (etc/systemd/user/... for user daemons).
package systemd

import (
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The hooks an interface implements to add service settings.
type (
	// ConnectedPlugDefiner acts for a connected plug.
	ConnectedPlugDefiner interface {
		SystemdConnectedPlug(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// ConnectedSlotDefiner acts for a connected slot.
	ConnectedSlotDefiner interface {
		SystemdConnectedSlot(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// PermanentPlugDefiner acts for a plug.
	PermanentPlugDefiner interface {
		SystemdPermanentPlug(spec *Specification, plug *snap.PlugInfo) error
	}
	// PermanentSlotDefiner acts for a slot.
	PermanentSlotDefiner interface {
		SystemdPermanentSlot(spec *Specification, slot *snap.SlotInfo) error
	}
)

// Specification collects what interfaces add to one snap's units: the
// [Unit] and [Service] settings of its daemons, and units of their own
// (see Service).
//
// Order: a daemon's settings are sorted; one added twice appears once.
type Specification struct {
	info     *snap.Info
	settings map[string]map[string]bool // app name → [Service] settings
	unit     map[string]map[string]bool // app name → [Unit] settings
	services map[string]*Service        // NAME of snap.INSTANCE.interface.NAME.service

	interfaces.Scope // the hook being run
}

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns an empty specification for a snap.
func NewSpecification(info *snap.Info) *Specification {
	return &Specification{info: info}
}

// Snap is the snap the specification is for.
func (spec *Specification) Snap() *snap.Info { return spec.info }

// validSetting is a unit file assignment: a key, "=", and a value on one
// line.
var validSetting = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*=[^\n\r]*$`)

// AddServiceSnippet adds a [Service] setting ("Delegate=true") to every
// daemon in scope. Apps that are not daemons have no unit, and hooks are
// not services: they get nothing.
func (spec *Specification) AddServiceSnippet(setting string) error {
	return spec.addSetting(&spec.settings, setting)
}

// AddUnitSnippet adds a [Unit] setting ("After=snapd.gpio-chardev-setup.target")
// to every daemon in scope, as AddServiceSnippet does for [Service].
func (spec *Specification) AddUnitSnippet(setting string) error {
	return spec.addSetting(&spec.unit, setting)
}

// addSetting adds a setting to a section's map, which it makes when
// first needed, as the maps of a specification are.
func (spec *Specification) addSetting(section *map[string]map[string]bool, setting string) error {
	if !validSetting.MatchString(setting) {
		return fmt.Errorf("interface %q: invalid service setting %q: want KEY=VALUE on one line", spec.InterfaceName(), setting)
	}
	for _, app := range spec.daemonsInScope() {
		if *section == nil {
			*section = make(map[string]map[string]bool)
		}
		if (*section)[app] == nil {
			(*section)[app] = make(map[string]bool)
		}
		(*section)[app][setting] = true
	}
	return nil
}

// AddService adds a unit of the interface's own, named
// snap.INSTANCE.interface.NAME.service. Adding the same unit again is no
// change; adding a different one under a name taken is an error.
func (spec *Specification) AddService(name string, s *Service) error {
	if !validServiceName.MatchString(name) {
		return fmt.Errorf("interface %q: invalid service name %q: use letters, digits, \"_\", \":\", \".\" and \"-\"", spec.InterfaceName(), name)
	}
	if err := s.check(); err != nil {
		return fmt.Errorf("interface %q: service %q: %w", spec.InterfaceName(), name, err)
	}
	if old, ok := spec.services[name]; ok && *old != *s {
		return fmt.Errorf("interface %q: cannot add service %q: a different service of that name was added already", spec.InterfaceName(), name)
	}
	c := *s
	if spec.services == nil {
		spec.services = make(map[string]*Service)
	}
	spec.services[name] = &c
	return nil
}

// Services returns copies of the services added, by name.
func (spec *Specification) Services() map[string]*Service {
	out := make(map[string]*Service, len(spec.services))
	for name, s := range spec.services {
		c := *s
		out[name] = &c
	}
	return out
}

// daemonsInScope are the names of the daemons among the tags in scope.
func (spec *Specification) daemonsInScope() []string {
	var out []string
	for _, app := range spec.info.Services() {
		for _, tag := range spec.SecurityTags() {
			if tag == app.SecurityTag() {
				out = append(out, app.Name)
			}
		}
	}
	return out
}

// ServiceSnippets returns the [Service] settings of an app's service,
// sorted; none for an app that is not a daemon. It is for callers that
// write their own unit files.
func (spec *Specification) ServiceSnippets(app string) []string {
	return slices.Sorted(maps.Keys(spec.settings[app]))
}

// UnitSnippets returns the [Unit] settings of an app's service, sorted.
func (spec *Specification) UnitSnippets(app string) []string {
	return slices.Sorted(maps.Keys(spec.unit[app]))
}

// AddConnectedPlug runs the interface's ConnectedPlugDefiner hook, if any.
func (spec *Specification) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error { return d.SystemdConnectedPlug(spec, plug, slot) })
}

// AddConnectedSlot runs the interface's ConnectedSlotDefiner hook, if any.
func (spec *Specification) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedSlotDefiner) error { return d.SystemdConnectedSlot(spec, plug, slot) })
}

// AddPermanentPlug runs the interface's PermanentPlugDefiner hook, if any.
func (spec *Specification) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentPlugDefiner) error { return d.SystemdPermanentPlug(spec, plug) })
}

// AddPermanentSlot runs the interface's PermanentSlotDefiner hook, if any.
func (spec *Specification) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentSlotDefiner) error { return d.SystemdPermanentSlot(spec, slot) })
}

// unitName is the name of an app's service unit.
func unitName(app *snap.AppInfo) string {
	return app.SecurityTag() + ".service"
}
