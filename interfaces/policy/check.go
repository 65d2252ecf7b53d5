// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/snap"
)

// Device is the system that policy is decided for.
type Device struct {
	// Classic is a classic distribution; false is Ubuntu Core.
	Classic bool
	// CoreDesktop is an Ubuntu Core Desktop system (Classic false).
	CoreDesktop bool
	// OSID is the os-release ID, for on-classic lists of distributions.
	OSID string
	// Model is the device's model, for on-store, on-brand and on-model;
	// nil when there is none, and then those constraints never match.
	Model *Model
}

// Model is what on-store, on-brand and on-model compare.
type Model struct {
	Brand, Model, Store string
}

// Policy decides installation, connection and auto-connection from a base
// declaration and the snap declarations of the snaps involved.
type Policy struct {
	base   *Declaration
	device Device
	// decls are snap declarations by snap name.
	decls map[string]*SnapDeclaration
}

// New returns the policy of a base declaration, a device and the snap
// declarations granted (at most one per snap name).
func New(base *Declaration, device Device, decls ...*SnapDeclaration) (*Policy, error) {
	if base == nil {
		return nil, fmt.Errorf("cannot make a policy without a base declaration")
	}
	if device.CoreDesktop && device.Classic {
		return nil, fmt.Errorf("cannot make a policy for a device both classic and Core Desktop")
	}
	p := &Policy{base: base, device: device, decls: map[string]*SnapDeclaration{}}
	for _, d := range decls {
		if p.decls[d.SnapName] != nil {
			return nil, fmt.Errorf("cannot make a policy: two snap declarations for snap %q", d.SnapName)
		}
		p.decls[d.SnapName] = d
	}
	return p, nil
}

// Base is the policy's base declaration.
func (p *Policy) Base() *Declaration { return p.base }

// SnapDeclaration returns the snap declaration of a snap (by snap name,
// which all its instances share), or nil.
func (p *Policy) SnapDeclaration(snapName string) *SnapDeclaration { return p.decls[snapName] }

// Error is a refusal, naming the rule that decided it.
type Error struct {
	Check Check
	// Side, Name and Interface name the rule: the Side rule of
	// Interface, applied to the plug or slot Name.
	Side      Side
	Name      string
	Interface string
	// Snap is the snap whose snap declaration held the rule; "" for the
	// base declaration.
	Snap string
	// Subrule is the key that decided: a deny- rule that matched, or an
	// allow- rule that did not.
	Subrule string
	// Reason says why an allow- rule did not match ("" when it is false).
	Reason string
}

// Error reads, for example: installation denied by "kubelet" plug rule of
// interface "kubernetes-support" (allow-installation: false).
//
// snapd words a refusal by an allow- rule "not allowed by"; here every
// refusal is "denied by", and the sub-rule in parentheses says which key
// decided, which is the key a grant has to change.
func (e *Error) Error() string {
	context := ""
	if e.Snap != "" {
		context = fmt.Sprintf(" for %q snap", e.Snap)
	}
	detail := e.Subrule + ": "
	switch {
	case strings.HasPrefix(e.Subrule, "deny-"):
		detail += "matched"
	case e.Reason == "":
		detail += "false"
	default:
		detail += e.Reason
	}
	return fmt.Sprintf("%s denied by %q %s rule of interface %q%s (%s)", e.Check, e.Name, e.Side, e.Interface, context, detail)
}

// candidate is what constraints are checked against: one side for
// installation, both for connections.
type candidate struct {
	check Check
	iface string
	plug  *snap.PlugInfo
	slot  *snap.SlotInfo
	// attrs are each side's attributes (dynamic over static ones).
	attrs map[Side]map[string]interface{}
	// evaluated says whether $PLUG() and $SLOT() can be evaluated.
	evaluated bool
	decls     map[Side]*SnapDeclaration
	device    Device
}

func (c *candidate) snapOf(s Side) *snap.Info {
	if s == PlugSide {
		return c.plug.Snap
	}
	return c.slot.Snap
}

func (c *candidate) nameOf(s Side) string {
	if s == PlugSide {
		return c.plug.Name
	}
	return c.slot.Name
}

func (c *candidate) snapID(s Side) string {
	if d := c.decls[s]; d != nil {
		return d.SnapID
	}
	return "" // never matches
}

func (c *candidate) publisherID(s Side) string {
	if d := c.decls[s]; d != nil {
		return d.PublisherID
	}
	return ""
}

