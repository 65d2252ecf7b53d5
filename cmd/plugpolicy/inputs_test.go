// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// TestSeccompInputsBounded: seccomp compile and export-oci refuse a device
// (it was read until memory ran out) and a source over bpf.MaxSourceSize.
func TestSeccompInputsBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.src")
	require.NoError(t, os.WriteFile(big, []byte("read\n#"+strings.Repeat("x", bpf.MaxSourceSize)), 0o644))
	out := filepath.Join(t.TempDir(), "out.bin")
	for _, tc := range []struct{ in, want string }{
		{"/dev/zero", "cannot read /dev/zero: not a regular file"},
		{big, "cannot read " + big + ": larger than 16777216 bytes"},
	} {
		_, stderr, status := runCLI(t, "seccomp", "compile", "--arch", "amd64", tc.in, out)
		assert.Equal(t, exitInvalid, status)
		assert.Equal(t, "plugpolicy seccomp compile: "+tc.want+"\n", stderr)
		_, stderr, status = runCLI(t, "seccomp", "export-oci", "--arch", "amd64", tc.in)
		assert.Equal(t, exitInvalid, status)
		assert.Equal(t, "plugpolicy seccomp export-oci: "+tc.want+"\n", stderr)
	}
	_, err := bpf.Parse([]byte("read\n#" + strings.Repeat("x", bpf.MaxSourceSize)))
	assert.ErrorContains(t, err, "larger than 16777216 bytes")
}
