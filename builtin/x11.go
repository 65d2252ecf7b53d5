// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/udev"
)

// x11: being a client of an X server, the host's on classic systems or a
// snap's. X lets its clients watch and drive one another, so a plug is
// far from isolated. A snap that offers the slot is an X server: it gets
// the virtual terminals, every input device and the display sockets, and
// lets exactly the connected plugs' programs reach those sockets.
//
// The plug's snap sees the X server's sockets in its own /tmp/.X11-unix:
// the host's (the system's slot) or, from a snap, the server snap's
// private /tmp's, bind-mounted read-only, as snapd does. A snap that is
// its own X server needs no mount.
type x11Interface struct {
	commonInterface
}

var (
	_ apparmor.ConnectedSlotDefiner = (*x11Interface)(nil)
	_ apparmor.PermanentSlotDefiner = (*x11Interface)(nil)
	_ seccomp.PermanentSlotDefiner  = (*x11Interface)(nil)
	_ udev.PermanentSlotDefiner     = (*x11Interface)(nil)
)

func newX11() interfaces.Interface {
	return &x11Interface{commonInterface{
		name:              "x11",
		summary:           "allows interacting with or running as an X11 server",
		docURL:            "https://snapcraft.io/docs/x11-interface",
		implicitOnClassic: true,
		// The system's slot connects on its own on classic systems; an
		// app snap may offer one too, but on Ubuntu Core connecting to
		// it needs the store's approval.
		baseDeclarationSlots: `
  x11:
    allow-installation:
      slot-snap-type:
        - app
        - core
    deny-connection:
      on-classic: false
    deny-auto-connection:
      on-classic: false
`,
		connectedPlugAppArmor: x11PlugAppArmor,
		connectedPlugSecComp:  x11PlugSecComp,
	}}
}

// MountConnectedPlug binds the X server's socket directory over the
// snap's /tmp/.X11-unix, and lets snap-update-ns do so.
func (iface *x11Interface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if isSystemSlot(slot) {
		spec.AddUpdateNS(x11HostUpdateNS)
		return spec.AddMountEntry(mount.Entry{Name: "/var/lib/snapd/hostfs/tmp/.X11-unix", Dir: "/tmp/.X11-unix", Options: []string{"bind", "ro"}})
	}
	server := slot.Snap().InstanceName()
	if plug.Snap().InstanceName() == server {
		return nil
	}
	// The entry is checked before its path reaches a rule.
	source := "/var/lib/snapd/hostfs/tmp/snap-private-tmp/snap." + server + "/tmp/.X11-unix"
	if err := spec.AddMountEntry(mount.Entry{Name: source, Dir: "/tmp/.X11-unix", Options: []string{"bind", "ro"}}); err != nil {
		return err
	}
	spec.AddUpdateNS(strings.ReplaceAll(x11SnapUpdateNS, "###SOURCE###", source))
	return nil
}

// x11HostUpdateNS: snap-update-ns binding the host's X sockets.
const x11HostUpdateNS = `  # The host's X server sockets.
  /{,var/lib/snapd/hostfs/}tmp/.X11-unix/ rw,
  mount options=(rw, bind) /var/lib/snapd/hostfs/tmp/.X11-unix/ -> /tmp/.X11-unix/,
  mount options=(ro, remount, bind) -> /tmp/.X11-unix/,
  mount options=(rslave) -> /tmp/.X11-unix/,
  umount /tmp/.X11-unix/,
`

// x11SnapUpdateNS: the same for an X server snap's sockets, in its
// private /tmp (###SOURCE###).
const x11SnapUpdateNS = `  # The X server snap's sockets.
  /tmp/.X11-unix/ rw,
  ###SOURCE###/ rw,
  mount options=(rw, bind) ###SOURCE###/ -> /tmp/.X11-unix/,
  mount options=(ro, remount, bind) -> /tmp/.X11-unix/,
  mount options=(rslave) -> /tmp/.X11-unix/,
  umount /tmp/.X11-unix/,
`

