// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"
	"strings"
	"sync"

	"github.com/plugpolicy/plugpolicy/snap"
)

// ConnectedPlug is the plug side of a connection: the plug, its static
// attributes (from snap.yaml, as sanitized when its snap was added; never
// changed afterwards) and its dynamic attributes (set while connecting, by
// the caller and by the interface's connect checks).
//
// Attr and Lookup see the dynamic attributes over the static ones. A
// ConnectedPlug is safe for concurrent use.
type ConnectedPlug struct {
	info *snap.PlugInfo
	attrSet
}

// ConnectedSlot is the slot side of a connection; see ConnectedPlug.
type ConnectedSlot struct {
	info *snap.SlotInfo
	attrSet
}

// NewConnectedPlug returns the plug side of a connection. Its static
// attributes are a copy of the plug's; dynamic ones are normalised to the
// canonical attribute types (see snap.NormalizeValue).
func NewConnectedPlug(plug *snap.PlugInfo, dynamic map[string]interface{}) (*ConnectedPlug, error) {
	owner := fmt.Sprintf("plug %q", PlugRef{plug.Snap.InstanceName(), plug.Name}.String())
	set, err := newAttrSet(owner, plug.Attrs, dynamic)
	if err != nil {
		return nil, err
	}
	return &ConnectedPlug{info: plug, attrSet: set}, nil
}

// NewConnectedSlot returns the slot side of a connection.
func NewConnectedSlot(slot *snap.SlotInfo, dynamic map[string]interface{}) (*ConnectedSlot, error) {
	owner := fmt.Sprintf("slot %q", SlotRef{slot.Snap.InstanceName(), slot.Name}.String())
	set, err := newAttrSet(owner, slot.Attrs, dynamic)
	if err != nil {
		return nil, err
	}
	return &ConnectedSlot{info: slot, attrSet: set}, nil
}

// Info is the plug as its snap declares it.
func (p *ConnectedPlug) Info() *snap.PlugInfo { return p.info }

// Ref names the plug.
func (p *ConnectedPlug) Ref() PlugRef {
	return PlugRef{Snap: p.info.Snap.InstanceName(), Name: p.info.Name}
}

// Name is the plug's name.
func (p *ConnectedPlug) Name() string { return p.info.Name }

// Interface is the plug's interface.
func (p *ConnectedPlug) Interface() string { return p.info.Interface }

// Snap is the plug's snap.
func (p *ConnectedPlug) Snap() *snap.Info { return p.info.Snap }

// SecurityTags are the security tags of the apps and hooks the plug is
// bound to: the profiles its rules go into.
func (p *ConnectedPlug) SecurityTags() []string { return p.info.SecurityTags() }

// Info is the slot as its snap declares it.
func (s *ConnectedSlot) Info() *snap.SlotInfo { return s.info }

// Ref names the slot.
func (s *ConnectedSlot) Ref() SlotRef {
	return SlotRef{Snap: s.info.Snap.InstanceName(), Name: s.info.Name}
}

// Name is the slot's name.
func (s *ConnectedSlot) Name() string { return s.info.Name }

// Interface is the slot's interface.
func (s *ConnectedSlot) Interface() string { return s.info.Interface }

// Snap is the slot's snap.
func (s *ConnectedSlot) Snap() *snap.Info { return s.info.Snap }

// SecurityTags are the security tags of the apps and hooks the slot is
// bound to.
func (s *ConnectedSlot) SecurityTags() []string { return s.info.SecurityTags() }

// attrSet holds the static and dynamic attributes of one side of a
// connection. Its methods are promoted to ConnectedPlug and ConnectedSlot.
type attrSet struct {
	owner   string // "plug \"snap:name\"", for errors
	static  map[string]interface{}
	mu      *sync.RWMutex
	dynamic map[string]interface{}
}

func newAttrSet(owner string, static, dynamic map[string]interface{}) (attrSet, error) {
	set := attrSet{owner: owner, static: snap.CopyAttrs(static), mu: new(sync.RWMutex)}
	if len(dynamic) > 0 {
		v, err := snap.NormalizeValue(dynamic)
		if err != nil {
			return attrSet{}, fmt.Errorf("invalid dynamic attribute of %s: %w", owner, err)
		}
		set.dynamic = v.(map[string]interface{})
	}
	return set, nil
}

// StaticAttrs returns a copy of the static attributes.
func (a *attrSet) StaticAttrs() map[string]interface{} { return snap.CopyAttrs(a.static) }

// DynamicAttrs returns a copy of the dynamic attributes.
func (a *attrSet) DynamicAttrs() map[string]interface{} {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return snap.CopyAttrs(a.dynamic)
}

// StaticAttr decodes the static attribute at path into out.
func (a *attrSet) StaticAttr(path string, out interface{}) error {
	return snap.AttrIn(a.owner, path, out, a.static)
}

// Attr decodes the attribute at path (dotted for nested maps), dynamic
// before static, into out; see snap.DecodeAttr for the types out may have.
// A missing attribute gives an error that wraps snap.ErrAttrNotFound.
func (a *attrSet) Attr(path string, out interface{}) error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return snap.AttrIn(a.owner, path, out, a.dynamic, a.static)
}

// Lookup returns a copy of the attribute at path, dynamic before static.
func (a *attrSet) Lookup(path string) (interface{}, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, m := range []map[string]interface{}{a.dynamic, a.static} {
		if v, ok := lookupAttr(m, path); ok {
			return snap.CopyValue(v), true
		}
	}
	return nil, false
}

// lookupAttr is snap.LookupAttr, without splitting a path that names a
// top-level attribute, as most do.
func lookupAttr(m map[string]interface{}, path string) (interface{}, bool) {
	if path != "" && !strings.Contains(path, ".") {
		v, ok := m[path]
		return v, ok
	}
	return snap.LookupAttr(m, path)
}

// SetAttr sets a dynamic attribute (a top-level key), normalised to the
// canonical attribute types.
func (a *attrSet) SetAttr(key string, value interface{}) error {
	v, err := snap.NormalizeValue(value)
	if err != nil {
		return fmt.Errorf("cannot set attribute %q of %s: %w", key, a.owner, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.dynamic == nil {
		a.dynamic = make(map[string]interface{})
	}
	a.dynamic[key] = v
	return nil
}

// Connection is a plug connected to a slot.
type Connection struct {
	Plug *ConnectedPlug
	Slot *ConnectedSlot
}

// Ref names the connection.
func (c *Connection) Ref() ConnRef {
	return ConnRef{PlugRef: c.Plug.Ref(), SlotRef: c.Slot.Ref()}
}

// Interface is the connection's interface.
func (c *Connection) Interface() string { return c.Plug.Interface() }
