// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
)

func TestParseCPUInfo(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme sse2 vmx\nbugs\t\t: spectre_v1\n\n" +
		"processor\t: 1\nflags\t\t: fpu vme sse2 vmx ht\nvmx flags\t: vnmi ept\n"
	assert.Equal(t, []string{"fpu", "vme", "sse2", "vmx", "ht"}, builtin.ParseCPUInfo([]byte(cpuinfo)))
	assert.Empty(t, builtin.ParseCPUInfo([]byte("processor\t: 0\nFeatures\t: fp asimd\n")))
}

func TestProbeHost(t *testing.T) {
	root := t.TempDir()
	h, err := builtin.ProbeHost(root)
	require.NoError(t, err, "no /proc/cpuinfo: no flags")
	assert.Empty(t, h.CPUFlags)

	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/cpuinfo"), []byte("flags\t: fpu svm\n"), 0o644))
	h, err = builtin.ProbeHost(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"fpu", "svm"}, h.CPUFlags)
	assert.True(t, h.HasCPUFlag("svm"))
	assert.False(t, h.HasCPUFlag("vmx"))

	require.NoError(t, os.Remove(filepath.Join(root, "proc/cpuinfo")))
	require.NoError(t, os.Mkdir(filepath.Join(root, "proc/cpuinfo"), 0o755))
	_, err = builtin.ProbeHost(root)
	assert.Error(t, err, "an unreadable /proc/cpuinfo is an error")
}

// ProbeHost finds which of HostDirs the root has, directories only.
func TestProbeHostDirs(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "usr/lib/wsl"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "usr/share"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "usr/share/nvidia"), nil, 0o644))
	h, err := builtin.ProbeHost(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"/usr/lib/wsl"}, h.Dirs)
	assert.True(t, h.HasDir("/usr/lib/wsl"))
	assert.False(t, h.HasDir("/usr/share/nvidia"), "a file is not a directory")
	assert.False(t, h.BootConfig)

	require.NoError(t, os.MkdirAll(filepath.Join(root, "boot"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "boot/config-6.8.0"), nil, 0o644))
	h, err = builtin.ProbeHost(root)
	require.NoError(t, err)
	assert.True(t, h.BootConfig)
}
