// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/udev"
)

// wayland: being a client of a Wayland compositor, the host's on classic
// systems or a snap's. A snap that offers the slot is a compositor: it
// gets the terminals and every input device, creates the Wayland socket,
// and shares memory with the connected plugs' programs.
type waylandInterface struct {
	commonInterface
}

var (
	_ apparmor.ConnectedPlugDefiner = (*waylandInterface)(nil)
	_ apparmor.ConnectedSlotDefiner = (*waylandInterface)(nil)
	_ apparmor.PermanentSlotDefiner = (*waylandInterface)(nil)
	_ seccomp.PermanentSlotDefiner  = (*waylandInterface)(nil)
	_ udev.PermanentSlotDefiner     = (*waylandInterface)(nil)
)

func newWayland() interfaces.Interface {
	return &waylandInterface{commonInterface{
		name:              "wayland",
		summary:           "allows access to compositors supporting wayland protocol",
		docURL:            "https://snapcraft.io/docs/wayland-interface",
		implicitOnClassic: true,
		// As x11: the system's slot connects on its own on classic
		// systems; on Ubuntu Core a compositor snap's slot connects only
		// with the store's approval.
		baseDeclarationSlots: `
  wayland:
    allow-installation:
      slot-snap-type:
        - app
        - core
    deny-connection:
      on-classic: false
    deny-auto-connection:
      on-classic: false
`,
	}}
}

// AppArmorConnectedPlug grants the compositor's socket; on Ubuntu Core,
// where the compositor is a snap, also the anonymous socket NVIDIA's
// eglstream opens to it.
func (iface *waylandInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddSnippet(waylandPlugAppArmor)
	if spec.OnCore() {
		spec.AddSnippet(waylandEglstream(slotLabelExpr(slot)))
	}
	return nil
}

// AppArmorConnectedSlot lets a compositor snap share memory and sockets
// with the connected plugs' programs.
func (iface *waylandInterface) AppArmorConnectedSlot(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if isSystemSlot(slot) {
		return nil
	}
	// Instance names are validated (letters, digits, '-' and '_'), so
	// they stand in a path pattern as themselves.
	shared := strings.ReplaceAll(waylandSlotSharedAppArmor, "###PLUG_INSTANCE###", plug.Snap().InstanceName())
	spec.AddSnippet(shared)
	spec.AddSnippet(waylandEglstream(plugLabelExpr(plug)))
	return nil
}

// AppArmorPermanentSlot gives a compositor snap what running a display
// server takes.
func (iface *waylandInterface) AppArmorPermanentSlot(spec *apparmor.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		spec.AddSnippet(waylandSlotAppArmor)
	}
	return nil
}

// SecCompPermanentSlot lets a compositor snap serve its socket.
func (iface *waylandInterface) SecCompPermanentSlot(spec *seccomp.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		spec.AddSnippet(displayServerSecComp)
	}
	return nil
}

// UDevPermanentSlot tags the terminals and input devices for a
// compositor snap.
func (iface *waylandInterface) UDevPermanentSlot(spec *udev.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		for _, match := range displayServerInputDevices {
			spec.TagDevice(match)
		}
	}
	return nil
}

const waylandPlugAppArmor = `
# The compositor's socket.
owner /run/user/[0-9]*/wayland-[0-9]* rw,

# Mesa's configuration (Qt's wayland-egl platform reads it).
/etc/drirc r,
`

// waylandEglstream: NVIDIA's eglstream talks over an anonymous socket
// between client and compositor; peer is the other side's label
// expression.
func waylandEglstream(peer string) string {
	return `
# NVIDIA eglstream's anonymous socket to the other side.
unix (send, receive) type=stream peer=(label=` + peer + `),
`
}

// waylandSlotSharedAppArmor: the memory a connected plug's programs pass
// to the compositor, in the snap's own directory of the user's runtime
// directory and (Firefox) in shared memory.
const waylandSlotSharedAppArmor = `
# Shared buffers of the connected snap's clients.
owner /run/user/[0-9]*/snap.###PLUG_INSTANCE###/{mesa,mutter,sdl,wayland-cursor,weston,xwayland}-shared-* rw,

# Firefox still passes its buffers through a shared memory file.
owner /{dev,run}/shm/snap.###PLUG_INSTANCE###.wayland.mozilla.ipc.[0-9]* rw,
`

// waylandSlotAppArmor: running a compositor, which is privileged access
// to the whole system.
const waylandSlotAppArmor = `
# The virtual terminals the compositor runs on.
capability sys_tty_config,
/dev/tty[0-9]* rw,

# The Wayland socket and its lock; the shared buffers of clients outside
# snaps, and the cursor and Xwayland buffers of snaps' clients.
owner /run/user/[0-9]*/wayland-[0-9]* rwk,
/run/user/[0-9]*/{mesa,mutter,sdl,wayland-cursor,weston,xwayland}-shared-* rw,
/run/user/[0-9]*/snap.*/{wayland-cursor,xwayland}-shared-* rw,

# Creating the user's runtime directory when no login session did
# (LP: #1738197).
/run/user/[0-9]*/ w,

# Becoming and ceasing to be the DRM master (mode setting).
capability sys_admin,

# Weston looks for the boot display.
/sys/devices/pci**/boot_vga r,

# Every input event, to read and to inject.
/dev/input/* rw,

# udev's device database and events.
network netlink raw,
/run/udev/data/c13:[0-9]* r,
/run/udev/data/+input:input[0-9]* r,
/run/udev/data/+platform:* r,

# Mesa's configuration.
/etc/drirc r,
`
