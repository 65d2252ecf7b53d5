// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/casetest"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

type snippetIface struct {
	casetest.Iface
	snippets []string
}

func (s *snippetIface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, sn := range s.snippets {
		spec.AddSnippet(sn)
	}
	return nil
}

var _ seccomp.ConnectedPlugDefiner = (*snippetIface)(nil)

// lengthCompiler stands in for the BPF compiler, which another package
// provides and tests against the kernel: it "compiles" a source to a
// marker of its length, so that the test sees what the backend passed it.
type lengthCompiler struct{ fail string }

func (c lengthCompiler) Compile(name string, src []byte) ([]byte, error) {
	if name == c.fail {
		return nil, errors.New("too big")
	}
	return []byte(fmt.Sprintf("%s:%d", name, len(src))), nil
}

const twoApps = `name: sc
version: "1"
apps:
  a:
    command: a
    plugs: [one, two]
  b:
    command: b
    plugs: [two]
`

func TestSnippetsAndCompiler(t *testing.T) {
	ifaces := []interfaces.Interface{
		&snippetIface{"one", []string{"setns - CLONE_NEWNET", "setns - CLONE_NEWNET"}},
		&snippetIface{"two", []string{"bind\nlisten", "setns - CLONE_NEWNET"}},
	}
	files := casetest.RenderWith(t, ifaces, twoApps, &seccomp.Backend{Compiler: lengthCompiler{}})
	require.Len(t, files, 4)
	a := string(files["var/lib/snapd/seccomp/bpf/snap.sc.a.src"])
	b := string(files["var/lib/snapd/seccomp/bpf/snap.sc.b.src"])
	// The interfaces' rules follow the template; the calls that change
	// ids follow them.
	ids := "\n# Changing user and group ids"
	assert.Contains(t, a, "\nsocket AF_QIPCRTR\n")
	assert.Contains(t, a, "\n# Interface one\nsetns - CLONE_NEWNET\n\n# Interface two\nbind\nlisten\n"+ids)
	assert.Contains(t, b, "\n# Interface two\nbind\nlisten\n\nsetns - CLONE_NEWNET\n"+ids)
	assert.Less(t, strings.Index(a, "\nsocket AF_QIPCRTR\n"), strings.Index(a, "# Interface one"))
	assert.Equal(t, fmt.Sprintf("snap.sc.a:%d", len(a)), string(files["var/lib/snapd/seccomp/bpf/snap.sc.a.bin"]))

	repo, name := casetest.ConnectedRepo(t, ifaces, twoApps)
	_, err := interfaces.Render(&seccomp.Backend{Compiler: lengthCompiler{fail: "snap.sc.b"}}, repo, name, interfaces.ConfinementOptions{})
	assert.EqualError(t, err, `cannot render seccomp files of snap "sc": cannot compile seccomp policy snap.sc.b: too big`)
}

func TestBackendBasics(t *testing.T) {
	b := &seccomp.Backend{}
	assert.Equal(t, "seccomp", b.Name())
	assert.Equal(t, []string{"var/lib/snapd/seccomp/bpf/snap.x_1.*.src", "var/lib/snapd/seccomp/bpf/snap.x_1.*.bin", "var/lib/snapd/seccomp/bpf/snap.x_1.*.bin2"}, b.Paths("x_1"))
	_, err := b.Render(nil)
	assert.EqualError(t, err, "cannot render seccomp policies from a <nil>")
	info, err := snap.Parse([]byte(twoApps), snap.Options{})
	require.NoError(t, err)
	spec := seccomp.NewSpecification(info, interfaces.ConfinementOptions{})
	assert.Empty(t, spec.SecurityTags())
	assert.Equal(t, "sc", spec.Snap().Name)
	spec.AddSnippet("bind") // out of scope: goes to none of the snap's apps
	assert.Empty(t, spec.Snippets("snap.sc.a"))
	assert.Empty(t, spec.Snippets("snap.sc.b"))
}
