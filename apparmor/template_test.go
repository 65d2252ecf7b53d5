// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

const templateSnap = `name: foo
version: "1"
apps:
  app:
    command: bin/app
  other:
    command: bin/other
`

// renderSnap renders the profiles of a snap without interfaces, compiles
// them, and returns them by tag.
func renderSnap(t *testing.T, yaml string, sopts snap.Options, conf interfaces.ConfinementOptions, opts apparmor.Options) map[string]string {
	t.Helper()
	if sopts.Revision.String() == "" || sopts.Revision == (snap.Revision{}) {
		sopts.Revision = snap.R(3)
	}
	info, err := snap.Parse([]byte(yaml), sopts)
	require.NoError(t, err)
	profiles, err := apparmor.RenderProfiles(apparmor.NewSpecification(info, conf, opts))
	require.NoError(t, err)
	files := map[string][]byte{}
	out := map[string]string{}
	for tag, p := range profiles {
		files["var/lib/snapd/apparmor/profiles/"+tag] = p
		out[tag] = string(p)
	}
	testutil.CompileAppArmor(t, files)
	return out
}

// statements are a profile's rules, one a line, without comments and
// indentation (multi-line rules are joined).
func statements(profile string) []string {
	var out, pending []string
	for _, line := range strings.Split(profile, "\n") {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "#include") {
			continue
		}
		pending = append(pending, line)
		if strings.HasSuffix(line, ",") || strings.HasSuffix(line, "{") || line == "}" || strings.HasPrefix(line, "#include") || strings.HasPrefix(line, "@{") {
			out = append(out, strings.Join(strings.Fields(strings.Join(pending, " ")), " "))
			pending = nil
		}
	}
	return out
}

// allows are the rules that are not deny rules (not the includes and
// variables either).
func allows(profile string) []string {
	var out []string
	for _, st := range statements(profile) {
		if strings.HasPrefix(st, "#include") || strings.Contains(st, "}=\"") {
			continue
		}
		if !strings.HasPrefix(st, "deny ") && !strings.HasPrefix(st, "audit deny ") {
			out = append(out, st)
		}
	}
	return out
}

func matching(list []string, re string) []string {
	r := regexp.MustCompile(re)
	var out []string
	for _, s := range list {
		if r.MatchString(s) {
			out = append(out, s)
		}
	}
	return out
}

// TestInstanceReachesOnlyItsOwnState: the state a parallel install keeps
// outside its mount namespace (the user's data, $XDG_RUNTIME_DIR, /run,
// shared memory, abstract sockets) is named by the instance, so that
// foo_blue cannot reach foo's. Only $SNAP, $SNAP_DATA and $SNAP_COMMON,
// which are bind-mounted onto the plain name inside the namespace, name
// both.
func TestInstanceReachesOnlyItsOwnState(t *testing.T) {
	p := renderSnap(t, templateSnap, snap.Options{InstanceKey: "blue"}, interfaces.ConfinementOptions{}, apparmor.DefaultOptions())["snap.foo_blue.app"]
	assert.Contains(t, p, "\n@{SNAP_NAME}=\"foo\"\n")
	assert.Contains(t, p, "\n@{SNAP_INSTANCE_NAME}=\"foo_blue\"\n")
	assert.Contains(t, p, "\n@{SNAP_INSTANCE_DESKTOP}=\"foo+blue\"\n")
	st := allows(p)
	assert.Contains(t, st, "owner @{HOME}/snap/@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}/** wl,")
	assert.Contains(t, st, "owner /run/user/[0-9]*/snap.@{SNAP_INSTANCE_NAME}/** mrwklix,")
	for _, s := range matching(st, `@\{SNAP_NAME\}`) {
		// Every rule naming the plain name is for a bind-mounted
		// directory and names the instance too.
		assert.Regexp(t, `^(@\{INSTALL_DIR\}|/var/snap)/\{@\{SNAP_NAME\},@\{SNAP_INSTANCE_NAME\}|^/var/lib/snapd/snaps/@\{SNAP_NAME\}_\*\.snap r,$`, s)
	}
	assert.Empty(t, matching(st, `@\{HOME\}/[^ ]*@\{SNAP_NAME\}|snap\.@\{SNAP_NAME\}`), "per-user and runtime state by the plain name")
}

