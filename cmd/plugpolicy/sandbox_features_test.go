// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// The defaults are the host facts the README documents for compile
// without --probe-host.
func TestSandboxFeaturesDefaults(t *testing.T) {
	stdout, stderr, status := runCLI(t, "sandbox-features", "--defaults")
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, `system: classic
snap-mount-dir: /snap
kernel-snap: pc-kernel
system-snaps: snapd=1
apparmor-confinement: full
apparmor-kernel-features: caps,dbus,domain,file,mount,namespaces,network,ptrace,signal
apparmor-parser: none
apparmor-parser-features: cap-audit-read,cap-bpf,include-if-exists,qipcrtr-socket,unconfined,unsafe,xdp
apparmor-prompting: false
home-on-remote-fs: false
overlay-root: none
arch: `+bpf.HostArch().String()+`
kernel-release: none
os-release-id: none
os-release-version-id: none
seccomp-allows-bind: false
shadow-gid: 42
cpu-flags: none
host-dirs: none
boot-config: false
`, stdout)
}

// fakeHost writes a system below a temporary root for the probes to
// read, and points hostRoot at it for the test.
func fakeHost(t *testing.T) string {
	root := t.TempDir()
	files := map[string]string{
		"proc/self/mountinfo":       "27 1 0:30 / / rw - overlay overlay rw,lowerdir=/ro,upperdir=/rw/upper,workdir=/rw/work\n40 27 0:50 / /home rw - nfs4 server:/home rw,vers=4.2\n",
		"proc/sys/kernel/osrelease": "6.8.0-31-generic\n",
		"proc/cpuinfo":              "processor\t: 0\nflags\t\t: fpu sse2 vmx\n",
		"etc/os-release":            "ID=fedora\nVERSION_ID=40\n",
		"boot/config-6.8.0":         "",
	}
	for name, data := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(data), 0o644))
	}
	for _, dir := range []string{"var/lib/snapd/snap", "usr/share/nvidia"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, dir), 0o755))
	}
	saved := hostRoot
	hostRoot = root
	t.Cleanup(func() { hostRoot = saved })
	return root
}

func TestSandboxFeaturesProbe(t *testing.T) {
	fakeHost(t)
	stdout, stderr, status := runCLI(t, "sandbox-features")
	require.Equal(t, exitOK, status, stderr)
	facts := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		key, value, ok := strings.Cut(line, ": ")
		require.True(t, ok, line)
		facts[key] = value
	}
	for key, want := range map[string]string{
		"system":                   "classic",
		"snap-mount-dir":           "/var/lib/snapd/snap", // Fedora's: no /snap
		"apparmor-confinement":     "none",                // no AppArmor in the fake kernel
		"apparmor-kernel-features": "none",
		"home-on-remote-fs":        "true",
		"overlay-root":             "/rw/upper",
		"kernel-release":           "6.8.0-31-generic",
		"os-release-id":            "fedora",
		"os-release-version-id":    "40",
		"seccomp-allows-bind":      "true",
		"cpu-flags":                "vmx",
		"host-dirs":                "/usr/share/nvidia",
		"boot-config":              "true",
	} {
		assert.Equal(t, want, facts[key], key)
	}
	assert.Len(t, facts, 20)

	hostRoot = t.TempDir() // no mountinfo
	_, stderr, status = runCLI(t, "sandbox-features")
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stderr, "plugpolicy sandbox-features: cannot probe the host: open ")
}

func TestSandboxFeaturesJSON(t *testing.T) {
	fakeHost(t)
	stdout, stderr, status := runCLI(t, "sandbox-features", "--json")
	require.Equal(t, exitOK, status, stderr)
	var facts struct {
		SnapMountDir   string   `json:"snap-mount-dir"`
		KernelFeatures []string `json:"apparmor-kernel-features"`
		ParserFeatures []string `json:"apparmor-parser-features"`
		HomeOnRemoteFS bool     `json:"home-on-remote-fs"`
		CPUFlags       []string `json:"cpu-flags"`
		HostDirs       []string `json:"host-dirs"`
		OSID           string   `json:"os-release-id"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &facts))
	assert.Equal(t, "/var/lib/snapd/snap", facts.SnapMountDir)
	assert.Equal(t, []string{}, facts.KernelFeatures)
	assert.NotNil(t, facts.ParserFeatures)
	assert.True(t, facts.HomeOnRemoteFS)
	assert.Equal(t, []string{"vmx"}, facts.CPUFlags)
	assert.Equal(t, []string{"/usr/share/nvidia"}, facts.HostDirs)
	assert.Equal(t, "fedora", facts.OSID)
	var raw map[string]interface{}
	require.NoError(t, json.Unmarshal([]byte(stdout), &raw))
	assert.Len(t, raw, 20)
}

// compile --probe-host and sandbox-features read the host through the
// same code: what sandbox-features reports is what compile renders for.
func TestSandboxFeaturesMatchCompile(t *testing.T) {
	fakeHost(t)
	probed, err := probeHostFacts()
	require.NoError(t, err)
	a, status := parseCompileArgs([]string{"--probe-host", "--out", t.TempDir(), "examples/kube-node/snap.yaml"}, &strings.Builder{}, &strings.Builder{})
	require.Equal(t, exitOK, status)
	require.NotNil(t, a.opts.AppArmor)
	assert.Equal(t, probed.AppArmor, *a.opts.AppArmor)
	assert.Equal(t, probed.Seccomp, a.opts.Seccomp)
	assert.Equal(t, probed.Machine, a.opts.Host)
	assert.Equal(t, "/rw/upper", a.opts.AppArmor.OverlayRoot)
	assert.Equal(t, "6.8.0-31-generic", a.opts.Seccomp.KernelVersion)
	assert.Equal(t, []string{"vmx"}, a.opts.Host.CPUFlags[2:])
}
