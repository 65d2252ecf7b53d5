// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
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

func compile(t *testing.T, doc string, opts plugpolicy.Options) *plugpolicy.Result {
	t.Helper()
	res, err := plugpolicy.Compile([]*snap.Info{parse(t, doc)}, opts)
	require.NoError(t, err)
	return res
}

func TestConnectAllAndLeftOut(t *testing.T) {
	res := compile(t, appYAML, plugpolicy.Options{ConnectAll: true, NoBPF: true})
	assert.Equal(t, "snapd", res.System)
	require.Len(t, res.Snaps, 1)
	assert.Equal(t, "shop", res.Snaps[0].Name)
	assert.Equal(t, []string{"shop:home snapd:home", "shop:network snapd:network", "shop:network-bind snapd:network-bind"}, ids(res.Connected))
	assert.Equal(t, ids(res.Connected), ids(res.Snaps[0].Connections))
	require.Len(t, res.Snaps[0].LeftOut, 1)
	left := res.Snaps[0].LeftOut[0]
	assert.True(t, left.UnknownInterface())
	assert.Equal(t, `snap "shop": plug "mystery" left out: interface "mystery" is not in the catalog`, left.String())
	assert.Equal(t, []string{"--connect-all connects every plug the system has a slot for, bypassing connection policy"}, res.Warnings)
}

// TestAutoConnectByDefault: the zero Options check policy and
// auto-connect, as snapd does on install.
func TestAutoConnectByDefault(t *testing.T) {
	res := compile(t, appYAML, plugpolicy.Options{NoBPF: true})
	assert.Equal(t, []string{"shop:home snapd:home", "shop:network snapd:network", "shop:network-bind snapd:network-bind"}, ids(res.AutoConnected))
	assert.Empty(t, res.Warnings)
	res = compile(t, appYAML, plugpolicy.Options{NoBPF: true, Core: true})
	assert.Equal(t, []string{"shop:network snapd:network", "shop:network-bind snapd:network-bind"}, ids(res.AutoConnected), "home does not auto-connect on Core")
}

func TestExplicitConnections(t *testing.T) {
	res := compile(t, appYAML, plugpolicy.Options{NoBPF: true,
		Connect:    []string{"shop:network", "shop:home=snapd:home"},
		ConnectAll: true, // does not connect what is connected already
	})
	assert.Equal(t, []string{"shop:home snapd:home", "shop:network snapd:network", "shop:network-bind snapd:network-bind"}, ids(res.Connected))

	for _, tc := range []struct{ conn, err string }{
		{"shop", `invalid connection "shop": expected SNAP:PLUG or SNAP:PLUG=SNAP:SLOT`},
		{"shop:", `invalid connection "shop:": expected SNAP:PLUG or SNAP:PLUG=SNAP:SLOT`},
		{"shop:nope", `cannot resolve connection of shop:nope: snap "shop" has no plug named "nope"`},
		{"shop:network=snapd:home", `cannot connect shop:network snapd:home: cannot connect plug shop:network of interface "network" to slot snapd:home of interface "home"`},
		// The plug exists; its interface does not.
		{"shop:mystery", `cannot connect shop:mystery: plug "mystery" of snap "shop" was left out: interface "mystery" is not in the catalog`},
	} {
		_, err := plugpolicy.Compile([]*snap.Info{parse(t, appYAML)}, plugpolicy.Options{Connect: []string{tc.conn}, NoAutoConnect: true})
		assert.EqualError(t, err, tc.err, tc.conn)
	}
	// On Core the home slot is there too; the system snap name stays.
	res = compile(t, appYAML, plugpolicy.Options{Core: true, NoAutoConnect: true, Dangerous: true, Connect: []string{"shop:home=:home"}})
	assert.Equal(t, []string{"shop:home snapd:home"}, ids(res.Connected))
}

