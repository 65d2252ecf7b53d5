// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// FindAppArmorParser returns the path of apparmor_parser, on $PATH or in
// /usr/sbin or /sbin (which a user's $PATH often lacks), or "".
func FindAppArmorParser() string {
	for _, p := range []string{"apparmor_parser", "/usr/sbin/apparmor_parser", "/sbin/apparmor_parser"} {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	return ""
}

// checkProfiles compiles the profiles with parser, without loading them
// or touching a cache (apparmor_parser -Q -K -T), all at once and, when
// that fails, one by one to name those it rejects.
func (r *Report) checkProfiles(dir string, rels []string, parser string) {
	if len(rels) == 0 {
		return
	}
	if parser == "" {
		r.Notes = append(r.Notes, fmt.Sprintf("apparmor_parser not found: %d profiles not compiled", len(rels)))
		return
	}
	r.Counts.AppArmorCompiled = true
	files := make([]string, len(rels))
	for i, rel := range rels {
		files[i] = filepath.Join(dir, filepath.FromSlash(rel))
	}
	out, err := runParser(parser, files...)
	if err == nil {
		return
	}
	if _, ok := err.(*exec.ExitError); !ok {
		r.problem(rels[0], 0, "cannot run %s: %v", parser, err)
		return
	}
	failed := false
	for i, f := range files {
		if out, err := runParser(parser, f); err != nil {
			r.problem(rels[i], 0, "apparmor_parser rejects it: %s", out)
			failed = true
		}
	}
	if !failed {
		// Each compiles alone, not together: profiles with one name.
		r.problem(filepath.ToSlash(filepath.Dir(rels[0])), 0, "apparmor_parser rejects the profiles together: %s", out)
	}
}

// runParser compiles files, writing the binary policy to a scratch file,
// and returns the parser's messages on one line.
func runParser(parser string, files ...string) (string, error) {
	tmp, err := os.MkdirTemp("", "plugpolicy-check-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	args := append([]string{"-Q", "-K", "-T", "-o", filepath.Join(tmp, "out")}, files...)
	out, err := exec.Command(parser, args...).CombinedOutput()
	var msgs []string
	for _, l := range strings.Split(string(out), "\n") {
		// Said where the kernel has no AppArmor; nothing about the profile.
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "Cache read/write disabled") {
			msgs = append(msgs, l)
		}
	}
	return strings.Join(msgs, "; "), err
}
