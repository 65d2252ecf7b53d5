// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package testutil

import (
	"reflect"
	"testing"
)

// CheckFieldsCovered fails for every field of the struct type T that
// covered does not list (with why it is covered), and for every listed
// name T has no field of: for tests that hold code which must read every
// field (a digest) to the type as it grows.
func CheckFieldsCovered[T any](t testing.TB, covered map[string]string) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	seen := map[string]bool{}
	for i := 0; i < typ.NumField(); i++ {
		name := typ.Field(i).Name
		seen[name] = true
		if covered[name] == "" {
			t.Errorf("%s.%s is not covered", typ.Name(), name)
		}
	}
	for name := range covered {
		if !seen[name] {
			t.Errorf("%s has no field %s any more: take it off the list", typ.Name(), name)
		}
	}
}
