// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Unconnected is a plug that auto-connection left alone, and why.
type Unconnected struct {
	Plug      interfaces.PlugRef
	Interface string
	// Reason says why, for people.
	Reason string
	// Candidates are the slots that policy allowed when there were too
	// many to choose from; empty otherwise.
	Candidates []interfaces.SlotRef
}

func (u Unconnected) String() string {
	return fmt.Sprintf("%s (interface %q): %s", u.Plug, u.Interface, u.Reason)
}

// AutoConnectResult is what AutoConnect did.
type AutoConnectResult struct {
	Connected   []interfaces.ConnRef
	Unconnected []Unconnected
}

// AutoConnect connects the plugs of the named snaps as snapd does when it
// installs them: each plug not yet connected goes to the slots of its
// interface (on any snap of the repository) that the interface's own
// AutoConnect method and the auto-connection policy accept. One candidate
// is connected; several are connected only when the rule's slots-per-plug
// is "*" (of a system snap of type os and one of type snapd, the snapd
// snap's slot counts alone); otherwise the plug
// stays unconnected and the result says why. Plugs that are connected
// already are left as they are.
//
// Since every snap of the repository is a candidate, compiling a set of
// snaps together and calling AutoConnect with all of them also covers the
// other direction snapd handles on install (a new snap's slots taking the
// plugs of snaps installed earlier).
func (p *Policy) AutoConnect(repo *interfaces.Repository, snaps []string) (*AutoConnectResult, error) {
	res := &AutoConnectResult{}
	for _, name := range snaps {
		info := repo.Snap(name)
		if info == nil {
			return nil, fmt.Errorf("cannot auto-connect snap %q: not in the repository", name)
		}
		for _, plug := range info.SortedPlugs() {
			ref := interfaces.PlugRef{Snap: name, Name: plug.Name}
			if connected(repo, name, ref) {
				continue
			}
			made, why, err := p.autoConnectPlug(repo, plug)
			if err != nil {
				return nil, err
			}
			res.Connected = append(res.Connected, made...)
			if why != nil {
				res.Unconnected = append(res.Unconnected, *why)
			}
		}
	}
	interfaces.SortConnRefs(res.Connected)
	return res, nil
}

func connected(repo *interfaces.Repository, snapName string, ref interfaces.PlugRef) bool {
	conns, _ := repo.Connections(snapName)
	for _, c := range conns {
		if c.PlugRef == ref {
			return true
		}
	}
	return false
}

// autoConnectPlug connects one plug, or says why it did not.
func (p *Policy) autoConnectPlug(repo *interfaces.Repository, plug *snap.PlugInfo) ([]interfaces.ConnRef, *Unconnected, error) {
	plugRef := interfaces.PlugRef{Snap: plug.Snap.InstanceName(), Name: plug.Name}
	unconnected := func(format string, args ...interface{}) *Unconnected {
		return &Unconnected{Plug: plugRef, Interface: plug.Interface, Reason: fmt.Sprintf(format, args...)}
	}
	slots := repo.AllSlots(plug.Interface)
	if len(slots) == 0 {
		return nil, unconnected("no slot of the interface"), nil
	}
	cplug, err := interfaces.NewConnectedPlug(plug, nil)
	if err != nil {
		return nil, nil, err
	}
	iface := repo.Interface(plug.Interface)
	var candidates []*snap.SlotInfo
	var firstDenial error
	slotsPerPlug := Arity(1)
	for _, slot := range slots {
		if ac, ok := iface.(interfaces.AutoConnecter); ok && !ac.AutoConnect(plug, slot) {
			if firstDenial == nil {
				firstDenial = fmt.Errorf("interface %q does not auto-connect it to %s:%s", plug.Interface, slot.Snap.InstanceName(), slot.Name)
			}
			continue
		}
		cslot, err := interfaces.NewConnectedSlot(slot, nil)
		if err != nil {
			return nil, nil, err
		}
		arity, err := p.CheckAutoConnection(cplug, cslot)
		if err != nil {
			if firstDenial == nil {
				firstDenial = err
			}
			continue
		}
		if arity.SlotsPerPlug == Any {
			slotsPerPlug = Any
		}
		candidates = append(candidates, slot)
	}
	if len(candidates) == 0 {
		return nil, unconnected("%v", firstDenial), nil
	}
	if len(candidates) > 1 && slotsPerPlug != Any {
		candidates = preferSnapd(candidates)
	}
	if len(candidates) > 1 && slotsPerPlug != Any {
		u := unconnected("%d slots are candidates (%s); connect one with --connect", len(candidates), slotNames(candidates))
		for _, s := range candidates {
			u.Candidates = append(u.Candidates, interfaces.SlotRef{Snap: s.Snap.InstanceName(), Name: s.Name})
		}
		return nil, u, nil
	}
	var made []interfaces.ConnRef
	for _, slot := range candidates {
		ref := interfaces.ConnRef{PlugRef: plugRef, SlotRef: interfaces.SlotRef{Snap: slot.Snap.InstanceName(), Name: slot.Name}}
		if _, err := repo.Connect(ref, nil, nil); err != nil {
			return nil, nil, err
		}
		made = append(made, ref)
	}
	return made, nil, nil
}

// preferSnapd drops the candidates of a system snap of type os when the
// system snap of type snapd offers the slot too, as snapd does: both stand
// for the system, and the snapd snap is the newer of the two. Slots of
// other snaps stay, so a plug with candidates on the system and on an app
// snap is ambiguous, as in snapd.
func preferSnapd(slots []*snap.SlotInfo) []*snap.SlotInfo {
	hasSnapd := false
	for _, s := range slots {
		hasSnapd = hasSnapd || s.Snap.Type == snap.TypeSnapd
	}
	if !hasSnapd {
		return slots
	}
	var keep []*snap.SlotInfo
	for _, s := range slots {
		if s.Snap.Type != snap.TypeOS {
			keep = append(keep, s)
		}
	}
	return keep
}

func slotNames(slots []*snap.SlotInfo) string {
	names := make([]string, len(slots))
	for i, s := range slots {
		names[i] = s.Snap.InstanceName() + ":" + s.Name
	}
	return strings.Join(names, ", ")
}
