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

// TestValidateEscapesControlCharacters: an attribute name or value with an
// escape sequence or a newline is printed escaped, in the description of a
// valid snap and in problems.
func TestValidateEscapesControlCharacters(t *testing.T) {
	valid := writeFile(t, "snap.yaml", "name: ab\nversion: \"1\"\nplugs:\n  p:\n    interface: x\n    \"\\e[31m\": 1\n    v: \"\\e[32m\\n\"\n")
	stdout, stderr, status := runCLI(t, "validate", valid)
	require.Equal(t, exitOK, status, stderr)
	assert.Contains(t, stdout, `  p: interface x, "\x1b[31m"=1, v="\u001b[32m\n"`+"\n")
	invalid := writeFile(t, "snap.yaml", "name: ab\nversion: \"1\"\nplugs:\n  p:\n    interface: x\n    \"\\e[31m\\nX\": ~\n    ? [\"\\e[33m\\n\"]\n    : 1\n")
	stdout, stderr, status = runCLI(t, "validate", invalid)
	assert.Equal(t, exitInvalid, status)
	for _, out := range []string{stdout, stderr} {
		assert.NotContains(t, out, "\x1b")
	}
	assert.Equal(t, invalid+`:6: plugs.p."\x1b[31m\nX": null is not a valid attribute value; leave the attribute out instead`+"\n"+
		invalid+`:7: plugs.p: invalid key [\x1b[33m\n]: keys must be plain values, not a list`+"\n", stderr)
}

// TestValidateRunsSanitizers: validate accepted attribute values that
// compile then refused (and left the plug out); it reports them now. An
// interface the catalog lacks is a warning.
func TestValidateRunsSanitizers(t *testing.T) {
	file := writeFile(t, "snap.yaml", "name: ab\nversion: \"1\"\nplugs:\n  sf:\n    interface: system-files\n    read: [relative/x]\n  odd: {interface: no-such-interface}\napps:\n  a: {command: x, plugs: [sf, odd]}\n")
	stdout, stderr, status := runCLI(t, "validate", file)
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, file+": invalid, 1 problem\n", stdout)
	assert.Equal(t, file+`: plugs.sf: interface "system-files" refuses the plug: snap "ab", plug "sf": attribute "read": "relative/x" must start with "/"`+"\n"+
		file+`: warning: plugs.odd: interface "no-such-interface" is not in the catalog: compile leaves the plug out`+"\n", stderr)
}
