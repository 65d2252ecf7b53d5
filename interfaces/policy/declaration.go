// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v2"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Declaration is a set of rules for plugs and slots, keyed by interface.
type Declaration struct {
	plugs map[string]*Rule
	slots map[string]*Rule
}

// PlugRule returns the declaration's rule for plugs of an interface, or nil.
func (d *Declaration) PlugRule(iface string) *Rule {
	if d == nil {
		return nil
	}
	return d.plugs[iface]
}

// SlotRule returns the declaration's rule for slots of an interface, or nil.
func (d *Declaration) SlotRule(iface string) *Rule {
	if d == nil {
		return nil
	}
	return d.slots[iface]
}

func (d *Declaration) rule(side Side, iface string) *Rule {
	if side == PlugSide {
		return d.PlugRule(iface)
	}
	return d.SlotRule(iface)
}

// Interfaces returns the names of the interfaces the declaration has a
// plug or slot rule for, sorted.
func (d *Declaration) Interfaces() []string {
	seen := map[string]bool{}
	for name := range d.plugs {
		seen[name] = true
	}
	for name := range d.slots {
		seen[name] = true
	}
	return sortedKeys(seen)
}

// addRules compiles a "plugs" or "slots" map of interface rules into d.
func (d *Declaration) addRules(where string, side Side, v interface{}) error {
	m, ok := v.(map[string]interface{})
	if !ok {
		return fmt.Errorf("%s must be a map of interface names to rules, not %s", where, describe(v))
	}
	into := d.plugs
	if side == SlotSide {
		into = d.slots
	}
	for _, name := range sortedKeys(m) {
		if err := snap.ValidateInterfaceName(name); err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		if into[name] != nil {
			return fmt.Errorf("%s: interface %q has a rule already", where, name)
		}
		r, err := compileRule(where+"."+name, name, side, m[name])
		if err != nil {
			return err
		}
		into[name] = r
	}
	return nil
}

func newDeclaration() *Declaration {
	return &Declaration{plugs: map[string]*Rule{}, slots: map[string]*Rule{}}
}

// BaseDeclaration assembles the base declaration from the plug and slot
// fragments of every interface of a catalog (StaticInfo's
// BaseDeclarationPlugs and BaseDeclarationSlots). A fragment that does not
// parse, that names another interface than its own, or that is not valid
// rule language is an error naming the interface.
func BaseDeclaration(catalog []interfaces.Interface) (*Declaration, error) {
	d := newDeclaration()
	for _, iface := range catalog {
		info := iface.StaticInfo()
		for _, frag := range []struct {
			side Side
			text string
		}{{PlugSide, info.BaseDeclarationPlugs}, {SlotSide, info.BaseDeclarationSlots}} {
			if err := d.addFragment(iface.Name(), frag.side, frag.text); err != nil {
				return nil, fmt.Errorf("cannot build the base declaration: interface %q: %w", iface.Name(), err)
			}
		}
	}
	return d, nil
}

func (d *Declaration) addFragment(iface string, side Side, text string) error {
	if text == "" {
		return nil
	}
	v, err := parseYAML([]byte(text))
	if err != nil {
		return fmt.Errorf("%s fragment: %v", side, err)
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return fmt.Errorf("%s fragment must be a map keyed by the interface name, not %s", side, describe(v))
	}
	for name := range m {
		if name != iface {
			return fmt.Errorf("%s fragment names interface %q", side, name)
		}
	}
	return d.addRules(string(side)+"s", side, m)
}

// SnapDeclaration is the store's grant for one snap: the rules for its own
// plugs and slots, which take precedence over the base declaration, and
// the identities that snap-id and publisher-id constraints compare.
type SnapDeclaration struct {
	// SnapName is the snap's name (not an instance name).
	SnapName    string
	SnapID      string
	PublisherID string
	*Declaration
}

// snapDeclarationKeys are the top-level keys of a snap declaration file.
var snapDeclarationKeys = map[string]bool{
	"type": true, "snap-name": true, "snap-id": true, "publisher-id": true, "plugs": true, "slots": true,
}

