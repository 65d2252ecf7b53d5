// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plugpolicy/plugpolicy/snap"
)

// Connect connects a plug to a slot, with the given dynamic attributes for
// each side (nil for none). The plug and slot must exist and have the same
// interface, and the interface's connect checks must pass; they may add
// dynamic attributes. Connecting twice is an error.
//
// Whether the connection is allowed by the base declarations is the policy
// layer's decision, made before calling Connect.
func (r *Repository) Connect(ref ConnRef, plugAttrs, slotAttrs map[string]interface{}) (*Connection, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	plug, slot, err := r.plugAndSlot(ref)
	if err != nil {
		return nil, fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
	}
	if plug.Interface != slot.Interface {
		return nil, fmt.Errorf("cannot connect %s: plug interface %q does not match slot interface %q", ref.ID(), plug.Interface, slot.Interface)
	}
	if r.plugConns[ref.PlugRef][ref.SlotRef] != nil {
		return nil, fmt.Errorf("cannot connect %s: already connected", ref.ID())
	}
	cplug, err := NewConnectedPlug(plug, plugAttrs)
	if err != nil {
		return nil, fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
	}
	cslot, err := NewConnectedSlot(slot, slotAttrs)
	if err != nil {
		return nil, fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
	}
	iface := r.ifaces[plug.Interface]
	if c, ok := iface.(PlugConnectChecker); ok {
		if err := c.BeforeConnectPlug(cplug); err != nil {
			return nil, fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
		}
	}
	if c, ok := iface.(SlotConnectChecker); ok {
		if err := c.BeforeConnectSlot(cslot); err != nil {
			return nil, fmt.Errorf("cannot connect %s: %w", ref.ID(), err)
		}
	}
	conn := &Connection{Plug: cplug, Slot: cslot}
	if r.plugConns[ref.PlugRef] == nil {
		r.plugConns[ref.PlugRef] = make(map[SlotRef]*Connection)
	}
	if r.slotConns[ref.SlotRef] == nil {
		r.slotConns[ref.SlotRef] = make(map[PlugRef]*Connection)
	}
	r.plugConns[ref.PlugRef][ref.SlotRef] = conn
	r.slotConns[ref.SlotRef][ref.PlugRef] = conn
	return conn, nil
}

// plugAndSlot finds both ends of a connection, or says which is missing.
func (r *Repository) plugAndSlot(ref ConnRef) (*snap.PlugInfo, *snap.SlotInfo, error) {
	plugSnap, slotSnap := r.snaps[ref.PlugRef.Snap], r.snaps[ref.SlotRef.Snap]
	switch {
	case plugSnap == nil:
		return nil, nil, fmt.Errorf("snap %q is not in the repository", ref.PlugRef.Snap)
	case plugSnap.Plugs[ref.PlugRef.Name] == nil:
		return nil, nil, fmt.Errorf("snap %q has no plug named %q", ref.PlugRef.Snap, ref.PlugRef.Name)
	case slotSnap == nil:
		return nil, nil, fmt.Errorf("snap %q is not in the repository", ref.SlotRef.Snap)
	case slotSnap.Slots[ref.SlotRef.Name] == nil:
		return nil, nil, fmt.Errorf("snap %q has no slot named %q", ref.SlotRef.Snap, ref.SlotRef.Name)
	}
	return plugSnap.Plugs[ref.PlugRef.Name], slotSnap.Slots[ref.SlotRef.Name], nil
}

// Disconnect removes a connection.
func (r *Repository) Disconnect(ref ConnRef) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, _, err := r.plugAndSlot(ref); err != nil {
		return fmt.Errorf("cannot disconnect %s: %w", ref.ID(), err)
	}
	if r.plugConns[ref.PlugRef][ref.SlotRef] == nil {
		return fmt.Errorf("cannot disconnect %s: not connected", ref.ID())
	}
	delete(r.plugConns[ref.PlugRef], ref.SlotRef)
	if len(r.plugConns[ref.PlugRef]) == 0 {
		delete(r.plugConns, ref.PlugRef)
	}
	delete(r.slotConns[ref.SlotRef], ref.PlugRef)
	if len(r.slotConns[ref.SlotRef]) == 0 {
		delete(r.slotConns, ref.SlotRef)
	}
	return nil
}

// Connection returns a connection by reference.
func (r *Repository) Connection(ref ConnRef) (*Connection, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if _, _, err := r.plugAndSlot(ref); err != nil {
		return nil, fmt.Errorf("cannot find connection %s: %w", ref.ID(), err)
	}
	conn := r.plugConns[ref.PlugRef][ref.SlotRef]
	if conn == nil {
		return nil, fmt.Errorf("cannot find connection %s: not connected", ref.ID())
	}
	return conn, nil
}

