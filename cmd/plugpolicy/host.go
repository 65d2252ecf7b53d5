// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"os/exec"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// hostRoot is the root directory --probe-host (and sandbox-features)
// looks at; tests point it at a fake system.
var hostRoot = "/"

// hostFacts are the facts about the target system that compile renders
// for: the AppArmor backend's, the seccomp backend's and those of the
// interfaces that depend on the host (plugpolicy.Options' AppArmor,
// Seccomp and Host).
type hostFacts struct {
	AppArmor apparmor.Options
	Seccomp  seccomp.Options
	Machine  builtin.Host
	// Parser is the apparmor_parser whose features were probed; "" when
	// none was (no probe, or none on $PATH).
	Parser string
}

// defaultHostFacts returns the facts compile uses without --probe-host
// (see apparmor.DefaultOptions; the seccomp and interface facts are
// their zero values: a current kernel, no processor flags, no host
// directories).
func defaultHostFacts() hostFacts {
	return hostFacts{AppArmor: apparmor.DefaultOptions()}
}

// probeHostFacts probes the system at hostRoot: apparmor.ProbeHost, with
// the features of the apparmor_parser on $PATH (none when there is
// none), seccomp.ProbeHost and builtin.ProbeHost.
func probeHostFacts() (hostFacts, error) {
	var h hostFacts
	parser, err := exec.LookPath("apparmor_parser")
	if err == nil {
		h.Parser = parser
	}
	h.AppArmor, err = apparmor.ProbeHost(hostRoot, h.Parser, func(name string, args ...string) error {
		return exec.Command(name, args...).Run()
	})
	if err != nil {
		return hostFacts{}, err
	}
	if h.Seccomp, err = seccomp.ProbeHost(hostRoot, h.AppArmor); err != nil {
		return hostFacts{}, err
	}
	if h.Machine, err = builtin.ProbeHost(hostRoot); err != nil {
		return hostFacts{}, err
	}
	return h, nil
}

// settle fills the seccomp facts that follow from the others once they
// are final: the target architecture, and whether AppArmor confines
// fully, judged from the AppArmor facts, as plugpolicy.Compile settles
// them for compile (see plugpolicy.Options.Seccomp), so that
// sandbox-features shows what compile renders for.
func (h *hostFacts) settle(target bpf.Arch) {
	h.Seccomp.Arch = target
	h.Seccomp.AppArmorIncomplete = seccomp.AppArmorIncomplete(h.AppArmor)
}
