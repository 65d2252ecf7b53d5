// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// home: the non-hidden files of the user's home directory; with the plug
// attribute "read: all", also read access to other users' homes (for
// daemons running as root).
type homeInterface struct {
	commonInterface
}

var _ interfaces.PlugSanitizer = (*homeInterface)(nil)

func newHome() interfaces.Interface {
	return &homeInterface{commonInterface{
		name:              "home",
		summary:           "allows access to non-hidden files in the home directory",
		docURL:            "https://snapcraft.io/docs/home-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// The system offers the slot. Plugs connect automatically on
		// classic systems only, and "read: all" (other users' files)
		// needs the store's approval to connect at all.
		baseDeclarationSlots: `
  home:
    allow-installation:
      slot-snap-type:
        - core
    deny-connection:
      plug-attributes:
        read: all
    deny-auto-connection:
      -
        on-classic: false
      -
        plug-attributes:
          read: all
`,
	}}
}

// BeforePreparePlug accepts a plug without "read", or with "read: all".
func (iface *homeInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs["read"]
	if !ok || v == "all" {
		return nil
	}
	return fmt.Errorf(`invalid value %#v for attribute "read" of plug %q: the only value is "all"`, v, plug.Name)
}

// AppArmorConnectedPlug grants the user's own files, and with "read: all"
// read access to everyone's.
func (iface *homeInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddSnippet(homeAppArmor)
	var read string
	if err := plug.Attr("read", &read); err == nil && read == "all" {
		spec.AddSnippet(homeReadAllAppArmor)
	}
	return nil
}

const homeAppArmor = `
# The user's home directory (@{HOME} is the user's, not the snap's home).
owner @{HOME}/ r,

# Every file the user owns in it, except hidden ones, which hold other
# programs' settings and secrets, and ~/snap, where each snap keeps its own
# data. The patterns spell out "anything but a dot, and anything but snap/".
owner @{HOME}/[^s.]**      rwkl,
owner @{HOME}/s[^n]**      rwkl,
owner @{HOME}/sn[^a]**     rwkl,
owner @{HOME}/sna[^p]**    rwkl,
owner @{HOME}/snap[^/]**   rwkl,
owner @{HOME}/{s,sn,sna}{,/} rwkl,

# Passing through ~/snap, to reach the home from the snap's own data.
owner @{HOME}/snap/ r,

# The user's GVFS mounts: read anything, write files but not mount points.
owner /run/user/[0-9]*/gvfs/{,**} r,
owner /run/user/[0-9]*/gvfs/*/**  w,

# ~/bin is on the user's PATH on many systems: never write there.
audit deny @{HOME}/bin/{,**} wl,
`

const homeReadAllAppArmor = `
# read: all: reading every user's files (for daemons running as root),
# with the capability that passes over file permissions for reading.
capability dac_read_search,
@{HOME}/               r,
@{HOME}/[^s.]**        r,
@{HOME}/s[^n]**        r,
@{HOME}/sn[^a]**       r,
@{HOME}/sna[^p]**      r,
@{HOME}/snap[^/]**     r,
@{HOME}/{s,sn,sna}{,/} r,
`
