// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"strings"
)

// ParseWithLines is Parse without its quick path, for tests that hold the
// two to the same results.
func ParseWithLines(data []byte, opts Options) (*Info, error) {
	info, err := parseWithLines(data, opts)
	if info != nil {
		info.SourceDigest = sourceDigest(data)
	}
	return info, err
}

// Trees are a document's node trees written out without lines, each
// empty when it is not built: by parseSimpleYAML, parseQuickYAML and
// parseYAML. The simple tree is written without the text of numbers and
// booleans, which it has not, and so is FullText.
type Trees struct {
	Simple, Quick, Full, FullNoText string
}

// QuickTrees returns the trees of data.
func QuickTrees(data []byte) Trees {
	var trees Trees
	if root, ok := parseSimpleYAML(data); ok {
		trees.Simple = dumpTree(root, false)
	}
	if root, ok := parseQuickYAML(data); ok {
		trees.Quick = dumpTree(root, true)
	}
	if root, perr := parseYAML(data); perr == nil {
		trees.Full, trees.FullNoText = dumpTree(root, true), dumpTree(root, false)
	}
	return trees
}

// dumpTree writes out all of a node tree but its lines and key numbers,
// and the text of numbers and booleans unless allText.
func dumpTree(n *node, allText bool) string {
	var b strings.Builder
	b.WriteString("tree\n")
	var dump func(n *node, indent string)
	dump = func(n *node, indent string) {
		if n == nil {
			b.WriteString(indent + "<nil>\n")
			return
		}
		_, isString := n.value.(string)
		text := n.text
		if n.textless || !allText && n.kind == scalarNode && !isString {
			text = "(no text)"
		}
		fmt.Fprintf(&b, "%s%s %T %#v %q\n", indent, n.kind, n.value, n.value, text)
		for _, e := range n.entries {
			fmt.Fprintf(&b, "%skey %s %q\n", indent, e.key.typ, e.key.text)
			dump(e.value, indent+"  ")
		}
		for _, item := range n.items {
			dump(item, indent+"- ")
		}
	}
	dump(n, "")
	return b.String()
}
