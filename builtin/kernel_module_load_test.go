// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/snap"
)

// kmodSnap is a snap whose plug "k" has the given "modules" entry.
func kmodSnap(entry string) string {
	return `name: sn
version: "1"
plugs:
  k:
    interface: kernel-module-load
    modules:
    - ` + strings.ReplaceAll(strings.TrimSpace(entry), "\n", "\n      ") + `
apps:
  a:
    command: a
    plugs: [k]
`
}

// TestKernelModuleLoadHostileValues: values that would end the modprobe.d
// line and add a directive of their own ("install M /bin/sh" runs a
// command as root when M loads), name another module, or are not what the
// attribute is, keep the plug out, with an error that names the snap,
// plug, attribute and module.
func TestKernelModuleLoadHostileValues(t *testing.T) {
	for _, tc := range []struct{ entry, err string }{
		{`name: "m\ninstall m /bin/sh"`, `entry 0: invalid "name" "m\ninstall m /bin/sh"`},
		{`name: "m #x"`, `entry 0: invalid "name" "m #x"`},
		{`name: "../m"`, `entry 0: invalid "name" "../m"`},
		{`name: "m,n"`, `entry 0: invalid "name" "m,n"`},
		{`name: "m}"`, `entry 0: invalid "name" "m}"`},
		{`name: "m*"`, `entry 0: invalid "name" "m*"`},
		{`name: "@{m}"`, `entry 0: invalid "name" "@{m}"`},
		{`name: ""`, `entry 0: invalid "name" ""`},
		{`name: ` + strings.Repeat("m", 57), `entry 0: invalid "name" "mmm`},
		{"name: m\nload: on-boot\noptions: \"p=1\\ninstall m /bin/sh\"", `module "m": invalid "options" "p=1\ninstall m /bin/sh"`},
		{"name: m\noptions: \"p=1\\rinstall m /bin/sh\"", `module "m": invalid "options" "p=1\rinstall m /bin/sh"`},
		{"name: m\noptions: \"p=1\\tq=2\"", `module "m": invalid "options"`},
		{"name: m\noptions: \"p=#1\"", `module "m": invalid "options" "p=#1"`},
		// modprobe joins a line ending in a backslash with the next:
		// the snap's next modprobe.d line (a blacklist entry) would be
		// swallowed into these options.
		{"name: m\noptions: 'p=a\\'", `module "m": invalid "options" "p=a\\"`},
		{"name: m\noptions: 'p=a\\ '", `module "m": invalid "options" "p=a\\ "`},
		{"name: m\noptions: 'p=a\\b'", `module "m": invalid "options" "p=a\\b"`},
		{"name: m\noptions: \"# p=1\"", `module "m": invalid "options" "# p=1"`},
		{"name: m\noptions: \"=1\"", `module "m": invalid "options" "=1"`},
		{"name: m\noptions: \"p=\"", `module "m": invalid "options" "p="`},
		{"name: m\noptions: \"*\"", `module "m": invalid "options" "*"`},
		{"name: m\nload: on-boot\noptions: \"*\"", `module "m": invalid "options" "*"`},
		{"name: m\noptions: \"p=\\u00e9\"", `module "m": invalid "options"`},
		{"name: m\nload: denied\noptions: p=1", `module "m": "options" "p=1" with "load: denied"`},
		{"name: m", `module "m": give "load" or "options"`},
		{"name: m\nload: always", `module "m": invalid "load" "always"`},
		{"name: m\nload: [on-boot]", `module "m": invalid "load" []interface {}{"on-boot"}`},
		{"name: m\noptions: 5", `module "m": invalid "options" 5`},
		{"name: 5\nload: on-boot", `entry 0: invalid "name" 5`},
	} {
		_, rejected := addSnap(t, kmodSnap(tc.entry))
		require.Len(t, rejected, 1, "%q", tc.entry)
		assert.Contains(t, rejected[0].Reason, `snap "sn", plug "k": attribute "modules": `+tc.err, "%q", tc.entry)
	}
	for modules, err := range map[string]string{
		"":                                  "want a non-empty list of maps",
		"modules: []":                       "want a non-empty list of maps",
		"modules: m":                        "want a non-empty list of maps",
		"modules: {name: m, load: on-boot}": "want a non-empty list of maps",
		"modules: [m]":                      `entry 0: want a map, got "m"`,
	} {
		_, rejected := addSnap(t, strings.Replace(kmodSnap("name: m"), "modules:\n    - name: m", modules, 1))
		require.Len(t, rejected, 1, "%q", modules)
		assert.Contains(t, rejected[0].Reason, `snap "sn", plug "k": attribute "modules": `+err, "%q", modules)
	}
}

