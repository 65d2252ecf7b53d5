// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package fleet generates the synthetic fleet that plugpolicy's
// benchmarks compile: N snaps, each with 3 apps that all plug the same 8
// plugs of common interfaces, so that with ConnectAll a fleet of N snaps
// has 8N connections bound to 24N app plugs, and every backend has work
// (AppArmor and seccomp for every app, udev rules from opengl and
// hardware-observe, a module list from kernel-module-load, a user mount
// profile from personal-files). The fleet is the same on every run.
package fleet

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy"
)

// Apps is the number of apps of each snap.
const Apps = 3

// Plugs are the interfaces each snap plugs, one plug of each, named after
// it; every app plugs all of them.
var Plugs = []string{
	"network", "network-bind", "home", "opengl",
	"hardware-observe", "system-observe", "kernel-module-load", "personal-files",
}

// Name is the name of the i-th snap of a fleet (from 0).
func Name(i int) string {
	return fmt.Sprintf("fleet%04d", i)
}

// Generate returns the snap.yaml documents of a fleet of n snaps, in
// order of Name.
func Generate(n int) [][]byte {
	docs := make([][]byte, n)
	for i := range docs {
		docs[i] = Snap(i)
	}
	return docs
}

// Snap returns the snap.yaml of the i-th snap of a fleet. Snaps differ in
// their name, version and the kernel module they load, so that no two
// render the same files.
func Snap(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nversion: \"1.%d\"\nsummary: fleet snap %d\nbase: core24\n", Name(i), i, i)
	b.WriteString("plugs:\n")
	for _, iface := range Plugs {
		fmt.Fprintf(&b, "  %s:\n    interface: %s\n", iface, iface)
		if iface == "kernel-module-load" {
			fmt.Fprintf(&b, "    modules:\n    - name: fleetmod%d\n      load: on-boot\n      options: index=%d\n", i, i)
		}
		if iface == "personal-files" {
			fmt.Fprintf(&b, "    write: [$HOME/.config/%s/settings]\n", Name(i))
		}
	}
	b.WriteString("apps:\n")
	for a := 0; a < Apps; a++ {
		fmt.Fprintf(&b, "  app%d:\n    command: bin/app%d\n    plugs: [%s]\n", a, a, strings.Join(Plugs, ", "))
	}
	return []byte(b.String())
}

// Options are the compile options the fleet is meant for: every plug
// connected to the system snap (ConnectAll), and kernel-module-load's
// installation allowed (Dangerous), as a device's own snaps would be by
// their snap declarations.
func Options() plugpolicy.Options {
	return plugpolicy.Options{ConnectAll: true, Dangerous: true}
}