// ParseSnapDeclaration reads a snap declaration in YAML:
//
//	type: snap-declaration      # optional
//	snap-name: kube-node
//	snap-id: ...                # optional; snap-id constraints compare it
//	publisher-id: ...           # optional; publisher-id constraints compare it
//	plugs:
//	  kubernetes-support:
//	    allow-installation: true
//	    allow-auto-connection: true
//	slots: ...
//
// The rules are those of the base declaration. Errors name the file (as
// source says) and the key. A document is at most 1 MiB, one YAML document
// only, without repeated keys.
func ParseSnapDeclaration(source string, data []byte) (*SnapDeclaration, error) {
	if len(data) > maxDeclarationSize {
		return nil, fmt.Errorf("cannot read snap declaration %s: larger than %d bytes", source, maxDeclarationSize)
	}
	v, err := parseYAML(data)
	if err != nil {
		return nil, fmt.Errorf("cannot read snap declaration %s: %v", source, err)
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("cannot read snap declaration %s: want a map of headers, not %s", source, describe(v))
	}
	fail := func(format string, args ...interface{}) (*SnapDeclaration, error) {
		return nil, fmt.Errorf("cannot read snap declaration %s: %s", source, fmt.Sprintf(format, args...))
	}
	for _, key := range sortedKeys(m) {
		if !snapDeclarationKeys[key] {
			return fail("unknown header %q (use snap-name, snap-id, publisher-id, plugs, slots)", key)
		}
	}
	header := func(key string) (string, error) {
		x, present := m[key]
		if !present {
			return "", nil
		}
		s, ok := x.(string)
		if !ok || s == "" {
			return "", fmt.Errorf("header %q must be a non-empty string, not %s", key, describe(x))
		}
		return s, nil
	}
	sd := &SnapDeclaration{Declaration: newDeclaration()}
	for key, dst := range map[string]*string{"snap-name": &sd.SnapName, "snap-id": &sd.SnapID, "publisher-id": &sd.PublisherID} {
		if *dst, err = header(key); err != nil {
			return fail("%v", err)
		}
	}
	if typ, err := header("type"); err != nil || (typ != "" && typ != "snap-declaration") {
		return fail("header \"type\" must be snap-declaration")
	}
	if sd.SnapName == "" {
		return fail("header \"snap-name\" is required")
	}
	if err := snap.ValidateName(sd.SnapName); err != nil {
		return fail("header \"snap-name\": %v", err)
	}
	for _, side := range []Side{PlugSide, SlotSide} {
		if rules, ok := m[string(side)+"s"]; ok {
			if err := sd.addRules(string(side)+"s", side, rules); err != nil {
				return fail("%v", err)
			}
		}
	}
	return sd, nil
}

// maxDeclarationSize bounds a snap declaration file.
const maxDeclarationSize = 1 << 20

// ReadSnapDeclaration reads a snap declaration file.
func ReadSnapDeclaration(path string) (*SnapDeclaration, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read snap declaration: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read snap declaration: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot read snap declaration %s: not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxDeclarationSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read snap declaration: %w", err)
	}
	if len(data) > maxDeclarationSize {
		return nil, fmt.Errorf("cannot read snap declaration %s: larger than %d bytes", path, maxDeclarationSize)
	}
	return ParseSnapDeclaration(path, data)
}

// parseYAML reads one YAML document into string-keyed maps, lists and
// scalars, refusing duplicate keys and further documents.
func parseYAML(data []byte) (interface{}, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.SetStrict(true)
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("the document is empty")
		}
		return nil, err
	}
	var extra interface{}
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("only one YAML document is allowed")
	}
	return normalizeYAML("", v)
}

func normalizeYAML(at string, v interface{}) (interface{}, error) {
	switch x := v.(type) {
	case map[interface{}]interface{}:
		// The keys in order, so that of several problems the same one is
		// reported every time.
		keys := make([]string, 0, len(x))
		var bad []string
		for k := range x {
			if ks, ok := k.(string); ok {
				keys = append(keys, ks)
			} else {
				bad = append(bad, fmt.Sprint(k))
			}
		}
		if len(bad) > 0 {
			sort.Strings(bad)
			return nil, fmt.Errorf("%s: key %s is not a string", at, bad[0])
		}
		sort.Strings(keys)
		out := make(map[string]interface{}, len(x))
		for _, ks := range keys {
			n, err := normalizeYAML(at+"."+ks, x[ks])
			if err != nil {
				return nil, err
			}
			out[ks] = n
		}
		return out, nil
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, val := range x {
			n, err := normalizeYAML(fmt.Sprintf("%s[%d]", at, i), val)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case nil:
		if at == "" {
			return nil, fmt.Errorf("the document is empty")
		}
		return nil, fmt.Errorf("%s: null is not a valid value", strings.TrimPrefix(at, "."))
	case float64:
		return nil, fmt.Errorf("%s: %v: numbers must be whole", at, x)
	}
	return v, nil
}
