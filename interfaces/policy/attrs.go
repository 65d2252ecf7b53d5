// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// An attrMatcher decides whether an attribute value meets a constraint of
// plug-attributes or slot-attributes. The language is snapd's:
//
//   - a map constrains the keys it names, each by its own constraint, and
//     says nothing about other keys; the value must be a map;
//   - a list is a set of alternatives, any of which may match;
//   - "$MISSING" matches only where the value is absent;
//   - "$PLUG(path)" and "$SLOT(path)" match a value equal to the other
//     side's attribute at that dotted path (connection checks only);
//   - any other string is a regular expression that must match the whole
//     of the value written as text (true, false, 42 for non-strings).
//
// A value that is a list matches a constraint other than $MISSING and an
// equality when every element does.
type attrMatcher interface {
	// match returns nil when v (nil: absent) meets the constraint, or
	// why not; path names the attribute in the reason.
	match(path string, v interface{}, ctx *matchContext) error
}

// matchContext is what an equality constraint compares with.
type matchContext struct {
	// plugAttr and slotAttr look attributes of the two sides up; nil in
	// installation checks, where $PLUG() and $SLOT() never match.
	plugAttr, slotAttr func(path string) (interface{}, bool)
}

// compileAttrs compiles a plug-attributes or slot-attributes constraint,
// whose top level must be a map (or a list of maps, as alternatives).
func compileAttrs(where string, v interface{}) (attrMatcher, error) {
	switch x := v.(type) {
	case map[string]interface{}:
		return compileAttrMatcher(where, x)
	case []interface{}:
		if len(x) == 0 {
			return nil, fmt.Errorf("%s: a list of alternatives cannot be empty", where)
		}
		for i, alt := range x {
			if _, ok := alt.(map[string]interface{}); !ok {
				return nil, fmt.Errorf("%s: alternative %d must be a map of attribute constraints, not %s", where, i+1, describe(alt))
			}
		}
		return compileAttrMatcher(where, x)
	}
	return nil, fmt.Errorf("%s must be a map of attribute constraints, not %s", where, describe(v))
}

func compileAttrMatcher(where string, v interface{}) (attrMatcher, error) {
	switch x := v.(type) {
	case map[string]interface{}:
		m := mapMatcher{}
		for _, key := range sortedKeys(x) {
			if key == "" {
				return nil, fmt.Errorf("%s: an attribute name cannot be empty", where)
			}
			sub, err := compileAttrMatcher(where+"."+key, x[key])
			if err != nil {
				return nil, err
			}
			m[key] = sub
		}
		return m, nil
	case []interface{}:
		if len(x) == 0 {
			return nil, fmt.Errorf("%s: a list of alternatives cannot be empty", where)
		}
		alts := make(altMatcher, len(x))
		for i, alt := range x {
			sub, err := compileAttrMatcher(fmt.Sprintf("%s[%d]", where, i), alt)
			if err != nil {
				return nil, err
			}
			alts[i] = sub
		}
		return alts, nil
	case string:
		return compileStringMatcher(where, x)
	case bool:
		return compileStringMatcher(where, strconv.FormatBool(x))
	case int:
		return compileStringMatcher(where, strconv.Itoa(x))
	case int64:
		return compileStringMatcher(where, strconv.FormatInt(x, 10))
	}
	return nil, fmt.Errorf("%s: a constraint must be a map, a list of alternatives, or a string, not %s", where, describe(v))
}

var evalRE = regexp.MustCompile(`^\$(PLUG|SLOT)\(([^()]+)\)$`)

func compileStringMatcher(where, s string) (attrMatcher, error) {
	if s == "$MISSING" {
		return missingMatcher{}, nil
	}
	if m := evalRE.FindStringSubmatch(s); m != nil {
		return evalMatcher{side: m[1], path: m[2]}, nil
	}
	if strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("%s: unknown special value %q (use $MISSING, $PLUG(attr) or $SLOT(attr))", where, s)
	}
	re, err := regexp.Compile("^(?:" + s + ")$")
	if err != nil {
		return nil, fmt.Errorf("%s: invalid regular expression %q: %v", where, s, err)
	}
	return regexpMatcher{re: re, text: s}, nil
}

