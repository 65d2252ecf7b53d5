// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

// desktop: the basic resources of a graphical desktop session, to be used
// with a display interface (wayland, x11): fonts, themes, icons, the
// portals, notifications, the tray and the screensaver. The session is
// the host's on classic systems (the system's slot), or a desktop shell
// snap's (GNOME Shell, KDE Plasma) anywhere; the rules name the session's
// programs by label when a snap provides it.
//
// The plug attribute "mount-host-font-cache" (a boolean, true when
// absent) says whether the host's font caches are mounted into the snap.
//
// Mounts, as snapd's: the document portal's subtree of the snap is
// bind-mounted over $XDG_RUNTIME_DIR/doc for each user (a per-user
// entry), and the host's font directories and, unless the attribute is
// false, its font cache are bound read-only at the same paths, those the
// host has (Host.Dirs). snapd does this whoever offers the slot, on
// classic systems and on Ubuntu Core alike (a desktop session snap's
// base is assumed to bring the fonts); snap-update-ns may always make
// those mounts. snapd's exception for Arch and Fedora, whose font caches
// it never binds, is not modelled: the host facts have no distribution.
type desktopInterface struct {
	commonInterface
	host Host // the host's font directories
}

var (
	_ interfaces.PlugSanitizer      = (*desktopInterface)(nil)
	_ apparmor.ConnectedPlugDefiner = (*desktopInterface)(nil)
	_ apparmor.ConnectedSlotDefiner = (*desktopInterface)(nil)
	_ apparmor.PermanentSlotDefiner = (*desktopInterface)(nil)
)

func newDesktop() interfaces.Interface {
	return &desktopInterface{commonInterface: commonInterface{
		name:              "desktop",
		summary:           "allows access to basic graphical desktop resources",
		docURL:            "https://snapcraft.io/docs/desktop-interface",
		implicitOnClassic: true,
		// The host's session connects on its own on classic systems; a
		// desktop session snap's slot connects on Ubuntu Core only with
		// the store's approval.
		// snapd's newer rules: only the system offers the slot
		// without a grant (an app snap may with one, as a Core Desktop
		// session does), plugs connect only to the system's slot, and
		// a plug naming its own desktop-file-prefix needs a grant.
		baseDeclarationPlugs: `
  desktop:
    allow-installation:
      plug-attributes:
        desktop-file-prefix: $MISSING
    deny-auto-connection:
      slot-snap-type:
        - app
    deny-connection:
      slot-snap-type:
        - app
`,
		baseDeclarationSlots: `
  desktop:
    allow-installation:
      slot-snap-type:
        - app
        - core
    deny-installation:
      slot-snap-type:
        - app
`,
	}}
}

// desktopFontCacheAttr is the plug attribute that says whether the host's
// font caches are mounted into the snap.
const desktopFontCacheAttr = "mount-host-font-cache"

// BeforePreparePlug accepts "mount-host-font-cache" only as a boolean.
func (iface *desktopInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs[desktopFontCacheAttr]
	if !ok {
		return nil
	}
	if _, ok := v.(bool); !ok {
		return fmt.Errorf("snap %q, plug %q: invalid value %#v for attribute %q: want true or false",
			plug.Snap.InstanceName(), plug.Name, v, desktopFontCacheAttr)
	}
	return nil
}

// sessionLabel is how the plug's rules name the desktop session's
// programs: the host's run unconfined; a snap's by their label.
func sessionLabel(slot *interfaces.ConnectedSlot) string {
	if isSystemSlot(slot) {
		return "unconfined"
	}
	return slotLabelExpr(slot)
}

// AppArmorConnectedPlug grants the desktop resources, with the session's
// programs as peers; the host's session also brings the theming, menus,
// notifications, launchers and input method portals it serves.
func (iface *desktopInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	session := sessionLabel(slot)
	spec.AddSnippet(withLabels(desktopPlugAppArmor, "", session))
	spec.AddSnippet(withLabels(desktopPlugSessionAppArmor, "", session))
	if isSystemSlot(slot) {
		spec.AddSnippet(desktopPlugHostSessionAppArmor)
	}
	for _, dir := range desktopFontDirs(plug) {
		spec.UpdateNS().AddUpdateNS(strings.ReplaceAll(desktopFontUpdateNS, "###DIR###", dir))
	}
	return nil
}

// forHost gives the interface the host's font directories.
func (iface *desktopInterface) forHost(h Host) interfaces.Interface {
	c := *iface
	c.host = Host{Dirs: append([]string(nil), h.Dirs...)}
	return &c
}

// desktopFontDirs are the host's font directories that may be bound into
// the snap: the fonts, and the font cache unless the plug says not to.
func desktopFontDirs(plug *interfaces.ConnectedPlug) []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	mountCache := true
	if err := plug.Attr(desktopFontCacheAttr, &mountCache); err != nil {
		mountCache = true // absent; other values are refused in BeforePreparePlug
	}
	if mountCache {
		dirs = append(dirs, "/var/cache/fontconfig")
	}
	return dirs
}

