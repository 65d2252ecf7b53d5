// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A compositor snap shares buffers with the connected snap's programs
// only, and gets the display server's privileges; its clients do not.
func TestWaylandCompositorSnap(t *testing.T) {
	for _, core := range []bool{false, true} {
		files := providedFiles(t, core, displayServerSnaps("wayland"), "client:wayland=server:wayland")
		server := files["server"][serverProfile]
		assert.True(t, hasRule(server, `owner /run/user/[0-9]*/snap.client/{mesa,mutter,sdl,wayland-cursor,weston,xwayland}-shared-* rw,`), server)
		assert.True(t, hasRule(server, `unix (send, receive) type=stream peer=(label="snap.client.gui"),`))
		assert.NotContains(t, server, "stranger", "an unconnected snap shares the compositor's buffers")
		assert.True(t, hasRule(server, `owner /run/user/[0-9]*/wayland-[0-9]* rwk,`))
		assert.True(t, hasRule(files["server"][serverSeccomp], "accept4"))
		assert.Contains(t, files["server"][serverUDev], `KERNEL=="tty[0-9]*", TAG+="snap_server_srv"`)

		client := files["client"][clientProfile]
		assert.True(t, hasRule(client, `owner /run/user/[0-9]*/wayland-[0-9]* rw,`))
		assert.False(t, hasRule(client, `owner /run/user/[0-9]*/wayland-[0-9]* rwk,`), "a client may create the compositor's socket")
		assert.False(t, hasRule(client, `/dev/input/* rw,`), "a client reads the input devices")
		// The eglstream socket to the compositor snap: on Ubuntu Core
		// only, as snapd has it.
		assert.Equal(t, core, hasRule(client, `unix (send, receive) type=stream peer=(label="snap.server.srv"),`), "core %v", core)
	}
}