// TestOwnMountTableNeedsAnInterface: the mount table tells what the host
// holds; the default profile denies the process's own mountinfo and
// grants none of its mount files, until an interface overrides the
// denial under MountInfoKey. Devmode leaves the denial out (it would be
// enforced even in complain mode).
func TestOwnMountTableNeedsAnInterface(t *testing.T) {
	strict := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, apparmor.DefaultOptions())["snap.foo.app"]
	assert.Empty(t, matching(allows(strict), `mount(s|info|stats)`), "no mount table without an interface")
	assert.Contains(t, statements(strict), "deny @{PROC}/self/mountinfo r,")
	assert.Contains(t, statements(strict), "deny @{PROC}/@{pid}/mountinfo r,")

	jail := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{JailMode: true}, apparmor.DefaultOptions())["snap.foo.app"]
	assert.Contains(t, statements(jail), "deny @{PROC}/@{pid}/mountinfo r,", "jailmode enforces")
	dev := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{DevMode: true}, apparmor.DefaultOptions())["snap.foo.app"]
	assert.Empty(t, matching(statements(dev), `mountinfo`))

	observe := &switchIface{"observe-mounts", func(s *apparmor.Specification) error {
		s.AddPrioritizedSnippet(apparmor.MountInfoKey, 1, "owner @{PROC}/@{pid}/mountinfo r,\nowner @{PROC}/self/mountinfo r,")
		return nil
	}}
	profiles := renderWith(t, []interfaces.Interface{observe}, `name: mo
version: "1"
apps:
  df:
    command: df
    plugs: [observe-mounts]
  plain:
    command: plain
`, apparmor.DefaultOptions())
	assert.Contains(t, statements(profiles["snap.mo.df"]), "owner @{PROC}/@{pid}/mountinfo r,")
	assert.Empty(t, matching(statements(profiles["snap.mo.df"]), `^deny .*mountinfo`), "the override replaces the denial")
	assert.Contains(t, statements(profiles["snap.mo.plain"]), "deny @{PROC}/@{pid}/mountinfo r,", "only where the interface is")
}

// TestNoBroaderThanSnapd: what the default profile must not grant. The
// libraries are mapped through the base abstraction's rules for shared
// objects, not by mapping every file under the library directories;
// ptrace is not granted at all, not even reading sibling apps; unix
// sockets between the snap's own processes only, without setattr or
// accept on anything else.
func TestNoBroaderThanSnapd(t *testing.T) {
	p := allows(renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, apparmor.DefaultOptions())["snap.foo.app"])
	assert.Empty(t, matching(p, `^/\{,usr/\}lib[^ ]*\*\*\}? [a-z]*m`), "mapping everything under the library directories")
	assert.Empty(t, matching(p, `^ptrace`), "ptrace")
	assert.Empty(t, matching(p, `^unix .*(setattr|accept|create|getopt|setopt|shutdown)`), "unix permissions snapd does not grant")
	assert.Empty(t, matching(p, `^owner @\{PROC\}/@\{pid\}/[^ ]*environ`), "the environment")
	assert.Equal(t, []string{
		`unix (bind, listen) addr="@snap.@{SNAP_INSTANCE_NAME}.**",`,
		`unix peer=(label=snap.@{SNAP_INSTANCE_NAME}.*),`,
		`unix (send, receive) addr=none peer=(addr=none, label="snap.*"),`,
	}, matching(p, `^unix`))
	assert.NotContains(t, strings.Join(p, "\n"), "include if exists <local/", "snapd reads no local additions")
}

// TestOverlayRootReadsDirectoriesOnly: on a writable overlay root the
// profile may read the upper directory's directories, which AppArmor
// needs to resolve paths, and nothing of the files in it.
func TestOverlayRootReadsDirectoriesOnly(t *testing.T) {
	opts := apparmor.DefaultOptions()
	opts.OverlayRoot = "/media/root-rw/overlay/"
	p := allows(renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, opts)["snap.foo.app"])
	assert.Equal(t, []string{`"/media/root-rw/overlay/{,**/}" r,`}, matching(p, `overlay`))
}

// TestClassicJailmode: a classic snap in jailmode gets the strict
// template, enforced, with the core snap's libraries.
func TestClassicJailmode(t *testing.T) {
	conf := interfaces.ConfinementOptions{Classic: true, JailMode: true}
	p := renderSnap(t, templateSnap, snap.Options{}, conf, apparmor.DefaultOptions())["snap.foo.app"]
	assert.Contains(t, p, "\nprofile \"snap.foo.app\" flags=(attach_disconnected,mediate_deleted) {\n")
	assert.Contains(t, statements(p), "@{INSTALL_DIR}/core/*/{,usr/}lib/@{multiarch}/{,**/}lib*.so* m,")
	assert.Contains(t, statements(p), "deny @{PROC}/@{pid}/mountinfo r,")
	assert.NotContains(t, statements(p), "capability,")

	classic := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{Classic: true}, apparmor.Options{})["snap.foo.app"]
	assert.Contains(t, classic, "flags=(attach_disconnected,mediate_deleted,complain) {\n")
	assert.Contains(t, statements(classic), "change_profile,", "a parser without unsafe")
	assert.Empty(t, matching(statements(classic), "^@{SNAP_COREUTIL_DIRS}|snap-tuning"), "the strict template's header only")
}

