// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"bytes"
	"fmt"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// plainEffect is which backends' files a plain connection of an
// interface changes: a plug without attributes, on the daemon "app" of an
// app snap "consumer", connected to a slot without attributes, the
// system's on a classic system where it offers one, else that of the
// daemon "app" of an app snap "provider". Each side's snap is compiled
// (plugpolicy.Compile, with compile's default host facts, policy
// bypassed as with --dangerous) with and without its plug (slot) and the
// connection; a backend is listed when any of its files differ.
//
// It is what the rules of that one case do, measured: attributes,
// flavors and host facts may make an interface add to other backends.
type plainEffect struct {
	PlugSnap []string `json:"plug-snap"`
	// SlotSnap is null when the slot is the system's, whose snap
	// plugpolicy does not render.
	SlotSnap []string `json:"slot-snap"`
}

// plainEffectOf measures the plain connection of the interface name; an
// error names what refused the plain plug or slot.
func plainEffectOf(name string) (*plainEffect, error) {
	consumer := fmt.Sprintf("name: consumer\nversion: \"1\"\nplugs:\n  p: {interface: %s}\napps: {app: {command: bin/app, daemon: simple, plugs: [p]}}\n", name)
	provider := fmt.Sprintf("name: provider\nversion: \"1\"\nslots:\n  s: {interface: %s}\napps: {app: {command: bin/app, daemon: simple, slots: [s]}}\n", name)
	bare := "name: %s\nversion: \"1\"\napps: {app: {command: bin/app, daemon: simple}}\n"
	opts := plugpolicy.Options{NoAutoConnect: true, Dangerous: true, NoBPF: true}

	// Where the slot is, and whether the sanitizers take the plain plug
	// and slot.
	docs := []string{consumer}
	dry, err := effectCompile(plugpolicy.Connect, opts, docs...)
	if err != nil {
		return nil, err
	}
	slot := dry.System + ":" + name
	if dry.Repo.Slot(dry.System, name) == nil {
		docs = append(docs, provider)
		slot = "provider:s"
		if dry, err = effectCompile(plugpolicy.Connect, opts, docs...); err != nil {
			return nil, err
		}
	}
	for _, s := range dry.Snaps {
		if len(s.LeftOut) > 0 {
			r := s.LeftOut[0]
			return nil, fmt.Errorf("a %s without attributes is refused: %s", r.Kind, r.Reason)
		}
	}

	connectOpts := opts
	connectOpts.Connect = []string{"consumer:p=" + slot}
	connected, err := effectCompile(plugpolicy.Compile, connectOpts, docs...)
	if err != nil {
		return nil, err
	}
	unconnected, err := effectCompile(plugpolicy.Compile, opts, fmt.Sprintf(bare, "consumer"), fmt.Sprintf(bare, "provider"))
	if err != nil {
		return nil, err
	}
	e := &plainEffect{PlugSnap: changedBackends(unconnected, connected, "consumer")}
	if slot == "provider:s" {
		e.SlotSnap = changedBackends(unconnected, connected, "provider")
	}
	return e, nil
}

// effectCompile parses the snap.yaml texts and compiles (or connects)
// them.
func effectCompile(compile func([]*snap.Info, plugpolicy.Options) (*plugpolicy.Result, error), opts plugpolicy.Options, yamls ...string) (*plugpolicy.Result, error) {
	var infos []*snap.Info
	for _, y := range yamls {
		info, err := snap.Parse([]byte(y), snap.Options{Revision: snap.R(1)})
		if err != nil {
			return nil, err
		}
		infos = append(infos, info)
	}
	return compile(infos, opts)
}

// changedBackends lists the backends whose files for the snap differ
// between the two results.
func changedBackends(before, after *plugpolicy.Result, name string) []string {
	out := []string{}
	for _, b := range plugpolicy.BackendNames() {
		if !sameFiles(before.FilesOf(name, b), after.FilesOf(name, b)) {
			out = append(out, b)
		}
	}
	return out
}

func sameFiles(a, b interfaces.Files) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		other, ok := b[name]
		if !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}
