// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// providedFiles renders every snap of docs (snap.yaml documents) with the
// connections given (SNAP:PLUG=SNAP:SLOT, or SNAP:PLUG for the system's
// slot), on classic or on Ubuntu Core, compiles every AppArmor profile
// with apparmor_parser, and returns each snap's files by instance name.
func providedFiles(t *testing.T, core bool, docs []string, connect ...string) map[string]map[string]string {
	t.Helper()
	var infos []*snap.Info
	for _, doc := range docs {
		info, err := snap.Parse([]byte(doc), snap.Options{Revision: snap.R(1)})
		require.NoError(t, err)
		infos = append(infos, info)
	}
	opts := noPolicy(connect...)
	opts.Core = core
	res, err := plugpolicy.Compile(infos, opts)
	require.NoError(t, err)
	out := map[string]map[string]string{}
	profiles := map[string][]byte{}
	for _, info := range infos {
		out[info.InstanceName()] = map[string]string{}
		for name, data := range res.FilesOf(info.InstanceName(), "") {
			out[info.InstanceName()][name] = string(data)
			if strings.Contains(name, "/apparmor/profiles/") {
				profiles[name] = data
			}
		}
	}
	testutil.CompileAppArmor(t, profiles)
	return out
}

// rulesOf is a file's lines without comments and blank lines, with runs
// of blanks collapsed, so that rules can be looked up whatever their
// indentation.
func rulesOf(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" && (!strings.HasPrefix(l, "#") || strings.HasPrefix(l, "#include")) {
			out = append(out, l)
		}
	}
	return out
}

// hasRule tells whether text holds rule (compared as rulesOf spells it,
// several lines joined by " ").
func hasRule(text, rule string) bool {
	return strings.Contains(" "+strings.Join(rulesOf(text), " ")+" ", " "+strings.Join(strings.Fields(rule), " ")+" ")
}

// A display-server slot snap and two client snaps, one of which does not
// connect.
func displayServerSnaps(iface string) []string {
	return []string{
		`name: server
version: "1"
slots:
  ` + iface + `: {interface: ` + iface + `}
apps:
  srv:
    command: bin/srv
    daemon: simple
    slots: [` + iface + `]
`,
		`name: client
version: "1"
plugs:
  ` + iface + `: {interface: ` + iface + `}
apps:
  gui:
    command: bin/gui
    plugs: [` + iface + `]
  other:
    command: bin/other
`,
		`name: stranger
version: "1"
plugs:
  ` + iface + `: {interface: ` + iface + `}
apps:
  gui:
    command: bin/gui
    plugs: [` + iface + `]
`,
	}
}

func sprintf(format string, args ...interface{}) string { return fmt.Sprintf(format, args...) }

// The system's slot is the host's own display server or session, which no
// snap profile confines: even asked for them, the interfaces write none of
// a server snap's rules for the system snap (snapd sets no profile up for
// it; this checks the interfaces' own guard).
func TestDisplayServerSystemSlotWritesNoServerRules(t *testing.T) {
	for _, name := range []string{"desktop", "wayland", "x11"} {
		for _, typ := range []snap.Type{snap.TypeSnapd, snap.TypeOS, snap.TypeApp} {
			info := &snap.Info{Name: "host", Version: "1", Type: typ, Confinement: snap.StrictConfinement, Slots: map[string]*snap.SlotInfo{}}
			slot := &snap.SlotInfo{Snap: info, Name: name, Interface: name}
			info.Slots[name] = slot
			iface, ok := builtin.ByName(name)
			require.True(t, ok)
			tags := []string{"snap.host.srv"}

			aa := apparmor.NewSpecification(info, interfaces.ConfinementOptions{}, apparmor.Options{})
			require.NoError(t, aa.AddPermanentSlot(iface, tags, slot))
			sc := seccomp.NewSpecification(info, interfaces.ConfinementOptions{})
			require.NoError(t, sc.AddPermanentSlot(iface, tags, slot))
			rules := apparmor.RenderRules(aa, "snap.host.srv") + seccomp.RenderRules(sc, "snap.host.srv")
			if typ == snap.TypeApp {
				assert.NotEmpty(t, rules, "%s: an app snap's slot gets the server's rules", name)
			} else {
				assert.Empty(t, rules, "%s: the %s snap's slot gets a server's rules", name, typ)
			}
		}
	}
}
