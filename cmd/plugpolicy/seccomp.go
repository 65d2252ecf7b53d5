// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// seccompCommands are the subcommands of "plugpolicy seccomp".
func seccompCommands() []command {
	return []command{
		{"compile", i18n.G("compile a policy source (IN.src) to a BPF filter (OUT.bin)"), runSeccompCompile},
		{"disasm", i18n.G("print the instructions of a BPF filter (IN.bin)"), runSeccompDisasm},
		{"export-oci", i18n.G("print a policy source as an OCI / Kubernetes seccomp profile (JSON)"), runSeccompExportOCI},
	}
}

func runSeccomp(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		for _, c := range seccompCommands() {
			if c.name == args[0] {
				return c.run(args[1:], stdout, stderr)
			}
		}
		if args[0] != "-h" && args[0] != "--help" && args[0] != "help" {
			fmt.Fprintf(stderr, i18n.G("plugpolicy seccomp: unknown command %q\n"), args[0])
		}
	}
	fmt.Fprintln(stderr, i18n.G("Usage: plugpolicy seccomp COMMAND [OPTIONS] ARGS..."))
	fmt.Fprintln(stderr)
	fmt.Fprintln(stderr, i18n.G("Commands:"))
	for _, c := range seccompCommands() {
		fmt.Fprintf(stderr, "  %-11s %s\n", c.name, c.summary)
	}
	return exitUsage
}

// seccompFlags parses the common flag of the seccomp subcommands (--arch)
// and checks the number of arguments.
func seccompFlags(name, argsUsage string, want int, args []string, stderr io.Writer) (bpf.Arch, []string, int) {
	fs := newFlagSet("seccomp "+name, argsUsage, stderr)
	arch := fs.String("arch", bpf.HostArch().String(), i18n.G("the filter's native `ARCH` (its compat architectures come along)"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil, exitOK
		}
		return 0, nil, exitUsage
	}
	a, err := bpf.ParseArch(*arch)
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp %s: %v\n", name, err)
		return 0, nil, exitUsage
	}
	if len(rest) != want {
		fs.Usage()
		return 0, nil, exitUsage
	}
	return a, rest, -1
}

// policyName is the name of a policy file without its directory and .src
// suffix: the security tag, for the names the backend writes.
func policyName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), ".src")
}

func runSeccompCompile(args []string, stdout, stderr io.Writer) int {
	arch, files, status := seccompFlags("compile", "IN.src OUT.bin", 2, args, stderr)
	if status >= 0 {
		return status
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp compile: %v\n", err)
		return exitInvalid
	}
	bin, err := bpf.CompileSource(policyName(files[0]), src, bpf.Options{Arch: arch})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	if err := writeAtomically(files[1], bin); err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp compile: %v\n", err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, i18n.G("%s: %d instructions for %s\n"), files[1], len(bin)/8, arch)
	return exitOK
}

// writeAtomically writes data to a temporary file beside name and renames
// it into place, so that name is never left half-written.
func writeAtomically(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".new-")
	if err != nil {
		return fmt.Errorf("cannot write %q: %w", name, err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		return fmt.Errorf("cannot write %q: %w", name, err)
	}
	return nil
}

func runSeccompDisasm(args []string, stdout, stderr io.Writer) int {
	arch, files, status := seccompFlags("disasm", "IN.bin", 1, args, stderr)
	if status >= 0 {
		return status
	}
	bin, err := os.ReadFile(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp disasm: %v\n", err)
		return exitInvalid
	}
	prog, err := bpf.Decode(bin, arch.ByteOrder())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	fmt.Fprint(stdout, prog.Disassemble())
	return exitOK
}

func runSeccompExportOCI(args []string, stdout, stderr io.Writer) int {
	arch, files, status := seccompFlags("export-oci", "IN.src", 1, args, stderr)
	if status >= 0 {
		return status
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp export-oci: %v\n", err)
		return exitInvalid
	}
	p, err := bpf.Parse(src)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	opts := bpf.Options{Arch: arch, Name: policyName(files[0])}
	profile, err := bpf.ExportOCI(p, opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	// Where libseccomp cannot hold the policy exactly, the profile denies
	// more than the policy does; say where.
	gaps, err := bpf.OCIGaps(p, opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	for _, g := range gaps {
		fmt.Fprintf(stderr, i18n.G("%s: warning: %s\n"), files[0], g)
	}
	out, err := json.MarshalIndent(profile, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp export-oci: %v\n", err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return exitOK
}
