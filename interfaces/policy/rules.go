// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/plugpolicy/plugpolicy/snap"
)

// Side says whether a rule is about plugs or slots of its interface.
type Side string

// The two sides of a connection.
const (
	PlugSide Side = "plug"
	SlotSide Side = "slot"
)

func (s Side) other() Side {
	if s == PlugSide {
		return SlotSide
	}
	return PlugSide
}

// Check is what a rule decides: installing a snap with the plug or slot,
// connecting it, or connecting it without being asked.
type Check string

// The three checks.
const (
	Installation   Check = "installation"
	Connection     Check = "connection"
	AutoConnection Check = "auto-connection"
)

var checks = []Check{Installation, Connection, AutoConnection}

// Rule is what a declaration says about the plugs, or the slots, of one
// interface: for each check, the alternatives that allow it and those
// that deny it.
type Rule struct {
	Interface string
	Side      Side
	allow     map[Check]alternatives
	deny      map[Check]alternatives
	// given records the sub-rules the declaration wrote; the others have
	// their defaults (allow: true, deny: false).
	given map[string]bool
}

// alternatives is a sub-rule: it matches when any of its constraint sets
// does. true is one empty set (matches everything), false no set at all.
type alternatives []*constraints

// subrule names the key of a check's allow or deny sub-rule.
func subrule(allow bool, c Check) string {
	if allow {
		return "allow-" + string(c)
	}
	return "deny-" + string(c)
}

// compileRule compiles the rule of one interface's plugs or slots from its
// YAML value (already normalised to string-keyed maps).
func compileRule(where string, iface string, side Side, v interface{}) (*Rule, error) {
	if b, ok := boolValue(v); ok {
		// The shortcuts: true is every default (allow all, deny
		// nothing); false inverts them.
		m := map[string]interface{}{}
		for _, c := range checks {
			m[subrule(true, c)], m[subrule(false, c)] = b, !b
		}
		v = m
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s must be true, false or a map of rules (allow-installation, deny-connection, ...), not %s", where, describe(v))
	}
	r := &Rule{Interface: iface, Side: side, allow: map[Check]alternatives{}, deny: map[Check]alternatives{}, given: map[string]bool{}}
	known := map[string]bool{}
	for _, c := range checks {
		for _, allow := range []bool{true, false} {
			key := subrule(allow, c)
			known[key] = true
			value, present := m[key]
			if !present {
				continue
			}
			alts, err := compileAlternatives(where+"."+key, side, c, allow, value)
			if err != nil {
				return nil, err
			}
			r.given[key] = true
			if allow {
				r.allow[c] = alts
			} else {
				r.deny[c] = alts
			}
		}
	}
	for _, key := range sortedKeys(m) {
		if !known[key] {
			return nil, fmt.Errorf("%s: unknown rule %q (use allow-/deny- with installation, connection or auto-connection)", where, key)
		}
	}
	if len(r.given) == 0 {
		return nil, fmt.Errorf("%s must give at least one rule", where)
	}
	return r, nil
}

// allows returns the allow alternatives of a check (true by default).
func (r *Rule) allows(c Check) alternatives {
	if alts, ok := r.allow[c]; ok {
		return alts
	}
	return alternatives{{}}
}

// denies returns the deny alternatives of a check (false by default).
func (r *Rule) denies(c Check) alternatives { return r.deny[c] }

// Given reports whether the declaration wrote the sub-rule key
// ("allow-installation", ...).
func (r *Rule) Given(key string) bool { return r.given[key] }

// compileAlternatives compiles a sub-rule: true, false, a map of
// constraints or a list of such maps.
func compileAlternatives(where string, side Side, c Check, allow bool, v interface{}) (alternatives, error) {
	if b, ok := boolValue(v); ok {
		if b {
			return alternatives{{}}, nil
		}
		return alternatives{}, nil
	}
	switch x := v.(type) {
	case map[string]interface{}:
		cs, err := compileConstraints(where, side, c, allow, x)
		if err != nil {
			return nil, err
		}
		return alternatives{cs}, nil
	case []interface{}:
		if len(x) == 0 {
			return nil, fmt.Errorf("%s: a list of alternatives cannot be empty", where)
		}
		alts := make(alternatives, len(x))
		for i, alt := range x {
			m, ok := alt.(map[string]interface{})
			if !ok {
				return nil, fmt.Errorf("%s: alternative %d must be a map of constraints, not %s", where, i+1, describe(alt))
			}
			cs, err := compileConstraints(fmt.Sprintf("%s[%d]", where, i), side, c, allow, m)
			if err != nil {
				return nil, err
			}
			alts[i] = cs
		}
		return alts, nil
	}
	return nil, fmt.Errorf("%s must be true, false, a map of constraints or a list of them, not %s", where, describe(v))
}

