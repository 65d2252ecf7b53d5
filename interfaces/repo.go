// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/plugpolicy/plugpolicy/snap"
)

// Repository holds a catalog of interfaces, the snaps added to it and the
// connections between their plugs and slots. It is safe for concurrent
// use. Each repository has its own catalog, so repositories with different
// catalogs can live side by side.
//
// A snap added to a repository is cloned first: the repository sanitizes
// and trims its own copy, and never changes the caller's snap.Info. The
// Infos it hands out (Snap, Plug, Slot, ...) are that copy, to be read, not
// changed.
type Repository struct {
	mu     sync.RWMutex
	ifaces map[string]Interface
	snaps  map[string]*snap.Info
	// connections, indexed from both ends
	plugConns map[PlugRef]map[SlotRef]*Connection
	slotConns map[SlotRef]map[PlugRef]*Connection
}

// Rejected is a plug or slot that AddSnap left out, and why.
type Rejected struct {
	// Kind is "plug" or "slot".
	Kind      string
	Name      string
	Interface string
	// Reason is ReasonUnknownInterface, or why the interface's sanitizer
	// refused the plug or slot.
	Reason string
}

// ReasonUnknownInterface is the Reason of a plug or slot whose interface
// the repository's catalog does not have.
const ReasonUnknownInterface = "unknown interface"

func (r Rejected) String() string {
	return fmt.Sprintf("%s %q (interface %q): %s", r.Kind, r.Name, r.Interface, r.Reason)
}

// NewRepository returns an empty repository whose catalog is ifaces.
// Interface names must be valid and distinct.
func NewRepository(ifaces []Interface) (*Repository, error) {
	r := &Repository{
		ifaces:    make(map[string]Interface, len(ifaces)),
		snaps:     make(map[string]*snap.Info),
		plugConns: make(map[PlugRef]map[SlotRef]*Connection),
		slotConns: make(map[SlotRef]map[PlugRef]*Connection),
	}
	for _, iface := range ifaces {
		name := iface.Name()
		if err := snap.ValidateInterfaceName(name); err != nil {
			return nil, fmt.Errorf("cannot add interface to the catalog: %w", err)
		}
		if r.ifaces[name] != nil {
			return nil, fmt.Errorf("cannot add interface %q to the catalog: the catalog has it already", name)
		}
		r.ifaces[name] = iface
	}
	return r, nil
}

// Interface returns the catalog's interface of that name, or nil.
func (r *Repository) Interface(name string) Interface {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.ifaces[name]
}

