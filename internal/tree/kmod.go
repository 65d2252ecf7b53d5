// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy/kmod"
)

// checkModulesLoad checks a modules-load.d file: every line that is not
// blank or a comment ("#" or ";" first) is one module name.
func checkModulesLoad(text string) (problems []lineMsg) {
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if err := kmod.CheckModuleName(line); err != nil {
			problems = append(problems, lineMsg{i + 1, err.Error()})
		}
	}
	return problems
}

// modprobeDirectives are the modprobe.d directives, with the index of the
// field that is a module name and the least number of fields.
var modprobeDirectives = map[string]struct{ module, min, max int }{
	"options":   {1, 2, -1},
	"blacklist": {1, 2, 2},
	"install":   {1, 3, -1},
	"remove":    {1, 3, -1},
	"alias":     {2, 3, 3},
	"softdep":   {1, 3, -1},
}

// checkModprobe checks a modprobe.d file: lines (a "\" at the end goes on
// on the next) that are not blank or comments are directives of
// modprobe.d(5) naming a valid module.
func checkModprobe(text string) (problems []lineMsg) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start, line := i+1, lines[i]
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + lines[i]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if msg := checkDirective(fields); msg != "" {
			problems = append(problems, lineMsg{start, msg})
		}
	}
	return problems
}

// checkDirective checks one directive's fields.
func checkDirective(fields []string) string {
	d, ok := modprobeDirectives[fields[0]]
	if !ok {
		return fmt.Sprintf("unknown directive %q: want options, blacklist, install, remove, alias or softdep", fields[0])
	}
	if len(fields) < d.min || d.max > 0 && len(fields) > d.max {
		return fmt.Sprintf("%s: wrong number of fields (%d)", fields[0], len(fields))
	}
	names := []string{fields[d.module]}
	if fields[0] == "softdep" {
		for _, f := range fields[2:] {
			if f != "pre:" && f != "post:" {
				names = append(names, f)
			}
		}
	}
	for _, n := range names {
		if err := kmod.CheckModuleName(n); err != nil {
			return fmt.Sprintf("%s: %v", fields[0], err)
		}
	}
	return ""
}
