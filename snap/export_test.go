// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"strings"
)

// ParseWithLines is Parse without its quick path, for tests that hold the
// two to the same results.
var ParseWithLines = parseWithLines

// QuickTree returns the tree of parseQuickYAML and of parseYAML as text
// without lines, and whether the quick one was built (quick) and the one
// with lines too (full).
func QuickTree(data []byte) (quickText, fullText string, quick, full bool) {
	if root, ok := parseQuickYAML(data); ok {
		quickText, quick = dumpTree(root), true
	}
	if root, perr := parseYAML(data); perr == nil {
		fullText, full = dumpTree(root), true
	}
	return quickText, fullText, quick, full
}

// dumpTree writes out all of a node tree but its lines and key numbers.
func dumpTree(n *node) string {
	var b strings.Builder
	var dump func(n *node, indent string)
	dump = func(n *node, indent string) {
		if n == nil {
			b.WriteString(indent + "<nil>\n")
			return
		}
		fmt.Fprintf(&b, "%s%s %T %#v %q\n", indent, n.kind, n.value, n.value, n.text)
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
