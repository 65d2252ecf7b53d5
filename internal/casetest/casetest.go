// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package casetest turns golden cases (see policytest.Case) into
// compiled repositories (plugpolicy.Connect), for the backends' and the builtin interfaces' golden tests.
//
// A case's inputs are a "snap.yaml" section and an optional "connect"
// section, one connection per line in the form the command line takes
// (SNAP:PLUG or SNAP:PLUG=SNAP:SLOT), or the word "all" for every plug
// the system snap has a slot for. Its options: "#instance-key: KEY",
// "#revision: N", "#core" (Ubuntu Core instead of a classic system),
// "#cpu-flags: FLAG,..." (the processor flags of the host, see
// builtin.Host) and "#jailmode".
package casetest

import (
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Connect builds the case's repository: the system snap and the case's
// snap, with the connections the case asks for, unchecked by policy (the
// cases show what interfaces render, not who may plug them). It returns
// the result and the case's snap.
func Connect(t testing.TB, c *policytest.Case) (*plugpolicy.Result, *plugpolicy.SnapResult) {
	t.Helper()
	sopts := snap.Options{InstanceKey: c.Options["instance-key"], Revision: snap.R(1)}
	if rev := c.Options["revision"]; rev != "" {
		r, err := snap.ParseRevision(rev)
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		sopts.Revision = r
	}
	info, err := snap.Parse(c.Input(t, "snap.yaml"), sopts)
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	opts := plugpolicy.Options{Core: c.Options["core"] == "true", JailMode: c.Options["jailmode"] == "true",
		Dangerous: true, NoAutoConnect: true}
	if flags := c.Options["cpu-flags"]; flags != "" {
		opts.Catalog = builtin.ForHost(builtin.Interfaces(), builtin.Host{CPUFlags: strings.Split(flags, ",")})
	}
	for _, line := range c.Lines("connect") {
		if line == "all" {
			opts.ConnectAll, opts.NoAutoConnect = true, false
		} else {
			opts.Connect = append(opts.Connect, line)
		}
	}
	res, err := plugpolicy.Connect([]*snap.Info{info}, opts)
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	return res, res.Snap(info.InstanceName())
}

// Render renders the case's snap with the given backends.
func Render(t testing.TB, c *policytest.Case, backends ...interfaces.Backend) map[string][]byte {
	t.Helper()
	res, s := Connect(t, c)
	out := map[string][]byte{}
	for _, b := range backends {
		files, err := interfaces.Render(b, res.Repo, s.Name, s.Confinement)
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		for name, data := range files {
			out[name] = data
		}
	}
	return out
}

// CompileProfiles compiles every AppArmor profile among files with the
// real apparmor_parser.
func CompileProfiles(t testing.TB, files map[string][]byte) {
	t.Helper()
	profiles := map[string][]byte{}
	for name, data := range files {
		if strings.Contains(name, "/apparmor/profiles/") {
			profiles[name] = data
		}
	}
	if len(profiles) > 0 {
		testutil.CompileAppArmor(t, profiles)
	}
}

// Iface names an interface written for a test. Embedded first in the
// test's interface type, it gives the type Name and StaticInfo, so that
// the type need only add the backend hooks under test.
type Iface string

// Name is the interface's name.
func (i Iface) Name() string { return string(i) }

// StaticInfo has the name as summary.
func (i Iface) StaticInfo() interfaces.StaticInfo { return interfaces.StaticInfo{Summary: string(i)} }

// RenderWith renders a snap with a backend, in the repository
// ConnectedRepo makes. It is for tests of backends with interfaces written
// for the test.
func RenderWith(t testing.TB, ifaces []interfaces.Interface, snapYAML string, b interfaces.Backend) map[string][]byte {
	t.Helper()
	repo, name := ConnectedRepo(t, ifaces, snapYAML)
	files, err := interfaces.Render(b, repo, name, interfaces.ConfinementFor(repo.Snap(name), false))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// ConnectedRepo returns a repository whose catalog is ifaces, holding the
// snap of snapYAML, whose instance name it also returns, and a provider
// snap with one slot per interface (named after it), to which every plug
// of the snap is connected.
func ConnectedRepo(t testing.TB, ifaces []interfaces.Interface, snapYAML string) (*interfaces.Repository, string) {
	t.Helper()
	repo, err := interfaces.NewRepository(ifaces)
	if err != nil {
		t.Fatal(err)
	}
	info, err := snap.Parse([]byte(snapYAML), snap.Options{Revision: snap.R(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.AddSnap(info); err != nil {
		t.Fatal(err)
	}
	provider := &snap.Info{Name: "provider", Version: "1", Type: snap.TypeOS, Confinement: snap.StrictConfinement,
		Slots: map[string]*snap.SlotInfo{}}
	for _, iface := range ifaces {
		provider.Slots[iface.Name()] = &snap.SlotInfo{Snap: provider, Name: iface.Name(), Interface: iface.Name()}
	}
	if _, err := repo.AddSnap(provider); err != nil {
		t.Fatal(err)
	}
	name := info.InstanceName()
	for _, plug := range repo.Snap(name).SortedPlugs() {
		ref := interfaces.ConnRef{PlugRef: interfaces.PlugRef{Snap: name, Name: plug.Name},
			SlotRef: interfaces.SlotRef{Snap: "provider", Name: plug.Interface}}
		if _, err := repo.Connect(ref, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	return repo, name
}

// Contributions renders what interfaces contribute to a case's snap, per
// backend, named for a golden file:
//
//	apparmor/TAG     the rules interfaces add to the profile of TAG
//	apparmor/snap-update-ns.NAME
//	                 the rules interfaces add to snap-update-ns's profile
//	seccomp/TAG      the system calls interfaces add to its policy
//	etc/..., var/lib/snapd/mount/...
//	                 the udev, kmod, systemd and mount files, whole (they
//	                 hold nothing but what interfaces contribute, and the
//	                 snap's layouts)
//	var/lib/snapd/cgroup/...
//	                 the device cgroup file, when it says more than
//	                 its header (every snap has one)
//
// A backend that gets nothing has no entry. full holds every backend's
// complete files, for the checks of real consumers.
func Contributions(t testing.TB, c *policytest.Case) (contrib, full map[string][]byte) {
	t.Helper()
	res, snapRes := Connect(t, c)
	info, name, conf := snapRes.Info, snapRes.Name, snapRes.Confinement
	contrib = map[string][]byte{}
	full = map[string][]byte{}
	// "#core" is a fact of the host, for the backends as for the system
	// snap: interfaces choose Ubuntu Core's rules by it.
	// The AppArmor options are the zero ones (no parser or kernel
	// features), as the golden files were made with.
	backends, err := contributionBackends(c.Options["core"] == "true")
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	for _, b := range backends {
		spec := b.NewSpecification(info, conf)
		if err := res.Repo.SnapSpecification(name, spec); err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		files, err := b.Render(spec)
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		for f, data := range files {
			full[f] = data
		}
		switch s := spec.(type) {
		case *apparmor.Specification:
			for _, tag := range info.SecurityTags() {
				if rules := apparmor.RenderRules(s, tag); rules != "" {
					contrib["apparmor/"+tag] = []byte(rules + "\n")
				}
			}
			if rules := s.UpdateNS().InterfaceUpdateNS(); len(rules) > 0 {
				contrib["apparmor/snap-update-ns."+name] = []byte(strings.Join(rules, ""))
			}
		case *seccomp.Specification:
			for _, tag := range info.SecurityTags() {
				if rules := seccomp.RenderRules(s, tag); rules != "" {
					contrib["seccomp/"+tag] = []byte(strings.TrimPrefix(rules, "\n"))
				}
			}
		default:
			for f, data := range files {
				if plainCgroupFile(f, data) {
					continue
				}
				contrib[f] = data
			}
		}
	}
	return contrib, full
}

// contributionBackends are the backends Contributions renders with.
func contributionBackends(core bool) ([]interfaces.Backend, error) {
	res, err := plugpolicy.Connect(nil, plugpolicy.Options{Core: core, AppArmor: &apparmor.Options{}})
	if err != nil {
		return nil, err
	}
	return res.Backends(), nil
}

// plainCgroupFile tells whether a file is a device cgroup file that says
// nothing but that it was generated, as every snap's does.
func plainCgroupFile(name string, data []byte) bool {
	return strings.HasPrefix(name, "var/lib/snapd/cgroup/") && !strings.Contains(strings.TrimSpace(string(data)), "\n")
}

// RunGolden runs the golden cases of dir for one backend: each case is
// rendered (twice) and compared with its golden file; check, if not nil,
// then looks at the rendered files (to compile profiles, say).
func RunGolden(t *testing.T, dir string, backend func(t *testing.T, c *policytest.Case) interfaces.Backend, check func(t *testing.T, files map[string][]byte)) {
	for _, c := range policytest.Cases(t, dir) {
		t.Run(c.String(), func(t *testing.T) {
			b := backend(t, c)
			var files map[string][]byte
			c.Check(t, func() (map[string][]byte, error) {
				files = Render(t, c, b)
				return files, nil
			})
			if check != nil {
				check(t, files)
			}
		})
	}
}
