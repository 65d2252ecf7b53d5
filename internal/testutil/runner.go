// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package testutil

import "strings"

// Runner is an interfaces.Runner that records the commands a backend's
// loader would run, one "NAME ARGS..." line each, and returns Err for
// every one.
type Runner struct {
	Calls []string
	Err   error
}

// Run records the command and returns r.Err.
func (r *Runner) Run(name string, args ...string) error {
	r.Calls = append(r.Calls, strings.Join(append([]string{name}, args...), " "))
	return r.Err
}

// Strings returns rendered files with their contents as strings, for
// readable comparisons and diffs.
func Strings(files map[string][]byte) map[string]string {
	out := make(map[string]string, len(files))
	for name, data := range files {
		out[name] = string(data)
	}
	return out
}
