// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/internal/par"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// compileFlags are the flags of every command that compiles snaps
// (compile, connections, explain, export kubernetes): what the target
// system is, the grants and the connections.
type compileFlags struct {
	fs                                     *flagSet
	classic, core, connectAll, dangerous   *bool
	noAutoConnect, jailmode, probe, strict *bool
	revision, arch                         *string
	parserFeatures, kernelFeatures         *string
	snapMountDir, kernelSnap, cpuFlags     *string
	snapdRevision                          *string
	connect, backendNames, declFiles       listFlag
	host                                   apparmor.Options
}

// addCompileFlags defines the compile flags on fs.
func addCompileFlags(fs *flagSet) *compileFlags {
	f := &compileFlags{fs: fs, host: defaultHostFacts().AppArmor}
	f.classic = fs.Bool("classic", false, i18n.G("compile for a classic distribution (the default)"))
	f.core = fs.Bool("core", false, i18n.G("compile for Ubuntu Core"))
	f.revision = fs.String("revision", "1", i18n.G("the snaps' `REVISION` (a number, or x1, x2... for local revisions)"))
	fs.Var(&f.connect, "connect", i18n.G("connect `SNAP:PLUG[=SNAP:SLOT]` (may be repeated)"))
	f.connectAll = fs.Bool("connect-all", false, i18n.G("connect every plug the system has a slot for, bypassing connection policy (a test shortcut)"))
	fs.Var(&f.declFiles, "snap-declaration", i18n.G("the store's grant for a snap: a snap declaration in YAML (`FILE`, may be repeated)"))
	f.dangerous = fs.Bool("dangerous", false, i18n.G("compile what installation and connection policy refuse, warning about each refusal"))
	f.noAutoConnect = fs.Bool("no-auto-connect", false, i18n.G("make only the connections given with --connect"))
	f.strict = fs.Bool("strict", false, i18n.G("fail on warnings: snap.yaml keys that are ignored, plugs and slots of unknown interfaces, policy bypassed"))
	fs.Var(&f.backendNames, "backend", i18n.G("render only this `BACKEND` (may be repeated): ")+strings.Join(plugpolicy.BackendNames(), ", "))
	f.jailmode = fs.Bool("jailmode", false, i18n.G("enforce the policy of devmode snaps"))
	f.arch = fs.String("arch", bpf.HostArch().String(), i18n.G("compile seccomp filters for `ARCH` and its compat architectures"))
	f.probe = fs.Bool("probe-host", false, i18n.G("fit the policy to this machine: its snap mount directory, remote homes, overlay root, AppArmor kernel features and apparmor_parser, kernel release and os-release"))
	f.parserFeatures = fs.String("parser-features", f.host.Parser.String(), i18n.G("the target apparmor_parser's features, by snapd's names (`LIST`, comma-separated, or none): ")+strings.Join(apparmor.ParserFeatureNames(), ", "))
	f.kernelFeatures = fs.String("kernel-features", f.host.Kernel.String(), i18n.G("the target kernel's AppArmor features, by snapd's names (`LIST`, comma-separated, or none)"))
	f.snapMountDir = fs.String("snap-mount-dir", f.host.SnapMountDir, i18n.G("where the target mounts snaps (`DIR`)"))
	f.kernelSnap = fs.String("kernel-snap", f.host.KernelSnap, i18n.G("the kernel snap of the Ubuntu Core target (`NAME`)"))
	f.cpuFlags = fs.String("cpu-flags", "", i18n.G("the target processor's flags, as in /proc/cpuinfo (`LIST`, comma-separated), for kvm's kernel module"))
	f.snapdRevision = fs.String("snapd-revision", f.host.SystemSnaps[0].Revision, i18n.G("the `REVISION` of the target's snapd snap, whose snap-confine devmode snaps may run"))
	return f
}

