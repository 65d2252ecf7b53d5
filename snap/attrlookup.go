// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// ErrAttrNotFound is wrapped by the errors of attribute look-ups that find
// nothing at the path asked for.
var ErrAttrNotFound = errors.New("attribute not found")

// LookupAttr finds the value at a dotted path ("a.b.c") in nested attribute
// maps.
func LookupAttr(attrs map[string]interface{}, path string) (interface{}, bool) {
	if path == "" {
		return nil, false
	}
	var cur interface{} = attrs
	for _, key := range strings.Split(path, ".") {
		m, ok := cur.(map[string]interface{})
		if !ok {
			return nil, false
		}
		if cur, ok = m[key]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// DecodeAttr stores a canonical attribute value in out, a non-nil pointer.
// The value is copied, so the caller cannot change the attribute through
// out. Besides the canonical types themselves (and interface{}), out may
// point to other integer types that hold the value, and to slices and
// string-keyed maps of any of those, converted element by element.
//
// A value of another type gives an error "expected T, got U (value)".
func DecodeAttr(value interface{}, out interface{}) error {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("cannot decode an attribute into %T: need a non-nil pointer", out)
	}
	return decodeInto(value, rv.Elem())
}

func decodeInto(value interface{}, out reflect.Value) error {
	t := out.Type()
	switch {
	case value == nil:
		return fmt.Errorf("expected %s, got nothing", typeName(t))
	case reflect.TypeOf(value).AssignableTo(t): // the canonical type, or an interface it implements
		out.Set(reflect.ValueOf(CopyValue(value)))
		return nil
	}
	switch x := value.(type) {
	case int64:
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if !out.OverflowInt(x) {
				out.SetInt(x)
				return nil
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if x >= 0 && !out.OverflowUint(uint64(x)) {
				out.SetUint(uint64(x))
				return nil
			}
		}
	case string:
		if t.Kind() == reflect.String {
			out.SetString(x)
			return nil
		}
	case bool:
		if t.Kind() == reflect.Bool {
			out.SetBool(x)
			return nil
		}
	case []interface{}:
		if t.Kind() == reflect.Slice {
			list := reflect.MakeSlice(t, len(x), len(x))
			for i, e := range x {
				if err := decodeInto(e, list.Index(i)); err != nil {
					return fmt.Errorf("element %d: %w", i, err)
				}
			}
			out.Set(list)
			return nil
		}
	case map[string]interface{}:
		if t.Kind() == reflect.Map && t.Key().Kind() == reflect.String {
			m := reflect.MakeMapWithSize(t, len(x))
			for _, k := range sortedKeys(x) {
				elem := reflect.New(t.Elem()).Elem()
				if err := decodeInto(x[k], elem); err != nil {
					return fmt.Errorf("key %q: %w", k, err)
				}
				m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), elem)
			}
			out.Set(m)
			return nil
		}
	}
	return fmt.Errorf("expected %s, got %s", typeName(t), describeValue(value))
}

// typeName names a Go type the way an attribute's author thinks of it.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice:
		return "a list of " + typeName(t.Elem())
	case reflect.Map:
		return "a map of " + typeName(t.Elem())
	case reflect.Interface:
		return "any value"
	}
	return t.String()
}

// describeValue names the type of a canonical value and shows it.
func describeValue(v interface{}) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("string %q", x)
	case []interface{}:
		return fmt.Sprintf("a list %v", x)
	case map[string]interface{}:
		return fmt.Sprintf("a map %v", x)
	}
	return fmt.Sprintf("%T %v", v, v)
}

// Attr decodes the plug's attribute at path (dotted for nested maps) into
// out; see DecodeAttr.
func (plug *PlugInfo) Attr(path string, out interface{}) error {
	return AttrIn(fmt.Sprintf("plug %q", plug.Snap.InstanceName()+":"+plug.Name), path, out, plug.Attrs)
}

// Lookup returns the plug's attribute at path, if there is one.
func (plug *PlugInfo) Lookup(path string) (interface{}, bool) {
	v, ok := LookupAttr(plug.Attrs, path)
	return CopyValue(v), ok
}

// Attr decodes the slot's attribute at path into out; see DecodeAttr.
func (slot *SlotInfo) Attr(path string, out interface{}) error {
	return AttrIn(fmt.Sprintf("slot %q", slot.Snap.InstanceName()+":"+slot.Name), path, out, slot.Attrs)
}

// Lookup returns the slot's attribute at path, if there is one.
func (slot *SlotInfo) Lookup(path string) (interface{}, bool) {
	v, ok := LookupAttr(slot.Attrs, path)
	return CopyValue(v), ok
}

// AttrIn decodes the attribute at path of the first of the attribute maps
// that has it into out. owner names the plug or slot in errors, which look
// like `plug "kube-node:k8s" attribute "flavor": expected string, got
// int64 5`, or wrap ErrAttrNotFound.
func AttrIn(owner, path string, out interface{}, attrs ...map[string]interface{}) error {
	for _, m := range attrs {
		if v, ok := LookupAttr(m, path); ok {
			if err := DecodeAttr(v, out); err != nil {
				return fmt.Errorf("%s attribute %q: %w", owner, path, err)
			}
			return nil
		}
	}
	return &attrNotFoundError{owner: owner, path: path}
}

type attrNotFoundError struct{ owner, path string }

func (e *attrNotFoundError) Error() string {
	return fmt.Sprintf("%s has no attribute %q", e.owner, e.path)
}

func (e *attrNotFoundError) Unwrap() error { return ErrAttrNotFound }
