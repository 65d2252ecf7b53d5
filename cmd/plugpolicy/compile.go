// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/snap"
)

// compileArgs are the parsed arguments of "plugpolicy compile".
type compileArgs struct {
	out      string
	files    []string
	opts     plugpolicy.Options
	revision snap.Revision
	json     bool
	full     bool
}

func parseCompileArgs(args []string, stdout, stderr io.Writer) (*compileArgs, int) {
	fs := newFlagSet("compile", "--out DIR SNAP_YAML...", stdout, stderr)
	out := fs.String("out", "", i18n.G("write the files below `DIR` (required)"))
	asJSON := fs.Bool("json", false, i18n.G("report what was connected and written as JSON on stdout"))
	full := fs.Bool("full", false, i18n.G("render every snap, ignoring the record of the last run below DIR"))
	flags := addCompileFlags(fs)
	files, status, ok := fs.parse(args)
	if !ok {
		return nil, status
	}
	switch {
	case *out == "":
		return nil, fs.usageError(i18n.G("--out is required"))
	case len(files) == 0:
		return nil, fs.usageError(i18n.G("name at least one snap.yaml"))
	}
	opts, rev, status, ok := flags.options(stderr)
	if !ok {
		return nil, status
	}
	return &compileArgs{out: *out, files: files, opts: opts, revision: rev, json: *asJSON, full: *full}, exitOK
}

func runCompile(args []string, stdout, stderr io.Writer) int {
	a, status := parseCompileArgs(args, stdout, stderr)
	if a == nil {
		return status
	}
	infos, ok := readSnaps(a.files, a.revision, stderr)
	if !ok {
		return exitInvalid
	}
	// Update renders only what the record of the last run below a.out
	// does not vouch for (all of it with --full), and writes it.
	res, written, err := plugpolicy.Update(a.out, infos, a.opts, plugpolicy.WriteOptions{Full: a.full})
	if res == nil {
		fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
		return exitInvalid
	}
	printProblems(stderr, res)
	report := stdout
	if a.json {
		report = io.Discard
	}
	printAutoConnect(report, res)
	printWritten(report, res, written)
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
		return exitInvalid
	}
	if a.json {
		return printCompileJSON(stdout, stderr, a.out, res, written)
	}
	return exitOK
}

// compileSnaps reads the snap.yaml files and compiles them, printing
// their warnings and problems to stderr; a nil result comes with the exit
// status.
func compileSnaps(cmd string, files []string, rev snap.Revision, opts plugpolicy.Options, stderr io.Writer) (*plugpolicy.Result, int) {
	return readAndRun(cmd, files, rev, opts, stderr, plugpolicy.Compile)
}

// connectSnaps is compileSnaps without rendering: plugpolicy.Connect.
func connectSnaps(cmd string, files []string, rev snap.Revision, opts plugpolicy.Options, stderr io.Writer) (*plugpolicy.Result, int) {
	return readAndRun(cmd, files, rev, opts, stderr, plugpolicy.Connect)
}

func readAndRun(cmd string, files []string, rev snap.Revision, opts plugpolicy.Options, stderr io.Writer,
	run func([]*snap.Info, plugpolicy.Options) (*plugpolicy.Result, error)) (*plugpolicy.Result, int) {
	infos, ok := readSnaps(files, rev, stderr)
	if !ok {
		return nil, exitInvalid
	}
	res, err := run(infos, opts)
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy %s: %v\n", cmd, err)
		return nil, exitInvalid
	}
	printProblems(stderr, res)
	return res, exitOK
}

// printProblems prints the plugs and slots left out, and the warnings.
func printProblems(stderr io.Writer, res *plugpolicy.Result) {
	for _, s := range res.Snaps {
		for _, l := range s.LeftOut {
			fmt.Fprintf(stderr, i18n.G("warning: snap %q: %s %q left out: %s\n"), l.Snap, l.Kind, l.Name, leftOutReason(l))
		}
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, i18n.G("warning: %s\n"), w)
	}
}

// printAutoConnect says what auto-connection connected and which plugs
// it left alone, and why.
func printAutoConnect(stdout io.Writer, res *plugpolicy.Result) {
	for _, ref := range res.AutoConnected {
		fmt.Fprintf(stdout, i18n.G("auto-connected %s\n"), ref.ID())
	}
	for _, u := range res.Unconnected {
		fmt.Fprintf(stdout, i18n.G("not connected %s: %s\n"), u.Plug, u.Reason)
	}
}

func leftOutReason(l plugpolicy.LeftOut) string {
	if l.UnknownInterface() {
		return fmt.Sprintf(i18n.G("interface %q is not in the catalog"), l.Interface)
	}
	return fmt.Sprintf(i18n.G("interface %q: %s"), l.Interface, l.Reason)
}

