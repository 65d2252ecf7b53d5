// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/internal/pipeline"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// compileArgs are the parsed arguments of "plugpolicy compile".
type compileArgs struct {
	out      string
	files    []string
	cfg      pipeline.Config
	revision snap.Revision
	backends []interfaces.Backend
	jailmode bool
}

func parseCompileArgs(args []string, stdout, stderr io.Writer) (*compileArgs, int) {
	fs := newFlagSet("compile", "--out DIR SNAP_YAML...", stdout, stderr)
	out := fs.String("out", "", i18n.G("write the files below `DIR` (required)"))
	classic := fs.Bool("classic", false, i18n.G("compile for a classic distribution (the default)"))
	core := fs.Bool("core", false, i18n.G("compile for Ubuntu Core"))
	revision := fs.String("revision", "1", i18n.G("the snaps' `REVISION` (a number, or x1, x2... for local revisions)"))
	var connect, backendNames listFlag
	fs.Var(&connect, "connect", i18n.G("connect `SNAP:PLUG[=SNAP:SLOT]` (may be repeated)"))
	connectAll := fs.Bool("connect-all", false, i18n.G("connect every plug the system has a slot for, bypassing connection policy (a test shortcut)"))
	var declFiles listFlag
	fs.Var(&declFiles, "snap-declaration", i18n.G("the store's grant for a snap: a snap declaration in YAML (`FILE`, may be repeated)"))
	dangerous := fs.Bool("dangerous", false, i18n.G("compile what installation and connection policy refuse, warning about each refusal"))
	noAutoConnect := fs.Bool("no-auto-connect", false, i18n.G("make only the connections given with --connect"))
	fs.Var(&backendNames, "backend", i18n.G("render only this `BACKEND` (may be repeated): ")+strings.Join(pipeline.BackendNames(), ", "))
	jailmode := fs.Bool("jailmode", false, i18n.G("enforce the policy of devmode snaps"))
	arch := fs.String("arch", bpf.HostArch().String(), i18n.G("compile seccomp filters for `ARCH` and its compat architectures"))
	probe := fs.Bool("probe-host", false, i18n.G("fit the policy to this machine: its snap mount directory, remote homes, overlay root, AppArmor kernel features and apparmor_parser, kernel release and os-release"))
	host := apparmor.DefaultOptions()
	parserFeatures := fs.String("parser-features", host.Parser.String(), i18n.G("the target apparmor_parser's features, by snapd's names (`LIST`, comma-separated, or none): ")+strings.Join(apparmor.ParserFeatureNames(), ", "))
	kernelFeatures := fs.String("kernel-features", host.Kernel.String(), i18n.G("the target kernel's AppArmor features, by snapd's names (`LIST`, comma-separated, or none)"))
	snapMountDir := fs.String("snap-mount-dir", host.SnapMountDir, i18n.G("where the target mounts snaps (`DIR`)"))
	kernelSnap := fs.String("kernel-snap", host.KernelSnap, i18n.G("the kernel snap of the Ubuntu Core target (`NAME`)"))
	cpuFlags := fs.String("cpu-flags", "", i18n.G("the target processor's flags, as in /proc/cpuinfo (`LIST`, comma-separated), for kvm's kernel module"))
	snapdRevision := fs.String("snapd-revision", host.SystemSnaps[0].Revision, i18n.G("the `REVISION` of the target's snapd snap, whose snap-confine devmode snaps may run"))
	files, status, ok := fs.parse(args)
	if !ok {
		return nil, status
	}
	usageError := func(msg string) (*compileArgs, int) {
		return nil, fs.usageError(msg)
	}
	switch {
	case *out == "":
		return usageError(i18n.G("--out is required"))
	case len(files) == 0:
		return usageError(i18n.G("name at least one snap.yaml"))
	case *classic && *core:
		return usageError(i18n.G("--classic and --core exclude each other"))
	case *connectAll && *noAutoConnect:
		return usageError(i18n.G("--connect-all and --no-auto-connect exclude each other"))
	}
	pol := &pipeline.PolicyConfig{Dangerous: *dangerous, NoAutoConnect: *noAutoConnect}
	for _, file := range declFiles {
		decl, err := policy.ReadSnapDeclaration(file)
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
			return nil, exitInvalid
		}
		pol.SnapDeclarations = append(pol.SnapDeclarations, decl)
	}
	rev, err := snap.ParseRevision(*revision)
	if err != nil {
		return usageError(err.Error())
	}
	target, err := bpf.ParseArch(*arch)
	if err != nil {
		return usageError(err.Error())
	}
	opts := pipeline.BackendOptions{SeccompCompiler: seccomp.BPFCompiler{Arch: target}, AppArmor: host}
	var machine builtin.Host
	if *probe {
		if opts.AppArmor, err = probeHost(); err == nil {
			machine, err = builtin.ProbeHost(hostRoot)
		}
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
			return nil, exitInvalid
		}
	}
	// Host facts given on the command line win over the defaults and over
	// what --probe-host found.
	var hostErr error
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "parser-features":
			opts.AppArmor.Parser, hostErr = apparmor.ParseParserFeatures(*parserFeatures)
		case "kernel-features":
			opts.AppArmor.Kernel = apparmor.ParseKernelFeatures(*kernelFeatures)
		case "snap-mount-dir":
			opts.AppArmor.SnapMountDir = *snapMountDir
		case "kernel-snap":
			opts.AppArmor.KernelSnap = *kernelSnap
		case "cpu-flags":
			machine.CPUFlags = nil
			for _, f := range strings.Split(*cpuFlags, ",") {
				if f = strings.TrimSpace(f); f != "" {
					machine.CPUFlags = append(machine.CPUFlags, f)
				}
			}
		case "snapd-revision":
			opts.AppArmor.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd", Revision: *snapdRevision}}
		}
	})
	if hostErr != nil {
		return usageError(hostErr.Error())
	}
	if *core {
		opts.AppArmor.Core = true
	} else if *classic {
		opts.AppArmor.Core = false
	}
	if err := seccompHost(&opts, target, *probe); err != nil {
		fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
		return nil, exitInvalid
	}
	backends, err := selectBackends(backendNames, opts)
	if err != nil {
		return usageError(err.Error())
	}
	return &compileArgs{
		out: *out, files: files, revision: rev, backends: backends, jailmode: *jailmode,
		cfg: pipeline.Config{Core: *core, Connect: connect, ConnectAll: *connectAll,
			Catalog: builtin.ForHost(builtin.Interfaces(), machine), Policy: pol},
	}, exitOK
}

