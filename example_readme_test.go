// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"fmt"
	"log"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The README's library section is the body of this example, between the
// markers; TestReadmeLibrarySection holds the two together.
func Example_readme() {
	// README:begin
	info, err := snap.ParseFile("examples/kube-node/snap.yaml", snap.Options{Revision: snap.R(1)})
	if err != nil {
		log.Fatal(err) // a *snap.ValidationError: every problem, with its line
	}
	grant, err := policy.ReadSnapDeclaration("examples/kube-node/snap-declaration.yaml")
	if err != nil {
		log.Fatal(err)
	}
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{
		SnapDeclarations: []*policy.SnapDeclaration{grant},
	})
	if err != nil {
		log.Fatal(err) // names the snap, plug and the policy rule that refused it
	}
	fmt.Println(len(res.AutoConnected), "plugs auto-connected")
	profile := res.File("var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet")
	fmt.Println(profile.Backend, profile.Tag, len(profile.Data) > 0)

	root, err := os.MkdirTemp("", "plugpolicy-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	written, err := res.Write(root, plugpolicy.WriteOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range written {
		fmt.Println(w.Backend, len(w.Changed), "files written")
	}
	// README:end

	// Output:
	// 16 plugs auto-connected
	// apparmor snap.kube-node.kubelet true
	// apparmor 7 files written
	// seccomp 18 files written
	// udev 2 files written
	// kmod 1 files written
	// systemd 2 files written
	// mount 1 files written
}

// TestReadmeLibrarySection checks that the README's first Go example is
// Example_readme's body, so that it cannot rot.
func TestReadmeLibrarySection(t *testing.T) {
	src, err := os.ReadFile("example_readme_test.go")
	require.NoError(t, err)
	_, body, ok := strings.Cut(string(src), "\t// README:begin\n")
	require.True(t, ok)
	body, _, ok = strings.Cut(body, "\t// README:end\n")
	require.True(t, ok)
	var want strings.Builder
	for _, line := range strings.SplitAfter(body, "\n") {
		want.WriteString(strings.TrimPrefix(line, "\t"))
	}
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, lib, ok := strings.Cut(string(readme), "\n## Library\n")
	require.True(t, ok, "README.md has a Library section")
	_, block, ok := strings.Cut(lib, "```go\n")
	require.True(t, ok)
	_, block, ok = strings.Cut(block, "\n\n") // after the import block
	require.True(t, ok)
	block, _, ok = strings.Cut(block, "```\n")
	require.True(t, ok)
	assert.Equal(t, want.String(), block, "README.md's library example differs from Example_readme")
}
