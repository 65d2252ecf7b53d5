// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// kvmModules renders the modules a snap plugging kvm has loaded on a host
// with the given processor flags, one per line.
func kvmModules(t *testing.T, catalog []interfaces.Interface) []string {
	t.Helper()
	info, err := snap.Parse([]byte(`name: vm
version: "1"
apps:
  qemu:
    command: bin/qemu
    plugs: [kvm]
`), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, Catalog: catalog, Backends: []string{"kmod"}})
	require.NoError(t, err)
	var mods []string
	for _, line := range strings.Split(string(res.FilesOf("vm", "kmod")["etc/modules-load.d/snap.vm.conf"]), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			mods = append(mods, line)
		}
	}
	return mods
}

// TestKVMModuleFollowsCPUFlags: the hypervisor module is the one of the
// host's processor, as snapd picks it from /proc/cpuinfo.
func TestKVMModuleFollowsCPUFlags(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"fpu", "sse", "sse2", "vmx"}, "kvm_intel"},
		{[]string{"fpu", "sse", "sse2", "svm"}, "kvm_amd"},
		{[]string{"fpu", "sse", "sse2"}, "kvm"},
		{nil, "kvm"},
		// A flag is a whole word: "vmx" inside another flag is not it.
		{[]string{"vmxx", "nosvm"}, "kvm"},
	} {
		catalog := builtin.ForHost(builtin.Interfaces(), builtin.Host{CPUFlags: tc.flags})
		assert.Equal(t, []string{tc.want}, kvmModules(t, catalog), "flags %q", tc.flags)
	}
	// Without host facts, the catalog loads the generic module.
	assert.Equal(t, []string{"kvm"}, kvmModules(t, builtin.Interfaces()))
}

// TestForHostLeavesCatalog: ForHost makes new values and does not change
// the catalog it is given.
func TestForHostLeavesCatalog(t *testing.T) {
	catalog := builtin.Interfaces()
	intel := builtin.ForHost(catalog, builtin.Host{CPUFlags: []string{"vmx"}})
	require.Len(t, intel, len(catalog))
	assert.Equal(t, []string{"kvm_intel"}, kvmModules(t, intel))
	assert.Equal(t, []string{"kvm"}, kvmModules(t, catalog))
	assert.Equal(t, []string{"kvm_amd"}, kvmModules(t, builtin.ForHost(nil, builtin.Host{CPUFlags: []string{"svm"}})), "nil is the builtin catalog")
}
