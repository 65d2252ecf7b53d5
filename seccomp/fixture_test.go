// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package seccomp_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/policytest"
	"github.com/plugpolicy/plugpolicy/snap"
)

// benchFixture is the policy the seccomp compiler's benchmarks and
// property tests compile: the default template plus the kubelet flavor of
// kubernetes-support, as this backend renders it.
var benchFixture = filepath.Join("bpf", "testdata", "default-template+kubelet.src")

// TestBenchFixtureIsTheRenderedPolicy keeps the compiler's benchmark input
// equal to what the backend renders for a kubelet (-update rewrites it), so
// the numbers measured are those of the real policy.
func TestBenchFixtureIsTheRenderedPolicy(t *testing.T) {
	info, err := snap.Parse([]byte(`name: kube-node
version: "1"
plugs:
  k8s:
    interface: kubernetes-support
    flavor: kubelet
apps:
  kubelet:
    command: bin/kubelet
    daemon: simple
    plugs: [k8s]
`), snap.Options{Revision: snap.R(1)})
	require.NoError(t, err)
	// Dangerous: kubernetes-support needs a grant to install. AppArmor
	// fully confines (the default options), so bind is not added.
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{Dangerous: true, ConnectAll: true, Backends: []string{"seccomp"}, NoBPF: true})
	require.NoError(t, err)
	got := res.FilesOf("kube-node", "seccomp")["var/lib/snapd/seccomp/bpf/snap.kube-node.kubelet.src"]
	require.NotEmpty(t, got)
	policytest.Golden(t, benchFixture, got)
}
