// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// countingCompiler is a CachingCompiler that counts its compiles and
// "compiles" a source to its body after the header line, so that the
// test sees which source a cached filter came from.
type countingCompiler struct {
	key   string
	calls *int
}

func (c countingCompiler) Compile(name string, src []byte) ([]byte, error) {
	*c.calls++
	_, body, _ := strings.Cut(string(src), "\n")
	return []byte(c.key + body), nil
}

func (c countingCompiler) CacheKey() string { return c.key }

const threeApps = `name: sc
version: "1"
apps:
  a:
    command: a
    plugs: [two]
  b:
    command: b
    plugs: [two]
  c:
    command: c
    plugs: [one, two]
`

func TestIdenticalPoliciesCompileOnce(t *testing.T) {
	ifaces := []interfaces.Interface{
		&snippetIface{"one", []string{"setns - CLONE_NEWNET"}},
		&snippetIface{"two", []string{"bind\nlisten"}},
	}
	calls := 0
	b := &seccomp.Backend{Compiler: countingCompiler{key: "k", calls: &calls}}
	files := casetest.RenderWith(t, ifaces, threeApps, b)
	// a and b differ only in the header naming their tag; c has more.
	assert.Equal(t, 2, calls)
	dir := "var/lib/snapd/seccomp/bpf/"
	for _, app := range []string{"a", "b", "c"} {
		_, body, _ := strings.Cut(string(files[dir+"snap.sc."+app+".src"]), "\n")
		assert.Equal(t, "k"+body, string(files[dir+"snap.sc."+app+".bin"]), app)
	}
	assert.NotEqual(t, files[dir+"snap.sc.a.bin"], files[dir+"snap.sc.c.bin"])

	// The same backend renders again from its cache; a compiler with
	// another key compiles afresh.
	casetest.RenderWith(t, ifaces, threeApps, b)
	assert.Equal(t, 2, calls)
	b.Compiler = countingCompiler{key: "other", calls: &calls}
	files = casetest.RenderWith(t, ifaces, threeApps, b)
	assert.Equal(t, 4, calls)
	assert.True(t, strings.HasPrefix(string(files[dir+"snap.sc.a.bin"]), "other"))
}

// TestCachedFiltersAreTheCompilersOwn checks that each .bin BPFCompiler
// gives through the cache is byte for byte the filter of its own source.
func TestCachedFiltersAreTheCompilersOwn(t *testing.T) {
	ifaces := []interfaces.Interface{
		&snippetIface{"one", []string{"setns - CLONE_NEWNET"}},
		&snippetIface{"two", []string{"bind\nlisten"}},
	}
	c := seccomp.BPFCompiler{Arch: bpf.ArchAMD64}
	files := casetest.RenderWith(t, ifaces, threeApps, &seccomp.Backend{Compiler: c})
	dir := "var/lib/snapd/seccomp/bpf/"
	for _, app := range []string{"a", "b", "c"} {
		tag := "snap.sc." + app
		want, err := c.Compile(tag, files[dir+tag+".src"])
		require.NoError(t, err)
		assert.Equal(t, want, files[dir+tag+".bin"], app)
	}
	assert.Equal(t, "amd64", c.CacheKey())
	assert.NotEqual(t, c.CacheKey(), seccomp.BPFCompiler{Arch: bpf.ArchARM64}.CacheKey())
}

// TestBackendWritesBin2: with plugpolicy's compiler the backend also
// writes snap-confine's .bin2, the same as compiling the source alone,
// and from the cache for a second snap of the same policy.
func TestBackendWritesBin2(t *testing.T) {
	b := &seccomp.Backend{Compiler: seccomp.BPFCompiler{Arch: bpf.ArchAMD64}}
	for _, name := range []string{"one", "two"} {
		info, err := snap.Parse([]byte("name: "+name+"\nversion: \"1\"\napps:\n  app: {command: app}\n"), snap.Options{Revision: snap.R(1)})
		require.NoError(t, err)
		spec := b.NewSpecification(info, interfaces.ConfinementOptions{})
		files, err := b.Render(spec)
		require.NoError(t, err)
		tag := "snap." + name + ".app"
		src := files["var/lib/snapd/seccomp/bpf/"+tag+".src"]
		want, err := bpf.CompileSnapConfine(tag, src, bpf.Options{Arch: bpf.ArchAMD64})
		require.NoError(t, err)
		assert.Equal(t, want, files["var/lib/snapd/seccomp/bpf/"+tag+".bin2"])
	}
}