// desktopFontUpdateNS: binding the host's ###DIR### read-only.
const desktopFontUpdateNS = `  # Read-only access to ###DIR###
  mount options=(bind) /var/lib/snapd/hostfs###DIR###/ -> ###DIR###/,
  remount options=(bind, ro) ###DIR###/,
  umount ###DIR###/,
`

// MountConnectedPlug bind-mounts the snap's part of the document portal
// over $XDG_RUNTIME_DIR/doc for each user, and lets snap-update-ns do so;
// it binds the host's font directories that exist, read-only, at their
// own paths (the host's fontconfig configuration names them).
func (iface *desktopInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	app := "snap." + plug.Snap().InstanceName()
	if err := spec.AddUserMountEntry(mount.Entry{
		Name:    "$XDG_RUNTIME_DIR/doc/by-app/" + app,
		Dir:     "$XDG_RUNTIME_DIR/doc",
		Options: []string{"bind", "rw", "x-snapd.ignore-missing"},
	}); err != nil {
		return err
	}
	spec.AddUpdateNS(fmt.Sprintf(`  # The document portal
  mount options=(bind) /run/user/[0-9]*/doc/by-app/%s/ -> /run/user/[0-9]*/doc/,
  umount /run/user/[0-9]*/doc/,
`, app))
	for _, dir := range desktopFontDirs(plug) {
		if !iface.host.HasDir(dir) {
			continue
		}
		if err := spec.AddMountEntry(mount.Entry{Name: "/var/lib/snapd/hostfs" + dir, Dir: dir, Options: []string{"bind", "ro"}}); err != nil {
			return err
		}
	}
	return nil
}

// AppArmorConnectedSlot lets a desktop session snap receive the connected
// applications' job progress and tray items.
func (iface *desktopInterface) AppArmorConnectedSlot(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if isSystemSlot(slot) {
		return nil
	}
	spec.AddSnippet(withLabels(desktopSlotConnectedAppArmor, plugLabelExpr(plug), ""))
	return nil
}

// AppArmorPermanentSlot gives a desktop session snap what being the
// session takes.
func (iface *desktopInterface) AppArmorPermanentSlot(spec *apparmor.Specification, slot *snap.SlotInfo) error {
	if !providedBySystem(slot) {
		spec.AddSnippet(desktopSlotAppArmor)
	}
	return nil
}

// desktopSlotConnectedAppArmor: a desktop session snap receiving the
// connected applications' messages.
const desktopSlotConnectedAppArmor = `
# Progress of the connected snaps' ongoing jobs, for the task list.
dbus (receive)
    bus=session
    interface=com.canonical.Unity.LauncherEntry
    member=Update
    peer=(label=###PLUG_SECURITY_TAGS###),

# The same for KDE Plasma's job view.
dbus (receive)
    bus=session
    interface=org.kde.JobViewServer{,V2}
    path=/JobViewServer
    member=requestView
    peer=(label=###PLUG_SECURITY_TAGS###),
dbus (receive)
    bus=session
    interface=org.kde.JobView{,V2,V3}
    path=/org/kde/notificationmanager/jobs/*
    member={update,terminate}
    peer=(label=###PLUG_SECURITY_TAGS###),

# The connected snaps' Status Notifier Items, with their menus, in the
# tray.
dbus (receive)
    bus=session
    interface=org.kde.StatusNotifierWatcher
    path=/StatusNotifierWatcher
    member=RegisterStatusNotifierItem
    peer=(label=###PLUG_SECURITY_TAGS###),
dbus (receive)
    bus=session
    interface=org.freedesktop.DBus.Properties
    path=/StatusNotifierWatcher
    member=Get
    peer=(label=###PLUG_SECURITY_TAGS###),
dbus (send)
    bus=session
    interface=org.kde.StatusNotifierItem
    path=/StatusNotifierItem
    member={ProvideXdgActivationToken,Activate}
    peer=(label=###PLUG_SECURITY_TAGS###),
dbus (send)
    bus=session
    interface=org.freedesktop.DBus.Properties
    path=/StatusNotifierItem
    member=GetAll
    peer=(label=###PLUG_SECURITY_TAGS###),
dbus (send)
    bus=session
    interface=com.canonical.dbusmenu
    path=/MenuBar
    member={AboutToShow,GetLayout,Event}
    peer=(label=###PLUG_SECURITY_TAGS###),

`