func TestPolicy(t *testing.T) {
	node := `name: node
version: "1"
plugs:
  kube: {interface: kubernetes-support}
  strange: {interface: no-such-interface}
apps:
  d: {command: d, daemon: simple, plugs: [kube, network, home]}
`
	// Without a grant the snap is refused; the plug of an unknown
	// interface, left out of the repository, is not what refuses it.
	_, err := plugpolicy.Compile([]*snap.Info{parse(t, node)}, plugpolicy.Options{})
	assert.EqualError(t, err, `cannot install snap "node": installation denied by "kube" plug rule of interface "kubernetes-support" (allow-installation: false)`)

	// Dangerous: compiled, with the refusal as a warning; auto-connection
	// connects what policy allows on classic.
	res := compile(t, node, plugpolicy.Options{Dangerous: true, NoBPF: true})
	assert.Equal(t, []string{`snap "node": --dangerous bypasses: installation denied by "kube" plug rule of interface "kubernetes-support" (allow-installation: false)`}, res.Warnings)
	assert.Equal(t, []string{"node:home snapd:home", "node:network snapd:network"}, ids(res.AutoConnected))
	require.Len(t, res.Unconnected, 1)
	assert.Equal(t, interfaces.PlugRef{Snap: "node", Name: "kube"}, res.Unconnected[0].Plug)

	// A grant; only the connections asked for.
	grant, err := policy.ParseSnapDeclaration("grant", []byte("snap-name: node\nplugs:\n  kubernetes-support:\n    allow-installation: true\n"))
	require.NoError(t, err)
	res = compile(t, node, plugpolicy.Options{Connect: []string{"node:kube"}, NoBPF: true,
		SnapDeclarations: []*policy.SnapDeclaration{grant}, NoAutoConnect: true})
	assert.Empty(t, res.Warnings)
	assert.Empty(t, res.AutoConnected)
	assert.Equal(t, []string{"node:kube snapd:kubernetes-support"}, ids(res.Connected))

	// Strict: the unknown interface and the bypassed rule are errors.
	_, err = plugpolicy.Compile([]*snap.Info{parse(t, node)}, plugpolicy.Options{Dangerous: true, Strict: true})
	assert.EqualError(t, err, `strict: 2 problems:
  snap "node": plug "strange" left out: interface "no-such-interface" is not in the catalog
  snap "node": --dangerous bypasses: installation denied by "kube" plug rule of interface "kubernetes-support" (allow-installation: false)`)
}

func TestStrictSnapYAMLWarnings(t *testing.T) {
	doc := "name: typo\nversion: \"1\"\napps:\n  a:\n    comand: a\n    plugs: [network]\n"
	res := compile(t, doc, plugpolicy.Options{NoBPF: true})
	require.Len(t, res.Snaps[0].Info.Warnings, 1)
	_, err := plugpolicy.Compile([]*snap.Info{parse(t, doc)}, plugpolicy.Options{Strict: true})
	assert.EqualError(t, err, `strict: snap "typo": snap.yaml line 5: apps.a.comand: unknown key "comand" is ignored`)
}

func TestFilesAndTags(t *testing.T) {
	res := compile(t, appYAML, plugpolicy.Options{ConnectAll: true})
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, f.Path)
	}
	assert.True(t, slices.IsSorted(paths))
	for path, want := range map[string][2]string{
		"var/lib/snapd/apparmor/profiles/snap.shop.web":            {"apparmor", "snap.shop.web"},
		"var/lib/snapd/apparmor/profiles/snap.shop.hook.configure": {"apparmor", "snap.shop.hook.configure"},
		"var/lib/snapd/apparmor/profiles/snap-update-ns.shop":      {"apparmor", ""},
		"var/lib/snapd/seccomp/bpf/snap.shop.cli.bin":              {"seccomp", "snap.shop.cli"},
		"var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.src":   {"seccomp", "snap.shop.hook.configure"},
		"var/lib/snapd/cgroup/snap.shop.device":                    {"udev", ""},
	} {
		f := res.File(path)
		require.NotNil(t, f, path)
		assert.Equal(t, want, [2]string{f.Backend, f.Tag}, path)
		assert.Equal(t, "shop", f.Snap)
	}
	assert.Nil(t, res.File("var/lib/snapd/apparmor/profiles/snap.shop.nope"))
	assert.Equal(t, []string{"var/lib/snapd/seccomp/bpf/snap.shop.cli.bin", "var/lib/snapd/seccomp/bpf/snap.shop.cli.bin2", "var/lib/snapd/seccomp/bpf/snap.shop.cli.src",
		"var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.bin", "var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.bin2", "var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.src",
		"var/lib/snapd/seccomp/bpf/snap.shop.web.bin", "var/lib/snapd/seccomp/bpf/snap.shop.web.bin2", "var/lib/snapd/seccomp/bpf/snap.shop.web.src"},
		slices.Sorted(maps.Keys(res.FilesOf("shop", "seccomp"))))

	only := compile(t, appYAML, plugpolicy.Options{ConnectAll: true, Backends: []string{"udev"}})
	assert.Equal(t, []string{"var/lib/snapd/cgroup/snap.shop.device"}, slices.Sorted(maps.Keys(only.FilesOf("shop", ""))))
	_, err := plugpolicy.Compile([]*snap.Info{parse(t, appYAML)}, plugpolicy.Options{Backends: []string{"selinux"}})
	assert.EqualError(t, err, `unknown backend "selinux": use one of apparmor, seccomp, udev, kmod, systemd, mount`)
}

