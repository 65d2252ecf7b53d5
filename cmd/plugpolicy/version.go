// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
)

// snapdReference is the snapd whose rules plugpolicy follows: the
// reference corpus README.md names (../shared/snapd-ref/, snapd 2.77+).
const snapdReference = "snapd 2.77+"

// runVersion prints plugpolicy's version (from the build information:
// the module version, or "(devel)" with the VCS revision when the build
// recorded one), the Go version it was built with, the size of its
// catalog and the snapd its rules follow.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "", stdout, stderr)
	rest, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(rest) > 0 {
		return fs.usageError(fmt.Sprintf(i18n.G("unexpected argument %q"), rest[0]))
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintf(stdout, "plugpolicy %s\n", buildVersion(info))
	fmt.Fprintf(stdout, i18n.G("built with %s\n"), runtime.Version())
	n := len(builtin.Interfaces())
	fmt.Fprintf(stdout, i18n.NG("catalog: %d interface\n", "catalog: %d interfaces\n", n), n)
	fmt.Fprintf(stdout, i18n.G("rules follow: %s\n"), snapdReference)
	return exitOK
}

// buildVersion is the main module's version, or "(devel)" when it has
// none (a build from a checkout, or a test), followed by the VCS
// revision and "modified" when the build recorded them.
func buildVersion(info *debug.BuildInfo) string {
	version := "(devel)"
	if info == nil {
		return version
	}
	if v := info.Main.Version; v != "" {
		version = v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		version += " " + rev
		if modified == "true" {
			version += " " + i18n.G("(modified)")
		}
	}
	return version
}
