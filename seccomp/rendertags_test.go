// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/seccomp"
)

// TestRenderTags: RenderTags renders what Render does, without the
// policies (source and filter) it is told to reuse, asking about each
// tag's files; a tag's digest changes with what interfaces add for it,
// and not with what they add for another tag.
func TestRenderTags(t *testing.T) {
	ifaces := []interfaces.Interface{
		&snippetIface{"one", []string{"setns - CLONE_NEWNET"}},
		&snippetIface{"two", []string{"bind\nlisten"}},
	}
	const dir = "var/lib/snapd/seccomp/bpf/"
	backend := &seccomp.Backend{Compiler: lengthCompiler{}}
	render := func(snapYAML string, reuse map[string]bool) (map[string]string, map[string]string, map[string][]string) {
		t.Helper()
		repo, name := casetest.ConnectedRepo(t, ifaces, snapYAML)
		asked := map[string][]string{}
		files, digests, err := interfaces.RenderTags(backend, repo, name, interfaces.ConfinementOptions{},
			func(tag, _ string, paths []string) bool {
				asked[tag] = paths
				return reuse[tag]
			})
		require.NoError(t, err)
		plain, err := interfaces.Render(backend, repo, name, interfaces.ConfinementOptions{})
		require.NoError(t, err)
		out := map[string]string{}
		for p, data := range files {
			out[p] = string(data)
			assert.Equal(t, string(plain[p]), out[p], "a rendered file is Render's")
		}
		if len(reuse) == 0 {
			assert.Len(t, out, len(plain))
		}
		return out, digests, asked
	}

	all, digests, asked := render(twoApps, nil)
	assert.Equal(t, map[string][]string{
		"snap.sc.a": {dir + "snap.sc.a.src", dir + "snap.sc.a.bin"},
		"snap.sc.b": {dir + "snap.sc.b.src", dir + "snap.sc.b.bin"},
	}, asked)
	some, _, _ := render(twoApps, map[string]bool{"snap.sc.a": true})
	assert.Equal(t, map[string]string{dir + "snap.sc.b.src": all[dir+"snap.sc.b.src"], dir + "snap.sc.b.bin": all[dir+"snap.sc.b.bin"]}, some)

	// Without plug one, a's policy and digest change; b's do not.
	other, d2, _ := render(`name: sc
version: "1"
apps:
  a:
    command: a
    plugs: [two]
  b:
    command: b
    plugs: [two]
`, nil)
	assert.NotEqual(t, all[dir+"snap.sc.a.src"], other[dir+"snap.sc.a.src"])
	assert.NotEqual(t, digests["snap.sc.a"], d2["snap.sc.a"])
	assert.Equal(t, all[dir+"snap.sc.b.src"], other[dir+"snap.sc.b.src"])
	assert.Equal(t, digests["snap.sc.b"], d2["snap.sc.b"])
}
