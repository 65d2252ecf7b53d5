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
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// lxdProfile renders the daemon's profile of an lxd snap whose plug has
// the attributes given, connected, for the target opts.
func lxdProfile(t *testing.T, attrs string, opts apparmor.Options) string {
	t.Helper()
	info, err := snap.Parse([]byte(`name: lxd
version: "1"
plugs:
  lxd:
    interface: lxd-support
    `+attrs+`
apps:
  daemon:
    command: bin/lxd
    daemon: simple
    plugs: [lxd]
`), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	// Dangerous: lxd-support needs a grant to install. Core comes from
	// the target's AppArmor options, as the backend took it.
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, Core: opts.Core, AppArmor: &opts, NoBPF: true})
	require.NoError(t, err)
	require.Len(t, res.Connected, 1)
	for name, data := range res.FilesOf("lxd", "") {
		if strings.HasSuffix(name, "/apparmor/profiles/snap.lxd.daemon") {
			return string(data)
		}
	}
	t.Fatal("no profile for snap.lxd.daemon")
	return ""
}

// TestLXDSupportUnconfinedFlag: the unconfined flag comes only with
// enable-unconfined-mode: true, and only where parser and kernel know it.
func TestLXDSupportUnconfinedFlag(t *testing.T) {
	restricting := apparmor.DefaultOptions()
	restricting.Kernel = apparmor.ParseKernelFeatures("caps,dbus,domain,file,mount,namespaces,network,ptrace,signal,policy:unconfined_restrictions")
	noParser := restricting
	noParser.Parser.Unconfined = false
	const flagged = `profile "snap.lxd.daemon" flags=(attach_disconnected,mediate_deleted,unconfined) {`
	const plain = `profile "snap.lxd.daemon" flags=(attach_disconnected,mediate_deleted) {`
	for _, tc := range []struct {
		attrs string
		opts  apparmor.Options
		want  string
	}{
		{"enable-unconfined-mode: true", restricting, flagged},
		{"enable-unconfined-mode: true", apparmor.DefaultOptions(), plain},
		{"enable-unconfined-mode: true", noParser, plain},
		{"enable-unconfined-mode: false", restricting, plain},
		{"", restricting, plain},
	} {
		profile := lxdProfile(t, tc.attrs, tc.opts)
		assert.Contains(t, profile, tc.want, "%q", tc.attrs)
	}
}

// TestLXDSupportUserns: the userns rule only for a parser that knows it.
func TestLXDSupportUserns(t *testing.T) {
	newer := apparmor.DefaultOptions()
	newer.Parser.Userns = true
	assert.Contains(t, lxdProfile(t, "", newer), "\n  userns,\n")
	assert.NotContains(t, lxdProfile(t, "", apparmor.DefaultOptions()), "userns,")
}

func TestLXDSupportUnconfinedAttribute(t *testing.T) {
	_, rejected := addSnap(t, `name: lxd
version: "1"
plugs:
  yes-bool:
    interface: lxd-support
    enable-unconfined-mode: yes
  string:
    interface: lxd-support
    enable-unconfined-mode: "true"
  number:
    interface: lxd-support
    enable-unconfined-mode: 1
apps:
  daemon:
    command: bin/lxd
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "number", Interface: "lxd-support", Reason: `snap "lxd", plug "number": invalid value 1 for attribute "enable-unconfined-mode": want true or false`},
		{Kind: "plug", Name: "string", Interface: "lxd-support", Reason: `snap "lxd", plug "string": invalid value "true" for attribute "enable-unconfined-mode": want true or false`},
	}, rejected)
}
