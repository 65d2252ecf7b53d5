// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is one thing wrong with (or, as a warning, worth knowing about) a
// snap.yaml document.
type Problem struct {
	// Path is where in the document the problem is, as dotted keys with
	// list indexes: "apps.kubelet.daemon", "apps.kubelet.plugs[2]",
	// `layout."/etc/docker".bind`. Empty for the document as a whole.
	Path string `json:"path,omitempty"`
	// Line is the 1-based line of the offending key or value, or 0 when
	// it is not known (a problem found in an Info not read from YAML, or
	// in a null value, for which the YAML decoder reports no position).
	Line int `json:"line,omitempty"`
	// Message says what is wrong, naming the offending value.
	Message string `json:"message"`
}

// String formats the problem as "line 12: apps.kubelet.daemon: message",
// with control characters escaped (see Printable).
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(Printable(p.Path))
		b.WriteString(": ")
	}
	b.WriteString(Printable(p.Message))
	return b.String()
}

// Printable returns s with every control character (newline and ESC
// included), Unicode format character (bidirectional overrides, zero-width
// spaces) and invalid UTF-8 byte written as a Go escape (\n, \x1b,
// \u202e, \xff), so that text from a document, printed to a terminal, can
// neither move the cursor, change colours nor start a new line.
func Printable(s string) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case needsEscape(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// ValidationError lists every problem found in a snap.yaml document (or a
// hand-built Info), sorted by line and path.
type ValidationError struct {
	// Snap is the snap's instance name as far as it could be read; it
	// may be empty or invalid when the name itself is a problem.
	Snap string
	// File is the name of the file the document came from, when known.
	File     string
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var what string
	switch {
	case e.Snap != "":
		what = fmt.Sprintf("invalid snap %q", e.Snap)
	case e.File != "":
		what = fmt.Sprintf("invalid snap.yaml %q", e.File)
	default:
		what = "invalid snap.yaml"
	}
	if len(e.Problems) == 1 {
		return what + ": " + e.Problems[0].String()
	}
	lines := make([]string, 0, len(e.Problems)+1)
	lines = append(lines, fmt.Sprintf("%s: %d problems:", what, len(e.Problems)))
	for _, p := range e.Problems {
		lines = append(lines, "- "+p.String())
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by line (unknown lines last), then path and
// message, and drops exact duplicates.
func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if (a.Line == 0) != (b.Line == 0) {
			return a.Line != 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
	out := ps[:0]
	for i, p := range ps {
		if i > 0 && p == ps[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// path is a location in a snap.yaml document being built up while walking
// it. It is a value: key and index return extended copies.
type path string

// plainPathKey tells whether k is one or more letters, digits, "_" and
// "-", a key that a path writes as it is.
func plainPathKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return k != ""
}

// key extends the path with a mapping key, quoting keys that contain
// anything but letters, digits, "_" and "-" so that the path stays
// unambiguous (layout paths, keys with dots).
func (p path) key(k string) path {
	if !plainPathKey(k) {
		k = strconv.Quote(k)
	}
	if p == "" {
		return path(k)
	}
	return p + "." + path(k)
}

// index extends the path with a list index.
func (p path) index(i int) path {
	return p + "[" + path(strconv.Itoa(i)) + "]"
}

// parent returns the path one level up: without the last key or index.
func (p path) parent() path {
	s := string(p)
	if strings.HasSuffix(s, "]") {
		if i := strings.LastIndexByte(s, '['); i >= 0 {
			return path(s[:i])
		}
	}
	// Walk the keys from the start, as a quoted key may contain dots.
	last := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			if q, err := strconv.QuotedPrefix(s[i:]); err == nil {
				i += len(q) - 1
			}
		case '.', '[':
			last = i
		}
	}
	return path(s[:last])
}

// problems collects problems while parsing or validating.
type problems struct {
	list []Problem
}

func (ps *problems) add(p path, line int, format string, args ...interface{}) {
	ps.list = append(ps.list, Problem{Path: string(p), Line: line, Message: fmt.Sprintf(format, args...)})
}