// desktopSlotAppArmor: what a desktop session snap needs to be the
// session.
const desktopSlotAppArmor = `
# Being the desktop session (a desktop shell snap such as GNOME Shell or
# KDE Plasma).

#include <abstractions/dbus-session-strict>

# Serving desktop notifications.
dbus (receive)
    bus=session
    path=/org/freedesktop/Notifications
    interface=org.freedesktop.Notifications
    member="{GetCapabilities,GetServerInformation,Notify,CloseNotification}"
    peer=(label=unconfined),

dbus (send)
    bus=session
    path=/org/freedesktop/Notifications
    interface=org.freedesktop.Notifications
    member={ActionInvoked,NotificationClosed,NotificationReplied}
    peer=(label=unconfined),

# Serving GTK's notifications.
dbus (receive)
    bus=session
    path=/org/gtk/Notifications
    interface=org.gtk.Notifications
    member="{AddNotification,RemoveNotification}"
    peer=(label=unconfined),

# Registering the session with GDM, for the lock screen.
dbus (send)
    bus=system
    path=/org/gnome/DisplayManager/Manager
    interface=org.gnome.DisplayManager.Manager
    member={RegisterSession,OpenReauthenticationChannel}
    peer=(label=unconfined),
dbus (send)
    bus=system
    path=/org/gnome/DisplayManager/Manager
    interface=org.freedesktop.DBus.Properties
    member="Get{,All}"
    peer=(label=unconfined),

# GDM's private reauthentication socket.
/run/gdm3/dbus/dbus-* rw,

# GNOME Shell's and Mutter's names on the session bus.
dbus (bind)
    bus=session
    name=org.gnome.Mutter.*,
dbus (bind)
    bus=session
    name=org.gnome.Shell{,.*},

# The GNOME settings daemon's names.
dbus (bind)
    bus=session
    name=org.gnome.SettingsDaemon{,.*},
dbus (bind)
    bus=session
    name=org.gtk.Settings,

# colord, for the shell.
dbus (send, receive)
    bus=system
    path=/org/freedesktop/ColorManager{,/**}
    interface=org.freedesktop.ColorManager*
    peer=(label=unconfined),
dbus (send, receive)
    bus=system
    path=/org/freedesktop/ColorManager{,/**}
    interface=org.freedesktop.DBus.Properties
    member={Get,GetAll,PropertiesChanged}
    peer=(label=unconfined),

# The implementations of portals the snap provides, for the unconfined
# xdg-desktop-portal.
dbus (receive, send)
    bus=session
    path=/org/freedesktop/portal/desktop{,/**}
    interface=org.freedesktop.impl.portal.*
    peer=(label=unconfined),
dbus (receive, send)
    bus=session
    path=/org/freedesktop/portal/desktop{,/**}
    interface=org.freedesktop.DBus.Properties
    peer=(label=unconfined),

# The portals themselves.
dbus (receive, send)
    bus=session
    interface=org.freedesktop.portal.*
    path=/org/freedesktop/portal/{desktop,documents}{,/**}
    peer=(label=unconfined),
dbus (receive, send)
    bus=session
    interface=org.freedesktop.DBus.Properties
    path=/org/freedesktop/portal/{desktop,documents}{,/**}
    peer=(label=unconfined),
dbus (receive, send)
    bus=session
    interface=org.freedesktop.DBus.Introspectable
    path=/org/freedesktop/portal/{desktop,documents}{,/**}
    peer=(label=unconfined),

# What gnome-session and gnome-shell read.
/etc/fonts{,/**} r,
/etc/glvnd{,/**} r,
/etc/gnome/defaults.list r,
/etc/gtk-3.0{,/**} r,
/etc/shells r,
/etc/xdg/autostart{,/**} r,
/etc/xdg/user-dirs.conf r,
/etc/xdg/user-dirs.defaults r,
/run/udev/tags/seat{,/**} r,

# KDE Plasma:

# the crash handler (KCrash),
@{PROC}/sys/kernel/core_pattern r,

# the splash screen's progress, the session manager and the control
# modules' start-up.
dbus (receive, send)
    bus=session
    path=/KSplash
    interface=org.kde.KSplash
    member=setStage
    peer=(label=unconfined),
dbus (receive, send)
    bus=session
    path=/KSplash
    interface=org.freedesktop.DBus.Introspectable
    member=Introspect
    peer=(label=unconfined),

dbus (receive, send)
    bus=session
    path=/KSMServer
    interface=org.kde.KSMServerInterface
    member=restoreSession
    peer=(label=unconfined),
dbus (receive, send)
    bus=session
    path=/KSMServer
    interface=org.freedesktop.DBus.Introspectable
    member=Introspect
    peer=(label=unconfined),

dbus (receive, send)
    bus=session
    path=/kcminit
    interface=org.kde.KCMInit
    member=runPhase1
    peer=(label=unconfined),
dbus (receive, send)
    bus=session
    path=/kcminit
    interface=org.freedesktop.DBus.Introspectable
    member=Introspect
    peer=(label=unconfined),

`
