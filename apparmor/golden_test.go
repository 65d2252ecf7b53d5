// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"testing"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/policytest"
)

// backendFor reads the AppArmor options of a case: "#parser: LIST"
// (snapd's feature names; without it, none), "#home-on-remote-fs",
// "#overlay-root: DIR", "#snap-mount-dir: DIR", "#core" (an Ubuntu Core
// target, whose kernel snap is "#kernel-snap: NAME" or pc-kernel).
func backendFor(t *testing.T, c *policytest.Case) *apparmor.Backend {
	opts := apparmor.DefaultOptions()
	parser, err := apparmor.ParseParserFeatures(c.Options["parser"])
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	opts.Parser = parser
	opts.HomeOnRemoteFS = c.Options["home-on-remote-fs"] == "true"
	opts.OverlayRoot = c.Options["overlay-root"]
	opts.Core = c.Options["core"] == "true"
	if name := c.Options["kernel-snap"]; name != "" {
		opts.KernelSnap = name
	}
	if dir := c.Options["snap-mount-dir"]; dir != "" {
		opts.SnapMountDir = dir
	}
	return &apparmor.Backend{Options: opts}
}

// TestGolden renders every case of testdata/ and compares the profiles
// with the golden ones; every profile is also compiled by apparmor_parser.
func TestGolden(t *testing.T) {
	casetest.RunGolden(t, "testdata", func(t *testing.T, c *policytest.Case) interfaces.Backend { return backendFor(t, c) },
		func(t *testing.T, files map[string][]byte) { casetest.CompileProfiles(t, files) })
}
