// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
)

// interfaceDetail is "plugpolicy interface NAME --json".
//
// The plug attributes are those the interface describes
// (builtin.PlugAttrDescriber, from the table its sanitizer checks
// against; kubernetes-support's flavors); the catalog has no generic
// statement of the others' attributes, whose sanitizers (the
// BeforePreparePlug method) are their only statement, so PlugAttrs is null
// for them. OptionalMethods are the interface's optional methods of
// package interfaces, which is all the code says about its logic beyond
// its static information and its backend hooks.
type interfaceDetail struct {
	Name                string         `json:"name"`
	Summary             string         `json:"summary"`
	DocURL              string         `json:"doc-url"`
	ImplicitOnClassic   bool           `json:"implicit-on-classic"`
	ImplicitOnCore      bool           `json:"implicit-on-core"`
	AutoConnectClassic  *bool          `json:"auto-connect-classic"`
	AutoConnectCore     *bool          `json:"auto-connect-core"`
	AppArmorUnconfPlugs bool           `json:"apparmor-unconfined-plugs"`
	AppArmorUnconfSlots bool           `json:"apparmor-unconfined-slots"`
	PlugAttrs           []plugAttrJSON `json:"plug-attributes"`
	OptionalMethods     []string       `json:"optional-methods"`
	Backends            []backendHooks `json:"backends"`
	// PlainConnection is what a plain connection changes (see
	// plainEffect); null, with the reason in PlainConnectionRefused,
	// where the interface refuses a plug or slot without attributes.
	PlainConnection        *plainEffect `json:"plain-connection-changes"`
	PlainConnectionRefused string       `json:"plain-connection-refused"`
	BaseDeclarationPlugs   string       `json:"base-declaration-plugs"`
	BaseDeclarationSlots   string       `json:"base-declaration-slots"`
}

// plugAttrJSON is a builtin.PlugAttr.
type plugAttrJSON struct {
	Name     string   `json:"name"`
	Values   []string `json:"values"`
	Optional bool     `json:"optional"`
}

// runInterface shows one catalog interface in detail.
func runInterface(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("interface", "NAME", stdout, stderr)
	fs.about = i18n.G(`Shows one catalog interface: its static information, whether a plug
without attributes auto-connects to the system's slot (as in
"plugpolicy interfaces"), the plug attributes it describes (only
kubernetes-support's flavors are described; for the others the catalog
has no statement beyond their sanitizer, BeforePreparePlug), its optional
methods, the hooks it implements per backend, and its base declaration
fragments. Interfaces defined by data alone implement the connected-plug
hooks of apparmor, seccomp, udev and kmod and the permanent-plug hook of
systemd through their shared definition, whether or not their data adds
rules there.
`)
	asJSON := fs.Bool("json", false, i18n.G("print one JSON object (the keys of the plain output, lowercase)"))
	rest, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(rest) != 1 {
		return fs.usageError(i18n.G("name one interface"))
	}
	d, err := describeInterface(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy interface: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		data, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy interface: %v\n", err)
			return exitInvalid
		}
		fmt.Fprintf(stdout, "%s\n", data)
		return exitOK
	}
	printInterface(stdout, d)
	return exitOK
}

// describeInterface gathers what the catalog knows about one interface;
// an unknown name is an error that suggests a close one.
func describeInterface(name string) (*interfaceDetail, error) {
	catalog := builtin.Interfaces()
	var iface interfaces.Interface
	var names []string
	for _, i := range catalog {
		names = append(names, i.Name())
		if i.Name() == name {
			iface = i
		}
	}
	if iface == nil {
		msg := fmt.Sprintf(i18n.G("unknown interface %q"), name)
		if near := closestName(name, names, 2); near != "" {
			msg += fmt.Sprintf(i18n.G(" (did you mean %q?)"), near)
		}
		return nil, fmt.Errorf("%s", msg)
	}
	ac, err := autoConnectOf(catalog)
	if err != nil {
		return nil, err
	}
	info := iface.StaticInfo()
	d := &interfaceDetail{
		Name: name, Summary: info.Summary, DocURL: info.DocURL,
		ImplicitOnClassic: info.ImplicitOnClassic, ImplicitOnCore: info.ImplicitOnCore,
		AutoConnectClassic: ac.classic[name], AutoConnectCore: ac.core[name],
		AppArmorUnconfPlugs: info.AppArmorUnconfinedPlugs, AppArmorUnconfSlots: info.AppArmorUnconfinedSlots,
		OptionalMethods:      optionalMethods(iface),
		Backends:             hooksOf(iface),
		BaseDeclarationPlugs: dedent(info.BaseDeclarationPlugs),
		BaseDeclarationSlots: dedent(info.BaseDeclarationSlots),
	}
	if d.PlainConnection, err = plainEffectOf(name); err != nil {
		d.PlainConnectionRefused = err.Error()
	}
	if desc, ok := iface.(builtin.PlugAttrDescriber); ok {
		d.PlugAttrs = []plugAttrJSON{}
		for _, a := range desc.PlugAttrs() {
			d.PlugAttrs = append(d.PlugAttrs, plugAttrJSON{Name: a.Name, Values: a.Values, Optional: a.Optional})
		}
	}
	return d, nil
}

