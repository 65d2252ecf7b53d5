// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/internal/tree"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// runCheck checks a compiled tree (see package internal/tree): the
// problems, one per line as PATH[:LINE]: MESSAGE with PATH below DIR,
// then notes, then a summary line; exit status 1 when there are problems.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "DIR", stdout, stderr)
	asJSON := fs.Bool("json", false, i18n.G("print the report as one JSON document"))
	arch := fs.String("arch", "", i18n.G("the `ARCH` the seccomp filters were compiled for (default: the host's, else the one that reproduces them)"))
	parser := fs.String("apparmor-parser", "", i18n.G("the apparmor_parser to compile the profiles with, at `PATH` (default: found on $PATH, /usr/sbin or /sbin)"))
	rest, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(rest) != 1 {
		return fs.usageError(fmt.Sprintf(i18n.G("want 1 argument, got %d"), len(rest)))
	}
	opts := tree.Options{AppArmorParser: *parser}
	if opts.AppArmorParser == "" {
		opts.AppArmorParser = tree.FindAppArmorParser()
	}
	if *arch != "" {
		var err error
		if opts.Arch, err = bpf.ParseArch(*arch); err != nil {
			return fs.usageError(err.Error())
		}
	}
	dir := rest[0]
	report, err := tree.Check(dir, opts)
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy check: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(stderr, "plugpolicy check: %v\n", err)
			return exitInvalid
		}
	} else {
		printCheck(stdout, dir, report)
	}
	if !report.OK() {
		return exitInvalid
	}
	return exitOK
}

// printCheck prints the problems, one per line with the path below dir,
// the warnings, the notes, and the summary line.
func printCheck(w io.Writer, dir string, r *tree.Report) {
	for _, p := range r.Problems {
		p.Path = filepath.Join(dir, filepath.FromSlash(p.Path))
		fmt.Fprintln(w, p)
	}
	for _, p := range r.Warnings {
		p.Path = filepath.Join(dir, filepath.FromSlash(p.Path))
		p.Message = fmt.Sprintf(i18n.G("warning: %s"), p.Message)
		fmt.Fprintln(w, p)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, i18n.G("note: %s\n"), n)
	}
	if !r.OK() {
		fmt.Fprintf(w, i18n.NG("%s: invalid, %d problem in %d files checked\n", "%s: invalid, %d problems in %d files checked\n", len(r.Problems)), dir, len(r.Problems), r.Files)
		return
	}
	c := r.Counts
	how := i18n.G("not compiled")
	if c.AppArmorCompiled {
		how = "apparmor_parser"
	}
	arches := strings.Join(c.SeccompArches, ", ")
	if arches == "" {
		arches = i18n.G("no filters")
	}
	parts := []string{
		fmt.Sprintf(i18n.NG("%d AppArmor profile (%s)", "%d AppArmor profiles (%s)", c.AppArmor), c.AppArmor, how),
		fmt.Sprintf(i18n.NG("%d seccomp policy (%s)", "%d seccomp policies (%s)", c.Seccomp), c.Seccomp, arches),
		fmt.Sprintf(i18n.NG("%d udev rules file", "%d udev rules files", c.Udev), c.Udev),
		fmt.Sprintf(i18n.NG("%d kmod file", "%d kmod files", c.Kmod), c.Kmod),
		fmt.Sprintf(i18n.NG("%d other file (by name)", "%d other files (by name)", c.Other), c.Other),
	}
	fmt.Fprintf(w, i18n.NG("%s: %d file checked: %s\n", "%s: %d files checked: %s\n", r.Files), dir, r.Files, strings.Join(parts, ", "))
}
