// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// Options are the facts about a snap that snap.yaml does not hold.
type Options struct {
	// InstanceKey makes the snap the parallel install NAME_KEY.
	InstanceKey string
	// Revision is the revision being installed; zero leaves it unset.
	Revision Revision
	// File names the document in errors; ParseFile sets it.
	File string
}

// Parse reads a snap.yaml document into a validated Info.
//
// It reports every problem of the document at once, in a
// *ValidationError, each with the path of the offending key and its line;
// then it returns no Info. Problems that do not make the document invalid
// (keys snapd ignores, for example) are in the returned Info's Warnings.
func Parse(data []byte, opts Options) (*Info, error) {
	info, err := parse(data, opts)
	if info != nil {
		info.SourceDigest = sourceDigest(data)
	}
	return info, err
}

func parse(data []byte, opts Options) (*Info, error) {
	if root, ok := parseSimpleYAML(data); ok {
		info, status := quickInfo(root, opts)
		switch status {
		case quickDone:
			return info, nil
		case quickProblems:
			return parseWithLines(data, opts)
		}
	}
	if root, ok := parseQuickYAML(data); ok {
		if info, status := quickInfo(root, opts); status == quickDone {
			return info, nil
		}
	}
	return parseWithLines(data, opts)
}

// quickStatus says how quickInfo went.
type quickStatus int

const (
	// quickDone: the Info is built.
	quickDone quickStatus = iota
	// quickProblems: the document has errors or warnings, which need the
	// lines of parseWithLines.
	quickProblems
	// quickNoText: the tree lacks the text of a scalar read as a string.
	quickNoText
)

// quickInfo builds the Info of a document from its tree without lines
// (see yamlquick.go), unless there is anything to report.
func quickInfo(root *node, opts Options) (*Info, quickStatus) {
	if root != nil && !root.isNull() && root.kind != mapNode {
		return nil, quickProblems
	}
	// No lines map: every line of the tree is 0, so record keeps none.
	d := &decoder{}
	info := d.info(root)
	info.InstanceKey = opts.InstanceKey
	info.Revision = opts.Revision
	if len(d.errs.list) > 0 || len(d.warnings.list) > 0 {
		return nil, quickProblems
	}
	if d.textMissing {
		return nil, quickNoText
	}
	if len(validate(info)) > 0 {
		return nil, quickProblems
	}
	info.Warnings = sortProblems(d.warnings.list)
	return info, quickDone
}

// parseWithLines is Parse on the tree with lines, which places every
// problem it reports.
func parseWithLines(data []byte, opts Options) (*Info, error) {
	root, syntaxErr := parseYAML(data)
	if syntaxErr != nil {
		return nil, &ValidationError{File: opts.File, Problems: []Problem{*syntaxErr}}
	}
	if root != nil && !root.isNull() && root.kind != mapNode {
		return nil, &ValidationError{File: opts.File, Problems: []Problem{{Line: root.line,
			Message: fmt.Sprintf("snap.yaml must be a mapping of keys such as name, version and apps, not %s", root.describe())}}}
	}
	d := &decoder{lines: make(map[path]int)}
	info := d.info(root)
	info.InstanceKey = opts.InstanceKey
	info.Revision = opts.Revision
	for _, p := range validate(info) {
		if p.Line == 0 {
			p.Line = d.locate(path(p.Path))
		}
		d.errs.list = append(d.errs.list, p)
	}
	if len(d.errs.list) > 0 {
		name := ""
		if ValidateName(info.Name) == nil {
			name = info.InstanceName()
		}
		return nil, &ValidationError{Snap: name, File: opts.File, Problems: sortProblems(d.errs.list)}
	}
	info.Warnings = sortProblems(d.warnings.list)
	return info, nil
}

// ParseFile reads and parses the snap.yaml file at name. It refuses a file
// that is not a regular file (a device, a FIFO: reading one may never end)
// and one larger than MaxSnapYAMLSize, reading no more than that.
func ParseFile(name string, opts Options) (*Info, error) {
	data, err := readBounded(name)
	if err != nil {
		return nil, err
	}
	if opts.File == "" {
		opts.File = name
	}
	return Parse(data, opts)
}

