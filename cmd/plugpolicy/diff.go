// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"fmt"
	"io"

	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/internal/tree"
)

// runDiff compares two compiled trees: for each path that differs, a
// summary line ("added", "removed" or "changed", the path, what it is or
// how many rules changed), and for a changed text file its unified diff.
// As diff(1), it prints nothing and exits 0 for equal trees, 1 otherwise.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", "DIR1 DIR2", stdout, stderr)
	stat := fs.Bool("stat", false, i18n.G("print only the summary line of each path that differs, and a total. A summary counts rules: the lines, neither blank nor comments (\"#\" first, except AppArmor's \"#include\"), that the shortest edit script from the old file to the new deletes or inserts; a rule written on several lines counts once per line"))
	rest, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(rest) != 2 {
		return fs.usageError(fmt.Sprintf(i18n.G("want 2 arguments, got %d"), len(rest)))
	}
	diffs, err := tree.Diff(rest[0], rest[1])
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy diff: %v\n", err)
		return exitInvalid
	}
	if len(diffs) == 0 {
		return exitOK // as diff(1): nothing to say
	}
	var added, removed, changed int
	for _, d := range diffs {
		fmt.Fprintln(stdout, diffSummary(d))
		if !*stat {
			fmt.Fprint(stdout, d.Unified)
		}
		switch d.Change {
		case tree.Added:
			added++
		case tree.Removed:
			removed++
		default:
			changed++
		}
	}
	if *stat {
		fmt.Fprintf(stdout, i18n.NG("%d path differs: %d added, %d removed, %d changed\n", "%d paths differ: %d added, %d removed, %d changed\n", len(diffs)), len(diffs), added, removed, changed)
	}
	return exitInvalid
}

// diffSummary is the line that names a difference and says what it is.
func diffSummary(d tree.FileDiff) string {
	var what string
	switch {
	case d.Old != nil && d.New != nil && d.Old.Type != d.New.Type:
		what = fmt.Sprintf(i18n.G("%s, now %s"), d.Old.Describe(), d.New.Describe())
	case d.Old != nil && d.Old.IsDir() || d.New != nil && d.New.IsDir():
		what = fmt.Sprintf(i18n.NG("directory, %d file", "directory, %d files", d.Files), d.Files)
	case d.Old != nil && !d.Old.IsRegular() || d.New != nil && !d.New.IsRegular():
		e := d.New
		if e == nil {
			e = d.Old
		}
		what = e.Describe()
		if d.Change == tree.Changed {
			what = fmt.Sprintf(i18n.G("%s, was %s"), d.New.Describe(), d.Old.Describe())
		}
	case d.Binary:
		what = i18n.G("binary files differ")
		if d.Change != tree.Changed {
			what = i18n.G("binary file")
		}
	case d.Change == tree.Added:
		what = fmt.Sprintf(i18n.NG("%d rule", "%d rules", d.RulesAdded), d.RulesAdded)
	case d.Change == tree.Removed:
		what = fmt.Sprintf(i18n.NG("%d rule", "%d rules", d.RulesRemoved), d.RulesRemoved)
	default:
		what = fmt.Sprintf(i18n.NG("%d rule added, %d removed", "%d rules added, %d removed", d.RulesAdded), d.RulesAdded, d.RulesRemoved)
	}
	var change string
	switch d.Change {
	case tree.Added:
		change = i18n.G("added")
	case tree.Removed:
		change = i18n.G("removed")
	default:
		change = i18n.G("changed")
	}
	return fmt.Sprintf("%s %s: %s", change, d.Rel, what)
}