// options turns the parsed flags into compile options and the snaps'
// revision. With ok false the command is over with status: a usage error
// (2) or a file or host that cannot be read (1), already reported.
func (f *compileFlags) options(stderr io.Writer) (opts plugpolicy.Options, rev snap.Revision, status int, ok bool) {
	fail := func(status int) (plugpolicy.Options, snap.Revision, int, bool) {
		return plugpolicy.Options{}, snap.Revision{}, status, false
	}
	switch {
	case *f.classic && *f.core:
		return fail(f.fs.usageError(i18n.G("--classic and --core exclude each other")))
	case *f.connectAll && *f.noAutoConnect:
		return fail(f.fs.usageError(i18n.G("--connect-all and --no-auto-connect exclude each other")))
	}
	rev, err := snap.ParseRevision(*f.revision)
	if err != nil {
		return fail(f.fs.usageError(err.Error()))
	}
	target, err := bpf.ParseArch(*f.arch)
	if err != nil {
		return fail(f.fs.usageError(err.Error()))
	}
	for _, name := range f.backendNames {
		if !slices.Contains(plugpolicy.BackendNames(), name) {
			return fail(f.fs.usageError(fmt.Sprintf(i18n.G("unknown backend %q: use one of %s"), name, strings.Join(plugpolicy.BackendNames(), ", "))))
		}
	}
	opts = plugpolicy.Options{Core: *f.core, Connect: f.connect, ConnectAll: *f.connectAll,
		NoAutoConnect: *f.noAutoConnect, Dangerous: *f.dangerous, Strict: *f.strict,
		JailMode: *f.jailmode, Backends: f.backendNames, Arch: target}
	for _, file := range f.declFiles {
		decl, err := policy.ReadSnapDeclaration(file)
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy %s: %v\n", f.fs.name, err)
			return fail(exitInvalid)
		}
		opts.SnapDeclarations = append(opts.SnapDeclarations, decl)
	}
	if status, ok := f.hostOptions(&opts, stderr); !ok {
		return fail(status)
	}
	return opts, rev, exitOK, true
}

// hostOptions fills the host facts: the defaults, or what --probe-host
// finds (probeHostFacts, which sandbox-features prints too), and over
// them the host flags given.
func (f *compileFlags) hostOptions(opts *plugpolicy.Options, stderr io.Writer) (int, bool) {
	facts := defaultHostFacts()
	if *f.probe {
		var err error
		if facts, err = probeHostFacts(); err != nil {
			fmt.Fprintf(stderr, "plugpolicy %s: %v\n", f.fs.name, err)
			return exitInvalid, false
		}
	}
	aa, machine := facts.AppArmor, facts.Machine
	// Host facts given on the command line win over the defaults and over
	// what --probe-host found.
	var hostErr error
	f.fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "parser-features":
			aa.Parser, hostErr = apparmor.ParseParserFeatures(*f.parserFeatures)
		case "kernel-features":
			aa.Kernel = apparmor.ParseKernelFeatures(*f.kernelFeatures)
		case "snap-mount-dir":
			aa.SnapMountDir = *f.snapMountDir
		case "kernel-snap":
			aa.KernelSnap = *f.kernelSnap
		case "cpu-flags":
			machine.CPUFlags = nil
			for _, flag := range strings.Split(*f.cpuFlags, ",") {
				if flag = strings.TrimSpace(flag); flag != "" {
					machine.CPUFlags = append(machine.CPUFlags, flag)
				}
			}
		case "snapd-revision":
			aa.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd", Revision: *f.snapdRevision}}
		}
	})
	if hostErr != nil {
		return f.fs.usageError(hostErr.Error()), false
	}
	opts.AppArmor, opts.Host = &aa, machine
	if *f.probe && aa.Core && !*f.classic {
		// An Ubuntu Core host is compiled for as Core: its system snap
		// offers Core's implicit slots, as its templates use Core's paths.
		opts.Core = true
	}
	// The kernel and os-release of this machine with --probe-host;
	// Compile derives the architecture and whether AppArmor confines
	// fully from the facts settled above, so the two backends never
	// disagree about the host.
	opts.Seccomp = facts.Seccomp
	return exitOK, true
}

// readSnaps parses the snap.yaml files: their problems go to stderr as
// validate prints them, and so do their warnings; ok is false when one of
// them is invalid.
func readSnaps(files []string, rev snap.Revision, stderr io.Writer) (infos []*snap.Info, ok bool) {
	ok = true
	parsed := make([]*snap.Info, len(files))
	errs := make([]error, len(files))
	par.Do(len(files), func(i int) { parsed[i], errs[i] = snap.ParseFile(files[i], snap.Options{Revision: rev}) })
	for i, file := range files {
		info, err := parsed[i], errs[i]
		if err != nil {
			printParseError(stderr, file, err)
			ok = false
			continue
		}
		for _, w := range info.Warnings {
			fmt.Fprintln(stderr, problemLine(file, w, true))
		}
		infos = append(infos, info)
	}
	return infos, ok
}
