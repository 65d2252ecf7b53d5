// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kmod_test

import (
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/fidelity"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/snap"
)

func corpus(t *testing.T) []*fidelity.Scenario {
	t.Helper()
	scenarios, err := fidelity.LoadCorpus(filepath.Join(testutil.SharedDir(t), "snapd-ref"))
	require.NoError(t, err)
	return scenarios
}

// TestCorpusReplay replays every kmod file of snapd-ref: the modules,
// blacklists and options it lists go into a specification, and the
// backend must write snapd's file byte for byte. snapd writes the options
// lines in Go map order, different from run to run (see the corpus's
// _nondeterministic directory); there they must be the same lines, and
// ours sorted.
func TestCorpusReplay(t *testing.T) {
	replayed := 0
	for _, sc := range corpus(t) {
		for name, want := range sc.Files {
			dir := path.Dir(name)
			if dir != "etc/modules-load.d" && dir != "etc/modprobe.d" {
				continue
			}
			instance := strings.TrimSuffix(strings.TrimPrefix(path.Base(name), "snap."), ".conf")
			spec := kmod.NewSpecification(&snap.Info{Name: instance})
			var options []string
			for _, line := range strings.Split(string(want), "\n") {
				switch {
				case line == "" || strings.HasPrefix(line, "#"):
				case dir == "etc/modules-load.d":
					require.NoError(t, spec.AddModule(line))
				case strings.HasPrefix(line, "blacklist "):
					require.NoError(t, spec.DisallowModule(strings.TrimPrefix(line, "blacklist ")))
				case strings.HasPrefix(line, "options "):
					options = append(options, line)
					module, opts, _ := strings.Cut(strings.TrimPrefix(line, "options "), " ")
					require.NoError(t, spec.SetModuleOptions(module, opts))
				default:
					t.Fatalf("%s: %s: unexpected line %q", sc.Name, name, line)
				}
			}
			files, err := (&kmod.Backend{}).Render(spec)
			require.NoError(t, err)
			expected := string(want)
			if len(options) > 1 {
				// snapd's options in our order: sorted.
				sorted := append([]string(nil), options...)
				sort.Strings(sorted)
				expected = strings.Replace(expected, strings.Join(options, "\n"), strings.Join(sorted, "\n"), 1)
				require.NotEqual(t, string(want), expected, "%s: the options are not in one block", sc.Name)
			}
			assert.Equal(t, expected, string(files[name]), "%s: %s", sc.Name, name)
			replayed++
		}
	}
	assert.Equal(t, 21, replayed, "the corpus has 20 modules-load.d files and 1 modprobe.d file")
}

// TestCorpusFilesByteForByte compiles every scenario the catalog covers
// and holds the kmod files to snapd's byte for byte wherever they list
// the same modules (which modules is the interfaces' business, which the
// fidelity test judges).
func TestCorpusFilesByteForByte(t *testing.T) {
	catalog := builtin.Interfaces()
	compared := 0
	for _, sc := range corpus(t) {
		if ok, err := sc.Covered(catalog); err != nil || !ok {
			continue
		}
		ours, err := fidelity.Render(sc, catalog)
		require.NoError(t, err)
		for name, want := range sc.Files {
			if !strings.HasPrefix(name, "etc/modules-load.d/") && !strings.HasPrefix(name, "etc/modprobe.d/") {
				continue
			}
			got, ok := ours[name]
			if ok && ruleLines(got) == ruleLines(want) {
				compared++
				// snapd writes the options lines in Go map order; ours
				// are sorted.
				assert.Equal(t, sortedOptions(string(want)), string(got), "%s: %s", sc.Name, name)
			}
		}
	}
	assert.Greater(t, compared, 5)
}

// ruleLines are a file's lines, comments and blank lines aside, sorted.
func ruleLines(data []byte) string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// sortedOptions returns a kmod file with its "options" lines, which
// snapd writes in one block in map order, sorted.
func sortedOptions(data string) string {
	lines := strings.Split(data, "\n")
	var opts []string
	first := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "options ") {
			if first < 0 {
				first = i
			}
			opts = append(opts, l)
		}
	}
	if first < 0 {
		return data
	}
	sort.Strings(opts)
	copy(lines[first:], opts)
	return strings.Join(lines, "\n")
}
