// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/snap"
)

// validateResult is what "validate --json" prints for one file.
type validateResult struct {
	File     string         `json:"file"`
	Valid    bool           `json:"valid"`
	Snap     *snapView      `json:"snap,omitempty"`
	Problems []snap.Problem `json:"problems,omitempty"`
	Warnings []snap.Problem `json:"warnings,omitempty"`
}

type snapView struct {
	Name         string         `json:"name"`
	InstanceName string         `json:"instance-name"`
	Version      string         `json:"version"`
	Type         string         `json:"type"`
	Confinement  string         `json:"confinement"`
	Base         string         `json:"base,omitempty"`
	Apps         []appView      `json:"apps"`
	Hooks        []hookView     `json:"hooks"`
	Plugs        []plugSlotView `json:"plugs"`
	Slots        []plugSlotView `json:"slots"`
}

type appView struct {
	Name        string   `json:"name"`
	Daemon      string   `json:"daemon,omitempty"`
	DaemonScope string   `json:"daemon-scope,omitempty"`
	SecurityTag string   `json:"security-tag"`
	Plugs       []string `json:"plugs"`
	Slots       []string `json:"slots"`
}

type hookView struct {
	Name        string   `json:"name"`
	SecurityTag string   `json:"security-tag"`
	Plugs       []string `json:"plugs"`
	Slots       []string `json:"slots"`
}

type plugSlotView struct {
	Name         string                 `json:"name"`
	Interface    string                 `json:"interface"`
	Label        string                 `json:"label,omitempty"`
	Attrs        map[string]interface{} `json:"attrs,omitempty"`
	Apps         []string               `json:"apps"`
	Hooks        []string               `json:"hooks"`
	Unscoped     bool                   `json:"unscoped,omitempty"`
	SecurityTags []string               `json:"security-tags"`
}

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "SNAP_YAML...", stdout, stderr)
	asJSON := fs.Bool("json", false, i18n.G("print the results as JSON"))
	instanceKey := fs.String("instance-key", "", i18n.G("read each snap as the parallel install NAME_KEY"))
	files, done, ok := fs.parse(args)
	if !ok {
		return done
	}
	if len(files) == 0 {
		return fs.usageError(i18n.G("name at least one snap.yaml"))
	}
	status := exitOK
	results := make([]validateResult, 0, len(files))
	for _, file := range files {
		res := validateFile(file, *instanceKey)
		if !res.Valid {
			status = exitInvalid
		}
		results = append(results, res)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, i18n.G("plugpolicy: cannot write JSON: %v\n"), err)
			return exitInvalid
		}
		return status
	}
	for i, res := range results {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		printResult(stdout, stderr, res)
	}
	return status
}

func validateFile(file, instanceKey string) validateResult {
	res := validateResult{File: file}
	info, err := snap.ParseFile(file, snap.Options{InstanceKey: instanceKey})
	var verr *snap.ValidationError
	switch {
	case errors.As(err, &verr):
		res.Problems = verr.Problems
	case err != nil:
		res.Problems = []snap.Problem{{Message: err.Error()}}
	default:
		res.Warnings = info.Warnings
		var warnings []snap.Problem
		res.Problems, warnings = sanitize(info)
		res.Warnings = append(res.Warnings, warnings...)
		res.Valid = len(res.Problems) == 0
		if res.Valid {
			res.Snap = viewOf(info)
		}
	}
	return res
}

// sanitize runs the catalog's sanitizers on the snap's plugs and slots, as
// compile does when it adds the snap: what one refuses (an attribute value
// the interface cannot use) compile would leave out, so validate reports
// it as a problem. A plug or slot of an interface the catalog does not
// have is a warning, as snapd installs such snaps.
func sanitize(info *snap.Info) (problems, warnings []snap.Problem) {
	repo, err := interfaces.NewRepository(builtin.Interfaces())
	if err != nil {
		return []snap.Problem{{Message: err.Error()}}, nil
	}
	rejected, err := repo.AddSnap(info)
	if err != nil {
		return []snap.Problem{{Message: err.Error()}}, nil
	}
	for _, r := range rejected {
		p := snap.Problem{Path: r.Kind + "s." + r.Name}
		if r.Reason == interfaces.ReasonUnknownInterface {
			p.Message = fmt.Sprintf(i18n.G("interface %q is not in the catalog: compile leaves the %s out"), r.Interface, r.Kind)
			warnings = append(warnings, p)
			continue
		}
		p.Message = fmt.Sprintf(i18n.G("interface %q refuses the %s: %s"), r.Interface, r.Kind, r.Reason)
		problems = append(problems, p)
	}
	return problems, warnings
}

