// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package builtin is plugpolicy's catalog of interface definitions, one
// file per interface. Interfaces that are only data are commonInterface
// literals; interfaces with logic (attributes, flavors) embed it and add
// methods. Interfaces returns a fresh catalog on every call: nothing here
// is registered globally, so two repositories may use different catalogs.
package builtin

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
)

// commonInterface is an interface defined by data alone: its static
// information and, per backend, the rules it adds.
type commonInterface struct {
	name    string
	summary string
	docURL  string

	implicitOnCore    bool
	implicitOnClassic bool

	// base declaration fragments, in YAML; see interfaces.StaticInfo
	baseDeclarationPlugs string
	baseDeclarationSlots string
}

var _ interfaces.Interface = (*commonInterface)(nil)

// Name is the interface's name.
func (c *commonInterface) Name() string { return c.name }

// StaticInfo is the interface's static information.
func (c *commonInterface) StaticInfo() interfaces.StaticInfo {
	return interfaces.StaticInfo{
		Summary:              c.summary,
		DocURL:               c.docURL,
		ImplicitOnCore:       c.implicitOnCore,
		ImplicitOnClassic:    c.implicitOnClassic,
		BaseDeclarationPlugs: c.baseDeclarationPlugs,
		BaseDeclarationSlots: c.baseDeclarationSlots,
	}
}