// boolValue reads true and false, written as YAML booleans or as the
// strings snapd's assertions use.
func boolValue(v interface{}) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch x {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// constraints is one alternative of a sub-rule: every constraint it has
// must hold.
type constraints struct {
	snapTypes    map[Side][]string
	snapIDs      map[Side][]string
	publisherIDs map[Side][]string
	names        map[Side][]nameMatcher
	attrs        map[Side]attrMatcher
	onClassic    *onClassic
	onCoreDesk   *bool
	onStore      []string
	onBrand      []string
	onModel      []string
	// slotsPerPlug is the auto-connection arity: 0 unset (1), 1 or -1
	// ("*").
	slotsPerPlug int
}

type onClassic struct {
	classic bool
	// systemIDs are os-release IDs, any of which the classic system must
	// have.
	systemIDs []string
}

// nameMatcher matches a plug or slot name: a regular expression, or
// $INTERFACE (the interface's own name).
type nameMatcher struct {
	re   *regexp.Regexp
	self bool
}

// snapTypeValues are the snap types a constraint may name, as snapd's
// assertions allow: the system snap is "core" whatever its type.
var snapTypeValues = map[string]bool{"app": true, "gadget": true, "kernel": true, "core": true}

// compileConstraints compiles one constraint map of a sub-rule. Which keys
// are allowed depends on the check and the side: installation constraints
// speak of the rule's own side only, and arity belongs to auto-connection.
func compileConstraints(where string, side Side, c Check, allow bool, m map[string]interface{}) (*constraints, error) {
	cs := &constraints{
		snapTypes: map[Side][]string{}, snapIDs: map[Side][]string{}, publisherIDs: map[Side][]string{},
		names: map[Side][]nameMatcher{}, attrs: map[Side]attrMatcher{},
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: a map of constraints must give at least one constraint (true allows everything)", where)
	}
	for _, key := range sortedKeys(m) {
		v := m[key]
		at := where + "." + key
		if err := checkKeyAllowed(at, key, side, c, allow); err != nil {
			return nil, err
		}
		var err error
		switch key {
		case "plug-snap-type", "slot-snap-type":
			cs.snapTypes[keySide(key)], err = stringList(at, v, func(s string) error {
				if !snapTypeValues[s] {
					return fmt.Errorf("unknown snap type %q (use app, gadget, kernel or core)", s)
				}
				return nil
			})
		case "plug-snap-id", "slot-snap-id":
			cs.snapIDs[keySide(key)], err = stringList(at, v, nil)
		case "plug-publisher-id", "slot-publisher-id":
			s := keySide(key)
			special := "$" + strings.ToUpper(string(s.other())) + "_PUBLISHER_ID"
			cs.publisherIDs[s], err = stringList(at, v, func(id string) error {
				if strings.HasPrefix(id, "$") && id != special {
					return fmt.Errorf("unknown special value %q (only %s)", id, special)
				}
				return nil
			})
		case "plug-names", "slot-names":
			cs.names[keySide(key)], err = compileNames(at, v)
		case "plug-attributes", "slot-attributes":
			cs.attrs[keySide(key)], err = compileAttrs(at, v)
		case "on-classic":
			cs.onClassic, err = compileOnClassic(at, v)
		case "on-core-desktop":
			b, ok := boolValue(v)
			if !ok {
				err = fmt.Errorf("%s must be true or false, not %s", at, describe(v))
			}
			cs.onCoreDesk = &b
		case "on-store", "on-brand", "on-model":
			var list []string
			list, err = stringList(at, v, nil)
			switch key {
			case "on-store":
				cs.onStore = list
			case "on-brand":
				cs.onBrand = list
			default:
				cs.onModel = list
			}
		case "slots-per-plug", "plugs-per-slot":
			// As in snapd, only slots-per-plug of auto-connection
			// counts, and only as 1 or "*": a plug connects to
			// any number of slots by hand, and a slot takes any
			// number of plugs.
			var n int
			if n, err = compileArity(at, v); err == nil && key == "slots-per-plug" && c == AutoConnection {
				cs.slotsPerPlug = 1
				if n < 0 {
					cs.slotsPerPlug = -1
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// keySide is the side a plug-... or slot-... key speaks of.
func keySide(key string) Side {
	if strings.HasPrefix(key, "plug-") {
		return PlugSide
	}
	return SlotSide
}

var constraintKeys = map[string]bool{
	"plug-snap-type": true, "slot-snap-type": true, "plug-snap-id": true, "slot-snap-id": true,
	"plug-publisher-id": true, "slot-publisher-id": true, "plug-names": true, "slot-names": true,
	"plug-attributes": true, "slot-attributes": true, "on-classic": true, "on-core-desktop": true,
	"on-store": true, "on-brand": true, "on-model": true, "slots-per-plug": true, "plugs-per-slot": true,
}

// checkKeyAllowed refuses constraint keys unknown, or out of place for the
// check and the rule's side.
func checkKeyAllowed(at, key string, side Side, c Check, allow bool) error {
	if !constraintKeys[key] {
		return fmt.Errorf("%s: unknown constraint %q", at, key)
	}
	switch key {
	case "slots-per-plug", "plugs-per-slot":
		if c == Installation || !allow {
			return fmt.Errorf("%s: %q applies only to allow-connection and allow-auto-connection", at, key)
		}
	case "plug-publisher-id", "slot-publisher-id":
		if c == Installation {
			return fmt.Errorf("%s: %q constrains connections only", at, key)
		}
	}
	if c == Installation && strings.HasPrefix(key, string(side.other())+"-") {
		return fmt.Errorf("%s: a %s installation rule cannot constrain the %s (%q)", at, side, side.other(), key)
	}
	if c != Installation {
		// A connection rule of a side speaks of the other side's snap:
		// a plug rule may say which slot snaps, a slot rule which plug
		// snaps.
		for _, k := range []string{"-snap-type", "-snap-id", "-publisher-id"} {
			if key == string(side)+k {
				return fmt.Errorf("%s: a %s connection rule constrains the %s's snap, not its own (%q)", at, side, side.other(), key)
			}
		}
	}
	return nil
}

// stringList reads a list of strings (a single string is a list of one).
func stringList(at string, v interface{}, check func(string) error) ([]string, error) {
	var items []interface{}
	switch x := v.(type) {
	case string:
		items = []interface{}{x}
	case []interface{}:
		items = x
	default:
		return nil, fmt.Errorf("%s must be a list of strings, not %s", at, describe(v))
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: the list cannot be empty", at)
	}
	out := make([]string, len(items))
	for i, item := range items {
		s, ok := item.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("%s: element %d must be a non-empty string, not %s", at, i+1, describe(item))
		}
		if check != nil {
			if err := check(s); err != nil {
				return nil, fmt.Errorf("%s: %v", at, err)
			}
		}
		out[i] = s
	}
	return out, nil
}

func compileNames(at string, v interface{}) ([]nameMatcher, error) {
	list, err := stringList(at, v, nil)
	if err != nil {
		return nil, err
	}
	out := make([]nameMatcher, len(list))
	for i, s := range list {
		if s == "$INTERFACE" {
			out[i] = nameMatcher{self: true}
			continue
		}
		if strings.HasPrefix(s, "$") {
			return nil, fmt.Errorf("%s: unknown special value %q (only $INTERFACE)", at, s)
		}
		re, err := regexp.Compile("^(?:" + s + ")$")
		if err != nil {
			return nil, fmt.Errorf("%s: invalid regular expression %q: %v", at, s, err)
		}
		out[i] = nameMatcher{re: re}
	}
	return out, nil
}

// compileOnClassic reads on-classic: true, false, or a list of os-release
// IDs (classic systems of those distributions only).
func compileOnClassic(at string, v interface{}) (*onClassic, error) {
	if b, ok := boolValue(v); ok {
		return &onClassic{classic: b}, nil
	}
	ids, err := stringList(at, v, nil)
	if err != nil {
		return nil, fmt.Errorf("%s must be true, false or a list of operating system IDs", at)
	}
	return &onClassic{classic: true, systemIDs: ids}, nil
}

// compileArity reads slots-per-plug and plugs-per-slot: a positive number
// or "*".
func compileArity(at string, v interface{}) (int, error) {
	switch x := v.(type) {
	case string:
		if x == "*" {
			return -1, nil
		}
	case int:
		if x > 0 {
			return x, nil
		}
	case int64:
		if x > 0 && x < 1<<31 {
			return int(x), nil
		}
	}
	return 0, fmt.Errorf("%s must be a positive number or \"*\", not %s", at, describe(v))
}

// snapTypeName is how a snap's type reads in snap-type constraints: the
// system snap, of type os or snapd, reads "core".
func snapTypeName(t snap.Type) string {
	if t == snap.TypeOS || t == snap.TypeSnapd {
		return "core"
	}
	return string(t)
}
