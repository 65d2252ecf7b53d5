// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// seccompCommands are the subcommands of "plugpolicy seccomp".
func seccompCommands() []command {
	return []command{
		{"compile", i18n.G("compile a policy source (IN.src) to a BPF filter (OUT.bin)"), runSeccompCompile},
		{"disasm", i18n.G("print the instructions of a BPF filter (IN.bin) or of snap-confine's two (IN.bin2)"), runSeccompDisasm},
		{"export-oci", i18n.G("print a policy source as an OCI / Kubernetes seccomp profile (JSON)"), runSeccompExportOCI},
	}
}

func runSeccomp(args []string, stdout, stderr io.Writer) int {
	return dispatch("plugpolicy seccomp", seccompCommands(), args, stdout, stderr)
}

// seccompInput is what seccompArgs read from the command line.
type seccompInput struct {
	arch   bpf.Arch
	files  []string
	in     []byte // the first file's contents
	strict bool   // --strict, for the subcommands that read a source
}

// seccompArgs parses the common flags of the seccomp subcommands (--arch,
// and --strict for those that read a policy source, which source says),
// checks the number of arguments and reads the first, the input file.
// status is -1 when the subcommand is to go on.
func seccompArgs(name, argsUsage string, want int, source bool, args []string, stdout, stderr io.Writer) (in seccompInput, status int) {
	fs := newFlagSet("seccomp "+name, argsUsage, stdout, stderr)
	archFlag := fs.String("arch", bpf.HostArch().String(), i18n.G("the filter's native `ARCH` (its compat architectures come along)"))
	var strict *bool
	if source {
		strict = fs.Bool("strict", false, i18n.G("fail on a system call no Linux architecture has, instead of skipping its line with a warning"))
	}
	rest, status, ok := fs.parse(args)
	if !ok {
		return in, status
	}
	var err error
	if in.arch, err = bpf.ParseArch(*archFlag); err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp %s: %v\n", name, err)
		return in, exitUsage
	}
	if len(rest) != want {
		return in, fs.usageError(fmt.Sprintf(i18n.NG("want %d argument, got %d", "want %d arguments, got %d", want), want, len(rest)))
	}
	in.files, in.strict = rest, strict != nil && *strict
	if in.in, err = readSource(rest[0]); err != nil {
		fmt.Fprintf(stderr, "plugpolicy seccomp %s: %v\n", name, err)
		return in, exitInvalid
	}
	return in, -1
}

// readSource reads an input file of at most bpf.MaxSourceSize bytes
// (a policy source or an OCI profile). It refuses what is not a regular
// file (a FIFO, a device) before reading it.
func readSource(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf(i18n.G("cannot read %s: not a regular file"), name)
	}
	data, err := io.ReadAll(io.LimitReader(f, bpf.MaxSourceSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > bpf.MaxSourceSize {
		return nil, fmt.Errorf(i18n.G("cannot read %s: larger than %d bytes"), name, bpf.MaxSourceSize)
	}
	return data, nil
}

// printWarnings reports the lines of file that the parser skipped.
func printWarnings(stderr io.Writer, file string, warnings []bpf.Warning) {
	for _, w := range warnings {
		fmt.Fprintf(stderr, i18n.G("%s: warning: %s\n"), file, w)
	}
}

// policyName is the name of a policy file without its directory and .src
// suffix: the security tag, for the names the backend writes.
func policyName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), ".src")
}

func runSeccompCompile(args []string, stdout, stderr io.Writer) int {
	in, status := seccompArgs("compile", "IN.src OUT.bin", 2, true, args, stdout, stderr)
	if status >= 0 {
		return status
	}
	arch, files := in.arch, in.files
	bin, warnings, err := bpf.CompileSourceWithWarnings(policyName(files[0]), in.in, bpf.Options{Arch: arch, Strict: in.strict})
	printWarnings(stderr, files[0], warnings)
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
	in, status := seccompArgs("disasm", "IN.bin|IN.bin2", 1, false, args, stdout, stderr)
	if status >= 0 {
		return status
	}
	if bpf.IsSnapConfine(in.in) {
		return disasmSnapConfine(in.files[0], in.in, in.arch, stdout, stderr)
	}
	prog, err := bpf.Decode(in.in, in.arch.ByteOrder())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", in.files[0], err)
		return exitInvalid
	}
	fmt.Fprint(stdout, prog.Disassemble())
	return exitOK
}

// disasmSnapConfine prints the filters of a .bin2 file, allow filter
// first, as snap-confine reads them.
func disasmSnapConfine(file string, bin []byte, arch bpf.Arch, stdout, stderr io.Writer) int {
	allow, deny, unrestricted, err := bpf.DecodeSnapConfine(bin, arch.ByteOrder())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", file, err)
		return exitInvalid
	}
	if unrestricted {
		fmt.Fprint(stdout, i18n.G("# unrestricted: snap-confine loads no filter\n"))
		return exitOK
	}
	fmt.Fprintf(stdout, i18n.G("# allow filter (%d instructions)\n"), len(allow.Instructions))
	fmt.Fprint(stdout, allow.Disassemble())
	fmt.Fprintf(stdout, i18n.G("# deny filter (%d instructions)\n"), len(deny.Instructions))
	fmt.Fprint(stdout, deny.Disassemble())
	return exitOK
}

func runSeccompExportOCI(args []string, stdout, stderr io.Writer) int {
	in, status := seccompArgs("export-oci", "IN.src", 1, true, args, stdout, stderr)
	if status >= 0 {
		return status
	}
	arch, files := in.arch, in.files
	p, err := bpf.ParseWithOptions(in.in, bpf.ParseOptions{Strict: in.strict})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		return exitInvalid
	}
	printWarnings(stderr, files[0], p.Warnings)
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