// Connections returns the connections in which a snap takes part, on
// either end, sorted.
func (r *Repository) Connections(instanceName string) ([]ConnRef, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.snaps[instanceName] == nil {
		return nil, fmt.Errorf("cannot list connections of snap %q: the repository has no such snap", instanceName)
	}
	return r.connectionsOf(instanceName), nil
}

// connectionsOf looks up the connections of the snap's own plugs and
// slots, so that its cost is that of the snap, not of the repository. A
// connection of the snap to itself is found from its plug.
func (r *Repository) connectionsOf(instanceName string) []ConnRef {
	s := r.snaps[instanceName]
	if s == nil {
		return nil
	}
	var out []ConnRef
	for name := range s.Plugs {
		plugRef := PlugRef{Snap: instanceName, Name: name}
		for slotRef := range r.plugConns[plugRef] {
			out = append(out, ConnRef{PlugRef: plugRef, SlotRef: slotRef})
		}
	}
	for name := range s.Slots {
		slotRef := SlotRef{Snap: instanceName, Name: name}
		for plugRef := range r.slotConns[slotRef] {
			if plugRef.Snap != instanceName {
				out = append(out, ConnRef{PlugRef: plugRef, SlotRef: slotRef})
			}
		}
	}
	SortConnRefs(out)
	return out
}

// ResolveConnect completes a connect request that may leave out the slot
// snap, the slot name, or both, as `snap connect` does:
//
//   - no slot snap: the system snap (of type os or snapd), if the
//     repository has one;
//   - no slot name: the slot of the snap with the plug's interface; with
//     no slot snap either, the system snap's such slot if it has one, else
//     the only such slot in the repository.
//
// When there is no candidate, or more than one, the error says so and
// lists the candidates.
func (r *Repository) ResolveConnect(plugSnap, plugName, slotSnap, slotName string) (ConnRef, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	ps := r.snaps[plugSnap]
	if ps == nil {
		return ConnRef{}, fmt.Errorf("cannot resolve connection of %s:%s: snap %q is not in the repository", plugSnap, plugName, plugSnap)
	}
	plug := ps.Plugs[plugName]
	if plug == nil {
		return ConnRef{}, fmt.Errorf("cannot resolve connection of %s:%s: snap %q has no plug named %q", plugSnap, plugName, plugSnap, plugName)
	}
	ref := ConnRef{PlugRef: PlugRef{Snap: plugSnap, Name: plugName}, SlotRef: SlotRef{Snap: slotSnap, Name: slotName}}
	system := r.systemSnap()
	if slotSnap == "" && slotName != "" {
		if system == "" {
			return ConnRef{}, fmt.Errorf("cannot resolve connection of %s to slot %q: the repository has no system snap", ref.PlugRef, slotName)
		}
		ref.SlotRef.Snap = system
	}
	if slotName != "" {
		return ref, nil
	}
	var candidates []*snap.SlotInfo
	for _, slot := range r.allSlots(plug.Interface) {
		if slotSnap == "" || slot.Snap.InstanceName() == slotSnap {
			candidates = append(candidates, slot)
		}
	}
	if slotSnap == "" && system != "" {
		var onSystem []*snap.SlotInfo
		for _, slot := range candidates {
			if slot.Snap.InstanceName() == system {
				onSystem = append(onSystem, slot)
			}
		}
		if len(onSystem) > 0 {
			candidates = onSystem
		}
	}
	switch len(candidates) {
	case 1:
		ref.SlotRef = SlotRef{Snap: candidates[0].Snap.InstanceName(), Name: candidates[0].Name}
		return ref, nil
	case 0:
		where := "in the repository"
		if slotSnap != "" {
			where = fmt.Sprintf("on snap %q", slotSnap)
		}
		return ConnRef{}, fmt.Errorf("cannot resolve connection of %s: no slot of interface %q %s", ref.PlugRef, plug.Interface, where)
	}
	names := make([]string, len(candidates))
	for i, slot := range candidates {
		names[i] = SlotRef{Snap: slot.Snap.InstanceName(), Name: slot.Name}.String()
	}
	sort.Strings(names)
	return ConnRef{}, fmt.Errorf("cannot resolve connection of %s: %d slots of interface %q fit, name one: %s", ref.PlugRef, len(names), plug.Interface, strings.Join(names, ", "))
}

// systemSnap returns the name of the system snap, preferring a snap of
// type snapd over one of type os, or "" when there is none.
func (r *Repository) systemSnap() string {
	best := ""
	for _, s := range r.sortedSnaps() {
		switch {
		case s.Type == snap.TypeSnapd:
			return s.InstanceName()
		case s.Type == snap.TypeOS && best == "":
			best = s.InstanceName()
		}
	}
	return best
}
