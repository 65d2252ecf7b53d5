// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v2"
)

// This file turns a YAML document into a tree of nodes that remember their
// line numbers, the raw text of their scalars and duplicate keys, none of
// which gopkg.in/yaml.v2 exposes through Unmarshal into plain Go values.
//
// The mechanism: node implements yaml.Unmarshaler. yaml.v2 hands each
// Unmarshaler a callback that decodes the current YAML node into any Go
// value and may be called several times. Decoding into a complex128, which
// no YAML node can become, makes yaml.v2 report a type error that carries
// the node's line; the other calls decode the node as a mapping (whose keys
// are keyNodes, so that two equal keys on different lines stay apart), as a
// sequence of nodes, or as a scalar, both resolved (int, bool, ...) and as
// its raw text, which is what snapd reads for string fields (so `version:
// 1.10` stays "1.10").

type nodeKind int

const (
	nullNode nodeKind = iota
	scalarNode
	mapNode
	seqNode
)

func (k nodeKind) String() string {
	switch k {
	case scalarNode:
		return "a scalar"
	case mapNode:
		return "a mapping"
	case seqNode:
		return "a list"
	default:
		return "null"
	}
}

// node is one YAML value. A null value is a nil *node or a node of kind
// nullNode; both read as "absent".
type node struct {
	kind  nodeKind
	line  int         // 1-based; 0 when the decoder gave none
	value interface{} // resolved scalar: string, int, int64, uint64, float64 or bool
	text  string      // raw scalar text
	// entries of a mapping, in document order (by the key's line, then
	// its text, since keys of a flow mapping share a line).
	entries []entry
	items   []*node // elements of a sequence
}

// entry is one key of a mapping with its value.
type entry struct {
	key   keyNode
	value *node
}

// keyNode is a mapping key. It is comparable, and it holds its line, so two
// equal keys at different places are two map entries.
type keyNode struct {
	text string
	line int
	// what the key resolves to: "string", "int", "bool", "float", "null",
	// or "a mapping"/"a list" for the complex keys YAML allows and snap.yaml
	// does not. Only string keys name anything in snap.yaml.
	typ string
}

func (k *keyNode) UnmarshalYAML(unmarshal func(interface{}) error) error {
	k.line = probeLine(unmarshal)
	var v interface{}
	if err := unmarshal(&v); err != nil {
		return err
	}
	switch v.(type) {
	case string:
		k.typ = "string"
	case bool:
		k.typ = "bool"
	case float64:
		k.typ = "float"
	case int, int64, uint64:
		k.typ = "int"
	case nil:
		k.typ = "null"
		return nil
	case []interface{}:
		k.typ = "a list"
		k.text = fmt.Sprint(v)
		return nil
	default:
		k.typ = "a mapping"
		k.text = fmt.Sprint(v)
		return nil
	}
	return unmarshal(&k.text)
}

func (n *node) UnmarshalYAML(unmarshal func(interface{}) error) error {
	n.line = probeLine(unmarshal)
	var m map[keyNode]*node
	if err := unmarshal(&m); err == nil && m != nil {
		n.kind = mapNode
		n.entries = make([]entry, 0, len(m))
		for k, v := range m {
			n.entries = append(n.entries, entry{key: k, value: v})
		}
		sort.Slice(n.entries, func(i, j int) bool {
			a, b := n.entries[i].key, n.entries[j].key
			if a.line != b.line {
				return a.line < b.line
			}
			return a.text < b.text
		})
		return nil
	}
	var items []*node
	if err := unmarshal(&items); err == nil && items != nil {
		n.kind = seqNode
		n.items = items
		return nil
	}
	if err := unmarshal(&n.value); err != nil {
		return err
	}
	if n.value == nil {
		n.kind = nullNode
		return nil
	}
	n.kind = scalarNode
	return unmarshal(&n.text)
}

var typeErrorLine = regexp.MustCompile(`^line (\d+): `)

// probeLine returns the line of the YAML node behind unmarshal, or 0 for a
// null node, which decodes into anything and so reports no line.
func probeLine(unmarshal func(interface{}) error) int {
	var impossible complex128
	err := unmarshal(&impossible)
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		if m := typeErrorLine.FindStringSubmatch(te.Errors[0]); m != nil {
			line, _ := strconv.Atoi(m[1])
			return line
		}
	}
	return 0
}

var syntaxErrorLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML decodes a document into a node tree. A syntax error becomes a
// problem with the line yaml.v2 gives.
func parseYAML(data []byte) (*node, *Problem) {
	var root *node
	if err := yaml.Unmarshal(data, &root); err != nil {
		msg := err.Error()
		line := 0
		if m := syntaxErrorLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, &Problem{Line: line, Message: "cannot parse YAML: " + msg}
	}
	return root, nil
}

// isNull tells whether n stands for an absent value.
func (n *node) isNull() bool {
	return n == nil || n.kind == nullNode
}

// describe names what n is for an error message: "a list", "the number 5".
func (n *node) describe() string {
	if n.isNull() {
		return "null"
	}
	if n.kind != scalarNode {
		return n.kind.String()
	}
	switch n.value.(type) {
	case string:
		return fmt.Sprintf("the string %q", n.text)
	case bool:
		return fmt.Sprintf("the boolean %s", n.text)
	case float64:
		return fmt.Sprintf("the number %s", n.text)
	default:
		return fmt.Sprintf("the integer %s", n.text)
	}
}