// holds returns nil when every constraint of cs holds for c, or the first
// that does not.
func (cs *constraints) holds(c *candidate) error {
	for _, s := range []Side{PlugSide, SlotSide} {
		if m := cs.attrs[s]; m != nil {
			ctx := &matchContext{}
			if c.evaluated {
				ctx.plugAttr = func(path string) (interface{}, bool) { return snap.LookupAttr(c.attrs[PlugSide], path) }
				ctx.slotAttr = func(path string) (interface{}, bool) { return snap.LookupAttr(c.attrs[SlotSide], path) }
			}
			own := c.attrs[s]
			if own == nil {
				own = map[string]interface{}{}
			}
			if err := m.match("", own, ctx); err != nil {
				return fmt.Errorf("%s-attributes: %v", s, err)
			}
		}
		if types := cs.snapTypes[s]; types != nil && !contains(types, snapTypeName(c.snapOf(s).Type)) {
			return fmt.Errorf("%s-snap-type: %q is not %s", s, snapTypeName(c.snapOf(s).Type), strings.Join(types, ", "))
		}
		if ids := cs.snapIDs[s]; ids != nil {
			if id := c.snapID(s); id == "" || !contains(ids, id) {
				return fmt.Errorf("%s-snap-id does not match", s)
			}
		}
		if ids := cs.publisherIDs[s]; ids != nil && !c.publisherMatches(s, ids) {
			return fmt.Errorf("%s-publisher-id does not match", s)
		}
		if names := cs.names[s]; names != nil && !nameMatches(names, c.nameOf(s), c.iface) {
			return fmt.Errorf("%s-names: %q does not match", s, c.nameOf(s))
		}
	}
	if err := cs.deviceHolds(c.device); err != nil {
		return err
	}
	return nil
}

func (c *candidate) publisherMatches(s Side, ids []string) bool {
	id := c.publisherID(s)
	if id == "" {
		return false
	}
	for _, want := range ids {
		if strings.HasPrefix(want, "$") {
			// $PLUG_PUBLISHER_ID or $SLOT_PUBLISHER_ID: the other side's.
			want = c.publisherID(s.other())
			if want == "" {
				continue
			}
		}
		if id == want {
			return true
		}
	}
	return false
}

func nameMatches(names []nameMatcher, name, iface string) bool {
	for _, n := range names {
		if (n.self && name == iface) || (n.re != nil && n.re.MatchString(name)) {
			return true
		}
	}
	return false
}

func (cs *constraints) deviceHolds(d Device) error {
	if oc := cs.onClassic; oc != nil {
		if oc.classic != d.Classic {
			return fmt.Errorf("on-classic: %v does not hold", oc.classic)
		}
		if oc.classic && oc.systemIDs != nil && !contains(oc.systemIDs, d.OSID) {
			return fmt.Errorf("on-classic: the system %q is not %s", d.OSID, strings.Join(oc.systemIDs, ", "))
		}
	}
	if cs.onCoreDesk != nil && *cs.onCoreDesk != d.CoreDesktop {
		return fmt.Errorf("on-core-desktop: %v does not hold", *cs.onCoreDesk)
	}
	if cs.onStore == nil && cs.onBrand == nil && cs.onModel == nil {
		return nil
	}
	m := d.Model
	switch {
	case m == nil:
		return fmt.Errorf("on-store/on-brand/on-model: the device has no model")
	case cs.onStore != nil && !contains(cs.onStore, m.Store):
		return fmt.Errorf("on-store: %q is not %s", m.Store, strings.Join(cs.onStore, ", "))
	case cs.onBrand != nil && !contains(cs.onBrand, m.Brand):
		return fmt.Errorf("on-brand: %q is not %s", m.Brand, strings.Join(cs.onBrand, ", "))
	case cs.onModel != nil && !contains(cs.onModel, m.Brand+"/"+m.Model):
		return fmt.Errorf("on-model: %q is not %s", m.Brand+"/"+m.Model, strings.Join(cs.onModel, ", "))
	}
	return nil
}

// firstMatch returns the first alternative that holds, or nil and why
// none does.
func (alts alternatives) firstMatch(c *candidate) (*constraints, error) {
	var first error
	for _, cs := range alts {
		err := cs.holds(c)
		if err == nil {
			return cs, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// apply applies rule r, found in the declaration of snap declSnap ("" for
// the base declaration), to c: deny first, then allow. It returns the
// allow alternative that matched.
func apply(r *Rule, declSnap string, c *candidate) (*constraints, error) {
	refuse := func(allow bool, reason string) error {
		return &Error{Check: c.check, Side: r.Side, Name: c.nameOf(r.Side), Interface: r.Interface,
			Snap: declSnap, Subrule: subrule(allow, c.check), Reason: reason}
	}
	if cs, _ := r.denies(c.check).firstMatch(c); cs != nil {
		return nil, refuse(false, "")
	}
	cs, err := r.allows(c.check).firstMatch(c)
	if cs == nil {
		reason := ""
		if err != nil {
			reason = err.Error()
		}
		return nil, refuse(true, reason)
	}
	return cs, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
