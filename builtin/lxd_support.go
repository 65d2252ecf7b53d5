// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// lxd-support: operating as the LXD daemon, which hands the system to its
// containers. A connected plug lifts the seccomp filter (@unrestricted),
// lets the daemon run aa-exec unconfined, and makes the snap manage its
// own device cgroup (so the udev backend tags no devices for it); the
// plug, connected or not, sets Delegate=true on its daemons.
//
// With "enable-unconfined-mode: true" the snap's profiles get the
// "unconfined" flag, where the target reads it (see
// apparmor.Specification.SetUnconfinedEnabled); with a parser that knows
// the userns rule, the daemon may create user namespaces.
type lxdSupportInterface struct {
	commonInterface
}

var _ interfaces.PlugSanitizer = (*lxdSupportInterface)(nil)

func newLXDSupport() interfaces.Interface {
	return &lxdSupportInterface{commonInterface{
		name:              "lxd-support",
		summary:           "allows operating as the LXD service",
		docURL:            "https://snapcraft.io/docs/lxd-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Super-privileged: only a snap declaration lets a snap have the
		// plug, and it never connects on its own.
		baseDeclarationPlugs: `
  lxd-support:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  lxd-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: lxdSupportAppArmor,
		connectedPlugSecComp:  lxdSupportSecComp,
		permanentPlugServices: []string{"Delegate=true"},
		controlsDeviceCgroup:  true,
	}}
}

// StaticInfo adds to the common information that a connected plug may
// leave the snap's profiles unconfined.
func (iface *lxdSupportInterface) StaticInfo() interfaces.StaticInfo {
	info := iface.commonInterface.StaticInfo()
	info.AppArmorUnconfinedPlugs = true
	return info
}

// BeforePreparePlug accepts a plug without "enable-unconfined-mode", or
// with true or false.
func (iface *lxdSupportInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	_, err := lxdSupportUnconfined(plug, plug.Snap.InstanceName(), plug.Name)
	return err
}

// lxdSupportUnconfined reads "enable-unconfined-mode" of a plug, static
// or connected.
func lxdSupportUnconfined(attrs attrLookup, snapName, plug string) (bool, error) {
	return plugBoolAttr(attrs, "enable-unconfined-mode", snapName, plug)
}

// AppArmorConnectedPlug adds the rules, the userns rule where the parser
// knows it, and the unconfined flag if the plug asks for it.
func (iface *lxdSupportInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	unconfined, err := lxdSupportUnconfined(plug, plug.Snap().InstanceName(), plug.Name())
	if err != nil {
		return err
	}
	if err := iface.commonInterface.AppArmorConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	if spec.Features().Userns {
		spec.AddSnippet(lxdSupportUsernsAppArmor)
	}
	if unconfined {
		spec.SetUnconfinedEnabled()
	}
	return nil
}

const lxdSupportAppArmor = `
# Description: Can change to any apparmor profile (including unconfined) thus
# giving access to all resources of the system so LXD may manage what to give
# to its containers. This gives device ownership to connected snaps.
@{PROC}/**/attr/{,apparmor/}current r,
/{,usr/}{,s}bin/aa-exec ux,

# Allow discovering the os-release of the host
/var/lib/snapd/hostfs/{etc,usr/lib}/os-release r,
`

const lxdSupportUsernsAppArmor = `
# allow use of user namespaces
userns,
`

const lxdSupportSecComp = `
# Description: Can access all syscalls of the system so LXD may manage what to
# give to its containers, giving device ownership to connected snaps.
@unrestricted
`
