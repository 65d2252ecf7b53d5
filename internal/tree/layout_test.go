// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// TestRecordPath: the tree's idea of the run record is the library's.
func TestRecordPath(t *testing.T) {
	assert.Equal(t, plugpolicy.StatePath, recordPath)
	assert.Equal(t, plugpolicy.StatePath, testutil.StatePath)
}

func TestKindOf(t *testing.T) {
	for rel, want := range map[string]Kind{
		"var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet":                        AppArmorProfile,
		"var/lib/snapd/apparmor/profiles/snap-update-ns.kube-node":                      AppArmorProfile,
		"var/lib/snapd/apparmor/profiles/other":                                         Unknown,
		"var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.src":                          SeccompSource,
		"var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.bin":                          SeccompBin,
		"var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.bin2":                         SeccompBin2,
		"var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.bak":                          Unknown,
		"var/lib/plugpolicy/state.json":                                                 RunRecord,
		"var/lib/plugpolicy/other.json":                                                 Unknown,
		"var/lib/snapd/seccomp/bpf/snap..src":                                           Unknown,
		"var/lib/snapd/seccomp/bpf/snap.src":                                            Unknown,
		"etc/udev/rules.d/70-snap.kube-node.rules":                                      UdevRules,
		"etc/udev/rules.d/80-snap.kube-node.rules":                                      Unknown,
		"var/lib/snapd/cgroup/snap.kube-node.device":                                    CgroupDevice,
		"etc/modules-load.d/snap.kube-node.conf":                                        ModulesLoad,
		"etc/modprobe.d/snap.kube-node.conf":                                            Modprobe,
		"etc/systemd/system/snap.kube-node.kubelet.service.d/snap-interfaces.conf":      SystemdDropIn,
		"etc/systemd/user/snap.kube-node.agent.service.d/snap-interfaces.conf":          SystemdDropIn,
		"etc/systemd/system/snap.kube-node.kubelet.service.d/other.conf":                Unknown,
		"etc/systemd/system/snap.kube-node.interface.gpio-1.service":                    SystemdUnit,
		"etc/systemd/system/snap.kube-node.kubelet.service":                             Unknown,
		"var/lib/snapd/mount/snap.kube-node.fstab":                                      MountFstab,
		"var/lib/snapd/mount/snap.kube-node.user-fstab":                                 MountFstab,
		"snap.kube-node.fstab":                                                          Unknown,
		"var/lib/snapd/apparmor/profiles/sub/snap.kube-node.kubelet":                    Unknown,
		"etc/systemd/system/snap.kube-node.kubelet.service.d/x/snap-interfaces.conf":    Unknown,
		"etc/systemd/system/x/snap.kube-node.kubelet.service.d/snap-interfaces.conf":    Unknown,
		"etc/systemd/system/snap.kube-node.kubelet.service.d.bak/snap-interfaces.conf2": Unknown,
	} {
		assert.Equal(t, want, KindOf(rel), rel)
	}
}

func TestKnownDir(t *testing.T) {
	for _, rel := range []string{"etc", "var", "var/lib/snapd", "var/lib/snapd/seccomp/bpf",
		"etc/systemd/system/snap.a.b.service.d", "etc/systemd/user"} {
		assert.True(t, KnownDir(rel), rel)
	}
	for _, rel := range []string{"usr", "var/lib/snapd/seccomp/bpf/sub", "etc/udev/rules.d/x",
		"var/lib/snap", "etc/systemd/system/other.d"} {
		assert.False(t, KnownDir(rel), rel)
	}
}