// hostRoot is the root directory --probe-host looks at; tests point it
// at a fake system.
var hostRoot = "/"

// probeHost returns the AppArmor options of the system at hostRoot, with
// the features of the apparmor_parser on $PATH (none when there is none).
func probeHost() (apparmor.Options, error) {
	parser, err := exec.LookPath("apparmor_parser")
	if err != nil {
		parser = ""
	}
	return apparmor.ProbeHost(hostRoot, parser, func(name string, args ...string) error {
		return exec.Command(name, args...).Run()
	})
}

// seccompHost fills the seccomp backend's host facts: the target
// architecture, the kernel and os-release of this machine with
// --probe-host, and whether AppArmor confines fully, judged from the
// AppArmor facts already settled (defaults, --probe-host, the feature
// flags), so the two backends never disagree about the host.
func seccompHost(opts *pipeline.BackendOptions, target bpf.Arch, probe bool) error {
	if probe {
		probed, err := seccomp.ProbeHost(hostRoot, opts.AppArmor)
		if err != nil {
			return err
		}
		opts.Seccomp = probed
	}
	opts.Seccomp.Arch = target
	opts.Seccomp.AppArmorIncomplete = seccomp.AppArmorIncomplete(opts.AppArmor)
	return nil
}

// selectBackends returns the named backends, or all of them.
func selectBackends(names []string, opts pipeline.BackendOptions) ([]interfaces.Backend, error) {
	all := pipeline.Backends(opts)
	if len(names) == 0 {
		return all, nil
	}
	var out []interfaces.Backend
	for _, name := range names {
		found := false
		for _, b := range all {
			if b.Name() == name {
				out, found = append(out, b), true
			}
		}
		if !found {
			return nil, fmt.Errorf(i18n.G("unknown backend %q: use one of %s"), name, strings.Join(pipeline.BackendNames(), ", "))
		}
	}
	return out, nil
}

