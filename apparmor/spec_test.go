// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// switchIface is a test interface whose connected plug runs a function on
// the specification.
type switchIface struct {
	casetest.Iface
	add func(spec *apparmor.Specification) error
}

func (s *switchIface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return s.add(spec)
}

var _ apparmor.ConnectedPlugDefiner = (*switchIface)(nil)

// renderWith renders a snap whose plugs are all connected, with the test
// interfaces ifaces, and compiles the profiles; it returns them by name.
func renderWith(t *testing.T, ifaces []interfaces.Interface, snapYAML string, opts apparmor.Options) map[string]string {
	t.Helper()
	files := casetest.RenderWith(t, ifaces, snapYAML, &apparmor.Backend{Options: opts})
	testutil.CompileAppArmor(t, files)
	out := map[string]string{}
	for name, data := range files {
		out[name[strings.LastIndex(name, "/")+1:]] = string(data)
	}
	return out
}

const switchSnap = `name: sw
version: "1"
apps:
  tracer:
    command: t
    plugs: [observe, trace]
  observer:
    command: o
    plugs: [observe, modules-off]
  loader:
    command: l
    plugs: [modules-off, modules-on]
`

func switchIfaces() []interfaces.Interface {
	return []interfaces.Interface{
		&switchIface{"observe", func(s *apparmor.Specification) error {
			s.SetSuppressPtraceTrace()
			return nil
		}},
		&switchIface{"trace", func(s *apparmor.Specification) error {
			s.AddSnippet("ptrace (trace) peer=unconfined,")
			s.SetUsesPtraceTrace()
			return nil
		}},
		&switchIface{"modules-off", func(s *apparmor.Specification) error {
			s.SetSuppressSysModuleCapability()
			return nil
		}},
		&switchIface{"modules-on", func(s *apparmor.Specification) error {
			s.AddSnippet("capability sys_module,")
			s.SetUsesSysModuleCapability()
			return nil
		}},
	}
}

// TestPtraceAndSysModuleSwitches checks the switches, which are snap-wide
// as snapd's are: a suppression request adds the deny rules to every
// profile of the snap, even one without the interface, unless an
// interface of any of its profiles uses what would be denied. Silencing
// ptrace denies both the trace and the capability, as snapd does.
func TestPtraceAndSysModuleSwitches(t *testing.T) {
	quiet := renderWith(t, switchIfaces(), `name: sq
version: "1"
apps:
  observer:
    command: o
    plugs: [observe, modules-off]
  other:
    command: x
`, apparmor.Options{})
	for _, name := range []string{"snap.sq.observer", "snap.sq.other"} {
		assert.Contains(t, quiet[name], "\n  deny ptrace (trace),\n  deny capability sys_ptrace,\n", name)
		assert.Contains(t, quiet[name], "\n  deny capability sys_module,\n", name)
	}

	profiles := renderWith(t, switchIfaces(), switchSnap, apparmor.Options{})
	for _, name := range []string{"snap.sw.tracer", "snap.sw.observer", "snap.sw.loader"} {
		assert.NotContains(t, profiles[name], "deny ptrace", "%s: the tracer uses ptrace trace", name)
		assert.NotContains(t, profiles[name], "deny capability sys_ptrace", name)
		assert.NotContains(t, profiles[name], "deny capability sys_module", "%s: the loader uses sys_module", name)
	}
	assert.Contains(t, profiles["snap.sw.tracer"], "  ptrace (trace) peer=unconfined,")
	assert.Contains(t, profiles["snap.sw.loader"], "  capability sys_module,")
}

func TestSnippetsAreDeduplicatedAndScoped(t *testing.T) {
	dup := &switchIface{"dup", func(s *apparmor.Specification) error {
		assert.Equal(t, []string{"snap.dd.a", "snap.dd.b"}, s.SecurityTags())
		assert.Equal(t, "dd", s.Snap().Name)
		s.AddSnippet("/one r,")
		s.AddSnippet("/one r,")
		s.AddSnippet("/two r,")
		return nil
	}}
	later := &switchIface{"later", func(s *apparmor.Specification) error {
		s.AddSnippet("/one r,") // the same text from another interface
		return nil
	}}
	profiles := renderWith(t, []interfaces.Interface{dup, later}, `name: dd
version: "1"
apps:
  a:
    command: a
    plugs: [dup, later]
  b:
    command: b
    plugs: [dup]
`, apparmor.Options{})
	assert.Equal(t, 1, strings.Count(profiles["snap.dd.a"], "/one r,"))
	assert.Contains(t, profiles["snap.dd.a"], "  # Interface dup\n  /one r,\n\n  /two r,\n")
	assert.NotContains(t, profiles["snap.dd.a"], "# Interface later", "a snippet seen before adds nothing")
}

func TestHookErrorsPropagate(t *testing.T) {
	failing := &switchIface{"failing", func(s *apparmor.Specification) error { return errors.New("no way") }}
	repo, name := casetest.ConnectedRepo(t, []interfaces.Interface{failing}, "name: f1\nversion: \"1\"\napps:\n  a:\n    command: a\n    plugs: [failing]\n")
	_, err := interfaces.Render(&apparmor.Backend{}, repo, name, interfaces.ConfinementOptions{})
	assert.EqualError(t, err, `cannot render apparmor files of snap "f1": cannot add the rules of connection f1:failing provider:failing (interface "failing"): no way`)
}

