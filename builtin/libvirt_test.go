// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// TestLibvirtSlotReservedForSystem: an app snap may not offer the libvirt
// slot (its clients would trust it with the host's socket); the system
// snap may, and a plug of an app snap is kept.
func TestLibvirtSlotReservedForSystem(t *testing.T) {
	repo, rejected := addSnap(t, `name: virt
version: "1"
slots:
  libvirt-daemon:
    interface: libvirt
plugs:
  libvirt: {}
apps:
  libvirtd:
    command: bin/libvirtd
    daemon: simple
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "slot", Name: "libvirt-daemon", Interface: "libvirt", Reason: `snap "virt", slot "libvirt-daemon": libvirt slots are reserved for the system snap, not a snap of type "app"`},
	}, rejected)
	assert.NotNil(t, repo.Plug("virt", "libvirt"))

	for _, typ := range []string{"os", "snapd"} {
		repo, rejected := addSnap(t, `name: system
version: "1"
type: `+typ+`
slots:
  libvirt: {}
`)
		assert.Empty(t, rejected, typ)
		assert.NotNil(t, repo.Slot("system", "libvirt"), typ)
	}
}
