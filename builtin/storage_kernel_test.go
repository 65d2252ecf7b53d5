// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestStorageAndKernelInterfacesCompileSeccomp: the seccomp rules of these
// interfaces compile for every architecture, in strict mode (a system
// call no table knows is a typo).
func TestStorageAndKernelInterfacesCompileSeccomp(t *testing.T) {
	names := []string{
		"account-control", "block-devices", "cifs-mount", "dm-crypt",
		"dm-multipath", "fuse-support", "hugepages-control",
		"kernel-crypto-api", "kernel-module-control", "netlink-audit",
		"netlink-connector",
	}
	var b strings.Builder
	b.WriteString("name: storage\nversion: \"1\"\napps:\n  all:\n    command: bin/all\n    plugs: [" + strings.Join(names, ", ") + "]\n")
	info, err := snap.Parse([]byte(b.String()), snap.Options{})
	require.NoError(t, err)
	// Dangerous: several of these interfaces need a grant to install.
	// AppArmor fully confines (the default options), so the sources hold
	// the interfaces' rules and the template's alone.
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, Backends: []string{"seccomp"}, NoBPF: true})
	require.NoError(t, err)
	require.Len(t, res.Connected, len(names))
	src := res.FilesOf("storage", "seccomp")["var/lib/snapd/seccomp/bpf/snap.storage.all.src"]
	require.NotEmpty(t, src)
	for _, arch := range bpf.Arches() {
		_, err := bpf.CompileSource("snap.storage.all", src, bpf.Options{Arch: arch, Strict: true})
		assert.NoError(t, err, "%s", arch)
	}
}
