// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/snap"
)

func TestNormalizeValue(t *testing.T) {
	type myString string
	for _, tc := range []struct {
		in   interface{}
		want interface{}
	}{
		{"s", "s"},
		{myString("s"), "s"},
		{true, true},
		{int(3), int64(3)},
		{int8(-3), int64(-3)},
		{uint16(7), int64(7)},
		{uint64(math.MaxInt64), int64(math.MaxInt64)},
		{float32(1.5), 1.5},
		{2.25, 2.25},
		{[]string{"a", "b"}, []interface{}{"a", "b"}},
		{[]interface{}{1, "x"}, []interface{}{int64(1), "x"}},
		{[2]int{1, 2}, []interface{}{int64(1), int64(2)}},
		{map[string]int{"a": 1}, map[string]interface{}{"a": int64(1)}},
		{map[string]interface{}{"m": map[string]bool{"x": true}}, map[string]interface{}{"m": map[string]interface{}{"x": true}}},
	} {
		got, err := snap.NormalizeValue(tc.in)
		if assert.NoError(t, err, "%#v", tc.in) {
			assert.Empty(t, cmp.Diff(tc.want, got), "%#v", tc.in)
		}
	}
	for _, tc := range []struct {
		in  interface{}
		err string
	}{
		{nil, "nil is not a valid attribute value"},
		{uint64(math.MaxUint64), "invalid attribute value 18446744073709551615: integer out of range"},
		{math.NaN(), "invalid attribute value NaN: not a finite number"},
		{math.Inf(1), "invalid attribute value +Inf: not a finite number"},
		{map[int]string{1: "a"}, "invalid attribute map key 1: keys must be strings"},
		{[]interface{}{"a", nil}, "element 1: nil is not a valid attribute value"},
		{map[string]interface{}{"k": struct{}{}}, `key "k": invalid attribute value of type struct {}`},
		{func() {}, "invalid attribute value of type func()"},
	} {
		_, err := snap.NormalizeValue(tc.in)
		assert.EqualError(t, err, tc.err, "%#v", tc.in)
	}
}

func TestCopyAttrsIsDeep(t *testing.T) {
	orig := map[string]interface{}{
		"list": []interface{}{"a", map[string]interface{}{"k": "v"}},
		"map":  map[string]interface{}{"n": int64(1)},
		"s":    "x",
	}
	cp := snap.CopyAttrs(orig)
	assert.Equal(t, orig, cp)
	cp["list"].([]interface{})[1].(map[string]interface{})["k"] = "changed"
	cp["map"].(map[string]interface{})["n"] = int64(2)
	cp["s"] = "y"
	assert.Equal(t, "v", orig["list"].([]interface{})[1].(map[string]interface{})["k"])
	assert.Equal(t, int64(1), orig["map"].(map[string]interface{})["n"])
	assert.Equal(t, "x", orig["s"])
	assert.Nil(t, snap.CopyAttrs(nil))
}
