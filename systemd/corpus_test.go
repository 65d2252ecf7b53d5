// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package systemd_test

import (
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/fidelity"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
)

func corpus(t *testing.T) (all []*fidelity.Scenario, byName map[string]*fidelity.Scenario) {
	t.Helper()
	all, err := fidelity.LoadCorpus(filepath.Join(testutil.SharedDir(t), "snapd-ref"))
	require.NoError(t, err)
	byName = map[string]*fidelity.Scenario{}
	for _, sc := range all {
		byName[sc.Name] = sc
	}
	return all, byName
}

// parseService reads one of snapd's interface units back into a Service.
func parseService(t *testing.T, data string) *systemd.Service {
	t.Helper()
	s := &systemd.Service{}
	wantedBy := 0
	for _, line := range strings.Split(data, "\n") {
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch key {
		case "Description":
			s.Description = value
		case "Wants":
			s.Wants = value
		case "After":
			s.After = value
		case "Before":
			s.Before = value
		case "Type":
			s.Type = value
		case "RemainAfterExit":
			s.RemainAfterExit = value == "yes"
		case "ExecStart":
			s.ExecStart = value
		case "ExecStop":
			s.ExecStop = value
		case "WantedBy":
			if wantedBy++; wantedBy > 1 {
				s.WantedBy = value
			}
		default:
			t.Fatalf("unexpected setting %q", line)
		}
	}
	return s
}

// TestCorpusInterfaceUnits replays every interface unit of snapd-ref
// (gpio, pwm, gpio-chardev): read back into a Service and added as an
// interface would, it must come out byte for byte, at snapd's path.
func TestCorpusInterfaceUnits(t *testing.T) {
	all, _ := corpus(t)
	replayed := 0
	for _, sc := range all {
		for name, want := range sc.Files {
			base := path.Base(name)
			instance, rest, ok := strings.Cut(strings.TrimPrefix(base, "snap."), ".interface.")
			if !ok || !strings.HasPrefix(name, "etc/systemd/system/") {
				continue
			}
			spec := systemd.NewSpecification(&snap.Info{Name: instance})
			require.NoError(t, spec.AddService(strings.TrimSuffix(rest, ".service"), parseService(t, string(want))))
			files, err := (&systemd.Backend{}).Render(spec)
			require.NoError(t, err)
			assert.Equal(t, map[string]string{name: string(want)}, testutil.Strings(files), sc.Name)
			replayed++
		}
	}
	assert.Equal(t, 5, replayed, "the corpus has 5 interface units")
}

// settingsIface adds, to the daemon in scope, the settings snapd's unit
// has and its baseline lacks, in the section snapd has them in.
type settingsIface struct {
	unit, service []string
}

func (s *settingsIface) Name() string                      { return "replay" }
func (s *settingsIface) StaticInfo() interfaces.StaticInfo { return interfaces.StaticInfo{} }
func (s *settingsIface) SystemdPermanentPlug(spec *systemd.Specification, plug *snap.PlugInfo) error {
	for _, u := range s.unit {
		if err := spec.AddUnitSnippet(u); err != nil {
			return err
		}
	}
	for _, v := range s.service {
		if err := spec.AddServiceSnippet(v); err != nil {
			return err
		}
	}
	return nil
}

// sections maps each line of a unit to its section.
func sections(data []byte) map[string]string {
	out := map[string]string{}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		case line != "" && !strings.HasPrefix(line, "#"):
			out[line] = section
		}
	}
	return out
}

// TestCorpusUnitSettingsReplay: for every snap unit of snapd-ref that an
// interface adds settings to (Delegate=true in [Service]; gpio-chardev's
// After= and Wants= in [Unit]), the drop-in written for those settings
// holds each in the section snapd's unit has it in.
func TestCorpusUnitSettingsReplay(t *testing.T) {
	all, byName := corpus(t)
	replayed := 0
	for _, sc := range all {
		for name, unit := range sc.Files {
			if fidelity.KindOf(name) != fidelity.KindUnit {
				continue
			}
			base := byName[fidelity.BaselineOf(sc, name)]
			if base == nil {
				continue
			}
			baseLines := sections(base.Files[name])
			iface := &settingsIface{}
			for line, section := range sections(unit) {
				if _, ok := baseLines[line]; ok {
					continue
				}
				switch section {
				case "Unit":
					iface.unit = append(iface.unit, line)
				case "Service":
					iface.service = append(iface.service, line)
				default:
					t.Fatalf("%s: %s: %q in [%s]", sc.Name, name, line, section)
				}
			}
			if len(iface.unit)+len(iface.service) == 0 {
				continue
			}
			instance, app, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(path.Base(name), "snap."), ".service"), ".")
			info := &snap.Info{Name: instance, Apps: map[string]*snap.AppInfo{}}
			info.Apps[app] = &snap.AppInfo{Snap: info, Name: app, Daemon: "simple"}
			spec := systemd.NewSpecification(info)
			require.NoError(t, spec.AddPermanentPlug(iface, []string{"snap." + instance + "." + app}, nil))
			files, err := (&systemd.Backend{}).Render(spec)
			require.NoError(t, err)
			dropIn := files[path.Join(path.Dir(name), path.Base(name)+".d", systemd.DropInName)]
			got := sections(dropIn)
			assert.Len(t, got, len(iface.unit)+len(iface.service), "%s: %s", sc.Name, name)
			for line, section := range sections(unit) {
				if _, ok := baseLines[line]; !ok {
					assert.Equal(t, section, got[line], "%s: %s: %q", sc.Name, name, line)
				}
			}
			replayed++
		}
	}
	assert.Greater(t, replayed, 15)
}

// TestCorpusCoveredUnits compiles every scenario the catalog covers: the
// interface units written must be snapd's byte for byte, and none where
// snapd writes none.
func TestCorpusCoveredUnits(t *testing.T) {
	all, _ := corpus(t)
	catalog := builtin.Interfaces()
	for _, sc := range all {
		if ok, err := sc.Covered(catalog); err != nil || !ok {
			continue
		}
		ours, err := fidelity.Render(sc, catalog)
		require.NoError(t, err)
		for name, data := range ours {
			if strings.Contains(name, ".interface.") {
				assert.Equal(t, string(sc.Files[name]), string(data), "%s: %s", sc.Name, name)
			}
		}
	}
}