type mapMatcher map[string]attrMatcher

func (m mapMatcher) match(path string, v interface{}, ctx *matchContext) error {
	if list, ok := v.([]interface{}); ok {
		return eachElement(m, path, list, ctx)
	}
	values, ok := v.(map[string]interface{})
	if !ok {
		if v == nil {
			return fmt.Errorf("attribute %q not found", strings.TrimPrefix(path, "."))
		}
		return fmt.Errorf("attribute %q must be a map", strings.TrimPrefix(path, "."))
	}
	for _, key := range sortedKeys(m) {
		var sub interface{}
		if x, ok := values[key]; ok {
			sub = x
		}
		if err := m[key].match(path+"."+key, sub, ctx); err != nil {
			return err
		}
	}
	return nil
}

type altMatcher []attrMatcher

func (alts altMatcher) match(path string, v interface{}, ctx *matchContext) error {
	var first error
	for _, alt := range alts {
		err := alt.match(path, v, ctx)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return fmt.Errorf("no alternative for attribute %q matches: %w", strings.TrimPrefix(path, "."), first)
}

type missingMatcher struct{}

func (missingMatcher) match(path string, v interface{}, _ *matchContext) error {
	if v != nil {
		return fmt.Errorf("attribute %q is set; the constraint wants it absent", strings.TrimPrefix(path, "."))
	}
	return nil
}

type regexpMatcher struct {
	re   *regexp.Regexp
	text string
}

func (m regexpMatcher) match(path string, v interface{}, ctx *matchContext) error {
	name := strings.TrimPrefix(path, ".")
	var s string
	switch x := v.(type) {
	case nil:
		return fmt.Errorf("attribute %q not found", name)
	case []interface{}:
		return eachElement(m, path, x, ctx)
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return fmt.Errorf("attribute %q must be a scalar or a list, not a map", name)
	}
	if !m.re.MatchString(s) {
		return fmt.Errorf("attribute %q value %q does not match %q", name, s, m.text)
	}
	return nil
}

type evalMatcher struct {
	side string // "PLUG" or "SLOT"
	path string
}

func (m evalMatcher) match(path string, v interface{}, ctx *matchContext) error {
	name := strings.TrimPrefix(path, ".")
	lookup := ctx.plugAttr
	if m.side == "SLOT" {
		lookup = ctx.slotAttr
	}
	if lookup == nil {
		return fmt.Errorf("attribute %q: $%s(%s) can only be evaluated when connecting", name, m.side, m.path)
	}
	if v == nil {
		return fmt.Errorf("attribute %q not found", name)
	}
	other, ok := lookup(m.path)
	if !ok {
		return fmt.Errorf("%s attribute %q not found", strings.ToLower(m.side), m.path)
	}
	if list, ok := v.([]interface{}); ok && !reflect.DeepEqual(v, other) {
		return eachElement(m, path, list, ctx)
	}
	if !reflect.DeepEqual(v, other) {
		return fmt.Errorf("attribute %q does not equal %s attribute %q", name, strings.ToLower(m.side), m.path)
	}
	return nil
}

// eachElement matches every element of a list value.
func eachElement(m attrMatcher, path string, list []interface{}, ctx *matchContext) error {
	for i, elem := range list {
		if err := m.match(fmt.Sprintf("%s[%d]", path, i), elem, ctx); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describe names the kind of a YAML value, for errors.
func describe(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]interface{}:
		return "a map"
	case []interface{}:
		return "a list"
	case string:
		return fmt.Sprintf("the string %q", x)
	}
	return fmt.Sprintf("%v", v)
}
