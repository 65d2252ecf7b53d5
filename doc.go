// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package plugpolicy compiles snaps' interface declarations into
// confinement policy in one call.
//
// Compile takes parsed snaps (snap.Parse, snap.ParseFile) and Options that
// describe the target system (classic or Ubuntu Core, its AppArmor and
// seccomp facts, its processor), the store's grants (snap declarations)
// and the connections to make. It builds a repository with the builtin
// catalog and the system snap, checks that policy lets every snap be
// installed, makes the connections asked for (each checked by policy),
// auto-connects the other plugs as policy allows, and renders every
// backend's files: AppArmor profiles, seccomp sources and BPF filters,
// udev rules and device cgroup files, kernel module lists, systemd
// drop-ins and mount profiles. The Result holds them in path order, each
// with its backend, snap and security tag, with what was connected and
// what was left out and why. Nothing is written: Result.Write writes the
// files below a root that must be given, as snapd lays them out.
//
// Rendering is pure: the same snaps and options give byte-identical
// files on every machine. Facts of the running system come in only
// through the probes (apparmor.ProbeHost, seccomp.ProbeHost,
// builtin.ProbeHost) whose results are passed in Options.
package plugpolicy
