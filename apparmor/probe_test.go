// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// fakeRoot makes a system root with the given mountinfo and directories.
func fakeRoot(t *testing.T, mountinfo string, dirs ...string) string {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc/self"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/self/mountinfo"), []byte(mountinfo), 0o644))
	for _, d := range dirs {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	return root
}

func TestProbeHost(t *testing.T) {
	plain := fakeRoot(t, "27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n", "snap")
	opts, err := apparmor.ProbeHost(plain, "", nil)
	require.NoError(t, err)
	want := apparmor.DefaultOptions()
	want.Kernel = apparmor.KernelFeatures{} // the fake root has no AppArmor
	assert.Equal(t, want, opts)

	fedora := fakeRoot(t, `27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 27 0:50 / /home/alice rw,relatime shared:20 - nfs4 server:/home/alice rw,vers=4.2
`, "var/lib/snapd/snap")
	opts, err = apparmor.ProbeHost(fedora, "", nil)
	require.NoError(t, err)
	assert.Equal(t, "/var/lib/snapd/snap", opts.SnapMountDir)
	assert.True(t, opts.HomeOnRemoteFS)

	for fstype, remote := range map[string]bool{"nfs": true, "cifs": true, "autofs": true, "ceph": false, "smb3": false, "ext4": false} {
		root := fakeRoot(t, "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 27 0:50 / /home rw - "+fstype+" server:/home rw\n", "snap")
		opts, err = apparmor.ProbeHost(root, "", nil)
		require.NoError(t, err)
		assert.Equal(t, remote, opts.HomeOnRemoteFS, "home on %s: remote as snapd counts it", fstype)
	}

	live := fakeRoot(t, "27 1 0:30 / / rw,relatime - overlay overlay rw,lowerdir=/media/ro,upperdir=/media/root-rw/overlay,workdir=/media/root-rw/work\n", "snap")
	opts, err = apparmor.ProbeHost(live, "", nil)
	require.NoError(t, err)
	assert.Equal(t, "/media/root-rw/overlay", opts.OverlayRoot)
	assert.False(t, opts.HomeOnRemoteFS)

	_, err = apparmor.ProbeHost(t.TempDir(), "", nil)
	assert.ErrorContains(t, err, "cannot probe the host: open ")
}

// TestProbeThisHost probes the machine the tests run on, with the real
// parser, and checks that profiles rendered with what it found compile.
func TestProbeThisHost(t *testing.T) {
	parser := testutil.AppArmorParser(t)
	opts, err := apparmor.ProbeHost("/", parser, runCommand)
	require.NoError(t, err)
	assert.True(t, opts.Parser.IncludeIfExists, "the parser on this machine is AppArmor 3.0 or newer")
	files := renderWith(t, switchIfaces(), switchSnap, opts)
	assert.Len(t, files, 4, "three app profiles and snap-update-ns's")
}
