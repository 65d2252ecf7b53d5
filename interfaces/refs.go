// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plugpolicy/plugpolicy/snap"
)

// PlugRef names a plug: the snap's instance name and the plug's name.
type PlugRef struct {
	Snap string `json:"snap"`
	Name string `json:"plug"`
}

// SlotRef names a slot.
type SlotRef struct {
	Snap string `json:"snap"`
	Name string `json:"slot"`
}

// ConnRef names a connection of a plug to a slot.
type ConnRef struct {
	PlugRef PlugRef `json:"plug"`
	SlotRef SlotRef `json:"slot"`
}

// String prints "snap:plug".
func (r PlugRef) String() string { return r.Snap + ":" + r.Name }

// String prints "snap:slot".
func (r SlotRef) String() string { return r.Snap + ":" + r.Name }

// ID prints "snap:plug snap:slot", the form ParseConnRef reads.
func (r ConnRef) ID() string { return r.PlugRef.String() + " " + r.SlotRef.String() }

// String is ID.
func (r ConnRef) String() string { return r.ID() }

// Less orders plug references by snap, then name.
func (r PlugRef) Less(o PlugRef) bool {
	if r.Snap != o.Snap {
		return r.Snap < o.Snap
	}
	return r.Name < o.Name
}

// Less orders slot references by snap, then name.
func (r SlotRef) Less(o SlotRef) bool {
	if r.Snap != o.Snap {
		return r.Snap < o.Snap
	}
	return r.Name < o.Name
}

// Less orders connections by plug, then slot.
func (r ConnRef) Less(o ConnRef) bool {
	if r.PlugRef != o.PlugRef {
		return r.PlugRef.Less(o.PlugRef)
	}
	return r.SlotRef.Less(o.SlotRef)
}

// SortConnRefs sorts connection references in place.
func SortConnRefs(refs []ConnRef) {
	sort.Slice(refs, func(i, j int) bool { return refs[i].Less(refs[j]) })
}

// ParsePlugRef reads "snap:plug".
func ParsePlugRef(s string) (PlugRef, error) {
	name, plug, err := splitRef(s, "plug", snap.ValidatePlugName)
	return PlugRef{Snap: name, Name: plug}, err
}

// ParseSlotRef reads "snap:slot".
func ParseSlotRef(s string) (SlotRef, error) {
	name, slot, err := splitRef(s, "slot", snap.ValidateSlotName)
	return SlotRef{Snap: name, Name: slot}, err
}

// ParseConnRef reads "snap:plug snap:slot".
func ParseConnRef(s string) (ConnRef, error) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return ConnRef{}, fmt.Errorf("invalid connection %q: expected \"SNAP:PLUG SNAP:SLOT\"", s)
	}
	plug, err := ParsePlugRef(fields[0])
	if err != nil {
		return ConnRef{}, fmt.Errorf("invalid connection %q: %w", s, err)
	}
	slot, err := ParseSlotRef(fields[1])
	if err != nil {
		return ConnRef{}, fmt.Errorf("invalid connection %q: %w", s, err)
	}
	return ConnRef{PlugRef: plug, SlotRef: slot}, nil
}

func splitRef(s, what string, validate func(string) error) (string, string, error) {
	name, item, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", fmt.Errorf("invalid %s reference %q: expected \"SNAP:%s\"", what, s, strings.ToUpper(what))
	}
	if err := snap.ValidateInstanceName(name); err != nil {
		return "", "", fmt.Errorf("invalid %s reference %q: %w", what, s, err)
	}
	if err := validate(item); err != nil {
		return "", "", fmt.Errorf("invalid %s reference %q: %w", what, s, err)
	}
	return name, item, nil
}
