// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// requiresSocketcall tells whether the policy of a snap with the given base
// must allow socketcall(2). Only i386 and s390x programs may need it: on
// kernels before 4.3, which lack the separate socket calls there, on
// Ubuntu 14.04 and older, and with the bases whose C library was built to
// use it (no base, core, core16; core16's would not need it, but its
// policy always had it).
func requiresSocketcall(opts Options, base string) bool {
	if opts.Arch != bpf.ArchI386 && opts.Arch != bpf.ArchS390X {
		return false
	}
	if opts.KernelVersion != "" && compareVersion(opts.KernelVersion, []int{4, 3}) < 0 {
		return true
	}
	if opts.OSID == "ubuntu" && compareVersion(opts.OSVersionID, []int{14, 4}) <= 0 {
		return true
	}
	switch base {
	case "", "core", "core16":
		return true
	}
	return false
}

// leadingNumbers reads the dot-separated numbers a version starts with:
// "4.2.0-42-generic" is 4, 2, 0; "14.04" is 14, 4.
func leadingNumbers(v string) []int {
	var out []int
	for _, part := range strings.Split(v, ".") {
		end := 0
		for end < len(part) && part[end] >= '0' && part[end] <= '9' {
			end++
		}
		if end == 0 {
			break
		}
		n, err := strconv.Atoi(part[:end])
		if err != nil {
			break
		}
		out = append(out, n)
		if end < len(part) {
			break
		}
	}
	return out
}

// compareVersion compares the leading numbers of v with want, missing
// numbers counting as 0.
func compareVersion(v string, want []int) int {
	have := leadingNumbers(v)
	for i := 0; i < max(len(have), len(want)); i++ {
		var a, b int
		if i < len(have) {
			a = have[i]
		}
		if i < len(want) {
			b = want[i]
		}
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	return 0
}

// preferredKernelFeatures are the AppArmor kernel features without which
// snapd counts AppArmor as partial.
var preferredKernelFeatures = []string{"caps", "dbus", "domain", "file", "mount", "namespaces", "network", "ptrace", "signal"}

// AppArmorIncomplete tells, from the AppArmor host facts, whether AppArmor
// falls short of fully confining snaps, as snapd judges it: a kernel
// without one of the features snapd prefers (none at all when it has no
// AppArmor), or a parser without "unsafe" (change_profile unsafe).
func AppArmorIncomplete(aa apparmor.Options) bool {
	for _, f := range preferredKernelFeatures {
		if !aa.Kernel.Has(f) {
			return true
		}
	}
	return !aa.Parser.Unsafe
}

// ProbeHost fills Options from a running system: the kernel's
// architecture and release (from proc/sys/kernel below root; the
// architecture plugpolicy runs on when the kernel does not say), the
// os-release ID and VERSION_ID, and, from aa (what apparmor.ProbeHost
// found), whether AppArmor fully confines. root is the system's root
// directory ("/" for this machine).
//
// Rendering never probes: callers that want host facts call this and pass
// the result to the Backend.
func ProbeHost(root string, aa apparmor.Options) (Options, error) {
	opts := Options{Arch: bpf.HostArch(), AppArmorIncomplete: AppArmorIncomplete(aa)}
	release, err := readHostFile(root, "proc/sys/kernel/osrelease")
	if err != nil {
		return Options{}, err
	}
	opts.KernelVersion = release
	machine, err := readHostFile(root, "proc/sys/kernel/arch")
	if err != nil {
		return Options{}, err
	}
	if machine != "" {
		opts.Arch = archOfMachine(machine)
	}
	if opts.OSID, opts.OSVersionID, err = apparmor.OSRelease(root); err != nil {
		return Options{}, err
	}
	return opts, nil
}

// readHostFile returns the trimmed contents of a file below root, or ""
// when it does not exist.
func readHostFile(root, name string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, name))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot probe the host: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// archOfMachine maps a kernel's machine name (uname -m) to the
// architecture; ArchInvalid for one plugpolicy has no tables for.
func archOfMachine(machine string) bpf.Arch {
	switch {
	case machine == "x86_64":
		return bpf.ArchAMD64
	case len(machine) == 4 && machine[0] == 'i' && strings.HasSuffix(machine, "86"):
		return bpf.ArchI386
	case machine == "aarch64" || machine == "arm64":
		return bpf.ArchARM64
	case strings.HasPrefix(machine, "arm"):
		return bpf.ArchARM
	case machine == "ppc64le":
		return bpf.ArchPPC64LE
	case machine == "s390x":
		return bpf.ArchS390X
	case machine == "riscv64":
		return bpf.ArchRISCV64
	}
	return bpf.ArchInvalid
}
