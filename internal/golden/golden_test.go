// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package golden_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/golden"
)

func write(t *testing.T, content string) string {
	file := filepath.Join(t.TempDir(), "case.txtar")
	require.NoError(t, os.WriteFile(file, []byte(content), 0o644))
	return file
}

const sample = `What the case shows.
#instance-key: blue
#core
-- snap.yaml --
name: x
-- connect --
# a comment
x:network

-- out/etc/a --
A
-- out/etc/b --
B
`

func TestParse(t *testing.T) {
	c, err := golden.Parse(write(t, sample))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"instance-key": "blue", "core": "true"}, c.Options)
	assert.Equal(t, "name: x\n", string(c.Inputs["snap.yaml"]))
	assert.Equal(t, []string{"x:network"}, c.Lines("connect"))
	assert.Nil(t, c.Lines("missing"))
	assert.Equal(t, map[string][]byte{"etc/a": []byte("A\n"), "etc/b": []byte("B\n")}, c.Outputs)
	assert.Equal(t, "case", c.String())

	_, err = golden.Parse(write(t, "x\n-- out/a --\n1\n-- out/a --\n2\n"))
	assert.ErrorContains(t, err, `section "out/a" appears twice`)
	_, err = golden.Parse(filepath.Join(t.TempDir(), "none.txtar"))
	assert.ErrorContains(t, err, "cannot read golden file")
}

func TestDiff(t *testing.T) {
	c, err := golden.Parse(write(t, sample))
	require.NoError(t, err)
	assert.Empty(t, c.Diff(map[string][]byte{"etc/a": []byte("A\n"), "etc/b": []byte("B\n")}))
	problems := c.Diff(map[string][]byte{"etc/a": []byte("A2\n"), "etc/c": []byte("C\n")})
	require.Len(t, problems, 3)
	assert.Contains(t, problems[0], "out/etc/a differs (-golden +rendered)")
	// cmp.Diff spaces its output with ordinary or non-breaking spaces at
	// random, so that nobody depends on its exact form.
	assert.Regexp(t, `(?m)^-[ \x{a0}]+\t"A",$`, problems[0])
	assert.Regexp(t, `(?m)^\+[ \x{a0}]+\t"A2",$`, problems[0])
	assert.True(t, strings.HasSuffix(problems[1], "out/etc/b is in the golden file but was not rendered"))
	assert.True(t, strings.HasSuffix(problems[2], "out/etc/c was rendered but is not in the golden file (run with -update)"))
}

func TestRewriteKeepsInputs(t *testing.T) {
	file := write(t, sample)
	c, err := golden.Parse(file)
	require.NoError(t, err)
	require.NoError(t, c.Rewrite(map[string][]byte{"etc/z": []byte("Z\n"), "etc/a": []byte("A\n")}))
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	// The outputs are replaced; the comment and the inputs are kept byte for byte.
	want := strings.Replace(sample, "-- out/etc/b --\nB\n", "-- out/etc/z --\nZ\n", 1)
	require.NotEqual(t, sample, want)
	assert.Equal(t, want, string(data))
	assert.ErrorContains(t, c.Rewrite(map[string][]byte{"bin": []byte("no newline")}), "does not end with a newline")
}