// TestKernelModuleLoadOddValues: values snapd accepts that look like
// syntax elsewhere (",", "}", quotes, "@{", "**", "..") stay inside the
// module's own options line: one line, for that module, as written.
func TestKernelModuleLoadOddValues(t *testing.T) {
	for _, options := range []string{`p=a,b`, `p=}`, `p="x q=y"`, `p='x'`, `p=@{HOME}`, `p=/a/**`, `p=../../etc/shadow`, `p`, `p=1   q`} {
		entry := fmt.Sprintf("name: m\nload: on-boot\noptions: '%s'", strings.ReplaceAll(options, "'", "''"))
		repo, rejected := addSnap(t, kmodSnap(entry))
		require.Empty(t, rejected, "%q", options)
		spec := kmodSpecOf(t, repo, nil)
		assert.Equal(t, []string{"m"}, spec.Modules(), "%q", options)
		assert.Equal(t, map[string]string{"m": options}, spec.ModuleOptions(), "%q", options)
		assert.Empty(t, spec.DisallowedModules(), "%q", options)
	}
}

// kmodSpecOf connects sn:k to a kernel-module-load slot of a system snap
// in repo, with the dynamic plug attributes given, and returns the kmod
// specification of snap sn.
func kmodSpecOf(t *testing.T, repo *interfaces.Repository, dynamic map[string]interface{}) *kmod.Specification {
	t.Helper()
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, builtin.Interfaces())
	require.NoError(t, err)
	_, err = repo.AddSnap(sys)
	require.NoError(t, err)
	ref := interfaces.ConnRef{
		PlugRef: interfaces.PlugRef{Snap: "sn", Name: "k"},
		SlotRef: interfaces.SlotRef{Snap: sys.InstanceName(), Name: "kernel-module-load"},
	}
	_, err = repo.Connect(ref, dynamic, nil)
	require.NoError(t, err)
	spec := kmod.NewSpecification(repo.Snap("sn"))
	require.NoError(t, repo.SnapSpecification("sn", spec))
	return spec
}

// TestKernelModuleLoadConnectedAttributes: a hostile "modules" that comes
// with the connection rather than the snap is refused when connecting,
// and, should a plug carry one anyway, when rendering: nothing reaches the
// specification.
func TestKernelModuleLoadConnectedAttributes(t *testing.T) {
	hostile := map[string]interface{}{"modules": []interface{}{
		map[string]interface{}{"name": "m", "load": "on-boot", "options": "p=1\ninstall m /bin/sh"},
	}}
	repo, rejected := addSnap(t, kmodSnap("name: m\nload: on-boot"))
	require.Empty(t, rejected)
	sys, err := interfaces.SystemSnap(snap.TypeSnapd, true, builtin.Interfaces())
	require.NoError(t, err)
	_, err = repo.AddSnap(sys)
	require.NoError(t, err)
	ref := interfaces.ConnRef{
		PlugRef: interfaces.PlugRef{Snap: "sn", Name: "k"},
		SlotRef: interfaces.SlotRef{Snap: sys.InstanceName(), Name: "kernel-module-load"},
	}
	_, err = repo.Connect(ref, hostile, nil)
	assert.ErrorContains(t, err, `snap "sn", plug "k": attribute "modules": module "m": invalid "options" "p=1\ninstall m /bin/sh"`)

	iface, ok := builtin.ByName("kernel-module-load")
	require.True(t, ok)
	plug, err := interfaces.NewConnectedPlug(repo.Plug("sn", "k"), hostile)
	require.NoError(t, err)
	slot, err := interfaces.NewConnectedSlot(repo.Slot(sys.InstanceName(), "kernel-module-load"), nil)
	require.NoError(t, err)
	spec := kmod.NewSpecification(repo.Snap("sn"))
	err = iface.(kmod.ConnectedPlugDefiner).KModConnectedPlug(spec, plug, slot)
	assert.ErrorContains(t, err, `invalid "options"`)
	assert.Empty(t, spec.Modules())
	assert.Empty(t, spec.ModuleOptions())
}
