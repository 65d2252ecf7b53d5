// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package interfaces holds the contracts between snaps, interface
// definitions and backends, and the Repository that connects plugs to
// slots.
//
// An Interface names a kind of access (network, kubernetes-support, ...) and
// carries its static information. What else it does it declares by
// implementing small optional interfaces, found at run time: sanitizing its
// plugs and slots when a snap is added (PlugSanitizer, SlotSanitizer),
// checking connections (PlugConnectChecker, SlotConnectChecker), deciding
// auto-connection (AutoConnecter), and, for each backend, adding rules to
// that backend's specification. The backend packages declare those last
// hooks themselves (apparmor.ConnectedPlugDefiner, ...); this package only
// drives them through the Specification contract, so it imports no backend.
package interfaces

import (
	"github.com/plugpolicy/plugpolicy/snap"
)

// Interface is an interface definition.
type Interface interface {
	// Name is the interface's name, as plugs and slots write it.
	Name() string
	// StaticInfo is what is known about the interface without a snap.
	StaticInfo() StaticInfo
}

// StaticInfo describes an interface independently of any snap.
type StaticInfo struct {
	// Summary says in one line what the interface grants.
	Summary string
	// DocURL points to the interface's documentation, if any.
	DocURL string
	// ImplicitOnCore and ImplicitOnClassic say whether the system snap
	// offers a slot of this interface on Ubuntu Core and on classic
	// distributions.
	ImplicitOnCore    bool
	ImplicitOnClassic bool
	// BaseDeclarationPlugs and BaseDeclarationSlots are the interface's
	// fragments of the base declaration, in YAML, keyed by the interface
	// name: who may install, connect and auto-connect its plugs and slots.
	BaseDeclarationPlugs string
	BaseDeclarationSlots string
	// AppArmorUnconfinedPlugs and AppArmorUnconfinedSlots say that a
	// connected plug (slot) of this interface leaves the app unconfined
	// by AppArmor.
	AppArmorUnconfinedPlugs bool
	AppArmorUnconfinedSlots bool
}

// PlugSanitizer checks a plug when its snap is added to a repository, and
// may normalise its attributes (for example by filling in a default). An
// error keeps the plug out of the repository.
type PlugSanitizer interface {
	BeforePreparePlug(plug *snap.PlugInfo) error
}

// SlotSanitizer is PlugSanitizer for slots.
type SlotSanitizer interface {
	BeforePrepareSlot(slot *snap.SlotInfo) error
}

// PlugConnectChecker checks the plug side of a connection before it is
// made; it may set dynamic attributes of the plug. An error refuses the
// connection.
type PlugConnectChecker interface {
	BeforeConnectPlug(plug *ConnectedPlug) error
}

// SlotConnectChecker is PlugConnectChecker for the slot side.
type SlotConnectChecker interface {
	BeforeConnectSlot(slot *ConnectedSlot) error
}

// AutoConnecter decides, beyond what the base declaration allows, whether a
// plug may be connected to a slot automatically. An interface without it
// auto-connects whatever the declarations allow.
type AutoConnecter interface {
	AutoConnect(plug *snap.PlugInfo, slot *snap.SlotInfo) bool
}
