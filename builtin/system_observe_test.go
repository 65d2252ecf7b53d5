// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSystemObserveMounts: without host facts about /boot the snap's
// mount profile is empty, and snap-update-ns may still bind /boot
// read-only, as with snapd.
func TestSystemObserveMounts(t *testing.T) {
	files := renderPlugFiles(t, "system-observe")
	assert.NotContains(t, files, "var/lib/snapd/mount/snap.node.fstab")
	updateNS := string(files["var/lib/snapd/apparmor/profiles/snap-update-ns.node"])
	assert.Contains(t, updateNS, "  mount options=(bind,rw) /var/lib/snapd/hostfs/boot/ -> /boot/,\n")
	assert.Contains(t, updateNS, "  mount options=(bind,remount,ro) -> /boot/,\n")
}
