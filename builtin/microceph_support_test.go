// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// TestMicrocephSupportIdentityAttribute: only true or false; anything
// else (a string "true" among them) keeps the plug, and with it setuid
// and setgid, out.
func TestMicrocephSupportIdentityAttribute(t *testing.T) {
	repo, rejected := addSnap(t, `name: microceph
version: "1"
plugs:
  yes-bool:
    interface: microceph-support
    user-identity-switching: true
  string:
    interface: microceph-support
    user-identity-switching: "true"
  list:
    interface: microceph-support
    user-identity-switching: [true]
apps:
  smbd:
    command: bin/smbd
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "list", Interface: "microceph-support", Reason: `snap "microceph", plug "list": invalid value []interface {}{true} for attribute "user-identity-switching": want true or false`},
		{Kind: "plug", Name: "string", Interface: "microceph-support", Reason: `snap "microceph", plug "string": invalid value "true" for attribute "user-identity-switching": want true or false`},
	}, rejected)
	assert.NotNil(t, repo.Plug("microceph", "yes-bool"))
}
