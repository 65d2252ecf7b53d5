// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"errors"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
)

// What the interfaces and interface commands say about a catalog
// interface, from its static information, the base declaration and the
// backend hooks it implements.

// Hook names, as the commands print them.
const (
	hookConnectedPlug = "connected-plug"
	hookConnectedSlot = "connected-slot"
	hookPermanentPlug = "permanent-plug"
	hookPermanentSlot = "permanent-slot"
)

// backendHooks are the hooks of one backend an interface implements.
type backendHooks struct {
	Backend string   `json:"backend"`
	Hooks   []string `json:"hooks"`
}

// hooksOf returns, for each backend whose hooks the interface implements
// (by type assertion against apparmor.ConnectedPlugDefiner and its
// siblings in every backend package), which ones, in the order
// connected-plug, connected-slot, permanent-plug, permanent-slot. The
// backends come in the order apparmor, seccomp, udev, kmod, systemd,
// mount.
func hooksOf(iface interfaces.Interface) []backendHooks {
	table := []struct {
		backend                    string
		cPlug, cSlot, pPlug, pSlot bool
	}{
		{"apparmor", is[apparmor.ConnectedPlugDefiner](iface), is[apparmor.ConnectedSlotDefiner](iface), is[apparmor.PermanentPlugDefiner](iface), is[apparmor.PermanentSlotDefiner](iface)},
		{"seccomp", is[seccomp.ConnectedPlugDefiner](iface), is[seccomp.ConnectedSlotDefiner](iface), is[seccomp.PermanentPlugDefiner](iface), is[seccomp.PermanentSlotDefiner](iface)},
		{"udev", is[udev.ConnectedPlugDefiner](iface), is[udev.ConnectedSlotDefiner](iface), is[udev.PermanentPlugDefiner](iface), is[udev.PermanentSlotDefiner](iface)},
		{"kmod", is[kmod.ConnectedPlugDefiner](iface), is[kmod.ConnectedSlotDefiner](iface), is[kmod.PermanentPlugDefiner](iface), is[kmod.PermanentSlotDefiner](iface)},
		{"systemd", is[systemd.ConnectedPlugDefiner](iface), is[systemd.ConnectedSlotDefiner](iface), is[systemd.PermanentPlugDefiner](iface), is[systemd.PermanentSlotDefiner](iface)},
		{"mount", is[mount.ConnectedPlugDefiner](iface), is[mount.ConnectedSlotDefiner](iface), is[mount.PermanentPlugDefiner](iface), is[mount.PermanentSlotDefiner](iface)},
	}
	var out []backendHooks
	for _, b := range table {
		var hooks []string
		for _, h := range []struct {
			has  bool
			name string
		}{{b.cPlug, hookConnectedPlug}, {b.cSlot, hookConnectedSlot}, {b.pPlug, hookPermanentPlug}, {b.pSlot, hookPermanentSlot}} {
			if h.has {
				hooks = append(hooks, h.name)
			}
		}
		if len(hooks) > 0 {
			out = append(out, backendHooks{Backend: b.backend, Hooks: hooks})
		}
	}
	return out
}

// is tells whether v implements T.
func is[T any](v interface{}) bool {
	_, ok := v.(T)
	return ok
}

// backendNames returns the backends of hooks.
func backendNames(hooks []backendHooks) []string {
	names := []string{}
	for _, h := range hooks {
		names = append(names, h.Backend)
	}
	return names
}

// autoConnect is whether a plain plug of each catalog interface
// auto-connects to the system's slot, on classic and on Ubuntu Core; nil
// where the interface refuses a plug without attributes.
type autoConnect struct {
	classic, core map[string]*bool
}

// autoConnectOf decides auto-connection for every interface of catalog
// with the base declaration assembled from it
// (policy.Policy.AutoConnectsToSystem).
func autoConnectOf(catalog []interfaces.Interface) (*autoConnect, error) {
	base, err := policy.BaseDeclaration(catalog)
	if err != nil {
		return nil, err
	}
	ac := &autoConnect{classic: map[string]*bool{}, core: map[string]*bool{}}
	for _, classic := range []bool{true, false} {
		p, err := policy.New(base, policy.Device{Classic: classic})
		if err != nil {
			return nil, err
		}
		into := ac.core
		if classic {
			into = ac.classic
		}
		for _, iface := range catalog {
			ok, err := p.AutoConnectsToSystem(catalog, iface.Name())
			switch {
			case errors.Is(err, policy.ErrPlugNeedsAttributes):
				into[iface.Name()] = nil
			case err != nil:
				return nil, err
			default:
				into[iface.Name()] = &ok
			}
		}
	}
	return ac, nil
}
