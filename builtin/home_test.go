// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

func TestHomeReadAttribute(t *testing.T) {
	repo, rejected := addSnap(t, `name: homes
version: "1"
plugs:
  plain: home
  all:
    interface: home
    read: all
  some:
    interface: home
    read: some
  number:
    interface: home
    read: 1
apps:
  a:
    command: a
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "number", Interface: "home", Reason: `invalid value 1 for attribute "read" of plug "number": the only value is "all"`},
		{Kind: "plug", Name: "some", Interface: "home", Reason: `invalid value "some" for attribute "read" of plug "some": the only value is "all"`},
	}, rejected)
	assert.NotNil(t, repo.Plug("homes", "plain"))
	assert.NotNil(t, repo.Plug("homes", "all"))
}
