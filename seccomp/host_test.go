// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

func writeHostFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
	return root
}

func TestProbeHost(t *testing.T) {
	root := writeHostFiles(t, map[string]string{
		"proc/sys/kernel/osrelease": "4.2.0-42-generic\n",
		"proc/sys/kernel/arch":      "i686\n",
		"etc/os-release":            "NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"14.04\"\n",
		"usr/lib/os-release":        "ID=debian\nVERSION_ID=12\n",
	})
	opts, err := seccomp.ProbeHost(root, apparmor.DefaultOptions())
	require.NoError(t, err)
	assert.Equal(t, seccomp.Options{Arch: bpf.ArchI386, KernelVersion: "4.2.0-42-generic", OSID: "ubuntu", OSVersionID: "14.04"}, opts)

	// Without the kernel's files: the architecture plugpolicy runs on, an
	// unknown release; os-release from /usr/lib; no AppArmor at all.
	root = writeHostFiles(t, map[string]string{"usr/lib/os-release": "ID=debian\nVERSION_ID=12\n"})
	aa := apparmor.DefaultOptions()
	aa.Kernel = apparmor.ParseKernelFeatures("none")
	opts, err = seccomp.ProbeHost(root, aa)
	require.NoError(t, err)
	assert.Equal(t, seccomp.Options{Arch: bpf.HostArch(), OSID: "debian", OSVersionID: "12", AppArmorIncomplete: true}, opts)

	root = writeHostFiles(t, map[string]string{"proc/sys/kernel/arch": "mips64\n"})
	opts, err = seccomp.ProbeHost(root, apparmor.DefaultOptions())
	require.NoError(t, err)
	assert.Equal(t, bpf.ArchInvalid, opts.Arch, "an architecture without tables")
}

func TestAppArmorIncomplete(t *testing.T) {
	full := apparmor.DefaultOptions()
	assert.False(t, seccomp.AppArmorIncomplete(full))

	noUnsafe := full
	noUnsafe.Parser.Unsafe = false
	assert.True(t, seccomp.AppArmorIncomplete(noUnsafe), "a parser without unsafe")

	noDBus := full
	noDBus.Kernel = apparmor.ParseKernelFeatures("caps,domain,file,mount,namespaces,network,ptrace,signal")
	assert.True(t, seccomp.AppArmorIncomplete(noDBus), "a kernel without dbus mediation")

	more := full
	more.Kernel = apparmor.ParseKernelFeatures(full.Kernel.String() + ",policy:unconfined_restrictions")
	assert.False(t, seccomp.AppArmorIncomplete(more), "features beyond snapd's preferred set")
}
