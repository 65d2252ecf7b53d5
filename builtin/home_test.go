// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

func TestHomeReadAttribute(t *testing.T) {
	repo, rejected := addSnap(t, `name: homes
version: "1"
plugs:
  plain: home
  all:
    interface: home
    read: all
  some:
    interface: home
    read: some
  number:
    interface: home
    read: 1
apps:
  a:
    command: a
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "number", Interface: "home", Reason: `snap "homes", plug "number": invalid value 1 for attribute "read": the only value is "all"`},
		{Kind: "plug", Name: "some", Interface: "home", Reason: `snap "homes", plug "some": invalid value "some" for attribute "read": the only value is "all"`},
	}, rejected)
	assert.NotNil(t, repo.Plug("homes", "plain"))
	assert.NotNil(t, repo.Plug("homes", "all"))
}

// appRules renders what interfaces add to the profile of app "a" of
// snapYAML (snap "sn"), with the plugs in connect connected to the system,
// for the target opts.
func appRules(t *testing.T, snapYAML string, opts apparmor.Options, connect ...string) []string {
	t.Helper()
	info, err := snap.Parse([]byte(snapYAML), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, NoAutoConnect: true, Connect: connect, Core: opts.Core, NoBPF: true})
	require.NoError(t, err)
	spec := apparmor.NewSpecification(res.Repo.Snap("sn"), interfaces.ConfinementOptions{}, opts)
	require.NoError(t, res.Repo.SnapSpecification("sn", spec))
	var lines []string
	for _, l := range strings.Split(apparmor.RenderRules(spec, "snap.sn.a"), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
	}
	return lines
}

const homeSnap = `name: sn
version: "1"
plugs:
  docker: docker-support
apps:
  a:
    command: a
    plugs: [home, docker]
`

// TestHomeBinIsDenied: ~/bin is on many users' PATH, so a snap must not
// create it, let alone write into it. The pattern "bin/{,**}" matches
// ~/bin/ and what is below, but not the path ~/bin without the slash that
// mkdir and creat use: a rule of its own denies it.
func TestHomeBinIsDenied(t *testing.T) {
	rules := appRules(t, homeSnap, apparmor.Options{}, "sn:home")
	var denied []string
	for _, r := range rules {
		if rest, ok := strings.CutPrefix(r, "audit deny "); ok {
			if path, perms, ok := strings.Cut(rest, " "); ok && strings.Contains(perms, "w") {
				denied = append(denied, strings.ReplaceAll(path, "@{HOME}", "/home/u"))
			}
		}
	}
	for _, path := range []string{"/home/u/bin", "/home/u/bin/", "/home/u/bin/tool"} {
		matched := false
		for _, pattern := range denied {
			matched = matched || aareRegexp(t, pattern).MatchString(path)
		}
		assert.True(t, matched, "no write denial covers %s (denials: %q)", path, denied)
	}
}

// TestHomePrompting: with prompting on, the grants ask the user; the
// denials of ~/bin stay denials.
func TestHomePrompting(t *testing.T) {
	opts := apparmor.Options{Prompting: true, Parser: apparmor.ParserFeatures{Prompt: true}}
	rules := appRules(t, homeSnap, opts, "sn:home")
	assert.Contains(t, rules, "prompt owner @{HOME}/ r,")
	assert.Contains(t, rules, "prompt owner @{HOME}/[^s.]** rwklix,")
	assert.Contains(t, rules, "audit deny @{HOME}/bin wl,")
	for _, r := range rules {
		assert.False(t, strings.HasPrefix(r, "owner "), "not a prompt: %s", r)
	}
}
