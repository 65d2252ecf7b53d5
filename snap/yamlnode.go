// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

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
	// textless marks a scalar whose text is not known: a number or
	// boolean of the simple tree (yamlquick.go), read only for its value.
	textless bool
	// entries of a mapping, in document order, repeated keys included
	entries []entry
	items   []*node // elements of a sequence
}

// entry is one key of a mapping with its value.
type entry struct {
	key   keyNode
	value *node
}

// keyNode is a mapping key. It is comparable, and every key decoded has
// its own sequence number, so two equal keys, even on one line of a flow
// mapping ({a: 1, a: 2}), are two map entries that mapEntries can report.
type keyNode struct {
	text string
	line int
	// seq orders the keys as yaml.v2 decodes them: document order (keys
	// brought in by a merge key "<<" come where the merge key is).
	seq uint64
	// what the key resolves to: "string", "int", "bool", "float", "null",
	// or "a mapping"/"a list" for the complex keys YAML allows and snap.yaml
	// does not. Only string keys name anything in snap.yaml.
	typ string
}

// keySeq numbers the keys decoded by this process. Only uniqueness and the
// order within one document (decoded by one goroutine) matter.
var keySeq atomic.Uint64

// keyType says what a decoded key is, as messages name its type, and
// its text when that is known from the value: a string is its own text
// (a scalar that resolves to a string decodes as that string), a list or
// mapping is printed, null has none. done is false for the other scalars,
// whose text the caller decodes as written.
func keyType(v interface{}) (typ, text string, done bool) {
	switch s := v.(type) {
	case string:
		return "string", s, true
	case bool:
		return "bool", "", false
	case float64:
		return "float", "", false
	case int, int64, uint64:
		return "int", "", false
	case nil:
		return "null", "", true
	case []interface{}:
		return "a list", fmt.Sprint(v), true
	}
	return "a mapping", fmt.Sprint(v), true
}

func (k *keyNode) UnmarshalYAML(unmarshal func(interface{}) error) error {
	k.seq = keySeq.Add(1)
	k.line = probeLine(unmarshal)
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

func (n *node) UnmarshalYAML(unmarshal func(interface{}) error) error {
	n.line = probeLine(unmarshal)
	var m map[keyNode]*node
	if err := unmarshal(&m); err == nil && m != nil {
		n.kind = mapNode
		n.entries = make([]entry, 0, len(m))
		for k, v := range m {
			n.entries = append(n.entries, entry{key: k, value: v})
		}
		sort.Slice(n.entries, func(i, j int) bool { return n.entries[i].key.seq < n.entries[j].key.seq })
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

// MaxSnapYAMLSize bounds a snap.yaml document, in bytes. Real ones are a
// few kilobytes; the bound keeps a hostile or mistaken input (a device, a
// huge file) from exhausting memory.
const MaxSnapYAMLSize = 4 << 20

// parseYAML decodes a document into a node tree. A syntax error becomes a
// problem with the line yaml.v2 gives; so does a second document, which
// snapd would ignore and a reader of the file would not.
func parseYAML(data []byte) (*node, *Problem) {
	if len(data) > MaxSnapYAMLSize {
		return nil, &Problem{Message: fmt.Sprintf("snap.yaml is larger than %d bytes", MaxSnapYAMLSize)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root *node
	if err := dec.Decode(&root); err != nil && err != io.EOF {
		return nil, yamlProblem(err)
	}
	var extra *node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return root, nil
	case err != nil:
		return nil, yamlProblem(err)
	}
	line := 0
	if extra != nil {
		line = extra.line
	}
	if line == 0 {
		line = lastDocumentMarker(data)
	}
	return nil, &Problem{Line: line, Message: "only one YAML document is allowed: a second one starts here"}
}

func yamlProblem(err error) *Problem {
	msg := err.Error()
	line := 0
	if m := syntaxErrorLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &Problem{Line: line, Message: "cannot parse YAML: " + msg}
}

// lastDocumentMarker returns the line of the last "---" that starts a
// document, for a second document that is empty and so has no line of its
// own; 0 if there is none.
func lastDocumentMarker(data []byte) int {
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if l == "---" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "---\t") {
			line = i + 1
		}
	}
	return line
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
