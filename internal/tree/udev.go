// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"fmt"
	"strings"
)

// lineMsg is a message about one line of a file.
type lineMsg struct {
	line int
	msg  string
}

// UdevToken is one KEY[{attr}]OP"value" of a udev rule.
type UdevToken struct {
	Key, Attr, Op, Value string
	HasAttr              bool
}

// udevKeys are the keys udev knows, with whether their {attr} is
// required, optional or forbidden, and the operators they take.
var udevKeys = map[string]struct {
	attr byte // 'r' required, 'o' optional, 0 forbidden
	ops  byte // 'm' match (==, !=), 'a' assignment (=, +=, -=, :=), 'b' both
}{
	"ACTION": {0, 'm'}, "DEVPATH": {0, 'm'}, "KERNEL": {0, 'm'}, "SUBSYSTEM": {0, 'm'},
	"DRIVER": {0, 'm'}, "KERNELS": {0, 'm'}, "SUBSYSTEMS": {0, 'm'}, "DRIVERS": {0, 'm'},
	"ATTRS": {'r', 'm'}, "TAGS": {0, 'm'}, "CONST": {'r', 'm'}, "TEST": {'o', 'm'},
	"RESULT": {0, 'm'}, "PROGRAM": {0, 'b'}, "NAME": {0, 'b'}, "SYMLINK": {0, 'b'},
	"ATTR": {'r', 'b'}, "SYSCTL": {'r', 'b'}, "ENV": {'r', 'b'}, "TAG": {0, 'b'},
	"IMPORT": {'r', 'b'}, "OWNER": {0, 'a'}, "GROUP": {0, 'a'}, "MODE": {0, 'a'},
	"SECLABEL": {'r', 'a'}, "OPTIONS": {0, 'a'}, "RUN": {'o', 'a'}, "LABEL": {0, 'a'},
	"GOTO": {0, 'a'},
}

// udevOps are the operators, longest first.
var udevOps = []string{"==", "!=", "+=", "-=", ":=", "="}

// checkUdevRules tokenises a rules file as udev reads it: comment lines
// ("#" first) and blank lines are skipped, a line ending in "\" goes on
// on the next, and every other line is KEY[{attr}]OP"value" tokens
// separated by commas. Problems and warnings name the line a rule starts
// on, and their columns count in the rule with its continuation lines
// joined; a missing comma is a warning, as udevadm verify says.
func checkUdevRules(text string) (problems, warnings []lineMsg) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start, line := i+1, lines[i]
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + lines[i]
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			problems = append(problems, lineMsg{start, "line continuation at the end of the file"})
			continue
		}
		_, errs, warns := ParseUdevRule(trimmed)
		for _, e := range errs {
			problems = append(problems, lineMsg{start, e})
		}
		for _, w := range warns {
			warnings = append(warnings, lineMsg{start, w})
		}
	}
	return problems, warnings
}

// ParseUdevRule splits one rule (a logical line, without comments) into
// its tokens. It returns the tokens read before the first error, the
// errors (at most one: the rest of a broken line is not read) and the
// warnings.
func ParseUdevRule(rule string) (tokens []UdevToken, errs, warnings []string) {
	p := 0
	skip := func() {
		for p < len(rule) && (rule[p] == ' ' || rule[p] == '\t') {
			p++
		}
	}
	for {
		skip()
		if p == len(rule) {
			return tokens, nil, warnings
		}
		tok, next, err := udevToken(rule, p)
		if err != "" {
			return tokens, []string{fmt.Sprintf("column %d: %s", next+1, err)}, warnings
		}
		tokens = append(tokens, tok)
		p = next
		skip()
		switch {
		case p == len(rule):
			return tokens, nil, warnings
		case rule[p] == ',':
			p++
		default:
			warnings = append(warnings, fmt.Sprintf("column %d: a comma should be between tokens (after %s)", p+1, tok.Key))
		}
	}
}

// udevToken reads the token at rule[p:]; it returns where it ends, or
// where the error is.
func udevToken(rule string, p int) (tok UdevToken, next int, err string) {
	start := p
	for p < len(rule) && (rule[p] >= 'A' && rule[p] <= 'Z' || rule[p] == '_') {
		p++
	}
	tok.Key = rule[start:p]
	if tok.Key == "" {
		return tok, p, fmt.Sprintf("expected a key, found %q", rest(rule, p))
	}
	key, known := udevKeys[tok.Key]
	if !known {
		return tok, start, fmt.Sprintf("unknown key %q", tok.Key)
	}
	if p < len(rule) && rule[p] == '{' {
		end := strings.IndexByte(rule[p:], '}')
		if end < 0 {
			return tok, p, fmt.Sprintf("%s{ has no closing }", tok.Key)
		}
		tok.Attr, tok.HasAttr = rule[p+1:p+end], true
		p += end + 1
	}
	switch {
	case key.attr == 'r' && !tok.HasAttr:
		return tok, p, fmt.Sprintf("%s needs an {attribute}", tok.Key)
	case key.attr == 0 && tok.HasAttr:
		return tok, start, fmt.Sprintf("%s takes no {attribute}", tok.Key)
	}
	for p < len(rule) && (rule[p] == ' ' || rule[p] == '\t') {
		p++
	}
	for _, op := range udevOps {
		if strings.HasPrefix(rule[p:], op) {
			tok.Op = op
			break
		}
	}
	if tok.Op == "" {
		return tok, p, fmt.Sprintf("expected an operator (==, !=, =, +=, -=, :=) after %s, found %q", tok.Key, rest(rule, p))
	}
	match := tok.Op == "==" || tok.Op == "!="
	if key.ops == 'm' && !match || key.ops == 'a' && match {
		return tok, p, fmt.Sprintf("invalid operator %s for %s", tok.Op, tok.Key)
	}
	p += len(tok.Op)
	for p < len(rule) && (rule[p] == ' ' || rule[p] == '\t') {
		p++
	}
	return udevValue(rule, p, tok)
}

// udevValue reads the quoted value at rule[p:] (e"..." and r"..." too,
// as udev takes them).
func udevValue(rule string, p int, tok UdevToken) (UdevToken, int, string) {
	if p+1 < len(rule) && (rule[p] == 'e' || rule[p] == 'r') && rule[p+1] == '"' {
		p++
	}
	if p == len(rule) || rule[p] != '"' {
		return tok, p, fmt.Sprintf("the value of %s must be quoted, found %q", tok.Key, rest(rule, p))
	}
	var v strings.Builder
	for i := p + 1; i < len(rule); i++ {
		switch rule[i] {
		case '\\':
			if i+1 < len(rule) {
				i++
				if rule[i] != '"' {
					v.WriteByte('\\')
				}
			}
			v.WriteByte(rule[i])
		case '"':
			tok.Value = v.String()
			return tok, i + 1, ""
		default:
			v.WriteByte(rule[i])
		}
	}
	return tok, p, fmt.Sprintf("unbalanced quotes: the value of %s has no closing \"", tok.Key)
}

// rest is what is left of rule from p, shortened for a message.
func rest(rule string, p int) string {
	r := rule[p:]
	if len(r) > 20 {
		r = r[:20] + "..."
	}
	return r
}
