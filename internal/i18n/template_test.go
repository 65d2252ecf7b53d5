// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package i18n

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/snapcore/go-gettext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// potEntry is a message of the template: its msgid and, for NG, its plural.
type potEntry struct{ id, plural string }

// readTemplate returns the messages of a PO file written as potgen writes
// it, leaving out the header.
func readTemplate(t *testing.T, path string) []potEntry {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var entries []potEntry
	var field *string
	var cur potEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var rest string
		switch {
		case strings.HasPrefix(line, "msgid "):
			if cur.id != "" {
				entries = append(entries, cur)
			}
			cur, field, rest = potEntry{}, &cur.id, strings.TrimPrefix(line, "msgid ")
		case strings.HasPrefix(line, "msgid_plural "):
			field, rest = &cur.plural, strings.TrimPrefix(line, "msgid_plural ")
		case strings.HasPrefix(line, `"`) && field != nil:
			rest = line
		default:
			field = nil
			continue
		}
		s, err := strconv.Unquote(rest)
		require.NoError(t, err, "%s: %s", path, line)
		*field += s
	}
	require.NoError(t, sc.Err())
	if cur.id != "" {
		entries = append(entries, cur)
	}
	return entries
}

// TestTemplateTranslates makes a translation of po/plugpolicy.pot with
// GNU gettext, as a translator would (msginit for French, msgen for the
// English text, msgfilter to mark each message), compiles it with msgfmt,
// and checks that G and NG return its text for every message. French
// counts zero as singular, unlike the English fallback, so NG(…, 0) shows
// that the catalog's own plural rule is applied.
func TestTemplateTranslates(t *testing.T) {
	for _, tool := range []string{"msginit", "msgen", "msgfilter", "msgfmt"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is missing: install Debian's gettext package (./run-checks does)", tool)
		}
	}
	pot := filepath.Join("..", "..", "po", "plugpolicy.pot")
	entries := readTemplate(t, pot)
	require.NotEmpty(t, entries)

	dir := t.TempDir()
	run := func(name string, args ...string) {
		out, err := exec.Command(name, args...).CombinedOutput()
		require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	}
	fr, en, marked := filepath.Join(dir, "fr.po"), filepath.Join(dir, "fr-en.po"), filepath.Join(dir, "fr-marked.po")
	run("msginit", "--no-translator", "--locale=fr_FR.UTF-8", "--input="+pot, "--output-file="+fr)
	run("msgen", "--output-file="+en, fr)
	run("msgfilter", "--keep-header", "--input="+en, "--output-file="+marked, "sed", "-e", "1s/^/[fr] /")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "fr", "LC_MESSAGES"), 0o755))
	run("msgfmt", "--check", "--output-file="+filepath.Join(dir, "fr", "LC_MESSAGES", Domain+".mo"), marked)

	saved := user
	t.Cleanup(func() { user = saved })
	domain := &gettext.TextDomain{Name: Domain, LocaleDir: dir}
	user = func() catalog { return catalog{domain.Locale("fr_FR.UTF-8")} }

	for _, e := range entries {
		if e.plural == "" {
			assert.Equal(t, "[fr] "+e.id, G(e.id))
			continue
		}
		assert.Equal(t, "[fr] "+e.id, NG(e.id, e.plural, 1), e.id)
		assert.Equal(t, "[fr] "+e.id, NG(e.id, e.plural, 0), "French counts 0 as singular: %s", e.id)
		assert.Equal(t, "[fr] "+e.plural, NG(e.id, e.plural, 2), e.id)
	}
	assert.Equal(t, "not in the template", G("not in the template"))
}
