// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/policytest"
)

// caseHead is the comment and inputs of the sample case.
const caseHead = `What the case shows.
#instance-key: blue
#core
-- snap.yaml --
name: demo
-- connect --
# a comment
demo:network

`

// sampleCase returns a case whose outputs are a profile of 20 rules and
// a one-line file.
func sampleCase() string {
	return caseHead + "-- out/etc/a --\n" + profile(rules(20)...) + "-- out/etc/b --\nB\n"
}

func writeCase(t *testing.T, content string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "case.txtar")
	writeOld(t, file, content)
	return file
}

// render returns a render function for Check that gives files.
func render(files map[string]string) func() (map[string][]byte, error) {
	return func() (map[string][]byte, error) {
		out := map[string][]byte{}
		for name, data := range files {
			out[name] = []byte(data)
		}
		return out, nil
	}
}

func TestParseCase(t *testing.T) {
	setUpdate(t, false)
	c, err := policytest.ParseCase(writeCase(t, sampleCase()))
	require.NoError(t, err)
	assert.Equal(t, "What the case shows.\n#instance-key: blue\n#core\n", c.Comment)
	assert.Equal(t, map[string]string{"instance-key": "blue", "core": "true"}, c.Options)
	assert.Equal(t, "name: demo\n", string(c.Input(t, "snap.yaml")))
	assert.Equal(t, []string{"demo:network"}, c.Lines("connect"))
	assert.Nil(t, c.Lines("missing"))
	assert.Equal(t, map[string][]byte{"etc/a": []byte(profile(rules(20)...)), "etc/b": []byte("B\n")}, c.Outputs)
	assert.Equal(t, "case", c.String())

	r := &recorder{TB: t}
	c.Input(r, "missing")
	assert.Equal(t, []string{c.File + `: no "missing" section`}, r.fatals)

	_, err = policytest.ParseCase(writeCase(t, "x\n-- out/a --\n1\n-- out/a --\n2\n"))
	assert.ErrorContains(t, err, `section "out/a" appears twice`)
	_, err = policytest.ParseCase(filepath.Join(t.TempDir(), "none.txtar"))
	assert.ErrorContains(t, err, "cannot read golden file")
}

func TestCases(t *testing.T) {
	setUpdate(t, false)
	dir := t.TempDir()
	for _, name := range []string{"b.txtar", "a.txtar", "notes.txt"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("-- out/x --\nx\n"), 0o644))
	}
	var names []string
	for _, c := range policytest.Cases(t, dir) {
		names = append(names, c.String())
	}
	assert.Equal(t, []string{"a", "b"}, names)

	r := &recorder{TB: t}
	policytest.Cases(r, t.TempDir())
	assert.Len(t, r.fatals, 1)
	assert.Contains(t, r.fatals[0], "no golden files (*.txtar) in ")
}

func TestCheckMatches(t *testing.T) {
	setUpdate(t, false)
	c := policytest.LoadCase(t, writeCase(t, sampleCase()))
	r := &recorder{TB: t}
	c.Check(r, render(map[string]string{"etc/a": profile(rules(20)...), "etc/b": "B\n"}))
	assert.Empty(t, r.failures())
}

// TestCheckDiffShowsOnlyTheChangedLine changes one rule of an output:
// that file's failure is the unified diff of the line alone, with three
// lines of context.
func TestCheckDiffShowsOnlyTheChangedLine(t *testing.T) {
	setUpdate(t, false)
	file := writeCase(t, sampleCase())
	c := policytest.LoadCase(t, file)
	changed := rules(20)
	changed[3] = "/usr/lib/demo/lib03.so r,"
	r := &recorder{TB: t}
	c.Check(r, render(map[string]string{"etc/a": profile(changed...), "etc/b": "B\n"}))
	require.Empty(t, r.fatals)
	require.Len(t, r.errors, 1)
	assert.Equal(t, file+": out/etc/a differs (run go test with -update to accept):\n"+
		"--- out/etc/a (golden)\n"+
		"+++ out/etc/a (rendered)\n"+
		"@@ -4,7 +4,7 @@\n"+
		"   /usr/lib/demo/lib00.so mr,\n"+
		"   /usr/lib/demo/lib01.so mr,\n"+
		"   /usr/lib/demo/lib02.so mr,\n"+
		"-  /usr/lib/demo/lib03.so mr,\n"+
		"+  /usr/lib/demo/lib03.so r,\n"+
		"   /usr/lib/demo/lib04.so mr,\n"+
		"   /usr/lib/demo/lib05.so mr,\n"+
		"   /usr/lib/demo/lib06.so mr,\n", r.errors[0])
	content, _ := readFile(t, file)
	assert.Equal(t, sampleCase(), content, "nothing is written without -update")
}

func TestCheckMissingAndExtraFiles(t *testing.T) {
	setUpdate(t, false)
	file := writeCase(t, sampleCase())
	c := policytest.LoadCase(t, file)
	r := &recorder{TB: t}
	c.Check(r, render(map[string]string{"etc/a": profile(rules(20)...), "etc/c": "C\n"}))
	require.Empty(t, r.fatals)
	assert.Equal(t, []string{
		file + ": out/etc/b is in the golden file but not in what was rendered (run go test with -update to accept)",
		file + ": out/etc/c is in what was rendered but not in the golden file (run go test with -update to accept)",
	}, r.errors)
}

