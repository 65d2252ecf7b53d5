// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

// PlugAttr is a plug attribute an interface understands.
type PlugAttr struct {
	// Name is the attribute's name, as snap.yaml writes it.
	Name string
	// Values are the values the interface accepts, when it accepts a
	// fixed set (a flavor); empty otherwise.
	Values []string
	// Optional says a plug may leave the attribute out.
	Optional bool
}

// PlugAttrDescriber is implemented by the interfaces that can list the
// plug attributes they understand, from the same table their sanitizer
// checks plugs against, so that the list cannot drift from what is
// accepted. An interface without it may still read attributes: its
// sanitizer is then the only statement of them.
type PlugAttrDescriber interface {
	PlugAttrs() []PlugAttr
}

var _ PlugAttrDescriber = (*kubernetesSupportInterface)(nil)

// PlugAttrs lists "flavor", optional, with the flavors of k8sFlavors.
func (iface *kubernetesSupportInterface) PlugAttrs() []PlugAttr {
	attr := PlugAttr{Name: "flavor", Optional: true}
	for _, f := range k8sFlavors {
		if f.name != "" {
			attr.Values = append(attr.Values, f.name)
		}
	}
	return []PlugAttr{attr}
}
