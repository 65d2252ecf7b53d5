// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package golden runs the project's golden-file tests: txtar archives, one
// per case, holding the inputs (a snap.yaml, the connections to make) and
// the expected output files, named by their real path below the root
// ("out/var/lib/snapd/apparmor/profiles/snap.kube-node.kubelet").
//
// The archive's comment says what the case shows; lines of the form
// "#key: value" in it pin options. With -update, the output sections are
// rewritten from what the code renders (inputs never are); without it, any
// difference, or an output section that is missing, unknown or repeated,
// fails the test with a per-file diff. Every case is rendered twice, to
// catch output that depends on map order or other chance.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// Update is the -update flag of every test binary that uses this package.
var Update = flag.Bool("update", false, "rewrite the output sections of golden files from what the code renders")

// Case is one golden archive.
type Case struct {
	File    string
	Comment string
	// Options are the "#key: value" lines of the comment ("#key" alone
	// is "true").
	Options map[string]string
	// Inputs are the sections whose names do not start with "out/".
	Inputs map[string][]byte
	// Outputs are the "out/" sections, keyed without the "out/" prefix.
	Outputs map[string][]byte

	archive *txtar.Archive
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

// Lines returns the non-empty, non-comment lines of an optional input
// section.
func (c *Case) Lines(name string) []string {
	var out []string
	for _, line := range strings.Split(string(c.Inputs[name]), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// Load reads a golden archive, failing the test if it cannot.
func Load(t testing.TB, file string) *Case {
	t.Helper()
	c, err := Parse(file)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Parse reads a golden archive.
func Parse(file string) (*Case, error) {
	a, err := txtar.ParseFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read golden file: %w", err)
	}
	c := &Case{File: file, Comment: string(a.Comment), Options: map[string]string{},
		Inputs: map[string][]byte{}, Outputs: map[string][]byte{}, archive: a}
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
		target := c.Inputs
		name := f.Name
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

// Cases loads every *.txtar file of a directory, sorted by name.
func Cases(t testing.TB, dir string) []*Case {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files in %s", dir)
	}
	sort.Strings(files)
	out := make([]*Case, len(files))
	for i, f := range files {
		out[i] = Load(t, f)
	}
	return out
}

// Check compares rendered files with the case's outputs, or rewrites them
// under -update. render is called twice; the two results must be equal.
func (c *Case) Check(t *testing.T, render func() map[string][]byte) {
	t.Helper()
	got := render()
	if again := render(); !equalFiles(got, again) {
		t.Fatalf("%s: rendering twice gave different files:\n%s", c.File, cmp.Diff(stringsOf(got), stringsOf(again)))
	}
	if *Update {
		if err := c.Rewrite(got); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, problem := range c.Diff(got) {
		t.Error(problem)
	}
}

// File compares got with the plain golden file at path (for outputs that
// are one file, not a case: a JSON profile, a disassembly, a command's
// output), or writes it there under -update.
func File(t *testing.T, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-golden +got; run with -update to accept it):\n%s", path, cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")))
	}
}

// Diff compares rendered files with the case's outputs and describes each
// difference: a file missing, one not in the golden file, or a per-line
// diff.
func (c *Case) Diff(got map[string][]byte) []string {
	want := stringsOf(c.Outputs)
	have := stringsOf(got)
	var problems []string
	for _, name := range sortedNames(want, have) {
		w, inWant := want[name]
		h, inHave := have[name]
		switch {
		case !inHave:
			problems = append(problems, fmt.Sprintf("%s: out/%s is in the golden file but was not rendered", c.File, name))
		case !inWant:
			problems = append(problems, fmt.Sprintf("%s: out/%s was rendered but is not in the golden file (run with -update)", c.File, name))
		case w != h:
			problems = append(problems, fmt.Sprintf("%s: out/%s differs (-golden +rendered):\n%s", c.File, name, cmp.Diff(strings.Split(w, "\n"), strings.Split(h, "\n"))))
		}
	}
	return problems
}

// Rewrite replaces the output sections of the golden file with got,
// keeping the comment and the inputs as they are.
func (c *Case) Rewrite(got map[string][]byte) error {
	var files []txtar.File
	for _, f := range c.archive.Files {
		if !strings.HasPrefix(f.Name, "out/") {
			files = append(files, f)
		}
	}
	names := make([]string, 0, len(got))
	for name := range got {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		data := got[name]
		if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
			return fmt.Errorf("%s: rendered %s does not end with a newline, which txtar cannot keep", c.File, name)
		}
		files = append(files, txtar.File{Name: "out/" + name, Data: data})
	}
	c.archive.Files = files
	if err := os.WriteFile(c.File, txtar.Format(c.archive), 0o644); err != nil {
		return fmt.Errorf("cannot rewrite %s: %w", c.File, err)
	}
	c.Outputs = got
	return nil
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func stringsOf(files map[string][]byte) map[string]string {
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = string(v)
	}
	return out
}

func sortedNames(maps ...map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range maps {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// String describes the case for test names.
func (c *Case) String() string {
	return strings.TrimSuffix(filepath.Base(c.File), ".txtar")
}

var _ fmt.Stringer = (*Case)(nil)