func readBounded(name string) ([]byte, error) {
	// O_NONBLOCK keeps the open of a FIFO without a writer from waiting;
	// the file is refused before it is read.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read snap.yaml: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read snap.yaml: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot read snap.yaml %s: not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSnapYAMLSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read snap.yaml: %w", err)
	}
	if len(data) > MaxSnapYAMLSize {
		return nil, fmt.Errorf("cannot read snap.yaml %s: larger than %d bytes", name, MaxSnapYAMLSize)
	}
	return data, nil
}

// decoder walks the node tree of a document, building an Info and
// collecting problems with their paths and lines.
type decoder struct {
	errs     problems
	warnings problems
	// lines holds the line of every key and list item seen, so that a
	// problem found later, while validating the Info, can be placed at
	// the nearest known line.
	lines map[path]int
	// textMissing is set when a scalar without its text (see textless)
	// was read as a string: the Info needs a tree with texts.
	textMissing bool
	// raw bindings of apps and hooks, resolved once all are read
	appLists  map[*AppInfo]*bindLists
	hookLists map[*HookInfo]*bindLists
}

// keyRule says which mapping keys are acceptable.
type keyRule int

const (
	// nameKeys accepts any scalar key and reads it as its text, as
	// snapd's decoding into map[string]T does (so `1:` names "1").
	nameKeys keyRule = iota
	// attrKeys accepts string keys only, as snapd does for attributes.
	attrKeys
)

func (d *decoder) record(p path, line int) {
	if line > 0 {
		d.lines[p] = line
	}
}

// locate returns the line of p or of its nearest ancestor with a known line.
func (d *decoder) locate(p path) int {
	for p != "" {
		if line, ok := d.lines[p]; ok {
			return line
		}
		p = p.parent()
	}
	return 0
}

// mapEntries returns the entries of a mapping, recording their lines. It
// reports a value that is not a mapping, keys that rule does not accept,
// and repeated keys, and leaves those out. A null value is an empty mapping.
//
// Repeated keys are refused, where snapd's decoder silently keeps the last
// one: in a policy file, which of two definitions wins must not be a
// surprise. (A key that overrides one brought in by a YAML merge key "<<"
// is reported too, as yaml.v2 does not tell merged keys apart.)
func (d *decoder) mapEntries(n *node, p path, rule keyRule) ([]entry, bool) {
	if n.isNull() {
		return nil, true
	}
	if n.kind != mapNode {
		d.errs.add(p, d.lineOf(p, n), "expected a mapping, got %s", n.describe())
		return nil, false
	}
	ok := true
	// The lines of the keys kept, by key; a small mapping looks back
	// through out instead.
	var seen map[string]int
	if len(n.entries) > 16 {
		seen = make(map[string]int, len(n.entries))
	}
	out := make([]entry, 0, len(n.entries))
	for _, e := range n.entries {
		k := e.key
		switch {
		case k.typ == "a mapping" || k.typ == "a list":
			d.errs.add(p, k.line, "invalid key %s: keys must be plain values, not %s", k.text, k.typ)
			ok = false
			continue
		case rule == attrKeys && k.typ != "string":
			d.errs.add(p, k.line, "invalid attribute name %s: attribute names must be strings, not a %s", k.text, k.typ)
			ok = false
			continue
		}
		if first, dup := firstLine(seen, out, k.text); dup {
			d.errs.add(p.key(k.text), k.line, "duplicate key %q (first at line %d)", k.text, first)
			ok = false
			continue
		}
		if seen != nil {
			seen[k.text] = k.line
		}
		if k.line > 0 {
			d.record(p.key(k.text), k.line)
		}
		out = append(out, e)
	}
	return out, ok
}

