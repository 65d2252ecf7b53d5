// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"errors"
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// ErrPlugNeedsAttributes is wrapped by AutoConnectsToSystem's error when
// the interface refuses a plug without attributes.
var ErrPlugNeedsAttributes = errors.New("a plug without attributes is refused")

// AutoConnectsToSystem tells whether a plug of the interface iface would
// be connected to the system's slot of it without being asked, on the
// policy's device (classic or Ubuntu Core, as Device.Classic says).
//
// The plug is a synthetic one: plug "p", without attributes, of an app
// snap "consumer" that has no snap declaration, added with the system
// snap (type snapd, offering the slots implicit on the device) to a
// repository of catalog, so that the interface's sanitizer sees it as it
// sees a real plug. The answer is the one AutoConnect would give it: the
// interface's own AutoConnect hook, when it has one, and the policy's
// auto-connection rules (CheckAutoConnection). It is false, without an
// error, when the system offers no slot of the interface on the device.
//
// An error says that catalog has no such interface, or, wrapping
// ErrPlugNeedsAttributes, that its sanitizer refuses a plug without
// attributes (kernel-module-load, personal-files and system-files need
// some), so that no plain plug exists to decide for.
func (p *Policy) AutoConnectsToSystem(catalog []interfaces.Interface, iface string) (bool, error) {
	repo, err := interfaces.NewRepository(catalog)
	if err != nil {
		return false, err
	}
	def := repo.Interface(iface)
	if def == nil {
		return false, fmt.Errorf("cannot decide auto-connection: unknown interface %q", iface)
	}
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, p.device.Classic, catalog)
	if err != nil {
		return false, err
	}
	if sys.Slots[iface] == nil {
		return false, nil
	}
	if _, err := repo.AddSnap(sys); err != nil {
		return false, err
	}
	consumer, err := snap.Parse([]byte(fmt.Sprintf("name: consumer\nversion: \"1\"\nplugs:\n  p: {interface: %s}\napps: {app: {command: bin/app, plugs: [p]}}\n", iface)), snap.Options{})
	if err != nil {
		return false, fmt.Errorf("cannot decide auto-connection of interface %q: %w", iface, err)
	}
	rejected, err := repo.AddSnap(consumer)
	if err != nil {
		return false, err
	}
	if len(rejected) > 0 {
		return false, fmt.Errorf("cannot decide auto-connection of interface %q: %w: %s", iface, ErrPlugNeedsAttributes, rejected[0].Reason)
	}
	plug, slot := repo.Plug("consumer", "p"), repo.Slot(sys.InstanceName(), iface)
	if ac, ok := def.(interfaces.AutoConnecter); ok && !ac.AutoConnect(plug, slot) {
		return false, nil
	}
	cplug, err := interfaces.NewConnectedPlug(plug, nil)
	if err != nil {
		return false, err
	}
	cslot, err := interfaces.NewConnectedSlot(slot, nil)
	if err != nil {
		return false, err
	}
	if _, err := p.CheckAutoConnection(cplug, cslot); err != nil {
		var denial *Error
		if errors.As(err, &denial) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}
