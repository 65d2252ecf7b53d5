// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v2"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/fidelity"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// The app added to every snap of a scenario by
// TestUpdateReusesTagsSoundlyForEveryInterface: bound to a home plug of
// its own and to nothing of the scenario's.
const (
	unboundApp  = "partcheck"
	unboundPlug = "partcheck-home"
)

// withUnboundApp adds unboundApp, plugging unboundPlug, to a snap.yaml.
func withUnboundApp(doc []byte) ([]byte, error) {
	var m yaml.MapSlice
	if err := yaml.Unmarshal(doc, &m); err != nil {
		return nil, err
	}
	add := map[string]yaml.MapItem{
		"plugs": {Key: unboundPlug, Value: yaml.MapSlice{{Key: "interface", Value: "home"}}},
		"apps":  {Key: unboundApp, Value: yaml.MapSlice{{Key: "command", Value: "bin/partcheck"}, {Key: "plugs", Value: []string{unboundPlug}}}},
	}
	for i := range m {
		key, _ := m[i].Key.(string)
		if item, ok := add[key]; ok {
			section, ok := m[i].Value.(yaml.MapSlice)
			if !ok {
				return nil, fmt.Errorf("%s is not a map", key)
			}
			m[i].Value = append(section, item)
			delete(add, key)
		}
	}
	for _, key := range []string{"plugs", "apps"} {
		if item, ok := add[key]; ok {
			m = append(m, yaml.MapItem{Key: key, Value: yaml.MapSlice{item}})
		}
	}
	return yaml.Marshal(m)
}

// TestUpdateReusesTagsSoundlyForEveryInterface holds the reuse of a
// tag's files to every interface snapd-ref has a scenario for: to each
// snap of the scenario it adds an app that is bound to none of the
// scenario's plugs and slots, only to a home plug of its own (home's
// rules are the ones another interface, docker-support, changes for the
// whole snap). Update then runs without the scenario's connections,
// with them, and without them again, and after each run the files must
// be byte for byte those a full compile writes. The unbound app's files
// are reused where the interface adds nothing for the whole snap, and
// rendered where it does; the test counts both, and fails if nothing is
// ever reused (the test would then show nothing).
func TestUpdateReusesTagsSoundlyForEveryInterface(t *testing.T) {
	corpus, err := fidelity.LoadCorpus(filepath.Join(testutil.SharedDir(t), "snapd-ref"))
	require.NoError(t, err)
	catalog := builtin.Interfaces()
	reused, renderedAgain, scenarios := 0, []string{}, 0
	for _, sc := range corpus {
		if !strings.HasPrefix(sc.Name, "iface/") || len(sc.Connections) == 0 {
			continue
		}
		if covered, err := sc.Covered(catalog); err != nil || !covered {
			require.NoError(t, err)
			continue
		}
		if testing.Short() && scenarios%8 != 0 {
			scenarios++
			continue
		}
		scenarios++
		edited := *sc
		for _, doc := range []*[]byte{&edited.SnapYAML, &edited.ProviderYAML} {
			if *doc == nil {
				continue
			}
			*doc, err = withUnboundApp(*doc)
			require.NoError(t, err, sc.Name)
		}
		infos, opts, err := fidelity.Inputs(&edited, nil)
		require.NoError(t, err, sc.Name)
		var home []string
		for _, info := range infos {
			home = append(home, info.InstanceName()+":"+unboundPlug)
		}
		without := opts
		without.Connect = home
		with := opts
		with.Connect = append(slices.Clone(home), opts.Connect...)

		root := t.TempDir()
		for step, o := range []plugpolicy.Options{without, with, without} {
			res, _, err := plugpolicy.Update(root, infos, o, plugpolicy.WriteOptions{})
			require.NoError(t, err, "%s step %d", sc.Name, step)
			require.Equal(t, fullTree(t, infos, o), testutil.ReadPolicyTree(t, root), "%s step %d", sc.Name, step)
			if step != 1 {
				continue
			}
			for _, s := range res.Snaps {
				if !slices.Contains(s.Rendered, "apparmor") {
					continue
				}
				tag := s.Info.Apps[unboundApp].SecurityTag()
				if slices.Contains(s.ReusedTags["apparmor"], tag) {
					reused++
				} else {
					renderedAgain = append(renderedAgain, sc.Name+" "+s.Name)
				}
			}
		}
	}
	t.Logf("%d scenarios: the unbound app's profile was reused %d times, and rendered again %d times: %v",
		scenarios, reused, len(renderedAgain), renderedAgain)
	require.NotZero(t, reused, "no profile was ever reused")
	require.Contains(t, renderedAgain, "iface/docker-support plugger", "docker-support changes home's rules in every profile")
}
