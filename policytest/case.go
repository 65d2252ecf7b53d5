// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Case is one golden case: a txtar archive whose comment says what the
// case shows, whose sections named "out/PATH" are the files expected to
// be rendered, at PATH below the output root, and whose other sections
// are the inputs.
type Case struct {
	// File is the archive's path.
	File string
	// Comment is the text before the first section.
	Comment string
	// Options are the "#key: value" lines of the comment ("#key" alone
	// is "true"), keyed and valued without surrounding space.
	Options map[string]string
	// Inputs are the sections whose names do not start with "out/".
	Inputs map[string][]byte
	// Outputs are the "out/" sections, keyed without the "out/" prefix.
	Outputs map[string][]byte

	raw []byte // the archive as read, or as last rewritten
}

// LoadCase reads a case, failing the test if it cannot.
func LoadCase(t testing.TB, file string) *Case {
	t.Helper()
	c, err := ParseCase(file)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ParseCase reads a case. A section name that appears twice is an error.
func ParseCase(file string) (*Case, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read golden file: %w", err)
	}
	a := txtar.Parse(raw)
	c := &Case{File: file, Comment: string(a.Comment), Options: map[string]string{},
		Inputs: map[string][]byte{}, Outputs: map[string][]byte{}, raw: raw}
	for _, line := range strings.Split(c.Comment, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "#"); ok {
			key, value, found := strings.Cut(rest, ":")
			if !found {
				value = "true"
			}
			c.Options[strings.TrimSpace(key)] = strings.TrimSpace(value)
		}
	}
	for _, f := range a.Files {
		target, name := c.Inputs, f.Name
		if rest, ok := strings.CutPrefix(name, "out/"); ok {
			target, name = c.Outputs, rest
		}
		if _, dup := target[name]; dup {
			return nil, fmt.Errorf("%s: section %q appears twice", file, f.Name)
		}
		target[name] = f.Data
	}
	return c, nil
}

// Cases loads every *.txtar file of a directory, sorted by name, failing
// the test if there is none or one cannot be read.
func Cases(t testing.TB, dir string) []*Case {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files (*.txtar) in %s", dir)
	}
	sort.Strings(files)
	out := make([]*Case, len(files))
	for i, f := range files {
		out[i] = LoadCase(t, f)
	}
	return out
}

// String names the case after its file, for t.Run.
func (c *Case) String() string {
	return strings.TrimSuffix(filepath.Base(c.File), ".txtar")
}

// Input returns an input section, failing the test if it is missing.
func (c *Case) Input(t testing.TB, name string) []byte {
	t.Helper()
	data, ok := c.Inputs[name]
	if !ok {
		t.Fatalf("%s: no %q section", c.File, name)
	}
	return data
}

// Lines returns the non-empty lines of an input section that are not
// "#" comments, trimmed; nil if there is no such section.
func (c *Case) Lines(name string) []string {
	var out []string
	for _, line := range strings.Split(string(c.Inputs[name]), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// Check renders the case twice and compares the files with its outputs:
// a rendering error, two renderings that differ, an output file that
// differs (shown as a unified diff), is missing or is not in the case
// fail the test. Under -update the out/ sections are rewritten instead
// (see Rewrite). render returns the files keyed by path, as Outputs is.
func (c *Case) Check(t testing.TB, render func() (map[string][]byte, error)) {
	t.Helper()
	got, err := render()
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
		return
	}
	again, err := render()
	if err != nil {
		t.Fatalf("%s: rendering again: %v", c.File, err)
		return
	}
	if problems := compareFiles(again, got, renderings); len(problems) > 0 {
		t.Fatalf("%s: rendering twice gave different files:\n%s", c.File, strings.Join(problems, "\n"))
		return
	}
	if *Update {
		if _, err := c.Rewrite(got); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, problem := range c.Diff(got) {
		t.Errorf("%s: %s", c.File, problem)
	}
}

// Diff compares rendered files with the case's outputs and describes each
// difference: a file missing, one not in the case, or a unified diff of
// one that differs. It is empty when they match.
func (c *Case) Diff(got map[string][]byte) []string {
	return compareFiles(got, c.Outputs, goldenAndRendered)
}

// sides names what compareFiles compares, in its messages and in the
// headers of its diffs, and says how to settle a difference.
type sides struct{ want, got, wantTag, gotTag, hint string }

var (
	goldenAndRendered = sides{"the golden file", "what was rendered", "golden", "rendered", " (" + acceptHint + ")"}
	renderings        = sides{"the first rendering", "the second rendering", "first rendering", "second rendering", ""}
)

// compareFiles describes how the file sets want and got differ, file by
// file in name order.
func compareFiles(got, want map[string][]byte, s sides) []string {
	names := map[string]bool{}
	for name := range want {
		names[name] = true
	}
	for name := range got {
		names[name] = true
	}
	sorted := make([]string, 0, len(names))
	for name := range names {
		sorted = append(sorted, name)
	}
	sort.Strings(sorted)
	var problems []string
	for _, name := range sorted {
		w, inWant := want[name]
		g, inGot := got[name]
		switch {
		case !inGot:
			problems = append(problems, fmt.Sprintf("out/%s is in %s but not in %s%s", name, s.want, s.got, s.hint))
		case !inWant:
			problems = append(problems, fmt.Sprintf("out/%s is in %s but not in %s%s", name, s.got, s.want, s.hint))
		case !bytes.Equal(w, g):
			problems = append(problems, fmt.Sprintf("out/%s differs%s:\n%s", name, s.hint,
				diffText(fmt.Sprintf("out/%s (%s)", name, s.wantTag), fmt.Sprintf("out/%s (%s)", name, s.gotTag), w, g)))
		}
	}
	return problems
}

// Rewrite makes got the case's outputs and rewrites its file, when they
// differ from the outputs it has; it tells whether it wrote. Only the
// out/ sections change: each keeps its place with its new content, those
// no longer rendered are dropped, new ones follow the last out/ section
// in name order; the comment and the input sections are kept byte for
// byte. A non-empty file not ending with a newline, which a txtar archive
// cannot hold, is an error.
func (c *Case) Rewrite(got map[string][]byte) (bool, error) {
	if equalFiles(got, c.Outputs) {
		return false, nil
	}
	for name, data := range got {
		if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
			return false, fmt.Errorf("%s: rendered out/%s does not end with a newline, which a txtar section cannot keep", c.File, name)
		}
	}
	raw := spliceOutputs(c.raw, got)
	// The splice works on the archive's bytes; reading them back proves
	// that it changed nothing but the outputs.
	a := txtar.Parse(raw)
	inputs, outputs := map[string][]byte{}, map[string][]byte{}
	for _, f := range a.Files {
		if rest, ok := strings.CutPrefix(f.Name, "out/"); ok {
			outputs[rest] = f.Data
		} else {
			inputs[f.Name] = f.Data
		}
	}
	if string(a.Comment) != c.Comment || !equalFiles(inputs, c.Inputs) || !equalFiles(outputs, got) {
		return false, fmt.Errorf("%s: cannot rewrite the outputs without changing the rest of the archive", c.File)
	}
	if err := writeFile(c.File, raw); err != nil {
		return false, fmt.Errorf("%s: %w", c.File, err)
	}
	c.raw, c.Outputs = raw, outputs
	return true, nil
}

// equalFiles tells whether two file sets hold the same files.
func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if other, ok := b[name]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}
