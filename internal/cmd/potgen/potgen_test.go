// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moduleRoot is the root of the plugpolicy module, from this package.
const moduleRoot = "../../.."

// potFile is the template in the repository.
var potFile = filepath.Join(moduleRoot, "po", "plugpolicy.pot")

// extractSources extracts the messages of Go sources, given by file name.
func extractSources(t *testing.T, files map[string]string) ([]*message, error) {
	t.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	c := newCatalog()
	for _, name := range names {
		require.NoError(t, c.extractFile(fset, name, []byte(files[name])))
	}
	if len(c.errs) > 0 {
		return nil, joinErrors(c.errs)
	}
	return c.sorted(), nil
}

const importI18n = "package main\n\nimport \"github.com/plugpolicy/plugpolicy/internal/i18n\"\n\n"

func TestTemplateIsUpToDate(t *testing.T) {
	msgs, err := extractDir(moduleRoot)
	require.NoError(t, err)
	want := render(msgs)
	got, err := os.ReadFile(potFile)
	require.NoError(t, err, "run po/update-pot")
	if bytes.Equal(got, want) {
		return
	}
	gotIDs, wantIDs := msgidSet(got), msgidSet(want)
	var missing, extra []string
	for id := range wantIDs {
		if !gotIDs[id] {
			missing = append(missing, id)
		}
	}
	for id := range gotIDs {
		if !wantIDs[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	t.Errorf("%s is out of date with the code: run po/update-pot\nmsgids missing from it:%s\nmsgids no code marks any more:%s\ndiff (-file +code):\n%s",
		potFile, listed(missing), listed(extra), cmp.Diff(strings.Split(string(got), "\n"), strings.Split(string(want), "\n")))
}

// listed writes msgids one to a line, or " none".
func listed(ids []string) string {
	if len(ids) == 0 {
		return " none"
	}
	return "\n\tmsgid " + strings.Join(ids, "\n\tmsgid ")
}

// msgidSet returns the msgids of a PO file, as written (quoted, with their
// continuation lines), leaving out the header's.
func msgidSet(po []byte) map[string]bool {
	ids := map[string]bool{}
	var cur []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(po))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "msgid "):
			in, cur = true, []string{strings.TrimPrefix(line, "msgid ")}
		case in && strings.HasPrefix(line, `"`):
			cur = append(cur, line)
		case in:
			in = false
			if id := strings.Join(cur, ""); id != `""` {
				ids[id] = true
			}
		}
	}
	return ids
}

func TestTemplateOfTheRepository(t *testing.T) {
	msgs, err := extractDir(moduleRoot)
	require.NoError(t, err)
	require.NotEmpty(t, msgs)
	for _, m := range msgs {
		for _, r := range m.refs {
			assert.False(t, strings.HasPrefix(r.file, "bench/"), "%s: bench is a module of its own", r)
			assert.False(t, strings.HasSuffix(r.file, "_test.go"), "%s: tests are not translated", r)
			assert.NotContains(t, r.file, "testdata/", "%s: testdata is not translated", r)
		}
	}
}

func TestRenderEntries(t *testing.T) {
	msgs, err := extractSources(t, map[string]string{"cmd/x/a.go": importI18n + `func f(n int) {
	_ = i18n.G("quote \" backslash \\ tab \t bell \a nul \x00 del \x7f ünï")
	_ = i18n.G("100%% sure")
	_ = i18n.G("first line\nsecond %s line\n")
	_ = i18n.NG("%d snap", "%d snaps", n)
	_ = i18n.G(` + "`raw \\n stays`" + `)
}
`})
	require.NoError(t, err)
	got := string(render(msgs))
	assert.True(t, strings.HasPrefix(got, header+pluralHeader), got)
	want := `
#: cmd/x/a.go:9
#, c-format
msgid "%d snap"
msgid_plural "%d snaps"
msgstr[0] ""
msgstr[1] ""

#: cmd/x/a.go:7
msgid "100%% sure"
msgstr ""

#: cmd/x/a.go:8
#, c-format
msgid ""
"first line\n"
"second %s line\n"
msgstr ""

#: cmd/x/a.go:6
msgid "quote \" backslash \\ tab \t bell \a nul \000 del \177 ünï"
msgstr ""

#: cmd/x/a.go:10
msgid "raw \\n stays"
msgstr ""
`
	assert.Equal(t, want, strings.TrimPrefix(got, header+pluralHeader))
}

func TestNoPluralHeaderWithoutPlurals(t *testing.T) {
	msgs, err := extractSources(t, map[string]string{"a.go": importI18n + `var _ = i18n.G("x")`})
	require.NoError(t, err)
	assert.Equal(t, header+"\n#: a.go:5\nmsgid \"x\"\nmsgstr \"\"\n", string(render(msgs)))
}

func TestConcatenationAndImportName(t *testing.T) {
	msgs, err := extractSources(t, map[string]string{"a.go": `package main

import tr "github.com/plugpolicy/plugpolicy/internal/i18n"

var _ = tr.G("one " +
	("two " + ` + "`three`" + `))
var _ = tr.NG("a " + "file", "a " + "files", 2)
`})
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	assert.Equal(t, message{id: "a file", plural: "a files", isNG: true, refs: []ref{{"a.go", 7}}}, *msgs[0])
	assert.Equal(t, message{id: "one two three", refs: []ref{{"a.go", 5}}}, *msgs[1])
}

