// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestSystemObserveMounts: the host's /boot is the one entry of the
// snap's mount profile exactly when the host has kernel configurations,
// connected or not; snap-update-ns may bind it read-only with the
// connection, whatever the host, as with snapd.
func TestSystemObserveMounts(t *testing.T) {
	const (
		fstab    = "var/lib/snapd/mount/snap.node.fstab"
		updateNS = "var/lib/snapd/apparmor/profiles/snap-update-ns.node"
		boot     = "/var/lib/snapd/hostfs/boot /boot none bind,ro 0 0\n"
		rule     = "  mount options=(bind,rw) /var/lib/snapd/hostfs/boot/ -> /boot/,\n"
	)
	for _, c := range []struct {
		bootConfig, connect bool
		fstab               string
	}{
		{false, true, ""},
		{true, true, boot},
		{true, false, boot},
		{false, false, ""},
	} {
		info, err := snap.Parse([]byte("name: node\nversion: \"1\"\napps:\n  agent:\n    command: bin/agent\n    plugs: [system-observe]\n"), snap.Options{Revision: snap.R(1)})
		require.NoError(t, err)
		opts := noPolicy()
		opts.ConnectAll = c.connect
		opts.Catalog = builtin.ForHost(builtin.Interfaces(), builtin.Host{BootConfig: c.bootConfig})
		res, err := plugpolicy.Compile([]*snap.Info{info}, opts)
		require.NoError(t, err)
		files := res.FilesOf("node", "")
		assert.Equal(t, c.fstab, string(files[fstab]), "%+v", c)
		assert.Equal(t, c.connect, hasLine(string(files[updateNS]), rule), "%+v", c)
	}
}
