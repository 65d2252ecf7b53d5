// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
)

func TestDockerSupportPrivilegedAttribute(t *testing.T) {
	repo, rejected := addSnap(t, `name: node
version: "1"
plugs:
  plain: docker-support
  yes-bool:
    interface: docker-support
    privileged-containers: true
  no-bool:
    interface: docker-support
    privileged-containers: false
  yaml-yes:
    interface: docker-support
    privileged-containers: yes
  string:
    interface: docker-support
    privileged-containers: "true"
  number:
    interface: docker-support
    privileged-containers: 1
  list:
    interface: docker-support
    privileged-containers: [true]
apps:
  containerd:
    command: bin/containerd
    daemon: simple
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "list", Interface: "docker-support", Reason: `snap "node", plug "list": invalid value []interface {}{true} for attribute "privileged-containers": want true or false`},
		{Kind: "plug", Name: "number", Interface: "docker-support", Reason: `snap "node", plug "number": invalid value 1 for attribute "privileged-containers": want true or false`},
		{Kind: "plug", Name: "string", Interface: "docker-support", Reason: `snap "node", plug "string": invalid value "true" for attribute "privileged-containers": want true or false`},
	}, rejected)
	// YAML 1.1, which snap.yaml is read as (like snapd), spells true "yes".
	for _, name := range []string{"plain", "yes-bool", "no-bool", "yaml-yes"} {
		assert.NotNil(t, repo.Plug("node", name), name)
	}
	for _, name := range []string{"string", "number", "list"} {
		assert.Nil(t, repo.Plug("node", name), name)
	}
}

// dockerNode is a node snap whose containerd plugs docker-support (the
// plug "docker", with the attributes given) and opengl, which tags
// devices; gpu-agent plugs opengl only. The plugs in connect are
// connected to the system, without policy (docker-support needs a grant).
func dockerNode(t *testing.T, attrs string, connect ...string) *plugpolicy.Result {
	t.Helper()
	info, err := snap.Parse([]byte(`name: node
version: "1"
plugs:
  docker:
    interface: docker-support
    `+attrs+`
apps:
  containerd:
    command: bin/containerd
    daemon: simple
    plugs: [docker, opengl]
  gpu-agent:
    command: bin/gpu-agent
    daemon: simple
    plugs: [opengl]
`), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, NoAutoConnect: true, Connect: connect, NoBPF: true})
	require.NoError(t, err)
	return res
}

func udevSpec(t *testing.T, res *plugpolicy.Result) *udev.Specification {
	t.Helper()
	spec := udev.NewSpecification(res.Repo.Snap("node"), "/usr/lib/snapd")
	require.NoError(t, res.Repo.SnapSpecification("node", spec))
	return spec
}

func TestDockerSupportControlsDeviceCgroup(t *testing.T) {
	// Connected, docker-support takes the whole snap's device cgroup:
	// no rule at all, for containerd or for gpu-agent.
	p := dockerNode(t, "", "node:docker", "node:opengl")
	spec := udevSpec(t, p)
	assert.True(t, spec.ControlsDeviceCgroup())
	assert.Empty(t, spec.Rules())

	// The plug alone, not connected, changes nothing.
	p = dockerNode(t, "", "node:opengl")
	spec = udevSpec(t, p)
	assert.False(t, spec.ControlsDeviceCgroup())
	rules := strings.Join(spec.Rules(), "\n")
	assert.Contains(t, rules, `KERNEL=="renderD[0-9]*", TAG+="snap_node_containerd"`)
	assert.Contains(t, rules, `KERNEL=="renderD[0-9]*", TAG+="snap_node_gpu-agent"`)
}

// TestDockerSupportDelegateIsPermanent: as with snapd's service snippet,
// Delegate=true comes with the plug, connected or not, and only for the
// daemons bound to it.
func TestDockerSupportDelegateIsPermanent(t *testing.T) {
	for _, connect := range [][]string{nil, {"node:docker"}} {
		p := dockerNode(t, "", connect...)
		spec := systemd.NewSpecification(p.Repo.Snap("node"))
		require.NoError(t, p.Repo.SnapSpecification("node", spec))
		assert.Equal(t, []string{"Delegate=true"}, spec.ServiceSnippets("containerd"), "connect %v", connect)
		assert.Empty(t, spec.ServiceSnippets("gpu-agent"), "connect %v", connect)
	}
}

func TestDockerSupportDynamicAttribute(t *testing.T) {
	p := dockerNode(t, "")
	ref := interfaces.ConnRef{
		PlugRef: interfaces.PlugRef{Snap: "node", Name: "docker"},
		SlotRef: interfaces.SlotRef{Snap: p.System, Name: "docker-support"},
	}
	_, err := p.Repo.Connect(ref, map[string]interface{}{"privileged-containers": "yes"}, nil)
	require.NoError(t, err)
	info := p.Repo.Snap("node")
	aa := apparmor.NewSpecification(info, interfaces.ConfinementOptions{}, apparmor.Options{})
	const want = `cannot add the rules of connection node:docker snapd:docker-support (interface "docker-support"): ` +
		`snap "node", plug "docker": invalid value "yes" for attribute "privileged-containers": want true or false`
	assert.EqualError(t, p.Repo.SnapSpecification("node", aa), want)
	sc := seccomp.NewSpecification(info, interfaces.ConfinementOptions{})
	assert.EqualError(t, p.Repo.SnapSpecification("node", sc), want)
}

// dockerRules renders what interfaces add to containerd's profile.
func dockerRules(t *testing.T, attrs string, features apparmor.ParserFeatures) string {
	t.Helper()
	return dockerRulesFor(t, attrs, apparmor.Options{Parser: features})
}

// dockerRulesFor renders what interfaces add to containerd's profile for
// the target opts.
func dockerRulesFor(t *testing.T, attrs string, opts apparmor.Options) string {
	t.Helper()
	return apparmor.RenderRules(dockerSpec(t, attrs, opts), "snap.node.containerd")
}

func dockerSpec(t *testing.T, attrs string, opts apparmor.Options) *apparmor.Specification {
	t.Helper()
	p := dockerNode(t, attrs, "node:docker")
	spec := apparmor.NewSpecification(p.Repo.Snap("node"), interfaces.ConfinementOptions{}, opts)
	require.NoError(t, p.Repo.SnapSpecification("node", spec))
	return spec
}

func TestDockerSupportUserns(t *testing.T) {
	lines := func(rules string) []string { return strings.Split(rules, "\n") }
	assert.NotContains(t, lines(dockerRules(t, "", apparmor.ParserFeatures{})), "  userns,")
	assert.Contains(t, lines(dockerRules(t, "", apparmor.ParserFeatures{Userns: true})), "  userns,")
}

func TestDockerSupportMqueue(t *testing.T) {
	lines := func(rules string) []string { return strings.Split(rules, "\n") }
	assert.NotContains(t, lines(dockerRules(t, "", apparmor.ParserFeatures{})), "  mqueue,")
	assert.Contains(t, lines(dockerRules(t, "", apparmor.ParserFeatures{Mqueue: true})), "  mqueue,")
}

// TestDockerSupportSystemDataOnCoreOnly: write access below /system-data
// is for Ubuntu Core, where the kernel shows the snap's data there. On a
// classic system /system-data is any directory root may create, and the
// daemon must not get it (as with snapd).
func TestDockerSupportSystemDataOnCoreOnly(t *testing.T) {
	for _, core := range []bool{false, true} {
		rules := dockerRulesFor(t, "", apparmor.Options{Core: core})
		assert.Equal(t, core, strings.Contains(rules, "/system-data/"), "core=%v", core)
	}
}

// TestDockerSupportSuppressions: the snap's home rules lose "ix", the
// template's Python cache denial goes, and the process may read its own
// mount table.
func TestDockerSupportSuppressions(t *testing.T) {
	spec := dockerSpec(t, "", apparmor.Options{})
	assert.True(t, spec.SuppressHomeIx())
	assert.True(t, spec.SuppressPycacheDeny())
	rules := apparmor.RenderRules(spec, "snap.node.containerd")
	lines := strings.Split(rules, "\n")
	assert.True(t, slices.Contains(lines, "  owner @{PROC}/@{pid}/mountinfo r,"), "own mountinfo")
	assert.True(t, slices.Contains(lines, "  owner @{PROC}/self/mountinfo r,"), "own mountinfo")
}

// aareRegexp translates the AppArmor globbing of a path pattern ("*",
// "**", "?", "{a,b}", "[...]") into an anchored regular expression.
func aareRegexp(t *testing.T, pattern string) *regexp.Regexp {
	t.Helper()
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*':
			if i+1 < len(pattern) && pattern[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '{':
			b.WriteString("(?:")
		case '}':
			b.WriteString(")")
		case ',':
			b.WriteString("|")
		case '[':
			end := strings.IndexByte(pattern[i:], ']')
			require.Positive(t, end, "unterminated class in %q", pattern)
			b.WriteString(pattern[i : i+end+1])
			i += end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// TestDockerSupportAllButSnapConfine checks the patterns the privileged
// rules use for "every path": each rule list leaves out the snap-confine
// of the core and snapd snaps and nothing a container manager runs.
func TestDockerSupportAllButSnapConfine(t *testing.T) {
	rules := dockerRules(t, "privileged-containers: true", apparmor.ParserFeatures{})
	lists := map[string][]*regexp.Regexp{}
	for _, line := range strings.Split(rules, "\n") {
		line = strings.TrimSpace(line)
		for _, kind := range []struct{ prefix, suffix string }{
			{"change_profile unsafe ", " -> docker-default,"},
			{"change_profile unsafe ", " -> cri-containerd.apparmor.d,"},
			{"change_profile unsafe ", ","},
			{"", " rwlix,"},
		} {
			if strings.HasPrefix(line, kind.prefix) && strings.HasSuffix(line, kind.suffix) &&
				!strings.Contains(strings.TrimSuffix(strings.TrimPrefix(line, kind.prefix), kind.suffix), " ") {
				pattern := strings.TrimSuffix(strings.TrimPrefix(line, kind.prefix), kind.suffix)
				lists[kind.suffix] = append(lists[kind.suffix], aareRegexp(t, pattern))
				break
			}
		}
	}
	require.Len(t, lists, 4)
	excluded := []string{
		"/snap/core/16928/usr/lib/snapd/snap-confine",
		"/snap/snapd/21759/usr/lib/snapd/snap-confine",
		// As with snapd's patterns, the paths on the way there are
		// left out too.
		"/s",
		"/snap",
		"/snap/core",
		"/snap/snapd/21759",
		"/snap/core/16928/usr/lib/snapd/",
	}
	included := []string{
		"/usr/bin/runc",
		"/var/lib/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs/pause",
		"/pause",
		"/srv/x",
		"/snapshots/x",
		"/snap/node/12/bin/containerd",
		"/snap/core22/1380/usr/bin/env",
		"/snap/snapd-desktop-integration/1/x",
		"/snap/snapd/21759/usr/bin/snap",
		"/snap/core/16928/usr/lib/snapd/snap-exec",
		"/snap/core/16928/usr/lib/snapd/snap-update-ns",
		"/snap/snapd/21759/usr/lib/snapd/snapctl",
	}
	for suffix, list := range lists {
		matches := func(path string) bool {
			for _, re := range list {
				if re.MatchString(path) {
					return true
				}
			}
			return false
		}
		for _, path := range excluded {
			assert.False(t, matches(path), "%q rules match %s", suffix, path)
		}
		for _, path := range included {
			assert.True(t, matches(path), "%q rules miss %s", suffix, path)
		}
	}
}

// TestHomeIx: programs in the home run under the profile, unless another
// interface of the snap takes that away (docker-support, whose
// change_profile rules would conflict).
func TestHomeIx(t *testing.T) {
	rules := appRules(t, homeSnap, apparmor.Options{}, "sn:home")
	assert.True(t, slices.Contains(rules, "owner @{HOME}/[^s.]** rwklix,"), "home alone: ix")
	rules = appRules(t, homeSnap, apparmor.Options{}, "sn:home", "sn:docker")
	assert.True(t, slices.Contains(rules, "owner @{HOME}/[^s.]** rwkl,"), "with docker-support: no ix")
	assert.False(t, slices.Contains(rules, "owner @{HOME}/[^s.]** rwklix,"), "with docker-support: no ix")
}