func TestSameMsgidMergesReferences(t *testing.T) {
	msgs, err := extractSources(t, map[string]string{
		"b.go": importI18n + "var _ = i18n.G(\"shared\")\n\n\n\n\n\nvar _ = i18n.G(\"shared\")\n",
		"a.go": importI18n + "var _ = i18n.G(\"shared\")\nvar _, _ = i18n.G(\"shared\"), i18n.G(\"shared\")\n",
	})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, []ref{{"a.go", 5}, {"a.go", 6}, {"b.go", 5}, {"b.go", 11}}, msgs[0].refs)
	assert.Contains(t, string(render(msgs)), "\n#: a.go:5\n#: a.go:6\n#: b.go:5\n#: b.go:11\nmsgid \"shared\"\n")
}

func TestMisusedMarkersAreErrors(t *testing.T) {
	for _, tc := range []struct{ src, err string }{{
		src: `var msg = "x"
var _ = i18n.G(msg)`,
		err: `a.go:6: argument 1 of i18n.G is not a string literal`,
	}, {
		src: `func f(n int, s string) string { return i18n.NG("one", s, n) }`,
		err: `a.go:5: argument 2 of i18n.NG is not a string literal`,
	}, {
		src: `import "fmt"
var _ = i18n.G(fmt.Sprint("x"))`,
		err: `a.go:6: argument 1 of i18n.G is not a string literal`,
	}, {
		src: `var _ = i18n.G("a" + 1)`,
		err: `a.go:5: argument 1 of i18n.G is not a string literal`,
	}, {
		src: `var _ = i18n.G("")`,
		err: `a.go:5: argument 1 of i18n.G is empty`,
	}, {
		src: `var _ = i18n.G("\xff")`,
		err: `a.go:5: argument 1 of i18n.G is not valid UTF-8`,
	}, {
		src: `var _ = i18n.NG("x", "y")`,
		err: `a.go:5: i18n.NG takes 3 arguments, has 2`,
	}, {
		src: `var tr = i18n.G`,
		err: `a.go:5: i18n.G used as a value`,
	}, {
		src: "var _ = i18n.G(\"x\")\nvar _ = i18n.NG(\"x\", \"xs\", 2)",
		err: `a.go:6: msgid "x" is marked here as i18n.NG with plural "xs" and at a.go:5 as i18n.G`,
	}} {
		_, err := extractSources(t, map[string]string{"a.go": importI18n + tc.src})
		if assert.Error(t, err, tc.src) {
			assert.Contains(t, err.Error(), tc.err, tc.src)
		}
	}
}

func TestDotImportIsAnError(t *testing.T) {
	_, err := extractSources(t, map[string]string{"a.go": "package main\n\nimport . \"" + i18nPath + "\"\n\nvar _ = G(\"x\")\n"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a.go:3: dot import")
}

func TestFilesWithoutTheImportAreIgnored(t *testing.T) {
	msgs, err := extractSources(t, map[string]string{"a.go": "package main\n\nvar _ = i18n.G(x)\n"})
	require.NoError(t, err)
	assert.Empty(t, msgs)
}

func TestExtractDirSkipsTestsTestdataAndNestedModules(t *testing.T) {
	root := t.TempDir()
	src := func(msg string) string { return importI18n + "var _ = i18n.G(\"" + msg + "\")\n" }
	for name, content := range map[string]string{
		"go.mod":                   "module github.com/plugpolicy/plugpolicy\n",
		"cmd/x/main.go":            src("kept"),
		"cmd/x/main_test.go":       src("test"),
		"cmd/x/testdata/t.go":      src("testdata"),
		"bench/lib/go.mod":         "module bench\n",
		"bench/lib/lib.go":         src("bench"),
		".hidden/h.go":             src("hidden"),
		"_ignored/i.go":            src("underscore"),
		"internal/y/notgo.txt":     src("text"),
		"internal/y/y.go":          src("also kept"),
		"internal/y/nested/z/z.go": importI18n + "var _ = i18n.G(x)\n",
	} {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	_, err := extractDir(root)
	require.Error(t, err)
	assert.Equal(t, "internal/y/nested/z/z.go:5: argument 1 of i18n.G is not a string literal (nor a + of literals), so it cannot be translated: mark the literal text itself", err.Error())

	require.NoError(t, os.Remove(filepath.Join(root, "internal/y/nested/z/z.go")))
	msgs, err := extractDir(root)
	require.NoError(t, err)
	var got []string
	for _, m := range msgs {
		got = append(got, m.id+" "+m.refs[0].String())
	}
	assert.Equal(t, []string{"also kept internal/y/y.go:5", "kept cmd/x/main.go:5"}, got)
}

func TestHasVerb(t *testing.T) {
	for s, want := range map[string]bool{
		"%s": true, "a %d b": true, "%-5d": true, "%[2]q": true, "%.*f": true, "%+v": true,
		"100%% done": false, "no verbs": false, "trailing %": false, "%%s": false, "": false,
	} {
		assert.Equal(t, want, hasVerb(s), s)
	}
}

// TestTemplateCompilesWithMsgfmt gives the template to GNU gettext as a
// translator would: msginit starts a catalog for a language, msgen fills
// it with the English text, and msgfmt --check compiles it, checking the
// header and that each translation keeps its message's printf verbs.
func TestTemplateCompilesWithMsgfmt(t *testing.T) {
	for _, tool := range []string{"msginit", "msgen", "msgfmt"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is missing: install Debian's gettext package (./run-checks does)", tool)
		}
	}
	dir := t.TempDir()
	de, en := filepath.Join(dir, "de.po"), filepath.Join(dir, "de-en.po")
	run := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).CombinedOutput()
		require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
		return string(out)
	}
	run("msginit", "--no-translator", "--locale=de_DE.UTF-8", "--input="+potFile, "--output-file="+de)
	run("msgen", "--output-file="+en, de)
	out := run("msgfmt", "--check", "--statistics", "--output-file="+filepath.Join(dir, "de.mo"), en)
	msgs, err := extractDir(moduleRoot)
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("%d translated messages.", len(msgs)))
}