// TestDevmodeRunsSnapConfine: devmode snaps may run strictly confined
// snaps through the snap-confine of the system snaps, each entering the
// profile of the snap-confine it runs.
func TestDevmodeRunsSnapConfine(t *testing.T) {
	opts := apparmor.DefaultOptions()
	opts.SnapMountDir = "/var/lib/snapd/snap"
	opts.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd", Revision: "21"}, {Name: "core", Revision: "17"}}
	p := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{DevMode: true}, opts)["snap.foo.app"]
	assert.Equal(t, []string{
		"/usr/lib/snapd/snap-confine Pxr -> /var/lib/snapd/snap/snapd/21/usr/lib/snapd/snap-confine,",
		"/snap/snapd/*/usr/lib/snapd/snap-confine Pxr -> /var/lib/snapd/snap/snapd/21/usr/lib/snapd/snap-confine,",
		"/snap/core/*/usr/lib/snapd/snap-confine Pxr -> /var/lib/snapd/snap/core/17/usr/lib/snapd/snap-confine,",
	}, matching(statements(p), "Pxr"))
	strict := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, opts)["snap.foo.app"]
	assert.Empty(t, matching(statements(strict), "Pxr|/usr/bin/snap "), "only devmode")
}

// TestParserFeaturesInHeader: the header's includes follow the parser.
func TestParserFeaturesInHeader(t *testing.T) {
	opts := apparmor.DefaultOptions()
	opts.Parser.SnapdInternal = true
	p := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, opts)["snap.foo.app"]
	assert.Contains(t, statements(p), `#include if exists "/etc/apparmor.d/tunables/home.d"`)
	assert.Contains(t, statements(p), `#include if exists "/var/lib/snapd/apparmor/snap-tuning"`)
	none := renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, apparmor.Options{})["snap.foo.app"]
	assert.Empty(t, matching(statements(none), "include if exists"))
}

// TestUnconfinedFlag: an interface may ask for the unconfined flag; it is
// written only where both the parser and the kernel support it.
func TestUnconfinedFlag(t *testing.T) {
	unconfined := &switchIface{"unconfined", func(s *apparmor.Specification) error {
		s.SetUnconfinedEnabled()
		return nil
	}}
	const yaml = `name: un
version: "1"
apps:
  ctl:
    command: ctl
    plugs: [unconfined]
  other:
    command: other
`
	opts := apparmor.DefaultOptions()
	opts.Kernel = apparmor.ParseKernelFeatures(opts.Kernel.String() + ",policy:unconfined_restrictions")
	profiles := renderWith(t, []interfaces.Interface{unconfined}, yaml, opts)
	for _, name := range []string{"snap.un.ctl", "snap.un.other"} {
		assert.Contains(t, profiles[name], "flags=(attach_disconnected,mediate_deleted,unconfined) {\n", "%s: the whole snap", name)
	}
	for _, o := range []apparmor.Options{apparmor.DefaultOptions(), {Kernel: opts.Kernel}} {
		p := renderWith(t, []interfaces.Interface{unconfined}, yaml, o)["snap.un.ctl"]
		assert.Contains(t, p, "flags=(attach_disconnected,mediate_deleted) {\n", "kernel %s, parser %s", o.Kernel, o.Parser)
	}
}

// TestClassicJailmodeGetsNoHostAdditions: snapd writes, for a classic
// snap in jailmode, the core snap's libraries in place of the additions
// for remote homes, a writable overlay root and Ubuntu Core's ubuntu-save
// folder; the profile must not grant them either.
func TestClassicJailmodeGetsNoHostAdditions(t *testing.T) {
	opts := apparmor.DefaultOptions()
	opts.HomeOnRemoteFS = true
	opts.OverlayRoot = "/media/root-rw/overlay"
	opts.Core = true
	conf := interfaces.ConfinementOptions{Classic: true, JailMode: true}
	p := allows(renderSnap(t, templateSnap, snap.Options{}, conf, opts)["snap.foo.app"])
	assert.Empty(t, matching(p, `^network inet|overlay|/var/lib/snapd/save/`))
	strict := allows(renderSnap(t, templateSnap, snap.Options{}, interfaces.ConfinementOptions{}, opts)["snap.foo.app"])
	assert.Len(t, matching(strict, `^network inet|overlay|/var/lib/snapd/save/`), 5, "a strict snap gets them")
}

// TestUnconfinedDevmode: the unconfined and complain flags exclude each
// other (apparmor_parser refuses both); an unconfined devmode snap gets
// unconfined alone, as snapd writes it, and its profiles compile.
func TestUnconfinedDevmode(t *testing.T) {
	unconfined := &switchIface{"unconfined", func(s *apparmor.Specification) error {
		s.SetUnconfinedEnabled()
		return nil
	}}
	const yaml = `name: un
version: "1"
confinement: devmode
apps:
  ctl:
    command: ctl
    plugs: [unconfined]
`
	opts := apparmor.DefaultOptions()
	opts.Kernel = apparmor.ParseKernelFeatures(opts.Kernel.String() + ",policy:unconfined_restrictions")
	p := renderWith(t, []interfaces.Interface{unconfined}, yaml, opts)["snap.un.ctl"]
	assert.Contains(t, p, "flags=(attach_disconnected,mediate_deleted,unconfined) {\n")
}
