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

// Specification collects the [Service] settings of one snap's daemons.
//
// Order: a daemon's settings are sorted; one added twice appears once.
type Specification struct {
	info     *snap.Info
	settings map[string]map[string]bool // app name → settings

	interfaces.Scope // the hook being run
}

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns an empty specification for a snap.
func NewSpecification(info *snap.Info) *Specification {
	return &Specification{info: info, settings: make(map[string]map[string]bool)}
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
	if !validSetting.MatchString(setting) {
		return fmt.Errorf("interface %q: invalid service setting %q: want KEY=VALUE on one line", spec.InterfaceName(), setting)
	}
	for _, app := range spec.daemonsInScope() {
		if spec.settings[app] == nil {
			spec.settings[app] = make(map[string]bool)
		}
		spec.settings[app][setting] = true
	}
	return nil
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

// ServiceSnippets returns the settings of an app's service, sorted; none
// for an app that is not a daemon. It is for callers that write their own
// unit files.
func (spec *Specification) ServiceSnippets(app string) []string {
	return slices.Sorted(maps.Keys(spec.settings[app]))
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
