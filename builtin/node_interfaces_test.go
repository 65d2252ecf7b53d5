// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// nodeInterfaces are the interfaces a confined Kubernetes node plugs
// besides kubernetes-support, home and the network: observing and
// controlling the network, the firewall, mounts, the system, hardware,
// kernel modules, logs and processes, running containers (docker-support)
// and using the GPU (opengl).
var nodeInterfaces = []string{
	"docker-support", "firewall-control", "hardware-observe",
	"kernel-module-observe", "log-observe", "mount-observe",
	"network-control", "network-observe", "opengl", "process-control",
	"system-observe",
}

// TestNodeInterfacesStaticInfo pins what the node interfaces say about
// themselves: all are implicit everywhere, and only opengl connects
// without being asked.
func TestNodeInterfacesStaticInfo(t *testing.T) {
	for _, name := range nodeInterfaces {
		iface, ok := builtin.ByName(name)
		require.True(t, ok, name)
		info := iface.StaticInfo()
		assert.True(t, info.ImplicitOnCore, name)
		assert.True(t, info.ImplicitOnClassic, name)
		assert.Equal(t, "https://snapcraft.io/docs/"+name+"-interface", info.DocURL)
		assert.Equal(t, name != "opengl", strings.Contains(info.BaseDeclarationSlots, "deny-auto-connection: true"), name)
	}
}

// TestNodeInterfacesCompile renders a snap that plugs every node interface
// in one daemon (docker-support with privileged containers) and each in a
// daemon of its own, and compiles every AppArmor profile with
// apparmor_parser and every seccomp policy for every architecture: rules
// of different interfaces must not conflict, and every system call and
// constant must be known.
func TestNodeInterfacesCompile(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: node\nversion: \"1\"\nplugs:\n  docker-privileged:\n    interface: docker-support\n    privileged-containers: true\napps:\n")
	b.WriteString("  everything:\n    command: bin/everything\n    daemon: simple\n    plugs: [docker-privileged")
	for _, name := range nodeInterfaces {
		if name != "docker-support" {
			b.WriteString(", " + name)
		}
	}
	b.WriteString("]\n")
	for _, name := range nodeInterfaces {
		b.WriteString("  " + name + ":\n    command: bin/" + name + "\n    daemon: simple\n    plugs: [" + name + "]\n")
	}
	info, err := snap.Parse([]byte(b.String()), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	// Dangerous: most of these interfaces need a grant to install. The
	// target's AppArmor has no features, the profiles' plainest form.
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, AppArmor: &apparmor.Options{}})
	require.NoError(t, err)
	require.Len(t, res.Connected, len(nodeInterfaces)+1)

	files := res.FilesOf("node", "")
	profiles := map[string][]byte{}
	sources := 0
	for name, data := range files {
		switch {
		case strings.Contains(name, "/apparmor/profiles/"):
			profiles[name] = data
		case strings.HasSuffix(name, ".src"):
			sources++
			for _, arch := range bpf.Arches() {
				// Strict: a system call no table knows is a typo here.
				_, err := bpf.CompileSource(name, data, bpf.Options{Arch: arch, Strict: true})
				assert.NoError(t, err, "%s for %s", name, arch)
			}
		}
	}
	assert.Len(t, profiles, len(nodeInterfaces)+2, "one per app, and snap-update-ns's")
	assert.Equal(t, len(nodeInterfaces)+1, sources)
	testutil.CompileAppArmor(t, profiles)
}
