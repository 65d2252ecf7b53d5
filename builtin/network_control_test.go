// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/snap"
)

// renderPlugProfile renders the AppArmor profile of the one app of a snap
// that plugs iface, connected to the system, for a target with the given
// parser features.
func renderPlugProfile(t *testing.T, iface string, parser apparmor.ParserFeatures) string {
	t.Helper()
	info, err := snap.Parse([]byte("name: node\nversion: \"1\"\napps:\n  agent:\n    command: bin/agent\n    plugs: ["+iface+"]\n"), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	opts := apparmor.DefaultOptions()
	opts.Parser = parser
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, AppArmor: &opts, NoBPF: true})
	require.NoError(t, err)
	require.Len(t, res.Connected, 1)
	files := res.FilesOf("node", "")
	for name, data := range files {
		if strings.HasSuffix(name, "/apparmor/profiles/snap.node.agent") {
			return string(data)
		}
	}
	t.Fatalf("no profile for snap.node.agent among %d files", len(files))
	return ""
}

// dbusRules returns the profile's dbus rules, each on one line.
func dbusRules(profile string) []string {
	var rules []string
	var cur []string
	for _, line := range strings.Split(profile, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "#"); i >= 0 && !strings.HasPrefix(line, "#include") {
			line = strings.TrimSpace(line[:i])
		}
		if cur == nil && !strings.HasPrefix(line, "dbus ") && !strings.HasPrefix(line, "dbus(") {
			continue
		}
		cur = append(cur, line)
		if strings.HasSuffix(line, ",") && !strings.HasSuffix(line, "label=unconfined,") {
			rules = append(rules, strings.Join(cur, " "))
			cur = nil
		}
	}
	return rules
}

var resolvedMethodInterface = regexp.MustCompile(`interface="?org\.freedesktop\.resolve1\.(Manager|Link)"?`)

// TestNetworkControlResolvedPeerName: every method of resolved's own
// interfaces that network-control may call goes to resolved's well-known
// name only, as in snapd: without the name, the rule lets the snap send
// SetLink* (DNS servers, domains) to any unconfined process that
// serves the path.
func TestNetworkControlResolvedPeerName(t *testing.T) {
	profile := renderPlugProfile(t, "network-control", apparmor.DefaultParserFeatures())
	n := 0
	for _, rule := range dbusRules(profile) {
		if !resolvedMethodInterface.MatchString(rule) {
			continue
		}
		n++
		assert.Contains(t, rule, `name="org.freedesktop.resolve1"`, "a rule for resolved's methods without resolved's name: %s", rule)
	}
	assert.Equal(t, 5, n, "rules for resolved's methods: Resolve*, SetLink*, GetLink, Link.Set* and FlushCaches")
}

// TestNetworkControlDeniesPtrace: network-control grants sys_ptrace for
// "ip netns identify", and denies it together with tracing, as snapd
// does; without the denial the capability would let the snap trace
// processes of other users.
func TestNetworkControlDeniesPtrace(t *testing.T) {
	profile := renderPlugProfile(t, "network-control", apparmor.DefaultParserFeatures())
	for _, rule := range []string{"capability sys_ptrace,", "deny ptrace (trace),", "deny capability sys_ptrace,", "deny capability sys_module,"} {
		assert.True(t, strings.Contains(profile, "\n  "+rule+"\n"), "no %q in the profile", rule)
	}
}

// TestNetworkControlXDP: the xdp socket family is allowed exactly when the
// parser knows it (an older parser would refuse the profile).
func TestNetworkControlXDP(t *testing.T) {
	with := apparmor.DefaultParserFeatures()
	require.True(t, with.XDP)
	without := with
	without.XDP = false
	assert.True(t, strings.Contains(renderPlugProfile(t, "network-control", with), "\n  network xdp,\n"), "no xdp with a parser that knows it")
	assert.False(t, strings.Contains(renderPlugProfile(t, "network-control", without), "network xdp"), "xdp with a parser that does not know it")
	assert.False(t, strings.Contains(renderPlugProfile(t, "network-observe", with), "network xdp"), "xdp from network-observe")
}

// renderPlugFiles renders every file of the snap "node" whose one app
// plugs iface, connected to the system's slot, for a target whose
// AppArmor parser and kernel have no features.
func renderPlugFiles(t *testing.T, iface string) map[string][]byte {
	t.Helper()
	info, err := snap.Parse([]byte("name: node\nversion: \"1\"\napps:\n  agent:\n    command: bin/agent\n    plugs: ["+iface+"]\n"), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, AppArmor: &apparmor.Options{}, NoBPF: true})
	require.NoError(t, err)
	require.Len(t, res.Connected, 1)
	return res.FilesOf("node", "")
}

// TestNetworkControlMounts: the host's /var/lib/dhcp is the one entry of
// the snap's mount profile, and snap-update-ns may bind it.
func TestNetworkControlMounts(t *testing.T) {
	files := renderPlugFiles(t, "network-control")
	assert.Equal(t, "/var/lib/snapd/hostfs/var/lib/dhcp /var/lib/dhcp none bind,rw,x-snapd.ignore-missing 0 0\n",
		string(files["var/lib/snapd/mount/snap.node.fstab"]))
	assert.NotContains(t, files, "var/lib/snapd/mount/snap.node.user-fstab")
	assert.Contains(t, string(files["var/lib/snapd/apparmor/profiles/snap-update-ns.node"]),
		"  mount options=(rw bind) /var/lib/snapd/hostfs/var/lib/dhcp/ -> /var/lib/dhcp/,\n")
}