// printWritten reports, snap by snap, the connections and what each
// backend wrote.
func printWritten(stdout io.Writer, res *plugpolicy.Result, written []plugpolicy.Written) {
	bySnap := writtenBySnap(written)
	for _, s := range res.Snaps {
		fmt.Fprintf(stdout, i18n.G("snap %s (revision %s, %s confinement): %d connections\n"), s.Name, s.Info.Revision, s.Info.Confinement, len(s.Connections))
		for _, c := range s.Connections {
			fmt.Fprintf(stdout, "  %s\n", c.ID())
		}
		for _, w := range bySnap[s.Name] {
			fmt.Fprintf(stdout, "  %s: %s\n", w.Backend, describeChanges(w.Changes))
			for _, f := range w.Changed {
				fmt.Fprintf(stdout, "    %s %s\n", i18n.G("wrote"), f)
			}
			for _, f := range w.Removed {
				fmt.Fprintf(stdout, "    %s %s\n", i18n.G("removed"), f)
			}
		}
	}
}

// writtenBySnap groups what Write did by snap, in the order written, so
// that the report of a fleet reads each entry once.
func writtenBySnap(written []plugpolicy.Written) map[string][]plugpolicy.Written {
	out := make(map[string][]plugpolicy.Written)
	for _, w := range written {
		out[w.Snap] = append(out[w.Snap], w)
	}
	return out
}

func describeChanges(c interfaces.Changes) string {
	var parts []string
	if n := len(c.Changed); n > 0 {
		parts = append(parts, fmt.Sprintf(i18n.NG("%d file written", "%d files written", n), n))
	}
	if n := len(c.Unchanged); n > 0 {
		parts = append(parts, fmt.Sprintf(i18n.NG("%d file unchanged", "%d files unchanged", n), n))
	}
	if n := len(c.Removed); n > 0 {
		parts = append(parts, fmt.Sprintf(i18n.NG("%d file removed", "%d files removed", n), n))
	}
	if len(parts) == 0 {
		return i18n.G("nothing to write")
	}
	return strings.Join(parts, ", ")
}

// compileReport is what "compile --json" prints.
type compileReport struct {
	Out           string            `json:"out"`
	Snaps         []compileSnapView `json:"snaps"`
	AutoConnected []string          `json:"auto-connected"`
	Unconnected   []unconnectedView `json:"unconnected"`
	Warnings      []string          `json:"warnings"`
}

type compileSnapView struct {
	Name        string        `json:"name"`
	Revision    string        `json:"revision"`
	Confinement string        `json:"confinement"`
	Connections []string      `json:"connections"`
	LeftOut     []leftOutView `json:"left-out"`
	Files       []fileView    `json:"files"`
}

type leftOutView struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Interface string `json:"interface"`
	Reason    string `json:"reason"`
}

type unconnectedView struct {
	Plug   string `json:"plug"`
	Reason string `json:"reason"`
}

type fileView struct {
	Path    string `json:"path"`
	Backend string `json:"backend"`
	Tag     string `json:"tag,omitempty"`
	// Status is "written", "unchanged" or "removed".
	Status string `json:"status"`
}

func printCompileJSON(stdout, stderr io.Writer, out string, res *plugpolicy.Result, written []plugpolicy.Written) int {
	rep := compileReport{Out: out, Snaps: []compileSnapView{}, AutoConnected: []string{}, Unconnected: []unconnectedView{}, Warnings: append([]string{}, res.Warnings...)}
	for _, c := range res.AutoConnected {
		rep.AutoConnected = append(rep.AutoConnected, c.ID())
	}
	for _, u := range res.Unconnected {
		rep.Unconnected = append(rep.Unconnected, unconnectedView{Plug: u.Plug.String(), Reason: u.Reason})
	}
	bySnap := writtenBySnap(written)
	for _, s := range res.Snaps {
		v := compileSnapView{Name: s.Name, Revision: s.Info.Revision.String(), Confinement: string(s.Info.Confinement),
			Connections: []string{}, LeftOut: []leftOutView{}, Files: []fileView{}}
		for _, c := range s.Connections {
			v.Connections = append(v.Connections, c.ID())
		}
		for _, l := range s.LeftOut {
			v.LeftOut = append(v.LeftOut, leftOutView{Kind: l.Kind, Name: l.Name, Interface: l.Interface, Reason: l.Reason})
		}
		for _, w := range bySnap[s.Name] {
			v.Files = append(v.Files, fileViews(res, w, w.Changed, "written")...)
			v.Files = append(v.Files, fileViews(res, w, w.Unchanged, "unchanged")...)
			v.Files = append(v.Files, fileViews(res, w, w.Removed, "removed")...)
		}
		rep.Snaps = append(rep.Snaps, v)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

func fileViews(res *plugpolicy.Result, w plugpolicy.Written, paths []string, status string) []fileView {
	var out []fileView
	for _, p := range paths {
		v := fileView{Path: p, Backend: w.Backend, Status: status}
		if s := res.Snap(w.Snap); s != nil {
			v.Tag = s.TagOf(p)
		}
		out = append(out, v)
	}
	return out
}

// printParseError prints a snap.yaml's problems as FILE:LINE: PATH: MESSAGE.
func printParseError(stderr io.Writer, file string, err error) {
	var verr *snap.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Fprintln(stderr, problemLine(file, p, false))
		}
		return
	}
	fmt.Fprintf(stderr, "%s: %v\n", file, err)
}
