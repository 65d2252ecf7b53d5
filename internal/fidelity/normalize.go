// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"sort"
	"strings"
)

// HeaderBlock is the block of a profile's statements that stand outside
// the profile itself: #include lines, @{VAR} definitions and the profile
// line with its flags.
const HeaderBlock = "@header"

// Statements are a file's statements, normalised, keyed by the block they
// stand in: HeaderBlock, "" for the body of the main profile, or a child
// profile's name ("systemd_run"; a child's child is "a//b"). Each block
// is a set: snapd repeats rules where two snippets carry the same one,
// plugpolicy writes it once, and AppArmor and seccomp give repetition no
// meaning.
type Statements map[string]map[string]bool

// Sorted returns a block's statements, sorted.
func (s Statements) Sorted(block string) []string {
	out := make([]string, 0, len(s[block]))
	for st := range s[block] {
		out = append(out, st)
	}
	sort.Strings(out)
	return out
}

// Blocks returns the names of the blocks, sorted.
func (s Statements) Blocks() []string {
	out := make([]string, 0, len(s))
	for b := range s {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}

// Count is the number of statements over all blocks.
func (s Statements) Count() int {
	n := 0
	for _, b := range s {
		n += len(b)
	}
	return n
}

func (s Statements) add(block, st string) {
	if s[block] == nil {
		s[block] = map[string]bool{}
	}
	s[block][st] = true
}

// Parse reads a file's statements as its kind says. Comments, blank lines
// and indentation never count; runs of white space inside a statement are
// one space.
func Parse(kind Kind, data []byte) Statements {
	if kind == KindAppArmor {
		return parseAppArmor(string(data))
	}
	out := Statements{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out.add("", collapse(line))
	}
	return out
}

// parseAppArmor splits a profile into statements: a rule runs until the
// line that ends it with ","; "#include" and "include" lines, variable
// definitions and block openings ("... {") and closings stand alone. A
// statement that opens a child profile belongs to the enclosing block; its
// rules to the child's.
func parseAppArmor(text string) Statements {
	out := Statements{}
	var stack []string // open blocks; the first is the main profile ("")
	block := func() string {
		if len(stack) == 0 {
			return HeaderBlock
		}
		return stack[len(stack)-1]
	}
	var pending []string
	flush := func() {
		if len(pending) > 0 {
			out.add(block(), collapse(strings.Join(pending, " ")))
			pending = nil
		}
	}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(stripComment(raw))
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#include") || strings.HasPrefix(line, "include ") || (strings.HasPrefix(line, "@{") && !strings.HasSuffix(line, ",")):
			flush()
			out.add(block(), collapse(line))
		case line == "}":
			flush()
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case strings.HasSuffix(line, "{"):
			pending = append(pending, strings.TrimSpace(strings.TrimSuffix(line, "{")))
			opening := collapse(strings.Join(pending, " "))
			pending = nil
			out.add(block(), opening)
			name := profileName(opening)
			switch {
			case len(stack) == 0:
				name = ""
			case block() != "":
				name = block() + "//" + name
			}
			stack = append(stack, name)
		default:
			pending = append(pending, line)
			if strings.HasSuffix(line, ",") {
				flush()
			}
		}
	}
	flush()
	return out
}

// profileName is the name a block opening gives its profile:
// `profile NAME ...`, `NAME (flags)` or `^HAT`.
func profileName(opening string) string {
	fields := strings.Fields(opening)
	if len(fields) > 1 && fields[0] == "profile" {
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return ""
	}
	return strings.Trim(fields[0], `"`)
}

// stripComment removes a "#" comment from an AppArmor line, leaving
// "#include" lines and "#" inside quotes alone.
func stripComment(line string) string {
	trimmed := strings.TrimSpace(line)
	if strings.HasPrefix(trimmed, "#include") {
		return trimmed
	}
	quoted := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case '#':
			if !quoted && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
				return line[:i]
			}
		}
	}
	return line
}

// collapse trims a statement and makes every run of white space in it one
// space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