// firstLine returns the line of the key text among the entries kept so
// far: from seen, or when seen is nil from kept.
func firstLine(seen map[string]int, kept []entry, text string) (int, bool) {
	if seen != nil {
		line, dup := seen[text]
		return line, dup
	}
	for _, e := range kept {
		if e.key.text == text {
			return e.key.line, true
		}
	}
	return 0, false
}

// lineOf is the line of the value n at p: its key's line when known (the
// key is what a reader looks for), else the value's own.
func (d *decoder) lineOf(p path, n *node) int {
	if line, ok := d.lines[p]; ok {
		return line
	}
	if n != nil && n.line > 0 {
		return n.line
	}
	return d.locate(p)
}

// text returns the text of the scalar n, noting when the tree does not
// have it.
func (d *decoder) text(n *node) string {
	if n.textless {
		d.textMissing = true
	}
	return n.text
}

// str reads a string field. Any scalar is read as its text, as snapd does
// (so `version: 1.10` is "1.10"); null is "".
func (d *decoder) str(n *node, p path) string {
	switch {
	case n.isNull():
		return ""
	case n.kind == scalarNode:
		return d.text(n)
	}
	d.errs.add(p, d.lineOf(p, n), "expected a string, got %s", n.describe())
	return ""
}

// strList reads a list of strings, recording the line of every item.
func (d *decoder) strList(n *node, p path) []string {
	if n.isNull() {
		return nil
	}
	if n.kind != seqNode {
		d.errs.add(p, d.lineOf(p, n), "expected a list of strings, got %s", n.describe())
		return nil
	}
	out := make([]string, 0, len(n.items))
	for i, item := range n.items {
		ip := p.index(i)
		line := 0
		if item != nil {
			line = item.line
		}
		d.record(ip, line)
		if item.isNull() || item.kind != scalarNode {
			d.errs.add(ip, d.locate(ip), "expected a string, got %s", item.describe())
			continue
		}
		out = append(out, d.text(item))
	}
	return out
}

// duration reads a Go duration such as "30s" or "5m"; absent is 0.
func (d *decoder) duration(n *node, p path) time.Duration {
	s := d.str(n, p)
	if s == "" {
		return 0
	}
	dur, err := time.ParseDuration(s)
	if err != nil {
		d.errs.add(p, d.lineOf(p, n), "invalid duration %q: use a number with a unit, such as 30s or 5m", s)
	}
	return dur
}

// fileMode reads an integer file mode (YAML reads 0660 as octal).
func (d *decoder) fileMode(n *node, p path) uint32 {
	if n.isNull() {
		return 0
	}
	var v int64
	switch x := n.value.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	default:
		d.errs.add(p, d.lineOf(p, n), "expected an octal file mode such as 0660, got %s", n.describe())
		return 0
	}
	if v < 0 || v > 0o7777 {
		d.errs.add(p, d.lineOf(p, n), "invalid file mode %s: must be between 0 and 07777", n.text)
		return 0
	}
	return uint32(v)
}

// env reads an "environment" mapping, keeping the file order.
func (d *decoder) env(n *node, p path) []EnvVar {
	entries, _ := d.mapEntries(n, p, nameKeys)
	var out []EnvVar
	for _, e := range entries {
		out = append(out, EnvVar{Key: e.key.text, Value: d.str(e.value, p.key(e.key.text))})
	}
	return out
}

// unknownKey records a key that snapd ignores as a warning.
func (d *decoder) unknownKey(p path, e entry) {
	d.warnings.add(p.key(e.key.text), e.key.line, "unknown key %q is ignored", e.key.text)
}

