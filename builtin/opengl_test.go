// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestOpenGLMounts: the host's NVIDIA profiles and WSL libraries are
// mounted exactly when the host facts say it has them, with their
// snap-update-ns rules, and the profiles compile.
func TestOpenGLMounts(t *testing.T) {
	const (
		fstab    = "var/lib/snapd/mount/snap.node.fstab"
		updateNS = "var/lib/snapd/apparmor/profiles/snap-update-ns.node"
		nvidia   = "/var/lib/snapd/hostfs/usr/share/nvidia /usr/share/nvidia none bind,ro 0 0\n"
		wsl      = "/var/lib/snapd/hostfs/usr/lib/wsl /usr/lib/wsl none rbind,rw 0 0\n"
	)
	for _, c := range []struct {
		dirs  []string
		fstab string
	}{
		{nil, ""},
		{[]string{"/usr/share/nvidia"}, nvidia},
		{[]string{"/usr/lib/wsl"}, wsl},
		{[]string{"/usr/lib/wsl", "/usr/share/nvidia"}, nvidia + wsl},
	} {
		info, err := snap.Parse([]byte("name: node\nversion: \"1\"\napps:\n  agent:\n    command: bin/agent\n    plugs: [opengl]\n"), snap.Options{Revision: snap.R(1)})
		require.NoError(t, err)
		opts := noPolicy()
		opts.ConnectAll = true
		opts.Catalog = builtin.ForHost(builtin.Interfaces(), builtin.Host{Dirs: c.dirs})
		res, err := plugpolicy.Compile([]*snap.Info{info}, opts)
		require.NoError(t, err)
		files := res.FilesOf("node", "")
		assert.Equal(t, c.fstab, string(files[fstab]), "%v", c.dirs)
		rules := string(files[updateNS])
		assert.Equal(t, c.fstab != "" && c.fstab != wsl, hasLine(rules, "  remount options=(bind, ro) /usr/share/nvidia/,\n"), "%v", c.dirs)
		assert.Equal(t, c.fstab != "" && c.fstab != nvidia, hasLine(rules, "  mount options=(rbind) /var/lib/snapd/hostfs/usr/lib/wsl/ -> /usr/lib/wsl/,\n"), "%v", c.dirs)
		casetest.CompileProfiles(t, files)
	}
}
