// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const (
	serverProfile = "var/lib/snapd/apparmor/profiles/snap.server.srv"
	serverSeccomp = "var/lib/snapd/seccomp/bpf/snap.server.srv.src"
	serverUDev    = "etc/udev/rules.d/70-snap.server.rules"
	clientProfile = "var/lib/snapd/apparmor/profiles/snap.client.gui"
)

// An X server snap admits the connected plugs' programs to its display
// socket, and no one else's; it gets the server's privileges, which the
// system's slot (the host's X server) never puts in any snap's profile.
func TestX11ServerSnap(t *testing.T) {
	files := providedFiles(t, false, displayServerSnaps("x11"), "client:x11=server:x11")
	server := files["server"][serverProfile]
	assert.True(t, hasRule(server, `unix (connect, receive, send, accept) type=stream addr="@/tmp/.X11-unix/X[0-9]*" peer=(label="snap.client.gui"),`), server)
	assert.NotContains(t, server, "snap.stranger", "an unconnected snap reaches the X socket")
	assert.NotContains(t, server, "snap.client.other", "an app not bound to the plug reaches the X socket")
	assert.True(t, hasRule(server, `capability sys_admin,`))
	assert.True(t, hasRule(server, `unix (bind, listen, accept) type=stream addr="@/tmp/.X11-unix/X[0-9]*",`))
	assert.True(t, hasRule(files["server"][serverSeccomp], "listen"))
	assert.Contains(t, files["server"][serverUDev], `KERNEL=="event[0-9]*", TAG+="snap_server_srv"`)

	client := files["client"][clientProfile]
	assert.True(t, hasRule(client, `#include <abstractions/X>`))
	assert.True(t, hasRule(client, `deny unix (connect, receive, send) type=stream peer=(addr="@/tmp/.ICE-unix/[0-9]*"),`))
	assert.False(t, hasRule(client, `capability sys_admin,`), "a client gets the server's privileges")
	assert.NotContains(t, files["client"], "etc/udev/rules.d/70-snap.client.rules", "a client gets the input devices")
	assert.NotContains(t, files["stranger"]["var/lib/snapd/apparmor/profiles/snap.stranger.gui"], "abstractions/X")
}

// Connected to the system's slot, a client gets its rules, and no snap
// gets any server's.
func TestX11SystemSlot(t *testing.T) {
	files := providedFiles(t, false, displayServerSnaps("x11")[1:], "client:x11")
	client := files["client"][clientProfile]
	assert.True(t, hasRule(client, `owner /run/user/[0-9]*/.Xauthority r,`))
	assert.True(t, hasRule(files["client"]["var/lib/snapd/seccomp/bpf/snap.client.gui.src"], "socket AF_NETLINK - NETLINK_KOBJECT_UEVENT"))
	assert.False(t, hasRule(client, `unix (bind, listen, accept) type=stream addr="@/tmp/.X11-unix/X[0-9]*",`))
}

// The client's mount profile holds exactly the X server's socket
// directory: the server snap's private one, or the host's.
func TestX11Mounts(t *testing.T) {
	const fstab = "var/lib/snapd/mount/snap.client.fstab"
	files := providedFiles(t, false, displayServerSnaps("x11"), "client:x11=server:x11")
	assert.Equal(t, "/var/lib/snapd/hostfs/tmp/snap-private-tmp/snap.server/tmp/.X11-unix /tmp/.X11-unix none bind,ro 0 0\n", files["client"][fstab])
	assert.Contains(t, files["client"]["var/lib/snapd/apparmor/profiles/snap-update-ns.client"],
		"  mount options=(rw, bind) /var/lib/snapd/hostfs/tmp/snap-private-tmp/snap.server/tmp/.X11-unix/ -> /tmp/.X11-unix/,\n")
	assert.NotContains(t, files["server"], "var/lib/snapd/mount/snap.server.fstab", "the server mounts nothing")

	files = providedFiles(t, false, displayServerSnaps("x11")[1:], "client:x11")
	assert.Equal(t, "/var/lib/snapd/hostfs/tmp/.X11-unix /tmp/.X11-unix none bind,ro 0 0\n", files["client"][fstab])
	assert.Contains(t, files["client"]["var/lib/snapd/apparmor/profiles/snap-update-ns.client"],
		"  mount options=(rw, bind) /var/lib/snapd/hostfs/tmp/.X11-unix/ -> /tmp/.X11-unix/,\n")
}