// TestCheckDeterminism renders different content the second time: Check
// fails before comparing with the case, showing the difference, and
// writes nothing even under -update.
func TestCheckDeterminism(t *testing.T) {
	setUpdate(t, true)
	file := writeCase(t, sampleCase())
	c := policytest.LoadCase(t, file)
	calls := 0
	r := &recorder{TB: t}
	c.Check(r, func() (map[string][]byte, error) {
		calls++
		if calls == 1 {
			return map[string][]byte{"etc/a": []byte("x\ny\n"), "etc/b": []byte("B\n")}, nil
		}
		return map[string][]byte{"etc/a": []byte("y\nx\n"), "etc/b": []byte("B\n")}, nil
	})
	assert.Equal(t, 2, calls)
	require.Empty(t, r.errors)
	require.Len(t, r.fatals, 1)
	assert.Equal(t, file+": rendering twice gave different files:\nout/etc/a differs:\n"+
		"--- out/etc/a (first rendering)\n+++ out/etc/a (second rendering)\n@@ -1,2 +1,2 @@\n-x\n y\n+x\n", r.fatals[0])
	content, _ := readFile(t, file)
	assert.Equal(t, sampleCase(), content)
}

func TestCheckRenderError(t *testing.T) {
	setUpdate(t, false)
	c := policytest.LoadCase(t, writeCase(t, sampleCase()))
	r := &recorder{TB: t}
	c.Check(r, func() (map[string][]byte, error) { return nil, errors.New(`snap "demo": bad plug`) })
	assert.Equal(t, []string{c.File + `: snap "demo": bad plug`}, r.fatals)
}

// TestCheckUpdateRewritesOnlyOutputs runs Check under -update with one
// output changed, one gone and one new: the file's comment and inputs
// are byte for byte what they were, and the outputs are the rendered
// files; a case that already matches is not written at all.
func TestCheckUpdateRewritesOnlyOutputs(t *testing.T) {
	setUpdate(t, true)
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.txtar")
	current := filepath.Join(dir, "current.txtar")
	writeOld(t, stale, sampleCase())
	old := writeOld(t, current, sampleCase())

	r := &recorder{TB: t}
	policytest.LoadCase(t, current).Check(r, render(map[string]string{"etc/a": profile(rules(20)...), "etc/b": "B\n"}))
	c := policytest.LoadCase(t, stale)
	c.Check(r, render(map[string]string{"etc/a": profile(rules(21)...), "etc/c": "C\n"}))
	assert.Empty(t, r.failures())

	content, mtime := readFile(t, current)
	assert.Equal(t, sampleCase(), content)
	assert.True(t, mtime.Equal(old), "a matching case was rewritten")

	content, _ = readFile(t, stale)
	head, _, _ := strings.Cut(content, "-- out/")
	assert.Equal(t, caseHead, head, "comment and inputs must be kept byte for byte")
	assert.Equal(t, caseHead+"-- out/etc/a --\n"+profile(rules(21)...)+"-- out/etc/c --\nC\n", content)
	again, err := policytest.ParseCase(stale)
	require.NoError(t, err)
	assert.Equal(t, c.Outputs, again.Outputs)
	assert.Equal(t, map[string][]byte{"etc/a": []byte(profile(rules(21)...)), "etc/c": []byte("C\n")}, again.Outputs)
}

// TestRewriteKeepsEveryOtherByte rewrites an archive whose inputs txtar
// would not write back as they are (an input after the outputs, CRLF
// marker lines, a last section without its newline) and checks that only
// the out/ sections' content changed.
func TestRewriteKeepsEveryOtherByte(t *testing.T) {
	setUpdate(t, false)
	const before = "comment\r\n-- snap.yaml --\r\nname: x\r\n-- out/a --\nold a\n-- out/z --\nz\n-- notes --\nlast line"
	file := writeCase(t, before)
	c := policytest.LoadCase(t, file)
	wrote, err := c.Rewrite(map[string][]byte{"a": []byte("new a\n"), "m": []byte("m\n"), "z": []byte("z\n")})
	require.NoError(t, err)
	assert.True(t, wrote)
	content, _ := readFile(t, file)
	assert.Equal(t, "comment\r\n-- snap.yaml --\r\nname: x\r\n-- out/a --\nnew a\n-- out/z --\nz\n-- out/m --\nm\n-- notes --\nlast line", content)

	wrote, err = c.Rewrite(map[string][]byte{"a": []byte("new a\n"), "m": []byte("m\n"), "z": []byte("z\n")})
	require.NoError(t, err)
	assert.False(t, wrote, "outputs that match are not written")

	// Outputs added to an archive that has none go at its end.
	file = writeCase(t, "no outputs yet\n-- snap.yaml --\nname: x")
	c = policytest.LoadCase(t, file)
	_, err = c.Rewrite(map[string][]byte{"b": []byte("b\n"), "a": nil})
	require.NoError(t, err)
	content, _ = readFile(t, file)
	assert.Equal(t, "no outputs yet\n-- snap.yaml --\nname: x\n-- out/a --\n-- out/b --\nb\n", content)

	_, err = c.Rewrite(map[string][]byte{"bin": []byte("no newline")})
	assert.ErrorContains(t, err, "rendered out/bin does not end with a newline")
}
