// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// microceph-support: operating as the MicroCeph service: the block
// devices and partitions it may turn into OSDs, device-mapper and bcache
// devices, and the rbd bus that maps Ceph block devices. With the plug
// attribute "user-identity-switching: true" (an SMB server serving files
// as the authenticated user) it may also change its user and group IDs
// and set supplementary groups.
type microcephSupportInterface struct {
	commonInterface
}

var _ interfaces.PlugSanitizer = (*microcephSupportInterface)(nil)

func newMicrocephSupport() interfaces.Interface {
	return &microcephSupportInterface{commonInterface{
		name:              "microceph-support",
		summary:           "allows operating as the MicroCeph service",
		docURL:            "https://snapcraft.io/docs/microceph-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Super-privileged: only a snap declaration lets a snap have the
		// plug, and it never connects on its own.
		baseDeclarationPlugs: `
  microceph-support:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  microceph-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: microcephSupportAppArmor,
	}}
}

// microcephIdentitySwitching reads "user-identity-switching".
func microcephIdentitySwitching(attrs attrLookup, snapName, plug string) (bool, error) {
	return plugBoolAttr(attrs, "user-identity-switching", snapName, plug)
}

// BeforePreparePlug accepts a plug without "user-identity-switching", or
// with true or false.
func (iface *microcephSupportInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	_, err := microcephIdentitySwitching(plug, plug.Snap.InstanceName(), plug.Name)
	return err
}

// AppArmorConnectedPlug adds the device rules, and the identity
// capabilities if the plug asks for them.
func (iface *microcephSupportInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	switching, err := microcephIdentitySwitching(plug, plug.Snap().InstanceName(), plug.Name())
	if err != nil {
		return err
	}
	if err := iface.commonInterface.AppArmorConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	if switching {
		spec.AddSnippet(microcephSupportIdentityAppArmor)
	}
	return nil
}

// SecCompConnectedPlug allows setgroups with groups, if the plug asks for
// identity switching.
func (iface *microcephSupportInterface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	switching, err := microcephIdentitySwitching(plug, plug.Snap().InstanceName(), plug.Name())
	if err != nil {
		return err
	}
	if switching {
		spec.AddSnippet(microcephSupportIdentitySecComp)
	}
	return nil
}

const microcephSupportAppArmor = `

# Allow bcache devices to be accessed since DM devices may be set up on top of those.
/dev/bcache[0-9]{,[0-9],[0-9][0-9]} rwk,                   # bcache (up to 1000 devices)
# Access to individual partitions
/dev/hd[a-t][0-9]{,[0-9],[0-9][0-9]} rwk,                  # IDE, MFM, RLL
/dev/sd{,[a-z]}[a-z][0-9]{,[0-9],[0-9][0-9]} rwk,          # SCSI
/dev/vd{,[a-z]}[a-z][0-9]{,[0-9],[0-9][0-9]} rwk,          # virtio
/dev/nvme{[0-9],[1-9][0-9]}n{[1-9],[1-5][0-9],6[0-3]}p[0-9]{,[0-9],[0-9][0-9]} rwk, # NVMe
# Access device mapper blockdevs
/dev/dm-[0-9]{,[0-9],[0-9][0-9]} rwk,                      # device mapper (up to 1000 devices)
# Allow managing of rbd-backed block devices
/sys/bus/rbd/add rwk,                                      # add block dev
/sys/bus/rbd/remove rwk,                                   # remove block dev
/sys/bus/rbd/add_single_major rwk,                         # add single major dev
/sys/bus/rbd/remove_single_major rwk,                      # remove single major dev
/sys/bus/rbd/supported_features r,                         # display enabled features
/sys/bus/rbd/devices/** rwk,                               # manage individual block devs

# Avoid logging known attempts calling sudo
deny /usr/bin/sudo x,
`

const microcephSupportIdentityAppArmor = `
# Description: allow a confined SMB server to assume the identity of
# authenticated users when serving files.
capability setuid,
capability setgid,
`

const microcephSupportIdentitySecComp = `
# smbd assumes the authenticated user's supplementary groups on every
# identity transition; the default template only allows the zero-length
# (clear groups) form of setgroups.
setgroups
setgroups32
`
