// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"
	"slices"
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
	memo := tagMemo{instance: instanceName}
	for _, slot := range s.SortedSlots() {
		iface, tags, ref := r.ifaces[slot.Interface], memo.of(slot.Apps, slot.Hooks), SlotRef{instanceName, slot.Name}
		if err := spec.AddPermanentSlot(iface, tags, slot); err != nil {
			return fmt.Errorf("cannot add the rules of slot %s (interface %q): %w", ref, slot.Interface, err)
		}
		err := eachConn(r.slotConns[ref], func(conn *Connection) error {
			if err := spec.AddConnectedSlot(iface, tags, conn.Plug, conn.Slot); err != nil {
				return fmt.Errorf("cannot add the rules of connection %s (interface %q): %w", conn.Ref().ID(), slot.Interface, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, plug := range s.SortedPlugs() {
		iface, tags, ref := r.ifaces[plug.Interface], memo.of(plug.Apps, plug.Hooks), PlugRef{instanceName, plug.Name}
		if err := spec.AddPermanentPlug(iface, tags, plug); err != nil {
			return fmt.Errorf("cannot add the rules of plug %s (interface %q): %w", ref, plug.Interface, err)
		}
		err := eachConn(r.plugConns[ref], func(conn *Connection) error {
			if err := spec.AddConnectedPlug(iface, tags, conn.Plug, conn.Slot); err != nil {
				return fmt.Errorf("cannot add the rules of connection %s (interface %q): %w", conn.Ref().ID(), plug.Interface, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// eachConn calls fn with the connections of one plug (keyed by slot) or
// of one slot (keyed by plug), sorted by their other end: with one end
// the same for all of them, that is the order of their ConnRefs. The
// first error stops it.
func eachConn[K comparable](conns map[K]*Connection, fn func(*Connection) error) error {
	if len(conns) == 1 {
		for _, c := range conns {
			return fn(c)
		}
	}
	sorted := make([]*Connection, 0, len(conns))
	for _, c := range conns {
		sorted = append(sorted, c)
	}
	slices.SortFunc(sorted, func(a, b *Connection) int {
		ra, rb := a.Ref(), b.Ref()
		switch {
		case ra.Less(rb):
			return -1
		case rb.Less(ra):
			return 1
		}
		return 0
	})
	for _, c := range sorted {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// tagMemo makes the security tags of a snap's plugs and slots, as their
// SecurityTags methods do, making the tag of each of the snap's first
// apps and hooks once.
type tagMemo struct {
	instance    string
	apps, hooks []namedTag
}

type namedTag struct{ name, tag string }

// maxMemoTags bounds the tags a tagMemo keeps (and searches).
const maxMemoTags = 16

// of returns the sorted security tags of the apps and hooks.
func (m *tagMemo) of(apps map[string]*snap.AppInfo, hooks map[string]*snap.HookInfo) []string {
	tags := make([]string, 0, len(apps)+len(hooks))
	tags = memoTags(&m.apps, apps, tags, func(name string) string { return snap.AppSecurityTag(m.instance, name) })
	tags = memoTags(&m.hooks, hooks, tags, func(name string) string { return snap.HookSecurityTag(m.instance, name) })
	sort.Strings(tags)
	return tags
}

// memoTags appends the tags of the names, made by tagOf or found in
// memo, to tags.
func memoTags[V any](memo *[]namedTag, names map[string]V, tags []string, tagOf func(string) string) []string {
	for name := range names {
		tag, ok := lookupTag(*memo, name)
		if !ok {
			tag = tagOf(name)
			*memo = rememberTag(*memo, name, tag)
		}
		tags = append(tags, tag)
	}
	return tags
}

func lookupTag(memo []namedTag, name string) (string, bool) {
	for _, t := range memo {
		if t.name == name {
			return t.tag, true
		}
	}
	return "", false
}

func rememberTag(memo []namedTag, name, tag string) []namedTag {
	if len(memo) >= maxMemoTags {
		return memo
	}
	if memo == nil {
		memo = make([]namedTag, 0, 4)
	}
	return append(memo, namedTag{name, tag})
}
