// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/fidelity"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

const contentProvider = `name: provider
version: "1"
slots:
  lib-a:
    interface: content
    content: libs
    read: [$SNAP/a]
  lib-b:
    interface: content
    content: libs
    source:
      read: [b]
      write: [$SNAP_DATA/b w, $SNAP_COMMON/sock]
apps:
  srv:
    command: bin/srv
    slots: [lib-a, lib-b]
`

const contentPlugger = `name: plugger
version: "1"
plugs:
  libs:
    interface: content
    target: $SNAP/import
    default-provider: provider
apps:
  cli:
    command: bin/cli
    plugs: [libs]
`

// noPolicy are the options of the tests of one interface: no policy
// checked, only the connections given made, and the plainest target
// (AppArmor without parser or kernel features, no BPF filters).
func noPolicy(connect ...string) plugpolicy.Options {
	return plugpolicy.Options{Dangerous: true, NoAutoConnect: true, Connect: connect, AppArmor: &apparmor.Options{}, NoBPF: true}
}

func parseSnap(t *testing.T, doc string) *snap.Info {
	t.Helper()
	info, err := snap.Parse([]byte(doc), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	return info
}

// TestContentMounts connects one plug to two slots of one target: the
// second slot's read mount is renamed "import-2", the "source" paths go
// below the target under their own names, spaces are escaped in the
// profile, and both snaps' profiles compile.
func TestContentMounts(t *testing.T) {
	res, err := plugpolicy.Compile([]*snap.Info{parseSnap(t, contentProvider), parseSnap(t, contentPlugger)},
		noPolicy("plugger:libs=provider:lib-a", "plugger:libs=provider:lib-b"))
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, name := range []string{"provider", "plugger"} {
		for f, d := range res.FilesOf(name, "") {
			files[f] = d
		}
	}
	fstab := string(files["var/lib/snapd/mount/snap.plugger.fstab"])
	assert.Equal(t, `/snap/provider/1/a /snap/plugger/1/import none bind,ro 0 0
/snap/provider/1/b /snap/plugger/1/import/b none bind,ro 0 0
/var/snap/provider/1/b\040w /snap/plugger/1/import/b\040w none bind 0 0
/var/snap/provider/common/sock /snap/plugger/1/import/sock none bind 0 0
`, fstab)
	entries, err := mount.ParseProfile(fstab)
	require.NoError(t, err)
	assert.Len(t, entries, 4)
	assert.Equal(t, "/var/snap/provider/1/b w", entries[2].Name)
	assert.NotContains(t, files, "var/lib/snapd/mount/snap.provider.fstab", "the slot side mounts nothing")

	updateNS := string(files["var/lib/snapd/apparmor/profiles/snap-update-ns.plugger"])
	for _, want := range []string{
		`  mount options=(bind) "/snap/provider/1/a/" -> "/snap/plugger/1/import{,-[0-9]*}/",`,
		`  remount options=(bind, ro) "/snap/plugger/1/import{,-[0-9]*}/",`,
		`  mount options=(bind, rw) "/var/snap/provider/1/b w/" -> "/snap/plugger/1/import/b w{,-[0-9]*}/",`,
		"  # Writable directory /var/snap/provider/common/sock",
		"  # Writable mimic /snap/plugger/1/import",
	} {
		assert.Contains(t, updateNS, want+"\n")
	}
	cli := string(files["var/lib/snapd/apparmor/profiles/snap.plugger.cli"])
	assert.Contains(t, cli, `"/snap/provider/1/a/**" mrkix,`)
	assert.Contains(t, cli, `"/var/snap/provider/1/b w/**" mrwklix,`)
	srv := string(files["var/lib/snapd/apparmor/profiles/snap.provider.srv"])
	assert.Contains(t, srv, `"/snap/plugger/1/import/sock/**" mrwklix,`)
	assert.NotContains(t, srv, "import/b/**", "read-only content is not the slot's to write")
	casetest.CompileProfiles(t, files)
}

// TestContentHostileAttributes feeds path attributes that would escape
// the snap, name another variable, or add, end or change an fstab field or
// an AppArmor rule: each plug or slot is left out when its snap is added,
// with an error naming snap, plug or slot and attribute, and nothing is
// rendered from it.
func TestContentHostileAttributes(t *testing.T) {
	hostile := []string{
		`"$SNAP/a\nb"`, `"$SNAP/a\n  /** rwk,"`, `"$SNAP/a,b"`, `"$SNAP/a}b"`, `"$SNAP/a#b"`,
		`"$SNAP/a\"b"`, `"$SNAP/@{HOME}"`, `"$SNAP/**"`, `"$SNAP/../x"`, `"../x"`, `".."`,
		`"$HOME/x"`, `"$SNAP_USER_DATA/x"`, `"$SNAPX/y"`, `"a//b"`, `"a/./b"`, `"$SNAP/x/"`,
		`"$SNAP/a\\b"`, `"$SNAP/a\tb"`, `"$SNAP/[ab]"`, `"$SNAP/a$SNAP"`,
	}
	for _, v := range hostile {
		t.Run(v, func(t *testing.T) {
			plug := fmt.Sprintf("name: plugger\nversion: \"1\"\nplugs:\n  libs:\n    interface: content\n    target: %s\napps:\n  cli:\n    command: bin/cli\n", v)
			slots := []string{
				fmt.Sprintf("    read: [%s]\n", v),
				fmt.Sprintf("    write: [%s]\n", v),
				fmt.Sprintf("    source:\n      read: [%s]\n", v),
				fmt.Sprintf("    source:\n      write: [$SNAP/ok, %s]\n", v),
			}
			res, err := plugpolicy.Compile([]*snap.Info{parseSnap(t, plug)}, noPolicy())
			require.NoError(t, err)
			leftOut := res.Snap("plugger").LeftOut
			require.Len(t, leftOut, 1, "plug with target %s", v)
			assert.Contains(t, leftOut[0].Reason, `snap "plugger", plug "libs"`)
			assert.Contains(t, leftOut[0].Reason, `"target"`)
			for _, s := range slots {
				doc := "name: provider\nversion: \"1\"\nslots:\n  lib:\n    interface: content\n" + s + "apps:\n  srv:\n    command: bin/srv\n"
				res, err := plugpolicy.Compile([]*snap.Info{parseSnap(t, doc)}, noPolicy())
				require.NoError(t, err)
				leftOut := res.Snap("provider").LeftOut
				require.Len(t, leftOut, 1, "slot %q", s)
				assert.Contains(t, leftOut[0].Reason, `snap "provider", slot "lib"`)
				for name, data := range res.FilesOf("provider", "") {
					assert.NotContains(t, string(data), "/snap/provider/1/a", name)
				}
			}
		})
	}
}

// TestContentAttributeForms checks the other attribute rules: a missing
// content name defaults to the plug's or slot's, read and write may not
// sit beside source, a slot needs a path and a plug a target, and the
// default provider must be a snap name.
func TestContentAttributeForms(t *testing.T) {
	for _, tc := range []struct {
		plugOrSlot string // "plugs" or "slots"
		attrs      string
		err        string // "" when accepted
	}{
		{"plugs", "target: $SNAP_DATA/x", ""},
		{"plugs", "target: import\n    default-provider: provider:lib", ""},
		{"plugs", "default-provider: provider", `content plug must contain target path`},
		{"plugs", "target: x\n    default-provider: \"Bad Name\"", `invalid attribute "default-provider"`},
		{"plugs", "target: x\n    default-provider: \"a:b:c\"", `invalid attribute "default-provider"`},
		{"plugs", "target: [x]", `content plug must contain target path`},
		{"slots", "read: [$SNAP/x]", ""},
		{"slots", "content: c", "read or write path must be set"},
		{"slots", "read: [x]\n    source:\n      write: [y]", `move the "read" attribute into the "source" section`},
		{"slots", "source:\n      read: [x]\n      exec: [y]", `unknown attribute "source.exec"`},
		{"slots", "source: [x]", `attribute "source" must be a map`},
		{"slots", "read: $SNAP/x", `attribute "read" must be a list of paths`},
		{"slots", "write: [1]", `attribute "write": element 0 must be a path`},
	} {
		t.Run(tc.attrs, func(t *testing.T) {
			doc := fmt.Sprintf("name: sx\nversion: \"1\"\n%s:\n  c:\n    interface: content\n    %s\napps:\n  a:\n    command: bin/a\n", tc.plugOrSlot, tc.attrs)
			res, err := plugpolicy.Compile([]*snap.Info{parseSnap(t, doc)}, noPolicy())
			require.NoError(t, err)
			leftOut := res.Snap("sx").LeftOut
			if tc.err == "" {
				assert.Empty(t, leftOut)
				info := res.Repo.Snap("sx")
				var attrs map[string]interface{}
				if tc.plugOrSlot == "plugs" {
					attrs = info.Plugs["c"].Attrs
				} else {
					attrs = info.Slots["c"].Attrs
				}
				assert.Equal(t, "c", attrs["content"], "content defaults to the name")
				return
			}
			require.Len(t, leftOut, 1)
			assert.Contains(t, leftOut[0].Reason, tc.err)
			assert.True(t, strings.HasPrefix(leftOut[0].Reason, `snap "sx", `), leftOut[0].Reason)
		})
	}
}

// TestContentScenariosMatchSnapd holds the AppArmor profiles of snapd-ref's
// content scenarios, snap-update-ns's included, to snapd's, statement for
// statement; they must compile.
func TestContentScenariosMatchSnapd(t *testing.T) {
	root := filepath.Join(testutil.SharedDir(t), "snapd-ref")
	for _, name := range []string{"iface/content", "iface/content@source", "iface/content@write"} {
		t.Run(name, func(t *testing.T) {
			sc, err := fidelity.LoadScenario(root, name)
			require.NoError(t, err)
			ours, err := fidelity.Render(sc, nil)
			require.NoError(t, err)
			profiles := map[string][]byte{}
			for f, data := range ours {
				if strings.Contains(f, "/apparmor/profiles/") {
					profiles[f] = data
				}
			}
			require.Contains(t, profiles, "var/lib/snapd/apparmor/profiles/snap-update-ns.plugger")
			for _, diff := range fidelity.Compare(sc, ours, nil).Differences {
				if strings.Contains(diff.File, "/apparmor/profiles/") {
					assert.Fail(t, "differs from snapd", "%s %s: %s %q", diff.File, diff.Block, diff.Side, diff.Statement)
				}
			}
			entries, err := mount.ParseProfile(string(ours["var/lib/snapd/mount/snap.plugger.fstab"]))
			require.NoError(t, err)
			assert.NotEmpty(t, entries)
			testutil.CompileAppArmor(t, profiles)
		})
	}
}

// A content plug or slot written without attributes ({interface: content})
// has no attribute map: sanitizing refuses both for what they lack
// instead of panicking while it names their content.
func TestContentWithoutAttributes(t *testing.T) {
	_, rejected := addSnap(t, "name: bare\nversion: \"1\"\nplugs:\n  p: {interface: content}\nslots:\n  s: {interface: content}\napps: {app: {command: bin/app, plugs: [p], slots: [s]}}\n")
	var reasons []string
	for _, r := range rejected {
		reasons = append(reasons, r.Kind+" "+r.Name+": "+r.Reason)
	}
	assert.Equal(t, []string{
		`plug p: snap "bare", plug "p": content plug must contain target path (attribute "target")`,
		`slot s: snap "bare", slot "s": read or write path must be set`,
	}, reasons)
}
