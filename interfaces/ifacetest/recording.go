// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package ifacetest helps test interface definitions and code that drives
// them.
package ifacetest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// RecordingSpec is an interfaces.Specification that records each call as
// one line, "KIND INTERFACE [TAGS] REFS":
//
//	connected-plug network [snap.app.a snap.app.b] app:net core:network
//	permanent-slot db [snap.server.d] db
//
// It shows which hooks a driver calls, in which order, for which security
// tags. FailOn makes calls whose line starts with it return an error.
type RecordingSpec struct {
	Calls  []string
	FailOn string
}

var _ interfaces.Specification = (*RecordingSpec)(nil)

// ErrRefused is what a call matching FailOn returns.
var ErrRefused = errors.New("refused by the recording specification")

func (r *RecordingSpec) record(line string) error {
	r.Calls = append(r.Calls, line)
	if r.FailOn != "" && strings.HasPrefix(line, r.FailOn) {
		return ErrRefused
	}
	return nil
}

// AddConnectedPlug records "connected-plug IFACE [TAGS] PLUG SLOT".
func (r *RecordingSpec) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return r.record(fmt.Sprintf("connected-plug %s %v %s %s", iface.Name(), tags, plug.Ref(), slot.Ref()))
}

// AddConnectedSlot records "connected-slot IFACE [TAGS] PLUG SLOT".
func (r *RecordingSpec) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return r.record(fmt.Sprintf("connected-slot %s %v %s %s", iface.Name(), tags, plug.Ref(), slot.Ref()))
}

// AddPermanentPlug records "permanent-plug IFACE [TAGS] NAME".
func (r *RecordingSpec) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	return r.record(fmt.Sprintf("permanent-plug %s %v %s", iface.Name(), tags, plug.Name))
}

// AddPermanentSlot records "permanent-slot IFACE [TAGS] NAME".
func (r *RecordingSpec) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	return r.record(fmt.Sprintf("permanent-slot %s %v %s", iface.Name(), tags, slot.Name))
}