// optionalMethods names the optional methods of package interfaces that
// iface has.
func optionalMethods(iface interfaces.Interface) []string {
	out := []string{}
	for _, m := range []struct {
		has  bool
		name string
	}{
		{is[interfaces.PlugSanitizer](iface), "BeforePreparePlug"},
		{is[interfaces.SlotSanitizer](iface), "BeforePrepareSlot"},
		{is[interfaces.PlugConnectChecker](iface), "BeforeConnectPlug"},
		{is[interfaces.SlotConnectChecker](iface), "BeforeConnectSlot"},
		{is[interfaces.AutoConnecter](iface), "AutoConnect"},
	} {
		if m.has {
			out = append(out, m.name)
		}
	}
	return out
}

// printInterface prints d as "key: value" lines, with the lists and the
// base declaration fragments indented below their key.
func printInterface(w io.Writer, d *interfaceDetail) {
	none := i18n.G("none")
	orNone := func(s string) string {
		if s == "" {
			return none
		}
		return s
	}
	fmt.Fprintf(w, "name: %s\n", d.Name)
	fmt.Fprintf(w, "summary: %s\n", d.Summary)
	fmt.Fprintf(w, "doc-url: %s\n", orNone(d.DocURL))
	fmt.Fprintf(w, "implicit-on-classic: %s\n", yesNo(d.ImplicitOnClassic))
	fmt.Fprintf(w, "implicit-on-core: %s\n", yesNo(d.ImplicitOnCore))
	fmt.Fprintf(w, "auto-connect-classic: %s\n", maybeYesNo(d.AutoConnectClassic))
	fmt.Fprintf(w, "auto-connect-core: %s\n", maybeYesNo(d.AutoConnectCore))
	fmt.Fprintf(w, "apparmor-unconfined-plugs: %s\n", yesNo(d.AppArmorUnconfPlugs))
	fmt.Fprintf(w, "apparmor-unconfined-slots: %s\n", yesNo(d.AppArmorUnconfSlots))
	switch {
	case d.PlugAttrs == nil:
		fmt.Fprintln(w, i18n.G("plug-attributes: not described by the catalog (BeforePreparePlug, if present, checks them)"))
	case len(d.PlugAttrs) == 0:
		fmt.Fprintf(w, "plug-attributes: %s\n", none)
	default:
		fmt.Fprintln(w, "plug-attributes:")
		for _, a := range d.PlugAttrs {
			opt := ""
			if a.Optional {
				opt = i18n.G(" (optional)")
			}
			fmt.Fprintf(w, "  %s%s: %s\n", a.Name, opt, orNone(strings.Join(a.Values, ", ")))
		}
	}
	fmt.Fprintf(w, "optional-methods: %s\n", orNone(strings.Join(d.OptionalMethods, ", ")))
	if len(d.Backends) == 0 {
		fmt.Fprintf(w, "backends: %s\n", none)
	} else {
		fmt.Fprintln(w, "backends:")
		for _, b := range d.Backends {
			fmt.Fprintf(w, "  %s: %s\n", b.Backend, strings.Join(b.Hooks, ", "))
		}
	}
	switch e := d.PlainConnection; {
	case e == nil:
		fmt.Fprintf(w, i18n.G("plain-connection-changes: not measured: %s\n"), d.PlainConnectionRefused)
	default:
		fmt.Fprintln(w, "plain-connection-changes:")
		fmt.Fprintf(w, "  plug-snap: %s\n", orNone(strings.Join(e.PlugSnap, ", ")))
		if e.SlotSnap == nil {
			fmt.Fprintln(w, i18n.G("  slot-snap: the system's (not rendered)"))
		} else {
			fmt.Fprintf(w, "  slot-snap: %s\n", orNone(strings.Join(e.SlotSnap, ", ")))
		}
	}
	for _, frag := range []struct{ key, text string }{
		{"base-declaration-plugs", d.BaseDeclarationPlugs},
		{"base-declaration-slots", d.BaseDeclarationSlots},
	} {
		if frag.text == "" {
			fmt.Fprintf(w, "%s: %s\n", frag.key, none)
			continue
		}
		fmt.Fprintf(w, "%s:\n", frag.key)
		for _, line := range strings.Split(strings.TrimSuffix(frag.text, "\n"), "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

// dedent removes the blank lines around a YAML fragment and the
// indentation its lines share, so that it starts at column 0.
func dedent(text string) string {
	lines := strings.Split(strings.Trim(text, "\n"), "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	if indent < 0 {
		return ""
	}
	for i, l := range lines {
		if len(l) >= indent {
			lines[i] = l[indent:]
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// closestName returns the name of names nearest to name by edit
// distance, if within limit; the first such in names on a tie, "" when
// none is.
func closestName(name string, names []string, limit int) string {
	best, bestDist := "", limit+1
	for _, n := range names {
		if d := editDistance(name, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, by bytes
// (interface names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