func runCompile(args []string, stdout, stderr io.Writer) int {
	a, status := parseCompileArgs(args, stdout, stderr)
	if a == nil {
		return status
	}
	var infos []*snap.Info
	failed := false
	for _, file := range a.files {
		info, err := snap.ParseFile(file, snap.Options{Revision: a.revision})
		if err != nil {
			printParseError(stderr, file, err)
			failed = true
			continue
		}
		infos = append(infos, info)
	}
	if failed {
		return exitInvalid
	}
	p, err := pipeline.New(infos, a.cfg)
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
		return exitInvalid
	}
	for _, name := range p.Snaps {
		for _, r := range p.Rejected[name] {
			fmt.Fprintf(stderr, i18n.G("warning: snap %q: %s %q left out: %s\n"), name, r.Kind, r.Name, rejectReason(r))
		}
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(stderr, i18n.G("warning: %s\n"), w)
	}
	printAutoConnect(stdout, p)
	for _, name := range p.Snaps {
		if !ensureSnap(stdout, stderr, p, name, a) {
			return exitInvalid
		}
	}
	return exitOK
}

// printAutoConnect says what auto-connection connected and which plugs
// it left alone, and why.
func printAutoConnect(stdout io.Writer, p *pipeline.Pipeline) {
	for _, ref := range p.AutoConnected {
		fmt.Fprintf(stdout, i18n.G("auto-connected %s\n"), ref.ID())
	}
	for _, u := range p.Unconnected {
		fmt.Fprintf(stdout, i18n.G("not connected %s: %s\n"), u.Plug, u.Reason)
	}
}

func rejectReason(r interfaces.Rejected) string {
	if r.Reason == interfaces.ReasonUnknownInterface {
		return fmt.Sprintf(i18n.G("interface %q is not in the catalog"), r.Interface)
	}
	return fmt.Sprintf(i18n.G("interface %q: %s"), r.Interface, r.Reason)
}

// ensureSnap writes one snap's files with every backend and reports what
// it did.
func ensureSnap(stdout, stderr io.Writer, p *pipeline.Pipeline, name string, a *compileArgs) bool {
	info := p.Repo.Snap(name)
	conf := interfaces.ConfinementFor(info, a.jailmode)
	var conns []string
	refs, _ := p.Repo.Connections(name)
	for _, r := range refs {
		conns = append(conns, r.ID())
	}
	fmt.Fprintf(stdout, i18n.G("snap %s (revision %s, %s confinement): %d connections\n"), name, info.Revision, info.Confinement, len(conns))
	for _, c := range conns {
		fmt.Fprintf(stdout, "  %s\n", c)
	}
	for _, b := range a.backends {
		changes, err := interfaces.Ensure(a.out, b, p.Repo, name, interfaces.EnsureOptions{Confinement: &conf})
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy compile: %v\n", err)
			return false
		}
		fmt.Fprintf(stdout, "  %s: %s\n", b.Name(), describeChanges(changes))
		for _, f := range changes.Changed {
			fmt.Fprintf(stdout, "    %s %s\n", i18n.G("wrote"), f)
		}
		for _, f := range changes.Removed {
			fmt.Fprintf(stdout, "    %s %s\n", i18n.G("removed"), f)
		}
	}
	return true
}

func describeChanges(c interfaces.Changes) string {
	var parts []string
	if n := len(c.Changed); n > 0 {
		parts = append(parts, fmt.Sprintf(i18n.NG("%d file written", "%d files written", n), n))
	}
	if n := len(c.Unchanged); n > 0 {
		parts = append(parts, fmt.Sprintf(i18n.NG("%d file unchanged", "%d files unchanged", n), n))
	}
	if n := len(c.Removed); n > 0 {
		parts = append(parts, fmt.Sprintf(i18n.NG("%d file removed", "%d files removed", n), n))
	}
	if len(parts) == 0 {
		return i18n.G("nothing to write")
	}
	return strings.Join(parts, ", ")
}

// printParseError prints a snap.yaml's problems as FILE:LINE: PATH: MESSAGE.
func printParseError(stderr io.Writer, file string, err error) {
	var verr *snap.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Fprintln(stderr, problemLine(file, p, false))
		}
		return
	}
	fmt.Fprintf(stderr, "%s: %v\n", file, err)
}