func viewOf(info *snap.Info) *snapView {
	v := &snapView{
		Name: info.Name, InstanceName: info.InstanceName(), Version: info.Version,
		Type: string(info.Type), Confinement: string(info.Confinement), Base: info.Base,
		Apps: []appView{}, Hooks: []hookView{}, Plugs: []plugSlotView{}, Slots: []plugSlotView{},
	}
	for _, app := range info.SortedApps() {
		v.Apps = append(v.Apps, appView{Name: app.Name, Daemon: app.Daemon, DaemonScope: string(app.DaemonScope),
			SecurityTag: app.SecurityTag(), Plugs: app.PlugNames(), Slots: app.SlotNames()})
	}
	for _, hook := range info.SortedHooks() {
		v.Hooks = append(v.Hooks, hookView{Name: hook.Name, SecurityTag: hook.SecurityTag(),
			Plugs: hook.PlugNames(), Slots: hook.SlotNames()})
	}
	for _, p := range info.SortedPlugs() {
		v.Plugs = append(v.Plugs, plugSlotView{Name: p.Name, Interface: p.Interface, Label: p.Label, Attrs: p.Attrs,
			Apps: sortedNames(p.Apps), Hooks: sortedNames(p.Hooks), Unscoped: p.Unscoped, SecurityTags: p.SecurityTags()})
	}
	for _, s := range info.SortedSlots() {
		v.Slots = append(v.Slots, plugSlotView{Name: s.Name, Interface: s.Interface, Label: s.Label, Attrs: s.Attrs,
			Apps: sortedNames(s.Apps), Hooks: sortedNames(s.Hooks), Unscoped: s.Unscoped, SecurityTags: s.SecurityTags()})
	}
	return v
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// problemLine formats a problem as compilers do: FILE:LINE: PATH: MESSAGE.
func problemLine(file string, p snap.Problem, warning bool) string {
	var b strings.Builder
	b.WriteString(file)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if warning {
		b.WriteString(i18n.G("warning: "))
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	// Names and values from the document may hold escape sequences and
	// newlines: they must not reach the terminal raw.
	return snap.Printable(b.String())
}

// printResult prints one file's result: problems and warnings go to
// stderr, the description of a valid snap to stdout.
func printResult(stdout, stderr io.Writer, res validateResult) {
	for _, p := range res.Problems {
		fmt.Fprintln(stderr, problemLine(res.File, p, false))
	}
	for _, p := range res.Warnings {
		fmt.Fprintln(stderr, problemLine(res.File, p, true))
	}
	if !res.Valid {
		fmt.Fprintf(stdout, i18n.NG("%s: invalid, %d problem\n", "%s: invalid, %d problems\n", len(res.Problems)), snap.Printable(res.File), len(res.Problems))
		return
	}
	v := res.Snap
	fmt.Fprintf(stdout, i18n.G("%s: valid\n"), snap.Printable(res.File))
	base := ""
	if v.Base != "" {
		base = ", base " + v.Base
	}
	fmt.Fprintln(stdout, snap.Printable(fmt.Sprintf("snap %s %s (%s, %s%s)", v.InstanceName, v.Version, v.Type, v.Confinement, base)))
	printSection(stdout, "apps", len(v.Apps), func() {
		for _, a := range v.Apps {
			kind := i18n.G("command")
			if a.Daemon != "" {
				kind = fmt.Sprintf(i18n.G("%s daemon, %s"), a.DaemonScope, a.Daemon)
			}
			fmt.Fprintf(stdout, "  %s (%s): %s\n", a.Name, kind, a.SecurityTag)
			printList(stdout, "plugs", a.Plugs)
			printList(stdout, "slots", a.Slots)
		}
	})
	printSection(stdout, "hooks", len(v.Hooks), func() {
		for _, h := range v.Hooks {
			fmt.Fprintf(stdout, "  %s: %s\n", h.Name, h.SecurityTag)
			printList(stdout, "plugs", h.Plugs)
			printList(stdout, "slots", h.Slots)
		}
	})
	for _, section := range []struct {
		name  string
		items []plugSlotView
	}{{"plugs", v.Plugs}, {"slots", v.Slots}} {
		printSection(stdout, section.name, len(section.items), func() {
			for _, ps := range section.items {
				printPlugSlot(stdout, ps)
			}
		})
	}
}

func printSection(w io.Writer, name string, n int, body func()) {
	if n == 0 {
		fmt.Fprintf(w, i18n.G("%s: none\n"), name)
		return
	}
	fmt.Fprintf(w, "%s:\n", name)
	body()
}

func printList(w io.Writer, what string, names []string) {
	if len(names) > 0 {
		fmt.Fprintf(w, "    %s: %s\n", what, strings.Join(names, ", "))
	}
}

func printPlugSlot(w io.Writer, ps plugSlotView) {
	fmt.Fprintf(w, "  %s: %s %s", ps.Name, i18n.G("interface"), ps.Interface)
	if ps.Label != "" {
		fmt.Fprintf(w, ", %s %q", i18n.G("label"), ps.Label)
	}
	keys := sortedNames(ps.Attrs)
	for _, k := range keys {
		value, _ := json.Marshal(ps.Attrs[k])
		fmt.Fprintf(w, ", %s=%s", attrName(k), value)
	}
	fmt.Fprintln(w)
	bound := ps.Apps
	if len(ps.Hooks) > 0 {
		hooks := make([]string, len(ps.Hooks))
		for i, h := range ps.Hooks {
			hooks[i] = "hook " + h
		}
		bound = append(append([]string(nil), bound...), hooks...)
	}
	if ps.Unscoped {
		fmt.Fprintf(w, "    %s\n", i18n.G("bound to every app and hook (no app or hook lists it)"))
	} else if len(bound) > 0 {
		fmt.Fprintf(w, "    %s: %s\n", i18n.G("bound to"), strings.Join(bound, ", "))
	}
}

var plainAttrName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// attrName is an attribute name as validate prints it: as it is when it
// is a plain word, else quoted (control characters escaped), so that an
// odd name can be neither mistaken for another nor print an escape
// sequence.
func attrName(k string) string {
	if plainAttrName.MatchString(k) {
		return k
	}
	return strconv.Quote(k)
}
