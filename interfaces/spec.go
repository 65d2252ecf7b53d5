// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"
	"sort"

	"github.com/plugpolicy/plugpolicy/snap"
)

// Specification is what a backend collects for one snap. Each backend
// implements it by checking whether the interface implements that backend's
// hook (for example apparmor.ConnectedPlugDefiner) and, if so, calling it
// with itself, scoped to the given security tags: the rules the hook adds
// are for those apps and hooks.
//
// An interface without the backend's hook contributes nothing, and the
// method returns nil.
type Specification interface {
	AddConnectedPlug(iface Interface, tags []string, plug *ConnectedPlug, slot *ConnectedSlot) error
	AddConnectedSlot(iface Interface, tags []string, plug *ConnectedPlug, slot *ConnectedSlot) error
	AddPermanentPlug(iface Interface, tags []string, plug *snap.PlugInfo) error
	AddPermanentSlot(iface Interface, tags []string, slot *snap.SlotInfo) error
}

// SnapSpecification fills spec with everything the snap's plugs and slots
// contribute, in a fixed order: for each slot, by name, its permanent
// rules, then those of each of its connections, by plug; then for each
// plug, by name, its permanent rules, then those of each connection, by
// slot. The security tags passed along are those of the apps and hooks the
// snap's side is bound to. The first error stops the walk and names the
// interface and plug or slot.
func (r *Repository) SnapSpecification(instanceName string, spec Specification) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s := r.snaps[instanceName]
	if s == nil {
		return fmt.Errorf("cannot build the specification of snap %q: the repository has no such snap", instanceName)
	}
	for _, slot := range s.SortedSlots() {
		iface, tags, ref := r.ifaces[slot.Interface], slot.SecurityTags(), SlotRef{instanceName, slot.Name}
		if err := spec.AddPermanentSlot(iface, tags, slot); err != nil {
			return fmt.Errorf("cannot add the rules of slot %s (interface %q): %w", ref, slot.Interface, err)
		}
		for _, conn := range sortedConns(r.slotConns[ref]) {
			if err := spec.AddConnectedSlot(iface, tags, conn.Plug, conn.Slot); err != nil {
				return fmt.Errorf("cannot add the rules of connection %s (interface %q): %w", conn.Ref().ID(), slot.Interface, err)
			}
		}
	}
	for _, plug := range s.SortedPlugs() {
		iface, tags, ref := r.ifaces[plug.Interface], plug.SecurityTags(), PlugRef{instanceName, plug.Name}
		if err := spec.AddPermanentPlug(iface, tags, plug); err != nil {
			return fmt.Errorf("cannot add the rules of plug %s (interface %q): %w", ref, plug.Interface, err)
		}
		for _, conn := range sortedConns(r.plugConns[ref]) {
			if err := spec.AddConnectedPlug(iface, tags, conn.Plug, conn.Slot); err != nil {
				return fmt.Errorf("cannot add the rules of connection %s (interface %q): %w", conn.Ref().ID(), plug.Interface, err)
			}
		}
	}
	return nil
}

// sortedConns returns the connections of one plug (keyed by slot) or of
// one slot (keyed by plug), sorted by their other end: with one end the
// same for all of them, that is the order of their ConnRefs.
func sortedConns[K comparable](conns map[K]*Connection) []*Connection {
	out := make([]*Connection, 0, len(conns))
	for _, c := range conns {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref().Less(out[j].Ref()) })
	return out
}
