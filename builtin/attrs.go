// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "fmt"

// attrLookup is the attribute look-up of a plug or slot, static
// (snap.PlugInfo) or connected (interfaces.ConnectedPlug).
type attrLookup interface {
	Lookup(path string) (interface{}, bool)
}

// plugBoolAttr reads an optional true/false attribute of a plug; absent
// is false.
func plugBoolAttr(attrs attrLookup, name, snapName, plug string) (bool, error) {
	v, ok := attrs.Lookup(name)
	if !ok {
		return false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, fmt.Errorf(`snap %q, plug %q: invalid value %#v for attribute %q: want true or false`, snapName, plug, v, name)
	}
	return b, nil
}
