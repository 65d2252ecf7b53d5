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

	"github.com/plugpolicy/plugpolicy/internal/fileset"
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
	return dispatch("plugpolicy seccomp", seccompCommands(), args, stdout, stderr)
}

// seccompArgs parses the common flag of the seccomp subcommands (--arch),
// checks the number of arguments and reads the first, the input file.
// status is -1 when the subcommand is to go on.
func seccompArgs(name, argsUsage string, want int, args []string, stderr io.Writer) (arch bpf.Arch, files []string, in []byte, status int) {
	fs := newFlagSet("seccomp "+name, argsUsage, stderr)
	archFlag := fs.String("arch", bpf.HostArch().String(), i18n.G("the filter's native `ARCH` (its compat architectures come along)"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil, nil, exitOK
		}
		return 0, nil, nil, exitUsage
	}
	a, err := bpf.ParseArch(*archFlag)
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp %s: %v\n", name, err)
		return 0, nil, nil, exitUsage
	}
	if len(rest) != want {
		fs.Usage()
		return 0, nil, nil, exitUsage
	}
	in, err = os.ReadFile(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp %s: %v\n", name, err)
		return 0, nil, nil, exitInvalid
	}
	return a, rest, in, -1
}

// policyName is the name of a policy file without its directory and .src
// suffix: the security tag, for the names the backend writes.
func policyName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), ".src")
}

func runSeccompCompile(args []string, stdout, stderr io.Writer) int {
	arch, files, src, status := seccompArgs("compile", "IN.src OUT.bin", 2, args, stderr)
	if status >= 0 {
		return status
	}
	bin, err := bpf.CompileSource(policyName(files[0]), src, bpf.Options{Arch: arch})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	if err := fileset.WriteFile(files[1], bin); err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp compile: %v\n", err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, i18n.G("%s: %d instructions for %s\n"), files[1], len(bin)/8, arch)
	return exitOK
}

func runSeccompDisasm(args []string, stdout, stderr io.Writer) int {
	arch, files, bin, status := seccompArgs("disasm", "IN.bin", 1, args, stderr)
	if status >= 0 {
		return status
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
	arch, files, src, status := seccompArgs("export-oci", "IN.src", 1, args, stderr)
	if status >= 0 {
		return status
	}
	p, err := bpf.Parse(src)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	// Where libseccomp cannot hold the policy exactly, the profile denies
	// more than the policy does; say where.
	profile, gaps, err := bpf.ExportOCIWithGaps(p, bpf.Options{Arch: arch, Name: policyName(files[0])})
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
