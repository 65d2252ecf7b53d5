// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/snap"
)

func TestDuplicateKeysInFlowMappings(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"name: ab\nversion: '1'\nplugs:\n  p: {interface: x, a: 1, a: 2}\n", `duplicate key "a"`},
		{"{name: ab, version: '1', name: cd}\n", `duplicate key "name"`},
		{"name: ab\nversion: '1'\napps: {x: {command: a}, x: {command: b}}\n", `duplicate key "x"`},
		{"name: ab\nversion: '1'\nplugs:\n  p:\n    interface: x\n    m: [{k: 1, k: 1}]\n", `duplicate key "k"`},
	} {
		probs := problemsOf(t, tc.doc)
		assert.Contains(t, strings.Join(probs, "\n"), tc.want, tc.doc)
	}
	// The order of a flow mapping's keys is the document's.
	info := mustParse(t, "name: ab\nversion: '1'\nenvironment: {Z: 1, A: 2}\n", snap.Options{})
	require.Len(t, info.Environment, 2)
	assert.Equal(t, "Z", info.Environment[0].Key)
}

func TestOneDocumentOnly(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		line string
	}{
		{"name: ab\nversion: '1'\n---\nname: cd\n", "line 4:"},
		{"---\nname: ab\nversion: '1'\n---\n", "line 4:"},
		{"name: ab\nversion: '1'\n...\n---\nplugs: {}\n", "line 5:"},
	} {
		probs := problemsOf(t, tc.doc)
		require.Len(t, probs, 1, tc.doc)
		assert.Contains(t, probs[0], "only one YAML document is allowed", tc.doc)
		assert.True(t, strings.HasPrefix(probs[0], tc.line), "%q: %s", tc.doc, probs[0])
	}
	mustParse(t, "---\nname: ab\nversion: '1'\n...\n", snap.Options{})
}

func TestSizeLimit(t *testing.T) {
	big := "name: ab\nversion: '1'\n#" + strings.Repeat("x", snap.MaxSnapYAMLSize) + "\n"
	probs := problemsOf(t, big)
	assert.Equal(t, []string{"snap.yaml is larger than 4194304 bytes"}, probs)

	dir := t.TempDir()
	file := filepath.Join(dir, "snap.yaml")
	require.NoError(t, os.WriteFile(file, []byte(big), 0o644))
	_, err := snap.ParseFile(file, snap.Options{})
	assert.EqualError(t, err, "cannot read snap.yaml "+file+": larger than 4194304 bytes")
}

func TestParseFileRefusesNonRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for _, name := range []string{"/dev/zero", fifo} {
		done := make(chan error, 1)
		go func() {
			_, err := snap.ParseFile(name, snap.Options{})
			done <- err
		}()
		select {
		case err := <-done:
			assert.EqualError(t, err, "cannot read snap.yaml "+name+": not a regular file")
		case <-time.After(10 * time.Second):
			t.Fatalf("ParseFile(%s) does not return", name)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain text é":        "plain text é",
		"\x1b[31mred\n":       `\x1b[31mred\n`,
		"a\u202eb\u200bc\x7f": `a\u202eb\u200bc\x7f`,
		"bad\xffbyte\r":       `bad\xffbyte\r`,
	} {
		assert.Equal(t, want, snap.Printable(in))
	}
	p := snap.Problem{Line: 3, Path: "plugs.p", Message: "invalid key [\x1b[33m]"}
	assert.Equal(t, `line 3: plugs.p: invalid key [\x1b[33m]`, p.String())
}

// TestNamesFitTheFileSystem: an app whose security tag, with the longest
// suffix and the writer's temporary-file decoration, would not fit a
// 255-byte file name is refused, naming the app (220 characters passed
// and left the policy stuck).
func TestNamesFitTheFileSystem(t *testing.T) {
	assert.Equal(t, 255, snap.MaxSecurityTagLength+snap.MaxTagSuffixLength+snap.MaxTempDecorationLength)
	name := strings.Repeat("a", 40)
	// snap.NAME_k.APP: 5 + 42 + 1 + len(APP)
	fits := strings.Repeat("b", snap.MaxSecurityTagLength-48)
	info := mustParse(t, "name: "+name+"\nversion: '1'\napps:\n  "+fits+": {command: x}\n", snap.Options{InstanceKey: "k"})
	assert.Len(t, info.Apps[fits].SecurityTag(), snap.MaxSecurityTagLength)

	long := fits + "c"
	_, err := snap.Parse([]byte("name: "+name+"\nversion: '1'\napps:\n  "+long+": {command: x}\n"), snap.Options{InstanceKey: "k"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 4: apps."+long+": app name is too long: its security tag snap."+name+"_k."+long+" is 200 bytes, more than 199")
	// Without the instance key the same name fits.
	mustParse(t, "name: "+name+"\nversion: '1'\napps:\n  "+long+": {command: x}\n", snap.Options{})
	_, err = snap.Parse([]byte("name: ab\nversion: '1'\napps:\n  "+strings.Repeat("x", 220)+": {command: x}\n"), snap.Options{})
	assert.ErrorContains(t, err, "app name is too long")
}