// AppArmorConnectedSlot lets the connected plugs' programs, and only
// them, reach an X server snap's sockets.
func (iface *x11Interface) AppArmorConnectedSlot(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if isSystemSlot(slot) {
		return nil
	}
	spec.AddSnippet(withLabels(x11SlotConnectedAppArmor, plugLabelExpr(plug), ""))
	return nil
}

// AppArmorPermanentSlot gives an X server snap what running a display
// server takes.
func (iface *x11Interface) AppArmorPermanentSlot(spec *apparmor.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		spec.AddSnippet(x11SlotAppArmor)
	}
	return nil
}

// SecCompPermanentSlot lets an X server snap serve its socket.
func (iface *x11Interface) SecCompPermanentSlot(spec *seccomp.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		spec.AddSnippet(displayServerSecComp)
	}
	return nil
}

// UDevPermanentSlot tags the terminals and input devices for an X server
// snap.
func (iface *x11Interface) UDevPermanentSlot(spec *udev.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		for _, match := range displayServerInputDevices {
			spec.TagDevice(match)
		}
	}
	return nil
}

const x11PlugAppArmor = `
# Talking to the X server. The abstraction lets a client reach any X
# socket whatever its peer; an X server snap's own profile admits only its
# connected plugs.
#include <abstractions/X>
#include <abstractions/fonts>
owner @{HOME}/.local/share/fonts/{,**} r,
/var/cache/fontconfig/   r,
/var/cache/fontconfig/** mr,

# The X authority file "snap run" copies for the user (XAUTHORITY), and
# those of Xwayland under GNOME (mutter) and KDE Plasma.
owner /run/user/[0-9]*/.Xauthority r,
owner /run/user/[0-9]*/.mutter-Xwaylandauth.* r,
owner /run/user/[0-9]*/mutter/Xauthority r,
owner /run/user/[0-9]*/xauth_* r,

# Finding the mouse and keyboard (Qt does, through udev). AppArmor cannot
# narrow netlink raw sockets; the seccomp filter allows only udev's
# protocol.
network netlink raw,
/run/udev/data/c13:[0-9]* r,
/run/udev/data/+input:* r,

# The X abstraction also grants the session manager's ICE: no client of
# this interface may use it (LP: #1901489).
deny owner @{HOME}/.ICEauthority r,
deny owner /run/user/*/ICEauthority r,
deny unix (connect, receive, send)
    type=stream
    peer=(addr="@/tmp/.ICE-unix/[0-9]*"),
`

const x11PlugSecComp = `
# udev's device events, to find the mouse and keyboard.
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
bind
`

// x11SlotConnectedAppArmor: the X server snap's display sockets, for the
// connected plugs' programs. ICE is kept for X server snaps that may rely
// on it.
const x11SlotConnectedAppArmor = `
# The display sockets, for the connected clients.
unix (connect, receive, send, accept)
    type=stream
    addr="@/tmp/.X11-unix/X[0-9]*"
    peer=(label=###PLUG_SECURITY_TAGS###),
unix (connect, receive, send, accept)
    type=stream
    addr="@/tmp/.ICE-unix/[0-9]*"
    peer=(label=###PLUG_SECURITY_TAGS###),
`

// x11SlotAppArmor: running an X server, which is privileged access to the
// whole system.
const x11SlotAppArmor = `
# The virtual terminals the server runs on.
capability sys_tty_config,
/dev/tty[0-9]* rw,

# Becoming and ceasing to be the DRM master (mode setting).
capability sys_admin,

# Every input event, to read and to inject.
/dev/input/* rw,

# udev's device database and events.
network netlink raw,
/run/udev/data/c13:[0-9]* r,
/run/udev/data/+input:input[0-9]* r,
/run/udev/data/+platform:* r,

# The display sockets, and the session manager's.
unix (bind, listen, accept)
     type=stream
     addr="@/tmp/.X11-unix/X[0-9]*",
unix (bind, listen, accept)
     type=stream
     addr="@/tmp/.ICE-unix/[0-9]*",

# NVIDIA's Tegra driver has the server create its clients' socket.
unix (bind, listen, accept)
     type=dgram
     addr="@nvidia[0-9a-f]*",

# Finding the screens.
/sys/devices/pci**/boot_vga r,
/sys/devices/pci**/resources r,
`