func TestLoad(t *testing.T) {
	b := &apparmor.Backend{ParserPath: "/sbin/apparmor_parser"}
	r := &testutil.Runner{}
	require.NoError(t, b.Load("/root", interfaces.Changes{
		Changed: []string{"var/lib/snapd/apparmor/profiles/snap.a.z", "var/lib/snapd/apparmor/profiles/snap.a.b"},
		Removed: []string{"var/lib/snapd/apparmor/profiles/snap.a.gone"},
	}, r))
	assert.Equal(t, []string{"/sbin/apparmor_parser --replace /root/var/lib/snapd/apparmor/profiles/snap.a.b /root/var/lib/snapd/apparmor/profiles/snap.a.z"}, r.Calls)
	r = &testutil.Runner{}
	require.NoError(t, (&apparmor.Backend{}).Load("/", interfaces.Changes{Removed: []string{"x"}}, r))
	assert.Empty(t, r.Calls, "nothing to load when nothing changed")
}

func TestBackendBasics(t *testing.T) {
	b := &apparmor.Backend{}
	assert.Equal(t, "apparmor", b.Name())
	assert.Equal(t, []string{"var/lib/snapd/apparmor/profiles/snap.kube-node_blue.*", "var/lib/snapd/apparmor/profiles/snap-update-ns.kube-node_blue"}, b.Paths("kube-node_blue"))
	b.Options.ProfilesDir = "etc/profiles"
	assert.Equal(t, []string{"etc/profiles/snap.x.*", "etc/profiles/snap-update-ns.x"}, b.Paths("x"))
	_, err := b.Render(nil)
	assert.EqualError(t, err, "cannot render AppArmor profiles from a <nil>")
	spec := apparmor.NewSpecification(&snap.Info{Name: "x"}, interfaces.ConfinementOptions{}, apparmor.Options{Parser: apparmor.ParserFeatures{Userns: true}, Core: true})
	assert.True(t, spec.Features().Userns)
	assert.True(t, spec.OnCore())
	assert.Equal(t, "pc-kernel", spec.Host().KernelSnap, "defaults fill what is unset")
	assert.Empty(t, spec.Snippets("snap.x.a"))
	assert.Empty(t, spec.SecurityTags(), "outside a hook nothing is in scope")
}

// TestProbeParser runs the probe against the real parser: Debian 12's
// AppArmor 3.0.8 has exactly the features snapd's probe finds in it (and
// that snapd-ref's default scenarios were made with), not AppArmor 4's.
func TestProbeParser(t *testing.T) {
	parser := testutil.AppArmorParser(t)
	f, err := apparmor.ProbeParser(parser, runCommand)
	require.NoError(t, err)
	out, _ := commandOutput(parser, "--version")
	if strings.Contains(out, "version 3.0.") {
		assert.Equal(t, apparmor.DefaultParserFeatures(), f)
		assert.Equal(t, "cap-audit-read,cap-bpf,include-if-exists,qipcrtr-socket,unconfined,unsafe,xdp", f.String())
	} else {
		assert.True(t, f.IncludeIfExists, "any parser since 3.0 reads include if exists: %s", out)
	}
	none, err := apparmor.ProbeParser("/nonexistent/apparmor_parser", runCommand)
	require.NoError(t, err)
	assert.Equal(t, apparmor.ParserFeatures{}, none)
}

// TestPrioritizedAndDeferredSnippets checks that of the rules added under
// one key only the highest priority's are rendered, and that deferred
// rules see switches set after they were added.
func TestPrioritizedAndDeferredSnippets(t *testing.T) {
	low := &switchIface{"low", func(s *apparmor.Specification) error {
		s.AddPrioritizedSnippet(apparmor.MountInfoKey, 0, "deny @{PROC}/@{pid}/mountinfo r,")
		s.AddDeferredSnippet(func(s *apparmor.Specification) string {
			if s.SuppressHomeIx() {
				return "owner @{HOME}/ r,"
			}
			return "owner @{HOME}/ rix,"
		})
		return nil
	}}
	high := &switchIface{"high", func(s *apparmor.Specification) error {
		s.AddPrioritizedSnippet(apparmor.MountInfoKey, 1, "@{PROC}/@{pid}/mountinfo r,")
		s.AddPrioritizedSnippet(apparmor.MountInfoKey, 1, "@{PROC}/self/mountinfo r,")
		s.SetSuppressHomeIx()
		return nil
	}}
	profiles := renderWith(t, []interfaces.Interface{low, high}, `name: pp
version: "1"
apps:
  both:
    command: b
    plugs: [low, high]
  lone:
    command: l
    plugs: [low]
`, apparmor.Options{})
	both, lone := profiles["snap.pp.both"], profiles["snap.pp.lone"]
	assert.NotContains(t, both, "deny @{PROC}/@{pid}/mountinfo r,", "the higher priority replaces the lower")
	assert.Contains(t, both, "  @{PROC}/@{pid}/mountinfo r,\n")
	assert.Contains(t, both, "  @{PROC}/self/mountinfo r,\n", "equal priorities are all kept")
	assert.Contains(t, lone, "  deny @{PROC}/@{pid}/mountinfo r,\n")
	assert.Contains(t, both, "  owner @{HOME}/ r,\n", "a deferred snippet sees the switch set after it was added")
	assert.Contains(t, lone, "  owner @{HOME}/ r,\n", "home ix is suppressed for the whole snap")
}
