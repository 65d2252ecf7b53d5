// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

func TestSeccompOptions(t *testing.T) {
	for _, tc := range []struct {
		system, parser string
		want           seccomp.Options
	}{
		{"classic (Ubuntu 24.04 amd64, OnClassic=true, os-release ubuntu 24.04)", "cap-bpf,unsafe",
			seccomp.Options{Arch: bpf.ArchAMD64, OSID: "ubuntu", OSVersionID: "24.04"}},
		{"core (Ubuntu Core 24 amd64, OnClassic=false, os-release ubuntu-core 24, kernel snap pc-kernel)", "unsafe",
			seccomp.Options{Arch: bpf.ArchAMD64, OSID: "ubuntu-core", OSVersionID: "24"}},
		{"classic (Ubuntu 24.04 amd64, OnClassic=true, os-release ubuntu 24.04)", "(none)  (not the default set)",
			seccomp.Options{Arch: bpf.ArchAMD64, OSID: "ubuntu", OSVersionID: "24.04", AppArmorIncomplete: true}},
	} {
		sc := &Scenario{Name: "t", Facts: map[string][]string{
			"system":          {tc.system},
			"parser features": {tc.parser},
			"kernel features": {"caps,dbus,domain,file,mount,namespaces,network,ptrace,signal"},
		}}
		aa, err := sc.AppArmorOptions()
		require.NoError(t, err)
		got, err := sc.SeccompOptions(aa)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, tc.system)
	}
	sc := &Scenario{Name: "t", Facts: map[string][]string{"system": {"classic"}}}
	_, err := sc.SeccompOptions(apparmor.DefaultOptions())
	assert.EqualError(t, err, `scenario t: cannot read the system "classic"`)
}

func TestHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want builtin.Host
	}{
		{"fake root, otherwise empty: /etc/shadow (group id 42), /proc/cpuinfo (flags: fpu sse sse2 vmx)",
			builtin.Host{CPUFlags: []string{"fpu", "sse", "sse2", "vmx"}}},
		{"fake root, otherwise empty: /etc/shadow (group id 42), /proc/cpuinfo (flags: fpu sse sse2 svm), directories /usr/share/nvidia, /usr/lib/wsl",
			builtin.Host{CPUFlags: []string{"fpu", "sse", "sse2", "svm"}, Dirs: []string{"/usr/share/nvidia", "/usr/lib/wsl"}}},
		{"fake root, otherwise empty: /etc/shadow (group id 42)", builtin.Host{}},
	} {
		sc := &Scenario{Name: "t", Facts: map[string][]string{"host": {tc.host}}}
		assert.Equal(t, tc.want, sc.Host(), tc.host)
	}
}
