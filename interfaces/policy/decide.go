// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// CheckInstallation decides whether a snap may be installed with its plugs
// and slots: nil, or the first refusal (slots before plugs, each by name).
// For each plug and slot, the rule of its interface and side in the snap's
// own declaration decides if there is one; otherwise the base
// declaration's; with neither, it is allowed.
func (p *Policy) CheckInstallation(info *snap.Info) error {
	if errs := p.InstallationDenials(info); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// InstallationDenials returns every refusal of CheckInstallation, in its
// order, so that a caller overriding policy can say what it overrode.
func (p *Policy) InstallationDenials(info *snap.Info) []*Error {
	decl := p.decls[info.Name]
	var out []*Error
	for _, slot := range info.SortedSlots() {
		c := &candidate{check: Installation, iface: slot.Interface, slot: slot, device: p.device,
			attrs: map[Side]map[string]interface{}{SlotSide: slot.Attrs}, decls: map[Side]*SnapDeclaration{SlotSide: decl}}
		if err := p.installRule(SlotSide, decl, c); err != nil {
			out = append(out, err)
		}
	}
	for _, plug := range info.SortedPlugs() {
		c := &candidate{check: Installation, iface: plug.Interface, plug: plug, device: p.device,
			attrs: map[Side]map[string]interface{}{PlugSide: plug.Attrs}, decls: map[Side]*SnapDeclaration{PlugSide: decl}}
		if err := p.installRule(PlugSide, decl, c); err != nil {
			out = append(out, err)
		}
	}
	return out
}

func (p *Policy) installRule(side Side, decl *SnapDeclaration, c *candidate) *Error {
	var err error
	if decl != nil {
		if r := decl.rule(side, c.iface); r != nil {
			_, err = apply(r, decl.SnapName, c)
			return asError(err)
		}
	}
	if r := p.base.rule(side, c.iface); r != nil {
		_, err = apply(r, "", c)
	}
	return asError(err)
}

func asError(err error) *Error {
	if err == nil {
		return nil
	}
	return err.(*Error)
}

// Arity is how many connections an auto-connection rule lets a plug or a
// slot have: a number, or Any.
type Arity int

// Any is the arity "*".
const Any Arity = -1

func (a Arity) String() string {
	if a == Any {
		return "*"
	}
	return fmt.Sprint(int(a))
}

// SideArity is what an auto-connection rule says about arity.
type SideArity struct {
	// SlotsPerPlug is how many slots one plug may auto-connect to (1
	// unless the rule says otherwise).
	SlotsPerPlug Arity
	// PlugsPerSlot is how many plugs may auto-connect to one slot (Any
	// unless the rule says otherwise).
	PlugsPerSlot Arity
}

// CheckConnection decides whether a plug may be connected to a slot when
// asked to. The first of these rules for the interface that exists
// decides alone: the plug snap's declaration's plug rule, the slot snap's
// declaration's slot rule, the base declaration's plug rule, its slot
// rule. With none, the connection is allowed.
func (p *Policy) CheckConnection(plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	_, err := p.checkConnect(Connection, plug, slot)
	return err
}

// CheckAutoConnection decides, as CheckConnection does, whether a plug
// may be connected to a slot without being asked, and returns the arity
// of the rule's alternative that allowed it.
func (p *Policy) CheckAutoConnection(plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) (SideArity, error) {
	return p.checkConnect(AutoConnection, plug, slot)
}

func (p *Policy) checkConnect(check Check, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) (SideArity, error) {
	iface := plug.Interface()
	if slot.Interface() != iface {
		return SideArity{}, fmt.Errorf("cannot connect plug %s of interface %q to slot %s of interface %q", plug.Ref(), iface, slot.Ref(), slot.Interface())
	}
	c := &candidate{
		check: check, iface: iface, plug: plug.Info(), slot: slot.Info(), evaluated: true, device: p.device,
		attrs: map[Side]map[string]interface{}{PlugSide: merged(plug), SlotSide: merged(slot)},
		decls: map[Side]*SnapDeclaration{PlugSide: p.decls[plug.Snap().Name], SlotSide: p.decls[slot.Snap().Name]},
	}
	var rule *Rule
	declSnap := ""
	for _, src := range []struct {
		side Side
		decl *SnapDeclaration
	}{{PlugSide, c.decls[PlugSide]}, {SlotSide, c.decls[SlotSide]}} {
		if r := src.decl.ruleOrNil(src.side, iface); r != nil {
			rule, declSnap = r, src.decl.SnapName
			break
		}
	}
	if rule == nil {
		if rule = p.base.PlugRule(iface); rule == nil {
			rule = p.base.SlotRule(iface)
		}
	}
	arity := SideArity{SlotsPerPlug: 1, PlugsPerSlot: Any}
	if rule == nil {
		return arity, nil
	}
	cs, err := apply(rule, declSnap, c)
	if err != nil {
		return SideArity{}, err
	}
	if cs.slotsPerPlug != 0 {
		arity.SlotsPerPlug = Arity(cs.slotsPerPlug)
	}
	return arity, nil
}

func (d *SnapDeclaration) ruleOrNil(side Side, iface string) *Rule {
	if d == nil {
		return nil
	}
	return d.rule(side, iface)
}

// attrHolder is one side of a connection.
type attrHolder interface {
	StaticAttrs() map[string]interface{}
	DynamicAttrs() map[string]interface{}
}

// merged returns a side's attributes, dynamic ones over static ones.
func merged(a attrHolder) map[string]interface{} {
	out := a.StaticAttrs()
	if out == nil {
		out = map[string]interface{}{}
	}
	for k, v := range a.DynamicAttrs() {
		out[k] = v
	}
	return out
}
