// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Command plugpolicy compiles snap interface declarations into confinement
// policy:
//
//	plugpolicy compile [--classic|--core] [--revision N] [--connect SNAP:PLUG[=SNAP:SLOT]]...
//	                   [--snap-declaration FILE]... [--dangerous] [--no-auto-connect]
//	                   [--connect-all] [--strict] [--json] [--backend NAME]... [--jailmode] [--arch ARCH]
//	                   [--probe-host] --out DIR SNAP_YAML...
//	plugpolicy connections [COMPILE FLAGS] [--json] SNAP_YAML...
//	plugpolicy explain [COMPILE FLAGS] [--template=false] SNAP_YAML... APP
//	plugpolicy export kubernetes [COMPILE FLAGS] [--namespace NS] --out DIR SNAP_YAML...
//	plugpolicy validate [--json] [--instance-key KEY] SNAP_YAML...
//	plugpolicy check [--json] [--arch ARCH] [--apparmor-parser PATH] DIR
//	plugpolicy diff [--stat] DIR1 DIR2
//	plugpolicy seccomp compile [--arch ARCH] [--strict] IN.src OUT.bin
//	plugpolicy seccomp export-oci [--arch ARCH] [--strict] IN.src
//	plugpolicy seccomp disasm [--arch ARCH] IN.bin
//	plugpolicy interfaces [--json]
//	plugpolicy interface NAME [--json]
//	plugpolicy sandbox-features [--defaults] [--json]
//	plugpolicy version
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/plugpolicy/plugpolicy/internal/i18n"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // the input has problems
	exitUsage   = 2 // the command line is wrong
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is a subcommand of plugpolicy.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"check", i18n.G("check a compiled tree: every file one compile writes, and accepted by what reads it"), runCheck},
		{"compile", i18n.G("compile snap.yaml files into AppArmor, seccomp, udev, kmod, systemd and mount files"), runCompile},
		{"connections", i18n.G("show what the snaps' plugs and slots would connect to, and why not (a dry run)"), runConnections},
		{"diff", i18n.G("show what changed between two compiled trees"), runDiff},
		{"explain", i18n.G("show an app's policy, line by line, by where each rule came from"), runExplain},
		{"export", i18n.G("export compiled policy for other systems: kubernetes"), runExport},
		{"interface", i18n.G("show one interface: its policy, plug attributes and backend hooks"), runInterface},
		{"interfaces", i18n.G("list the catalog's interfaces, where they are implicit and whether they auto-connect"), runInterfaces},
		{"sandbox-features", i18n.G("show the host facts compile --probe-host would use, or compile's defaults"), runSandboxFeatures},
		{"seccomp", i18n.G("compile, disassemble and export seccomp policies"), runSeccomp},
		{"validate", i18n.G("check snap.yaml files and show their apps, hooks, plugs and slots"), runValidate},
		{"version", i18n.G("show plugpolicy's version, its catalog and the snapd its rules follow"), runVersion},
	}
}

// run runs plugpolicy with the given arguments and returns its exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return dispatch("plugpolicy", commands(), args, stdout, stderr)
}

// dispatch runs the command of cmds that args[0] names; prog is the
// command line so far ("plugpolicy", "plugpolicy seccomp"). Help goes to
// stdout; no command, or an unknown one, is a usage error.
func dispatch(prog string, cmds []command, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr, prog, cmds)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			// "help CMD ..." is "CMD ... --help".
			return dispatch(prog, cmds, append(args[1:], "--help"), stdout, stderr)
		}
		usage(stdout, prog, cmds)
		return exitOK
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, i18n.G("%s: unknown command %q\n"), prog, args[0])
	usage(stderr, prog, cmds)
	return exitUsage
}

func usage(w io.Writer, prog string, cmds []command) {
	fmt.Fprintf(w, i18n.G("Usage: %s COMMAND [OPTIONS] ARGS...\n"), prog)
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.G("Commands:"))
	width := 0
	for _, c := range cmds {
		width = max(width, len(c.name))
	}
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-*s %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, i18n.G("Run \"%s help COMMAND\" for the options of a command.\n"), prog)
}

// parseFlags parses flags that may come before, between or after the
// positional arguments, and returns the positional ones. "--" ends the
// flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// flagSet is a command's flags: help goes to stdout with exit status 0,
// usage errors are one line on stderr that points at --help.
type flagSet struct {
	*flag.FlagSet
	name, argsUsage string
	stdout, stderr  io.Writer
	// about, when set, is printed below the usage line of the help.
	about string
}

// newFlagSet makes the flag set of the command name ("compile",
// "seccomp compile") whose positional arguments argsUsage describes.
func newFlagSet(name, argsUsage string, stdout, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("plugpolicy "+name, flag.ContinueOnError),
		name: name, argsUsage: argsUsage, stdout: stdout, stderr: stderr}
	// The flag package would print its own error and then call Usage,
	// for -h too; parse below says what is wrong, and help prints the
	// options.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args; with ok false, the command is over with status.
func (fs *flagSet) parse(args []string) (positional []string, status int, ok bool) {
	positional, err := parseFlags(fs.FlagSet, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.help()
		return nil, exitOK, false
	case err != nil:
		return nil, fs.usageError(err.Error()), false
	}
	return positional, exitOK, true
}

// help prints the command's usage and options to stdout.
func (fs *flagSet) help() {
	w := fs.stdout
	// A command without positional arguments gets no trailing blank.
	fmt.Fprint(w, strings.Replace(fmt.Sprintf(i18n.G("Usage: plugpolicy %s [OPTIONS] %s\n"), fs.name, fs.argsUsage), " \n", "\n", 1))
	if fs.about != "" {
		fmt.Fprintln(w)
		fmt.Fprint(w, fs.about)
	}
	var opts strings.Builder
	fs.SetOutput(&opts)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if opts.Len() > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, i18n.G("Options:"))
		// Every flag reads --flag, as the README writes them.
		fmt.Fprint(w, strings.TrimPrefix(strings.ReplaceAll("\n"+opts.String(), "\n  -", "\n  --"), "\n"))
	}
}

// hint points at --help after a usage error.
func (fs *flagSet) hint() {
	fmt.Fprint(fs.stderr, strings.Replace(fmt.Sprintf(i18n.G("Usage: plugpolicy %s [OPTIONS] %s\nRun \"plugpolicy %s --help\" for the options.\n"), fs.name, fs.argsUsage, fs.name), " \n", "\n", 1))
}

// usageError prints a usage error and the hint, and returns exitUsage.
func (fs *flagSet) usageError(msg string) int {
	fmt.Fprintf(fs.stderr, "plugpolicy %s: %s\n", fs.name, msg)
	fs.hint()
	return exitUsage
}
