// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package pipeline_test

import (
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/pipeline"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

const appYAML = `name: shop
version: "1"
apps:
  web:
    command: web
    daemon: simple
    plugs: [network-bind, home]
  cli:
    command: cli
    plugs: [network, mystery]
hooks:
  configure:
    plugs: [network]
`

func parse(t *testing.T, doc string) *snap.Info {
	t.Helper()
	info, err := snap.Parse([]byte(doc), snap.Options{Revision: snap.R(3)})
	require.NoError(t, err)
	return info
}

func ids(refs []interfaces.ConnRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID())
	}
	return out
}

func TestConnectAllAndRejected(t *testing.T) {
	p, err := pipeline.New([]*snap.Info{parse(t, appYAML)}, pipeline.Config{ConnectAll: true})
	require.NoError(t, err)
	assert.Equal(t, "snapd", p.System)
	assert.Equal(t, []string{"shop"}, p.Snaps)
	assert.Equal(t, []string{"shop:home snapd:home", "shop:network snapd:network", "shop:network-bind snapd:network-bind"}, ids(p.Connected))
	assert.Equal(t, []interfaces.Rejected{{Kind: "plug", Name: "mystery", Interface: "mystery", Reason: "unknown interface"}}, p.Rejected["shop"])
}

func TestExplicitConnections(t *testing.T) {
	p, err := pipeline.New([]*snap.Info{parse(t, appYAML)}, pipeline.Config{
		Connect:    []string{"shop:network", "shop:home=snapd:home"},
		ConnectAll: true, // does not connect what is connected already
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"shop:home snapd:home", "shop:network snapd:network", "shop:network-bind snapd:network-bind"}, ids(p.Connected))

	for _, tc := range []struct{ conn, err string }{
		{"shop", `invalid connection "shop": expected SNAP:PLUG or SNAP:PLUG=SNAP:SLOT`},
		{"shop:", `invalid connection "shop:": expected SNAP:PLUG or SNAP:PLUG=SNAP:SLOT`},
		{"shop:nope", `cannot resolve connection of shop:nope: snap "shop" has no plug named "nope"`},
		{"shop:network=snapd:home", `cannot connect shop:network snapd:home: plug interface "network" does not match slot interface "home"`},
		{"shop:mystery", `cannot resolve connection of shop:mystery: snap "shop" has no plug named "mystery"`},
	} {
		_, err := pipeline.New([]*snap.Info{parse(t, appYAML)}, pipeline.Config{Connect: []string{tc.conn}})
		assert.EqualError(t, err, tc.err, tc.conn)
	}
	// On Core the home slot is there too; the system snap name stays.
	p, err = pipeline.New([]*snap.Info{parse(t, appYAML)}, pipeline.Config{Core: true, Connect: []string{"shop:home=:home"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"shop:home snapd:home"}, ids(p.Connected))
}

// TestEnsure writes a snap's files with every backend, and shows that
// Ensure is idempotent, removes files no longer rendered, leaves the
// previous files alone when it fails, and runs loaders only when asked.
func TestEnsure(t *testing.T) {
	root := t.TempDir()
	backends := pipeline.Backends(pipeline.BackendOptions{})
	ensureAll := func(doc string, opts interfaces.EnsureOptions, backends []interfaces.Backend) ([]interfaces.Changes, error) {
		p, err := pipeline.New([]*snap.Info{parse(t, doc)}, pipeline.Config{ConnectAll: true})
		require.NoError(t, err)
		var all []interfaces.Changes
		for _, b := range backends {
			ch, err := interfaces.Ensure(root, b, p.Repo, "shop", opts)
			if err != nil {
				return all, err
			}
			all = append(all, ch)
		}
		return all, nil
	}

	changes, err := ensureAll(appYAML, interfaces.EnsureOptions{}, backends)
	require.NoError(t, err)
	first := testutil.ReadTree(t, root)
	casetest.CompileProfiles(t, first)
	assert.Equal(t, []string{
		"var/lib/snapd/apparmor/profiles/snap-update-ns.shop",
		"var/lib/snapd/apparmor/profiles/snap.shop.cli",
		"var/lib/snapd/apparmor/profiles/snap.shop.hook.configure",
		"var/lib/snapd/apparmor/profiles/snap.shop.web",
		"var/lib/snapd/cgroup/snap.shop.device",
		"var/lib/snapd/seccomp/bpf/snap.shop.cli.bin",
		"var/lib/snapd/seccomp/bpf/snap.shop.cli.src",
		"var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.bin",
		"var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.src",
		"var/lib/snapd/seccomp/bpf/snap.shop.web.bin",
		"var/lib/snapd/seccomp/bpf/snap.shop.web.src",
	}, slices.Sorted(maps.Keys(first)))
	assert.Len(t, changes[0].Changed, 4, "three app and hook profiles, and snap-update-ns's")

	// Again: nothing changes.
	changes, err = ensureAll(appYAML, interfaces.EnsureOptions{}, backends)
	require.NoError(t, err)
	for _, ch := range changes {
		assert.Empty(t, ch.Changed)
		assert.Empty(t, ch.Removed)
	}
	assert.Equal(t, first, testutil.ReadTree(t, root))

	// The cli app is gone: its files go too; removing a profile loads
	// nothing, even with a runner.
	withoutCLI := strings.Replace(appYAML, "  cli:\n    command: cli\n    plugs: [network, mystery]\n", "", 1)
	r := &testutil.Runner{}
	changes, err = ensureAll(withoutCLI, interfaces.EnsureOptions{Runner: r}, backends)
	require.NoError(t, err)
	assert.Equal(t, []string{"var/lib/snapd/apparmor/profiles/snap.shop.cli"}, changes[0].Removed)
	assert.Equal(t, []string{"var/lib/snapd/seccomp/bpf/snap.shop.cli.bin", "var/lib/snapd/seccomp/bpf/snap.shop.cli.src"}, changes[1].Removed)
	assert.Empty(t, r.Calls, "removing a profile loads nothing")
	second := testutil.ReadTree(t, root)
	assert.NotContains(t, second, "var/lib/snapd/apparmor/profiles/snap.shop.cli")

	// A failing compile leaves the previous files in place.
	failing := []interfaces.Backend{&seccomp.Backend{Compiler: failCompiler{}}}
	_, err = ensureAll(appYAML, interfaces.EnsureOptions{}, failing)
	assert.EqualError(t, err, `cannot render seccomp files of snap "shop": cannot compile seccomp policy snap.shop.cli: no compiler here`)
	assert.Equal(t, second, testutil.ReadTree(t, root))

	// The cli app is back: its profile is written and loaded.
	changes, err = ensureAll(appYAML, interfaces.EnsureOptions{Runner: r}, backends)
	require.NoError(t, err)
	assert.Equal(t, []string{"var/lib/snapd/apparmor/profiles/snap.shop.cli"}, changes[0].Changed)
	assert.Equal(t, []string{"apparmor_parser --replace " + filepath.Join(root, "var/lib/snapd/apparmor/profiles/snap.shop.cli")}, r.Calls)
	assert.Equal(t, first, testutil.ReadTree(t, root))

	// Remove takes everything of the snap away.
	for _, b := range backends {
		_, err := interfaces.Remove(root, b, "shop", nil)
		require.NoError(t, err)
	}
	assert.Empty(t, testutil.ReadTree(t, root))
}

type failCompiler struct{}

func (failCompiler) Compile(name string, src []byte) ([]byte, error) {
	return nil, errors.New("no compiler here")
}

func TestBackendNames(t *testing.T) {
	assert.Equal(t, []string{"apparmor", "kmod", "mount", "seccomp", "systemd", "udev"}, pipeline.BackendNames())
}
