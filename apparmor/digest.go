// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"github.com/plugpolicy/plugpolicy/internal/digest"
)

// tagDigest digests everything of the specification the profile of a
// security tag is rendered from, but for the snap, the confinement
// options and the host (see interfaces.TagRenderer): the tag and its
// command, every snap-wide switch, and what interfaces added for the tag
// (its snippets, deferred rules as they render now, prioritized rules by
// key and child profiles by name). TestTagDigestCoversTheSpecification
// fails when a field is added to Specification that this does not cover.
func (spec *Specification) tagDigest(tag, command string) string {
	d := digest.New("apparmor profile 1")
	d.String(tag)
	d.String(command)
	for _, b := range []bool{spec.suppressHomeIx, spec.suppressPycacheDeny, spec.usesPtraceTrace,
		spec.suppressPtraceTrace, spec.usesSysModule, spec.suppressSysModule, spec.unconfined} {
		d.Bool(b)
	}
	addSnippets := func(list []snippet) {
		d.Int(len(list))
		for _, s := range list {
			d.String(s.iface)
			d.String(s.text)
		}
	}
	addSnippets(spec.snippets[tag])
	d.Int(len(spec.deferred[tag]))
	for _, s := range spec.deferred[tag] {
		d.String(s.iface)
		d.String(s.render(spec))
	}
	keys := sortedKeys(spec.prioritized[tag])
	d.Int(len(keys))
	for _, key := range keys {
		p := spec.prioritized[tag][key]
		d.String(string(key))
		d.Int(p.priority)
		addSnippets(p.snippets)
	}
	names := sortedKeys(spec.children[tag])
	d.Int(len(names))
	for _, name := range names {
		d.String(name)
		addSnippets(spec.children[tag][name])
	}
	return d.Sum()
}
