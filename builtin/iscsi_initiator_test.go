// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestISCSIInitiatorMounts: the host's node database is the one entry of
// the snap's mount profile, and snap-update-ns may bind it and build the
// mimics that make its mount point.
func TestISCSIInitiatorMounts(t *testing.T) {
	files := renderPlugFiles(t, "iscsi-initiator")
	assert.Equal(t, "/var/lib/snapd/hostfs/var/lib/iscsi/nodes /var/lib/iscsi/nodes none bind,rw 0 0\n",
		string(files["var/lib/snapd/mount/snap.node.fstab"]))
	updateNS := string(files["var/lib/snapd/apparmor/profiles/snap-update-ns.node"])
	assert.Contains(t, updateNS, "  mount options=(bind, rw) /var/lib/snapd/hostfs/var/lib/iscsi/nodes/ -> /var/lib/iscsi/nodes/,\n")
	assert.Contains(t, updateNS, "  mount fstype=tmpfs options=(rw) tmpfs -> \"/var/lib/iscsi/\",\n")
}
