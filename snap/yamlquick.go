// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"bytes"
	"errors"
	"io"
	"sort"

	"gopkg.in/yaml.v2"
)

// This file is the quick way to a node tree: the same tree as parseYAML's
// (kinds, resolved values, raw text, keys in document order with repeated
// keys kept), without line numbers. Lines are what makes parseYAML slow:
// yaml.v2 only tells them in the text of a type error, so every node costs
// a failed decode and a formatted message, and each scalar up to four
// more decodes to find out what it is. A document that is valid and has
// no warnings never shows a line, so Parse first builds its Info from the
// quick tree, and only when there is something to report does it parse
// again with lines, the only tree a problem is ever taken from.
//
// How the quick tree learns what a node is without a type error: it first
// decodes the node into scalarProbe, a struct that is an
// encoding.TextUnmarshaler. yaml.v2 hands a scalar to UnmarshalText (with
// the raw text, or the decoded bytes of a !!binary, exactly what a string
// decode gives), decodes a mapping into the struct without complaint (it
// has no fields to fill), and fails on a sequence. A second decode then
// gets the resolved value of a scalar, or the entries of a mapping; a
// sequence is decoded as a list.

// Most snap.yaml documents hold nothing but string keys, scalars, lists
// and mappings. For those, one plain decode into a yaml.MapSlice, which
// keeps the keys in order and repeated keys as they are, has all of the
// tree but the text of numbers and booleans (a string's text is the
// string). parseSimpleYAML takes that way, marking those scalars
// textless; Parse takes the quick tree instead when one of them is read
// as a string (`version: 1.10`). parseSimpleYAML gives up on anything
// else (a key that is not a string, a null spelled Null, a merge key).

// quickNode is a node decoded without its line; its fields are node's.
type quickNode node

// quickKey is a keyNode decoded without its line.
type quickKey keyNode

// scalarProbe receives the text of a scalar; see the comment above.
type scalarProbe struct {
	text   []byte
	scalar bool
}

// UnmarshalText implements encoding.TextUnmarshaler. yaml.v2 passes a
// copy of the text, which the probe keeps.
func (s *scalarProbe) UnmarshalText(text []byte) error {
	s.text, s.scalar = text, true
	return nil
}

func (k *quickKey) UnmarshalYAML(unmarshal func(interface{}) error) error {
	k.seq = keySeq.Add(1)
	var v interface{}
	if err := unmarshal(&v); err != nil {
		return err
	}
	var done bool
	if k.typ, k.text, done = keyType(v); done {
		return nil
	}
	return unmarshal(&k.text)
}

func (n *quickNode) UnmarshalYAML(unmarshal func(interface{}) error) error {
	var probe scalarProbe
	probeErr := unmarshal(&probe)
	if probe.scalar {
		if err := unmarshal(&n.value); err != nil {
			return err
		}
		if n.value == nil {
			n.kind = nullNode
			return nil
		}
		n.kind = scalarNode
		if s, ok := n.value.(string); ok {
			// the text of a scalar that resolves to a string
			n.text = s
		} else {
			n.text = string(probe.text)
		}
		return nil
	}
	if probeErr == nil {
		// a mapping, or a scalar that resolves to null
		var m map[quickKey]*quickNode
		if err := unmarshal(&m); err != nil {
			return err
		}
		if m == nil {
			n.kind = nullNode
			return nil
		}
		n.kind = mapNode
		n.entries = make([]entry, 0, len(m))
		for k, v := range m {
			n.entries = append(n.entries, entry{key: keyNode(k), value: (*node)(v)})
		}
		sort.Slice(n.entries, func(i, j int) bool { return n.entries[i].key.seq < n.entries[j].key.seq })
		return nil
	}
	var items []*quickNode
	if err := unmarshal(&items); err != nil {
		return err
	}
	n.kind = seqNode
	n.items = make([]*node, len(items))
	for i, item := range items {
		n.items[i] = (*node)(item)
	}
	return nil
}

// parseQuickYAML decodes a document into a node tree without lines. It
// gives up (ok false) on anything but one well-formed document without
// anchors, leaving that to parseYAML: yaml.v2 counts its decodes to refuse
// excessive aliasing, and the quick tree takes fewer of them.
func parseQuickYAML(data []byte) (root *node, ok bool) {
	if len(data) > MaxSnapYAMLSize || bytes.IndexByte(data, '&') >= 0 && bytes.IndexByte(data, '*') >= 0 {
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var quick *quickNode
	if err := dec.Decode(&quick); err != nil && err != io.EOF {
		return nil, false
	}
	var extra *quickNode
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, false
	}
	return (*node)(quick), true
}

// simpleRoot is the mapping at the top of a document, decoded plainly.
type simpleRoot struct {
	entries yaml.MapSlice
}

func (r *simpleRoot) UnmarshalYAML(unmarshal func(interface{}) error) error {
	// Only a mapping decodes into the probe without an error or a text: a
	// list would decode into a MapSlice as a list of {key, value} structs.
	var probe scalarProbe
	if err := unmarshal(&probe); err != nil || probe.scalar {
		return errNotSimple
	}
	return unmarshal(&r.entries)
}

var errNotSimple = errors.New("not a simple document")

// parseSimpleYAML decodes a document of string keys, scalars, lists and
// mappings into a node tree without lines, with a single plain decode. It
// gives up (ok false) on any other document.
func parseSimpleYAML(data []byte) (root *node, ok bool) {
	if len(data) > MaxSnapYAMLSize || bytes.IndexByte(data, '&') >= 0 && bytes.IndexByte(data, '*') >= 0 ||
		bytes.Contains(data, []byte("<<")) || bytes.Contains(data, []byte("Null")) || bytes.Contains(data, []byte("NULL")) {
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var top *simpleRoot
	if err := dec.Decode(&top); err != nil && err != io.EOF {
		return nil, false
	}
	var extra *quickNode
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, false
	}
	if top == nil {
		return nil, true
	}
	var tree simpleTree
	return tree.node(top.entries)
}

// simpleTree builds the node tree of a plainly decoded document, taking
// its nodes from slabs rather than one allocation each.
type simpleTree struct {
	slab []node
}

func (t *simpleTree) newNode(kind nodeKind) *node {
	if len(t.slab) == 0 {
		t.slab = make([]node, 32)
	}
	n := &t.slab[0]
	t.slab = t.slab[1:]
	n.kind = kind
	return n
}

// node turns a plainly decoded value into a node: ok is false for a
// value that is not a scalar, a list, a mapping with string keys or null.
func (t *simpleTree) node(v interface{}) (*node, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		n := t.newNode(scalarNode)
		n.value, n.text = x, x
		return n, true
	case bool, int, int64, uint64, float64:
		n := t.newNode(scalarNode)
		n.value, n.textless = x, true
		return n, true
	case yaml.MapSlice:
		n := t.newNode(mapNode)
		n.entries = make([]entry, len(x))
		for i, item := range x {
			key, ok := item.Key.(string)
			if !ok {
				return nil, false
			}
			value, ok := t.node(item.Value)
			if !ok {
				return nil, false
			}
			n.entries[i] = entry{key: keyNode{text: key, seq: uint64(i + 1), typ: "string"}, value: value}
		}
		return n, true
	case []interface{}:
		n := t.newNode(seqNode)
		n.items = make([]*node, len(x))
		for i, item := range x {
			value, ok := t.node(item)
			if !ok {
				return nil, false
			}
			n.items[i] = value
		}
		return n, true
	}
	return nil, false
}
