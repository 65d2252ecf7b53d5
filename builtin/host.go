// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

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
// catalog given is not changed.
func ForHost(catalog []interfaces.Interface, h Host) []interfaces.Interface {
	out := make([]interfaces.Interface, len(catalog))
	for i, iface := range catalog {
		if d, ok := iface.(hostDependent); ok {
			iface = d.forHost(h)
		}
		out[i] = iface
	}
	return out
}
