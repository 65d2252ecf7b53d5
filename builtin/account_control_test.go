// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// accountsSnap renders the seccomp sources of a snap whose app plugs
// account-control, connected, for a target whose shadow group is gid.
func accountsSnap(t *testing.T, gid *uint32) map[string][]byte {
	t.Helper()
	info, err := snap.Parse([]byte(`name: accounts
version: "1"
apps:
  adder:
    command: bin/adder
    plugs: [account-control]
`), snap.Options{})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{
		Dangerous: true, NoAutoConnect: true, Connect: []string{"accounts:account-control"},
		Backends: []string{"seccomp"}, NoBPF: true, Seccomp: seccomp.Options{ShadowGID: gid},
	})
	require.NoError(t, err)
	return res.FilesOf("accounts", "seccomp")
}

// The fchown rules name the host's shadow group, from the backend's
// option; without it, Debian's and Ubuntu's 42.
func TestAccountControlShadowGroup(t *testing.T) {
	const src = "var/lib/snapd/seccomp/bpf/snap.accounts.adder.src"
	for _, tc := range []struct {
		gid  *uint32
		want string
	}{{nil, "42"}, {ptr(uint32(0)), "0"}, {ptr(uint32(1234)), "1234"}} {
		files := accountsSnap(t, tc.gid)
		policy := string(files[src])
		assert.Contains(t, policy, "\nfchown - u:root "+tc.want+"\n", tc.want)
		assert.Contains(t, policy, "\nfchown32 - u:root "+tc.want+"\n", tc.want)
		// No other numeric group is allowed (the template's are g:root
		// and -1).
		assert.Equal(t, []string{"fchown - u:root " + tc.want, "fchown32 - u:root " + tc.want},
			regexp.MustCompile(`(?m)^fchown(32)? - u:root [0-9]+$`).FindAllString(policy, -1), tc.want)
	}
}

func ptr[T any](v T) *T { return &v }
