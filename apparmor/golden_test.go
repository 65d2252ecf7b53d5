// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/golden"
)

// backendFor reads the AppArmor options of a case: "#parser: abi3,
// include-if-exists, capability-bpf, userns", "#home-on-remote-fs",
// "#overlay-root: DIR", "#snap-mount-dir: DIR".
func backendFor(t *testing.T, c *golden.Case) *apparmor.Backend {
	opts := apparmor.DefaultOptions()
	for _, f := range strings.Split(c.Options["parser"], ",") {
		switch strings.TrimSpace(f) {
		case "":
		case "abi3":
			opts.Parser.ABI3 = true
		case "include-if-exists":
			opts.Parser.IncludeIfExists = true
		case "capability-bpf":
			opts.Parser.CapabilityBPF = true
		case "userns":
			opts.Parser.Userns = true
		default:
			t.Fatalf("%s: unknown parser feature %q", c.File, f)
		}
	}
	opts.HomeOnRemoteFS = c.Options["home-on-remote-fs"] == "true"
	opts.OverlayRoot = c.Options["overlay-root"]
	if dir := c.Options["snap-mount-dir"]; dir != "" {
		opts.SnapMountDir = dir
	}
	return &apparmor.Backend{Options: opts}
}

// TestGolden renders every case of testdata/ and compares the profiles
// with the golden ones; every profile is also compiled by apparmor_parser.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(t *testing.T, c *golden.Case) interfaces.Backend { return backendFor(t, c) },
		func(t *testing.T, files map[string][]byte) { casetest.CompileProfiles(t, files) })
}