// Interfaces returns the catalog, sorted by name.
func (r *Repository) Interfaces() []Interface {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Interface, 0, len(r.ifaces))
	for _, iface := range r.ifaces {
		out = append(out, iface)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// AddSnap adds a copy of a snap. Every plug and slot is checked against
// the catalog: one whose interface the catalog does not have, or whose
// interface's sanitizer refuses it, is left out of the copy (and unbound
// from its apps and hooks) and returned in the Rejected list, sorted by
// kind and name; the rest of the snap is added, as snapd does. An invalid
// snap, or one whose instance name is already present, is an error, and
// then nothing is added.
func (r *Repository) AddSnap(info *snap.Info) ([]Rejected, error) {
	if err := info.Validate(); err != nil {
		return nil, fmt.Errorf("cannot add snap %q: %w", info.InstanceName(), err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	name := info.InstanceName()
	if r.snaps[name] != nil {
		return nil, fmt.Errorf("cannot add snap %q: the repository has a snap of that name already", name)
	}
	own := info.Clone()
	rejected := r.sanitize(own)
	r.snaps[name] = own
	return rejected, nil
}

// sanitize runs the catalog's sanitizers over the plugs and slots of s and
// removes the ones that fail.
func (r *Repository) sanitize(s *snap.Info) []Rejected {
	var rejected []Rejected
	for _, plug := range s.SortedPlugs() {
		if reason := r.plugProblem(plug); reason != "" {
			rejected = append(rejected, Rejected{Kind: "plug", Name: plug.Name, Interface: plug.Interface, Reason: reason})
			s.RemovePlug(plug.Name)
		}
	}
	for _, slot := range s.SortedSlots() {
		if reason := r.slotProblem(slot); reason != "" {
			rejected = append(rejected, Rejected{Kind: "slot", Name: slot.Name, Interface: slot.Interface, Reason: reason})
			s.RemoveSlot(slot.Name)
		}
	}
	return rejected
}

func (r *Repository) plugProblem(plug *snap.PlugInfo) string {
	iface := r.ifaces[plug.Interface]
	if iface == nil {
		return ReasonUnknownInterface
	}
	if s, ok := iface.(PlugSanitizer); ok {
		if err := s.BeforePreparePlug(plug); err != nil {
			return err.Error()
		}
	}
	return ""
}

func (r *Repository) slotProblem(slot *snap.SlotInfo) string {
	iface := r.ifaces[slot.Interface]
	if iface == nil {
		return ReasonUnknownInterface
	}
	if s, ok := iface.(SlotSanitizer); ok {
		if err := s.BeforePrepareSlot(slot); err != nil {
			return err.Error()
		}
	}
	return ""
}

// RemoveSnap removes a snap. A snap with connections cannot be removed;
// the error lists them.
func (r *Repository) RemoveSnap(instanceName string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.snaps[instanceName] == nil {
		return fmt.Errorf("cannot remove snap %q: the repository has no such snap", instanceName)
	}
	if conns := r.connectionsOf(instanceName); len(conns) > 0 {
		ids := make([]string, len(conns))
		for i, c := range conns {
			ids[i] = c.ID()
		}
		return fmt.Errorf("cannot remove snap %q: it is still connected: %s", instanceName, strings.Join(ids, ", "))
	}
	delete(r.snaps, instanceName)
	return nil
}

// Snap returns the repository's copy of a snap, or nil.
func (r *Repository) Snap(instanceName string) *snap.Info {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.snaps[instanceName]
}

// Snaps returns the repository's snaps, sorted by instance name.
func (r *Repository) Snaps() []*snap.Info {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.sortedSnaps()
}

// Plug returns a plug of a snap in the repository, or nil.
func (r *Repository) Plug(instanceName, plugName string) *snap.PlugInfo {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if s := r.snaps[instanceName]; s != nil {
		return s.Plugs[plugName]
	}
	return nil
}

// Slot returns a slot of a snap in the repository, or nil.
func (r *Repository) Slot(instanceName, slotName string) *snap.SlotInfo {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if s := r.snaps[instanceName]; s != nil {
		return s.Slots[slotName]
	}
	return nil
}

// AllSlots returns the slots of the given interface (of every interface
// for ""), sorted by snap and name.
func (r *Repository) AllSlots(iface string) []*snap.SlotInfo {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.allSlots(iface)
}

func (r *Repository) allSlots(iface string) []*snap.SlotInfo {
	var out []*snap.SlotInfo
	for _, s := range r.sortedSnaps() {
		for _, slot := range s.SortedSlots() {
			if iface == "" || slot.Interface == iface {
				out = append(out, slot)
			}
		}
	}
	return out
}

// AllPlugs returns the plugs of the given interface (of every interface
// for ""), sorted by snap and name.
func (r *Repository) AllPlugs(iface string) []*snap.PlugInfo {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []*snap.PlugInfo
	for _, s := range r.sortedSnaps() {
		for _, plug := range s.SortedPlugs() {
			if iface == "" || plug.Interface == iface {
				out = append(out, plug)
			}
		}
	}
	return out
}

func (r *Repository) sortedSnaps() []*snap.Info {
	names := make([]string, 0, len(r.snaps))
	for name := range r.snaps {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]*snap.Info, len(names))
	for i, name := range names {
		out[i] = r.snaps[name]
	}
	return out
}
