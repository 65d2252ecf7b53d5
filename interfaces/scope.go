// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

// Scope is what a backend's specification knows about the hook being run:
// the interface and the security tags whose rules it is adding. Backend
// specifications embed it and run their hooks through RunHook, which sets
// it for the duration of the hook.
type Scope struct {
	iface string
	tags  []string
}

// InterfaceName is the name of the interface whose hook is being run, or
// "" outside a hook.
func (s *Scope) InterfaceName() string { return s.iface }

// SecurityTags are the security tags the hook being run adds rules for
// (the apps and hooks bound to its plug or slot); none outside a hook.
func (s *Scope) SecurityTags() []string { return append([]string(nil), s.tags...) }

// RunHook runs a backend hook of an interface, if the interface has it:
// when iface implements D, call runs with the scope set to the
// interface's name and tags. An interface without the hook contributes
// nothing to that backend, and RunHook returns nil.
//
// A backend's Specification method is then one line, such as
//
//	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error {
//		return d.AppArmorConnectedPlug(spec, plug, slot)
//	})
func RunHook[D any](s *Scope, iface Interface, tags []string, call func(D) error) error {
	d, ok := iface.(D)
	if !ok {
		return nil
	}
	s.iface, s.tags = iface.Name(), tags
	defer func() { s.iface, s.tags = "", nil }()
	return call(d)
}
