// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/digest"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The hooks an interface implements to add seccomp rules.
type (
	// ConnectedPlugDefiner adds rules for the apps of a connected plug.
	ConnectedPlugDefiner interface {
		SecCompConnectedPlug(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// ConnectedSlotDefiner adds rules for the apps of a connected slot.
	ConnectedSlotDefiner interface {
		SecCompConnectedSlot(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// PermanentPlugDefiner adds rules for the apps of a plug.
	PermanentPlugDefiner interface {
		SecCompPermanentPlug(spec *Specification, plug *snap.PlugInfo) error
	}
	// PermanentSlotDefiner adds rules for the apps of a slot.
	PermanentSlotDefiner interface {
		SecCompPermanentSlot(spec *Specification, slot *snap.SlotInfo) error
	}
)

// Specification collects the seccomp rules interfaces add for one snap,
// per security tag.
//
// Order: a filter's snippets keep the order in which they were added, and a
// snippet added twice to one filter appears once.
type Specification struct {
	info     *snap.Info
	opts     interfaces.ConfinementOptions
	host     Options
	snippets map[string][]snippet

	interfaces.Scope // the hook being run
}

type snippet struct {
	iface string
	text  string
}

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns an empty specification for a snap.
func NewSpecification(info *snap.Info, opts interfaces.ConfinementOptions) *Specification {
	return &Specification{info: info, opts: opts, snippets: make(map[string][]snippet)}
}

// Snap is the snap the specification is for.
func (spec *Specification) Snap() *snap.Info { return spec.info }

// ShadowGID is the ID of the group that owns /etc/shadow on the target
// (see Options.ShadowGID).
func (spec *Specification) ShadowGID() uint32 {
	if spec.host.ShadowGID == nil {
		return DefaultShadowGID
	}
	return *spec.host.ShadowGID
}

// AddSnippet adds rules, in the policy source syntax, to the filter of
// every app and hook in scope.
func (spec *Specification) AddSnippet(text string) {
	for _, tag := range spec.SecurityTags() {
		if !spec.has(tag, text) {
			spec.snippets[tag] = append(spec.snippets[tag], snippet{iface: spec.InterfaceName(), text: text})
		}
	}
}

func (spec *Specification) has(tag, text string) bool {
	for _, s := range spec.snippets[tag] {
		if s.text == text {
			return true
		}
	}
	return false
}

// tagDigest digests everything of the specification the policy of a
// security tag is rendered from, but for the snap, the confinement
// options and the host (see interfaces.TagRenderer): the tag and the
// snippets added for it. TestTagDigestCoversTheSpecification fails when a
// field is added to Specification that this does not cover.
func (spec *Specification) tagDigest(tag string) string {
	d := digest.New("seccomp policy 1")
	d.String(tag)
	d.Int(len(spec.snippets[tag]))
	for _, s := range spec.snippets[tag] {
		d.String(s.iface)
		d.String(s.text)
	}
	return d.Sum()
}

// Snippets returns the snippets added for a security tag, in order.
func (spec *Specification) Snippets(tag string) []string {
	out := make([]string, len(spec.snippets[tag]))
	for i, s := range spec.snippets[tag] {
		out[i] = s.text
	}
	return out
}

// AddConnectedPlug runs the interface's ConnectedPlugDefiner hook, if any.
func (spec *Specification) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error { return d.SecCompConnectedPlug(spec, plug, slot) })
}

// AddConnectedSlot runs the interface's ConnectedSlotDefiner hook, if any.
func (spec *Specification) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedSlotDefiner) error { return d.SecCompConnectedSlot(spec, plug, slot) })
}

// AddPermanentPlug runs the interface's PermanentPlugDefiner hook, if any.
func (spec *Specification) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentPlugDefiner) error { return d.SecCompPermanentPlug(spec, plug) })
}

// AddPermanentSlot runs the interface's PermanentSlotDefiner hook, if any.
func (spec *Specification) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentSlotDefiner) error { return d.SecCompPermanentSlot(spec, slot) })
}
