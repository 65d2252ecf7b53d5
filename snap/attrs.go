// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"math"
	"reflect"
	"sort"
)

// Attribute values are kept in canonical Go types, so that two equal values
// compare equal however they were written and look-ups can type-switch on a
// closed set:
//
//	YAML scalar string   -> string
//	YAML boolean         -> bool
//	YAML integer         -> int64 (integers beyond int64 are rejected)
//	YAML float           -> float64 (NaN and infinities are rejected)
//	YAML sequence        -> []interface{}
//	YAML mapping         -> map[string]interface{} (string keys only)
//
// null is rejected, as snapd rejects it: an attribute that is not there is
// written by leaving it out.

// attrValue converts the YAML value of an attribute to its canonical form,
// reporting every offending element with its own path and line.
func (d *decoder) attrValue(n *node, p path, line int) (interface{}, bool) {
	if n != nil && n.line > 0 {
		line = n.line
	}
	switch {
	case n.isNull():
		d.errs.add(p, line, "null is not a valid attribute value; leave the attribute out instead")
		return nil, false
	case n.kind == seqNode:
		list := make([]interface{}, len(n.items))
		ok := true
		for i, item := range n.items {
			v, good := d.attrValue(item, p.index(i), line)
			list[i], ok = v, ok && good
		}
		return list, ok
	case n.kind == mapNode:
		entries, ok := d.mapEntries(n, p, attrKeys)
		m := make(map[string]interface{}, len(entries))
		for _, e := range entries {
			v, good := d.attrValue(e.value, p.key(e.key.text), e.key.line)
			m[e.key.text], ok = v, ok && good
		}
		return m, ok
	}
	v, err := normalizeScalar(n.value)
	if err != nil {
		d.errs.add(p, line, "invalid attribute value %s: %v", n.text, err)
		return nil, false
	}
	return v, true
}

func normalizeScalar(v interface{}) (interface{}, error) {
	switch x := v.(type) {
	case string, bool, int64:
		return x, nil
	case int:
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return nil, fmt.Errorf("integer out of range (the largest is %d)", int64(math.MaxInt64))
		}
		return int64(x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("not a finite number")
		}
		return x, nil
	}
	return nil, fmt.Errorf("unsupported type %T", v)
}

// NormalizeValue converts a Go value to the canonical attribute types (see
// the table above): sized integers become int64, float32 becomes float64,
// maps with string keys become map[string]interface{} and slices become
// []interface{}, recursively. It is for attributes that come from Go code
// rather than snap.yaml, such as dynamic attributes set while connecting.
func NormalizeValue(v interface{}) (interface{}, error) {
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("nil is not a valid attribute value")
	case string, bool, int64:
		return x, nil
	case float64, float32:
		f := reflect.ValueOf(x).Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("invalid attribute value %v: not a finite number", x)
		}
		return f, nil
	case []interface{}:
		return normalizeSlice(reflect.ValueOf(x))
	case map[string]interface{}:
		return normalizeMap(reflect.ValueOf(x))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if rv.Uint() > math.MaxInt64 {
			return nil, fmt.Errorf("invalid attribute value %d: integer out of range", rv.Uint())
		}
		return int64(rv.Uint()), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Slice, reflect.Array:
		return normalizeSlice(rv)
	case reflect.Map:
		return normalizeMap(rv)
	}
	return nil, fmt.Errorf("invalid attribute value of type %T", v)
}

func normalizeSlice(rv reflect.Value) (interface{}, error) {
	out := make([]interface{}, rv.Len())
	for i := range out {
		v, err := NormalizeValue(rv.Index(i).Interface())
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
}

func normalizeMap(rv reflect.Value) (interface{}, error) {
	out := make(map[string]interface{}, rv.Len())
	keys := rv.MapKeys()
	// Sorted so that the first error reported is always the same one.
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, k := range keys {
		if k.Kind() != reflect.String {
			return nil, fmt.Errorf("invalid attribute map key %v: keys must be strings", k)
		}
		v, err := NormalizeValue(rv.MapIndex(k).Interface())
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k.String(), err)
		}
		out[k.String()] = v
	}
	return out, nil
}

// CopyValue returns a deep copy of a canonical attribute value, so that a
// caller can hand out attributes without letting the receiver change them.
func CopyValue(v interface{}) interface{} {
	switch x := v.(type) {
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = CopyValue(e)
		}
		return out
	case map[string]interface{}:
		return CopyAttrs(x)
	}
	return v
}

// CopyAttrs returns a deep copy of an attribute map; nil stays nil.
func CopyAttrs(attrs map[string]interface{}) map[string]interface{} {
	if attrs == nil {
		return nil
	}
	out := make(map[string]interface{}, len(attrs))
	for k, v := range attrs {
		out[k] = CopyValue(v)
	}
	return out
}
