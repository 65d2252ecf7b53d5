// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

// Host holds the facts about the target machine that a few interfaces
// need and that snapd reads from the running system while it sets a snap
// up. plugpolicy never reads the machine it runs on while rendering: the
// caller states the facts (a probe, a command line option, a test
// scenario) and ForHost gives them to the interfaces.
type Host struct {
	// CPUFlags are the words of the "flags" lines of /proc/cpuinfo. Empty
	// means none are known, and interfaces then behave as snapd does on a
	// processor without the flags they look for.
	CPUFlags []string
	// Dirs are the directories of HostDirs that the host has (opengl
	// bind-mounts the host's NVIDIA profiles and WSL libraries, desktop
	// its fonts and font cache, when they exist). Empty means none.
	Dirs []string
	// BootConfig says whether the host has kernel configurations,
	// /boot/config-*: system-observe then binds the host's /boot into
	// its snaps.
	BootConfig bool
}

// HostDirs are the host directories whose presence an interface's rules
// depend on, the only ones ProbeHost looks for.
var HostDirs = []string{
	"/usr/share/nvidia", "/usr/lib/wsl",
	"/usr/share/fonts", "/usr/local/share/fonts", "/var/cache/fontconfig",
}

// HostCPUFlags are the processor flags whose presence an interface's
// rules depend on: kvm's kernel module is kvm_intel with vmx, kvm_amd
// with svm.
var HostCPUFlags = []string{"vmx", "svm"}

// HasDir tells whether the host has the directory.
func (h Host) HasDir(dir string) bool {
	for _, d := range h.Dirs {
		if d == dir {
			return true
		}
	}
	return false
}

// HasCPUFlag tells whether the host's processor has the flag.
func (h Host) HasCPUFlag(flag string) bool {
	for _, f := range h.CPUFlags {
		if f == flag {
			return true
		}
	}
	return false
}

// hostDependent is an interface whose rules depend on host facts: forHost
// returns a new value of it for that host, leaving the receiver as it is.
type hostDependent interface {
	forHost(h Host) interfaces.Interface
}

// ForHost returns a copy of the catalog in which every interface whose
// rules depend on host facts is replaced by one made for the host. The
// catalog given is not changed; a nil catalog is the builtin one
// (Interfaces).
func ForHost(catalog []interfaces.Interface, h Host) []interfaces.Interface {
	if catalog == nil {
		catalog = Interfaces()
	}
	out := make([]interfaces.Interface, len(catalog))
	for i, iface := range catalog {
		if d, ok := iface.(hostDependent); ok {
			iface = d.forHost(h)
		}
		out[i] = iface
	}
	return out
}

// ParseCPUInfo returns the processor flags of a /proc/cpuinfo: the words
// of its "flags" lines, each once, in the order first seen.
func ParseCPUInfo(data []byte) []string {
	var flags []string
	seen := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(key) != "flags" {
			continue
		}
		for _, f := range strings.Fields(value) {
			if !seen[f] {
				seen[f] = true
				flags = append(flags, f)
			}
		}
	}
	return flags
}

// ProbeHost reads the host facts of the system whose root directory is
// root (the processor flags, which of HostDirs exist, and whether
// /boot/config-* does). It is for
// callers that compile for the machine they run on; a system without
// /proc/cpuinfo has no known flags, as for snapd.
func ProbeHost(root string) (Host, error) {
	var h Host
	for _, d := range HostDirs {
		if fi, err := os.Stat(filepath.Join(root, d)); err == nil && fi.IsDir() {
			h.Dirs = append(h.Dirs, d)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(root, "boot", "config-*")); len(m) > 0 {
		h.BootConfig = true
	}
	data, err := os.ReadFile(filepath.Join(root, "proc", "cpuinfo"))
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return Host{}, fmt.Errorf("cannot read the processor flags: %w", err)
	}
	h.CPUFlags = ParseCPUInfo(data)
	return h, nil
}
