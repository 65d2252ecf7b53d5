// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"fmt"
	"io"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/kubernetes"
)

// exportCommands are the subcommands of "plugpolicy export".
func exportCommands() []command {
	return []command{
		{"kubernetes", i18n.G("write each app's seccomp and AppArmor profiles, securityContext and security-profiles-operator resources for Kubernetes"), runExportKubernetes},
	}
}

func runExport(args []string, stdout, stderr io.Writer) int {
	return dispatch("plugpolicy export", exportCommands(), args, stdout, stderr)
}

func runExportKubernetes(args []string, stdout, stderr io.Writer) int {
	const name = "export kubernetes"
	fs := newFlagSet(name, "--out DIR SNAP_YAML...", stdout, stderr)
	out := fs.String("out", "", i18n.G("write the files below `DIR` (required)"))
	namespace := fs.String("namespace", "", i18n.G("the `NAMESPACE` of the security-profiles-operator resources (default: kubectl's)"))
	flags := addCompileFlags(fs)
	files, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	switch {
	case *out == "":
		return fs.usageError(i18n.G("--out is required"))
	case len(files) == 0:
		return fs.usageError(i18n.G("name at least one snap.yaml"))
	case len(flags.backendNames) > 0:
		return fs.usageError(i18n.G("--backend does not apply: the export needs the apparmor and seccomp backends"))
	}
	opts, rev, status, ok := flags.options(stderr)
	if !ok {
		return status
	}
	// The profiles come from the AppArmor rules and the seccomp sources;
	// no filter is compiled.
	opts.Backends, opts.NoBPF = []string{"apparmor", "seccomp"}, true
	res, status := compileSnaps(name, files, rev, opts, stderr)
	if res == nil {
		return status
	}
	exp, err := kubernetes.Export(res, kubernetes.Options{Namespace: *namespace})
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy %s: %v\n", name, err)
		return exitInvalid
	}
	set := map[string][]byte{}
	var owned []string
	for _, f := range exp.Files {
		set[f.Path] = f.Data
		owned = append(owned, f.Path)
	}
	if _, err := fileset.Ensure(*out, owned, set); err != nil {
		fmt.Fprintf(stderr, "plugpolicy %s: %v\n", name, err)
		return exitInvalid
	}
	for _, a := range exp.Apps {
		for _, g := range a.SeccompGaps {
			fmt.Fprintf(stderr, i18n.G("warning: %s: seccomp: %s\n"), a.Tag, g)
		}
		fmt.Fprintf(stdout, i18n.NG("%s: seccomp profile %s, AppArmor profile %s (%d rule that names the snap's own paths left out)\n",
			"%s: seccomp profile %s, AppArmor profile %s (%d rules that name the snap's own paths left out)\n", len(a.LeftOut)),
			a.Tag, a.SeccompProfile, a.Name, len(a.LeftOut))
	}
	fmt.Fprintf(stdout, i18n.G("wrote %d files below %s\n"), len(exp.Files), *out)
	return exitOK
}