// TestWrite writes a snap's files with every backend, and shows that
// Write is idempotent, removes files no longer rendered, leaves the
// previous files alone when rendering fails, and runs loaders only when
// asked.
func TestWrite(t *testing.T) {
	root := t.TempDir()
	write := func(doc string, opts plugpolicy.Options, wopts plugpolicy.WriteOptions) ([]plugpolicy.Written, error) {
		opts.ConnectAll = true
		res, err := plugpolicy.Compile([]*snap.Info{parse(t, doc)}, opts)
		if err != nil {
			return nil, err
		}
		return res.Write(root, wopts)
	}
	written, err := write(appYAML, plugpolicy.Options{NoBPF: true}, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	first := testutil.ReadPolicyTree(t, root)
	testutil.CompileAppArmor(t, onlyProfiles(first))
	assert.Equal(t, []string{
		"var/lib/snapd/apparmor/profiles/snap-update-ns.shop",
		"var/lib/snapd/apparmor/profiles/snap.shop.cli",
		"var/lib/snapd/apparmor/profiles/snap.shop.hook.configure",
		"var/lib/snapd/apparmor/profiles/snap.shop.web",
		"var/lib/snapd/cgroup/snap.shop.device",
		"var/lib/snapd/seccomp/bpf/snap.shop.cli.src",
		"var/lib/snapd/seccomp/bpf/snap.shop.hook.configure.src",
		"var/lib/snapd/seccomp/bpf/snap.shop.web.src",
	}, slices.Sorted(maps.Keys(first)))
	require.Len(t, written, 6)
	assert.Equal(t, "apparmor", written[0].Backend)
	assert.Len(t, written[0].Changed, 4, "three app and hook profiles, and snap-update-ns's")

	// Again: nothing changes.
	written, err = write(appYAML, plugpolicy.Options{NoBPF: true}, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	for _, w := range written {
		assert.Empty(t, w.Changed, w.Backend)
		assert.Empty(t, w.Removed, w.Backend)
	}
	assert.Equal(t, first, testutil.ReadPolicyTree(t, root))

	// The cli app is gone: its files go too; removing a profile loads
	// nothing, even with a runner.
	withoutCLI := strings.Replace(appYAML, "  cli:\n    command: cli\n    plugs: [network, mystery]\n", "", 1)
	r := &testutil.Runner{}
	written, err = write(withoutCLI, plugpolicy.Options{NoBPF: true}, plugpolicy.WriteOptions{Runner: r})
	require.NoError(t, err)
	assert.Equal(t, []string{"var/lib/snapd/apparmor/profiles/snap.shop.cli"}, written[0].Removed)
	assert.Equal(t, []string{"var/lib/snapd/seccomp/bpf/snap.shop.cli.src"}, written[1].Removed)
	assert.Empty(t, r.Calls, "removing a profile loads nothing")
	second := testutil.ReadPolicyTree(t, root)

	// A failing compile writes nothing: the previous files stay.
	_, err = write(appYAML, plugpolicy.Options{SeccompCompiler: failCompiler{}}, plugpolicy.WriteOptions{})
	assert.EqualError(t, err, `cannot render seccomp files of snap "shop": cannot compile seccomp policy snap.shop.cli: no compiler here`)
	assert.Equal(t, second, testutil.ReadPolicyTree(t, root))

	// The cli app is back: its profile is written and loaded.
	written, err = write(appYAML, plugpolicy.Options{NoBPF: true}, plugpolicy.WriteOptions{Runner: r})
	require.NoError(t, err)
	assert.Equal(t, []string{"var/lib/snapd/apparmor/profiles/snap.shop.cli"}, written[0].Changed)
	assert.Equal(t, []string{"apparmor_parser --replace " + filepath.Join(root, "var/lib/snapd/apparmor/profiles/snap.shop.cli")}, r.Calls)
	assert.Equal(t, first, testutil.ReadPolicyTree(t, root))
}

func TestWriteNeedsARoot(t *testing.T) {
	res := compile(t, appYAML, plugpolicy.Options{NoBPF: true})
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := res.Write("", plugpolicy.WriteOptions{})
	assert.EqualError(t, err, "cannot write policy: no root directory given")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestCompileYAML(t *testing.T) {
	res, err := plugpolicy.CompileYAML(plugpolicy.Options{NoBPF: true}, []byte(appYAML))
	require.NoError(t, err)
	assert.Equal(t, snap.R(1), res.Snaps[0].Info.Revision)
	_, err = plugpolicy.CompileYAML(plugpolicy.Options{}, []byte(appYAML), []byte("name: Bad\nversion: 1\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "snap.yaml document 2: ")
	assert.Contains(t, err.Error(), `"Bad"`)
}

func TestConfinementOverride(t *testing.T) {
	res := compile(t, appYAML, plugpolicy.Options{NoBPF: true, Confinement: map[string]interfaces.ConfinementOptions{"shop": {DevMode: true}}})
	assert.True(t, res.Snaps[0].Confinement.DevMode)
	assert.Contains(t, string(res.File("var/lib/snapd/apparmor/profiles/snap.shop.web").Data), "flags=(attach_disconnected,mediate_deleted,complain)")
}

func onlyProfiles(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, data := range files {
		if strings.Contains(name, "/apparmor/profiles/") {
			out[name] = data
		}
	}
	return out
}

type failCompiler struct{}

func (failCompiler) Compile(name string, src []byte) ([]byte, error) {
	return nil, errors.New("no compiler here")
}
