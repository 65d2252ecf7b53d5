// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

type greeter interface{ Greet() string }

type greetingIface struct{ testIface }

func (g *greetingIface) Greet() string { return "hello" }

func TestRunHook(t *testing.T) {
	var scope interfaces.Scope
	tags := []string{"snap.a.b"}
	var seen []string
	err := interfaces.RunHook(&scope, &greetingIface{testIface{name: "greet"}}, tags, func(g greeter) error {
		seen = append(seen, g.Greet(), scope.InterfaceName())
		seen = append(seen, scope.SecurityTags()...)
		return errors.New("hook error")
	})
	assert.EqualError(t, err, "hook error")
	assert.Equal(t, []string{"hello", "greet", "snap.a.b"}, seen)
	assert.Empty(t, scope.InterfaceName(), "the scope is reset after the hook")
	assert.Empty(t, scope.SecurityTags())

	called := false
	err = interfaces.RunHook(&scope, &testIface{name: "plain"}, tags, func(g greeter) error { called = true; return nil })
	assert.NoError(t, err)
	assert.False(t, called, "an interface without the hook is skipped")
}
