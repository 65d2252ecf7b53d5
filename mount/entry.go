// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package mount

import (
	"fmt"
	"strconv"
	"strings"
)

// Entry is one line of a mount profile, in fstab(5) terms: what is
// mounted (Name), where (Dir), the file system type and the options.
// snap-update-ns reads snapd's x-snapd.* options; the dump frequency and
// fsck pass are always 0.
type Entry struct {
	Name    string
	Dir     string
	Type    string
	Options []string
}

// The x-snapd.* options snap-update-ns understands, as snapd spells them.
const (
	OptKindFile      = "x-snapd.kind=file"
	OptKindSymlink   = "x-snapd.kind=symlink"
	OptKindEnsureDir = "x-snapd.kind=ensure-dir"
	OptOriginLayout  = "x-snapd.origin=layout"
	OptOriginOvernm  = "x-snapd.origin=overname"
)

// OptSymlink makes the entry a symbolic link at Dir pointing to target.
func OptSymlink(target string) string { return "x-snapd.symlink=" + target }

// OptMode is the mode of a directory or file snap-update-ns creates.
func OptMode(mode uint32) string { return fmt.Sprintf("x-snapd.mode=%#o", mode) }

// OptUser and OptGroup own what snap-update-ns creates.
func OptUser(uid uint32) string  { return fmt.Sprintf("x-snapd.user=%d", uid) }
func OptGroup(gid uint32) string { return fmt.Sprintf("x-snapd.group=%d", gid) }

// OptMustExistDir is the directory an ensure-dir entry starts from.
func OptMustExistDir(dir string) string { return "x-snapd.must-exist-dir=" + dir }

// option returns the value of the option "key=..." and whether it is set.
func (e Entry) option(key string) (string, bool) {
	for _, o := range e.Options {
		if v, ok := strings.CutPrefix(o, key+"="); ok {
			return v, true
		}
	}
	return "", false
}

// Origin is the x-snapd.origin of the entry ("layout", "overname" or "").
func (e Entry) Origin() string { v, _ := e.option("x-snapd.origin"); return v }

// Kind is the x-snapd.kind of the entry ("file", "symlink", "ensure-dir"
// or "" for a directory).
func (e Entry) Kind() string { v, _ := e.option("x-snapd.kind"); return v }

// fstabEscaper escapes what would split or end an fstab field, as
// getmntent(3) unescapes it.
var fstabEscaper = strings.NewReplacer(" ", `\040`, "\t", `\011`, "\n", `\012`, `\`, `\134`)

// Escape escapes an fstab field.
func Escape(s string) string { return fstabEscaper.Replace(s) }

// Unescape undoes Escape; any other backslash sequence is an error.
func Unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+4 > len(s) {
			return "", fmt.Errorf("truncated escape sequence in %q", s)
		}
		switch s[i+1 : i+4] {
		case "040":
			b.WriteByte(' ')
		case "011":
			b.WriteByte('\t')
		case "012":
			b.WriteByte('\n')
		case "134":
			b.WriteByte('\\')
		default:
			return "", fmt.Errorf("invalid escape sequence %q in %q", s[i:i+4], s)
		}
		i += 3
	}
	return b.String(), nil
}

// String is the entry as an fstab line (without the newline): empty
// fields are "none", no options are "defaults".
func (e Entry) String() string {
	field := func(s, empty string) string {
		if s == "" {
			return empty
		}
		return Escape(s)
	}
	return fmt.Sprintf("%s %s %s %s 0 0", field(e.Name, "none"), field(e.Dir, "none"),
		field(e.Type, "none"), field(strings.Join(e.Options, ","), "defaults"))
}

// ParseProfile reads a mount profile strictly: every line that is not
// blank or a comment has exactly six fields, only the escapes Escape
// writes, numeric dump and pass fields, and no empty option.
func ParseProfile(text string) ([]Entry, error) {
	var out []Entry
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		e, err := ParseLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// ParseLine reads one fstab line (see ParseProfile).
func ParseLine(line string) (Entry, error) {
	fields := strings.Fields(line)
	if len(fields) != 6 || strings.Join(fields, " ") != line {
		return Entry{}, fmt.Errorf("invalid mount entry %q: want six fields separated by single spaces", line)
	}
	var vals [4]string
	for i := range vals {
		v, err := Unescape(fields[i])
		if err != nil {
			return Entry{}, fmt.Errorf("invalid mount entry %q: %w", line, err)
		}
		vals[i] = v
	}
	for _, f := range fields[4:] {
		if _, err := strconv.ParseUint(f, 10, 32); err != nil {
			return Entry{}, fmt.Errorf("invalid mount entry %q: %q is not a number", line, f)
		}
	}
	e := Entry{Name: vals[0], Dir: vals[1], Type: vals[2]}
	if e.Name == "none" {
		e.Name = ""
	}
	if e.Type == "none" {
		e.Type = ""
	}
	if vals[3] != "defaults" {
		e.Options = strings.Split(vals[3], ",")
		for _, o := range e.Options {
			if o == "" {
				return Entry{}, fmt.Errorf("invalid mount entry %q: empty option", line)
			}
		}
	}
	return e, nil
}