// info builds the Info of a document.
func (d *decoder) info(root *node) *Info {
	s := &Info{
		Type:            TypeApp,
		Confinement:     StrictConfinement,
		SystemUsernames: make(map[string]*SystemUsernameInfo),
		Layout:          make(map[string]*Layout),
		Apps:            make(map[string]*AppInfo),
		Hooks:           make(map[string]*HookInfo),
		Plugs:           make(map[string]*PlugInfo),
		Slots:           make(map[string]*SlotInfo),
	}
	entries, _ := d.mapEntries(root, "", nameKeys)
	sections := make(map[string]*node)
	for _, e := range entries {
		p := path("").key(e.key.text)
		if set, ok := topLevelStrings[e.key.text]; ok {
			set(s, d.str(e.value, p))
			continue
		}
		switch e.key.text {
		case "architectures":
			s.Architectures = d.strList(e.value, p)
		case "assumes":
			s.Assumes = d.strList(e.value, p)
		case "environment":
			s.Environment = d.env(e.value, p)
		case "plugs", "slots", "apps", "hooks", "layout", "system-usernames":
			sections[e.key.text] = e.value
		case "epoch", "links", "provenance":
			// accepted and not needed for policy
		case "layouts":
			d.errs.add(p, e.key.line, `unknown key "layouts": use singular "layout" instead of plural "layouts"`)
		case "components":
			d.warnings.add(p, e.key.line, "components are not supported: their hooks get no policy")
		default:
			d.unknownKey("", e)
		}
	}
	d.systemUsernames(s, sections["system-usernames"])
	d.layouts(s, sections["layout"])
	for _, def := range d.defs(sections["plugs"], "plugs", "plug") {
		plug := &PlugInfo{Snap: s, Name: def.name, Interface: def.iface, Label: def.label, Attrs: def.attrs,
			Apps: make(map[string]*AppInfo), Hooks: make(map[string]*HookInfo), where: def.where}
		s.Plugs[def.name] = plug
	}
	for _, def := range d.defs(sections["slots"], "slots", "slot") {
		slot := &SlotInfo{Snap: s, Name: def.name, Interface: def.iface, Label: def.label, Attrs: def.attrs,
			Apps: make(map[string]*AppInfo), Hooks: make(map[string]*HookInfo), where: def.where}
		s.Slots[def.name] = slot
	}
	d.apps(s, sections["apps"])
	d.hooks(s, sections["hooks"])
	d.bind(s)
	return s
}

// topLevelStrings are the top-level string fields.
var topLevelStrings = map[string]func(*Info, string){
	"name":        func(s *Info, v string) { s.Name = v },
	"version":     func(s *Info, v string) { s.Version = v },
	"summary":     func(s *Info, v string) { s.Summary = v },
	"description": func(s *Info, v string) { s.Description = v },
	"title":       func(s *Info, v string) { s.Title = v },
	"type":        func(s *Info, v string) { s.Type = Type(v) },
	"base":        func(s *Info, v string) { s.Base = v },
	"confinement": func(s *Info, v string) { s.Confinement = Confinement(v) },
	"grade":       func(s *Info, v string) { s.Grade = v },
	"license":     func(s *Info, v string) { s.License = v },
}

// systemUsernames reads "system-usernames": each user maps to its scope,
// either directly (`snap_daemon: shared`) or as {scope: shared, ...}.
func (d *decoder) systemUsernames(s *Info, n *node) {
	p := path("system-usernames")
	entries, _ := d.mapEntries(n, p, nameKeys)
	for _, e := range entries {
		up := p.key(e.key.text)
		u := &SystemUsernameInfo{Name: e.key.text}
		switch v := e.value; {
		case v.isNull():
		case v.kind == scalarNode:
			u.Scope = d.text(v)
		case v.kind == mapNode:
			attrs, _ := d.mapEntries(v, up, attrKeys)
			for _, a := range attrs {
				ap := up.key(a.key.text)
				if a.key.text == "scope" {
					u.Scope = d.str(a.value, ap)
					continue
				}
				if u.Attrs == nil {
					u.Attrs = make(map[string]interface{})
				}
				u.Attrs[a.key.text], _ = d.attrValue(a.value, ap, a.key.line)
			}
		default:
			d.errs.add(up, e.key.line, "expected a scope such as \"shared\" or a mapping, got %s", v.describe())
			continue
		}
		s.SystemUsernames[u.Name] = u
	}
}

// sourceDigest is Info.SourceDigest of a snap.yaml.
func sourceDigest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
