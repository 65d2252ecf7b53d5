// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package explain

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// Kind is the kind of a contribution to a snap's specification: which
// of the interface's backend hooks it calls.
type Kind int

// The kinds of contribution, in the order the repository adds them
// (interfaces.Repository.SnapSpecification).
const (
	// PermanentSlot is what a slot of the snap gets whether or not
	// anything is connected to it.
	PermanentSlot Kind = iota
	// ConnectedSlot is what a slot of the snap gets for one connected
	// plug.
	ConnectedSlot
	// PermanentPlug is what a plug of the snap gets whether or not it is
	// connected.
	PermanentPlug
	// ConnectedPlug is what a plug of the snap gets for one connection.
	ConnectedPlug
)

// Source is one contribution to a snap's policy: the permanent rules of
// one plug or slot, or the rules of one connection on the snap's side.
type Source struct {
	Kind Kind
	// Interface is the interface's name.
	Interface string
	// Plug is the plug: the snap's own for plug kinds, the connected
	// plug for ConnectedSlot, zero for PermanentSlot.
	Plug interfaces.PlugRef
	// Slot is the slot: the snap's own for slot kinds, the connected
	// slot for ConnectedPlug, zero for PermanentPlug.
	Slot interfaces.SlotRef
	// Tags are the security tags of the apps and hooks the snap's plug
	// or slot is bound to: the profiles the rules are for.
	Tags []string

	add func(spec interfaces.Specification) error
}

// String names the source as explain prints it, for instance
// "interface network via plug kube-node:network, connected to
// snapd:network".
func (s Source) String() string {
	switch s.Kind {
	case PermanentSlot:
		return fmt.Sprintf("interface %s: permanent rules of slot %s", s.Interface, s.Slot)
	case ConnectedSlot:
		return fmt.Sprintf("interface %s via slot %s, connected to %s", s.Interface, s.Slot, s.Plug)
	case PermanentPlug:
		return fmt.Sprintf("interface %s: permanent rules of plug %s", s.Interface, s.Plug)
	}
	return fmt.Sprintf("interface %s via plug %s, connected to %s", s.Interface, s.Plug, s.Slot)
}

// Sources lists every contribution to the specification of a snap of
// the repository, in the order the repository makes them: for each slot,
// by name, its permanent rules and then each connection's, by plug; then
// the same for each plug, by name.
func Sources(repo *interfaces.Repository, instanceName string) ([]Source, error) {
	info := repo.Snap(instanceName)
	if info == nil {
		return nil, fmt.Errorf("cannot list the policy sources of snap %q: the repository has no such snap", instanceName)
	}
	conns, err := repo.Connections(instanceName)
	if err != nil {
		return nil, err
	}
	var out []Source
	for _, slot := range info.SortedSlots() {
		iface, tags := repo.Interface(slot.Interface), slot.SecurityTags()
		ref := interfaces.SlotRef{Snap: instanceName, Name: slot.Name}
		out = append(out, Source{Kind: PermanentSlot, Interface: slot.Interface, Slot: ref, Tags: tags,
			add: func(spec interfaces.Specification) error { return spec.AddPermanentSlot(iface, tags, slot) }})
		for _, c := range conns {
			if c.SlotRef != ref {
				continue
			}
			conn, err := repo.Connection(c)
			if err != nil {
				return nil, err
			}
			out = append(out, Source{Kind: ConnectedSlot, Interface: slot.Interface, Plug: c.PlugRef, Slot: ref, Tags: tags,
				add: func(spec interfaces.Specification) error {
					return spec.AddConnectedSlot(iface, tags, conn.Plug, conn.Slot)
				}})
		}
	}
	for _, plug := range info.SortedPlugs() {
		iface, tags := repo.Interface(plug.Interface), plug.SecurityTags()
		ref := interfaces.PlugRef{Snap: instanceName, Name: plug.Name}
		out = append(out, Source{Kind: PermanentPlug, Interface: plug.Interface, Plug: ref, Tags: tags,
			add: func(spec interfaces.Specification) error { return spec.AddPermanentPlug(iface, tags, plug) }})
		for _, c := range conns {
			if c.PlugRef != ref {
				continue
			}
			conn, err := repo.Connection(c)
			if err != nil {
				return nil, err
			}
			out = append(out, Source{Kind: ConnectedPlug, Interface: plug.Interface, Plug: ref, Slot: c.SlotRef, Tags: tags,
				add: func(spec interfaces.Specification) error {
					return spec.AddConnectedPlug(iface, tags, conn.Plug, conn.Slot)
				}})
		}
	}
	return out, nil
}
