// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/explain"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
)

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain", "SNAP_YAML... APP", stdout, stderr)
	template := fs.Bool("template", true, i18n.G("print the template's lines (--template=false prints their count only)"))
	flags := addCompileFlags(fs)
	pos, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(pos) < 2 {
		return fs.usageError(i18n.G("name at least one snap.yaml and an app (APP, hook.NAME, or SNAP.APP)"))
	}
	files, arg := pos[:len(pos)-1], pos[len(pos)-1]
	opts, rev, status, ok := flags.options(stderr)
	if !ok {
		return status
	}
	// The compiled filters are binary, and not explained.
	opts.NoBPF = true
	res, status := compileSnaps("explain", files, rev, opts, stderr)
	if res == nil {
		return status
	}
	target, err := explain.FindTarget(res, arg)
	if err == nil {
		var ex *explain.Explanation
		if ex, err = explain.Explain(res, target.Snap, target.Name, explain.Options{}); err == nil {
			printExplanation(stdout, ex, *template)
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "plugpolicy explain: %v\n", err)
	return exitInvalid
}

// printExplanation prints each file as a "==" heading and its lines in
// "--" sections: the template, each source, and what is left.
func printExplanation(w io.Writer, ex *explain.Explanation, template bool) {
	for i, f := range ex.Files {
		if i > 0 {
			fmt.Fprintln(w)
		}
		what := f.Tag
		if what == "" {
			what = fmt.Sprintf(i18n.G("snap %s"), ex.Snap)
		}
		size := lineCount(f.Lines)
		if !f.Written {
			size = i18n.G("not written once sources are combined")
		}
		fmt.Fprintf(w, "== %s: %s (%s, %s)\n", f.Backend, what, f.Path, size)
		base := i18n.G("template")
		if f.Backend != "apparmor" && f.Backend != "seccomp" {
			base = i18n.G("without interfaces")
		}
		if template {
			section(w, base, "", f.Template)
		} else if len(f.Template) > 0 {
			fmt.Fprintf(w, "-- %s (%s, %s)\n", base, lineCount(len(f.Template)), i18n.G("not shown"))
		}
		for _, s := range f.Sections {
			name := s.Source.String()
			note := ""
			if !slices.Contains(s.Source.Tags, ex.Tag) {
				// A plug of another app in a file of the whole snap,
				// or a setting of the whole snap in the app's profile.
				note = fmt.Sprintf(i18n.G("bound to %s, not to %s"), targets(s.Source.Tags, ex.Snap), ex.Target)
			}
			section(w, name, note, s.Lines)
			section(w, name+": "+i18n.G("removes from the template"), note, s.Removes)
			section(w, name+": "+i18n.G("not in the file once sources are combined"), note, s.Dropped)
		}
		for _, c := range f.Combined {
			var names []string
			for _, s := range c.Sources {
				names = append(names, s.String())
			}
			section(w, i18n.G("combined (rules that only appear when sources are combined)"), i18n.G("made by ")+strings.Join(names, " + "), c.Lines)
		}
		section(w, i18n.G("template rules missing from the file that no single source removes"), "", f.Replaced)
	}
}

// section prints a "--" heading with the line count and a note, and the
// lines; nothing when there are no lines.
func section(w io.Writer, name, note string, lines []string) {
	if len(lines) == 0 {
		return
	}
	count := lineCount(len(lines))
	if note != "" {
		count += "; " + note
	}
	fmt.Fprintf(w, "-- %s (%s)\n", name, count)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func lineCount(n int) string {
	return fmt.Sprintf(i18n.NG("%d line", "%d lines", n), n)
}

// targets names security tags by their app or hook ("kubelet",
// "hook.configure").
func targets(tags []string, instanceName string) string {
	var out []string
	for _, tag := range tags {
		out = append(out, strings.TrimPrefix(tag, "snap."+instanceName+"."))
	}
	return strings.Join(out, ", ")
}
