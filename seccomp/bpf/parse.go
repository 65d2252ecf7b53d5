// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plugpolicy/plugpolicy/snap"
)

// maxArgs is the number of system call arguments seccomp_data carries.
const maxArgs = 6

// maxParseErrors bounds how many problems Parse reports at once.
const maxParseErrors = 20

// id32Syscalls are the system calls whose arguments snapd's compiler
// compares on their low 32 bits only: their uid_t and gid_t arguments are
// 32-bit in the kernel, which accepts both uint32(-1) and uint64(-1) as
// "unchanged". Only these accept negative numbers (as 32-bit two's
// complement), and only equality, exactly as in snapd.
var id32Syscalls = map[string]bool{
	"chown": true, "chown32": true, "fchown": true, "fchown32": true,
	"fchownat": true, "lchown": true, "lchown32": true,
	"setgid": true, "setgid32": true, "setregid": true, "setregid32": true,
	"setresgid": true, "setresgid32": true, "setreuid": true, "setreuid32": true,
	"setresuid": true, "setresuid32": true, "setuid": true, "setuid32": true,
	"copy_file_range": true,
}

// Parse reads a policy in the source syntax: one system call per line,
// optionally preceded by "~" for an explicit denial and followed by up to
// six argument filters ("-" any, "N" equal, ">N", ">=N", "<N", "<=N",
// "!N", "|N" masked equal N, "N|M" masked with N equal M, "u:NAME" and
// "g:NAME" equal to the id of root or of a snap system user), where N is a
// decimal number or a constant such as AF_INET; "#" comments; and the
// directives @unrestricted and @complain on lines of their own.
//
// A system call that some Linux architecture has, or one of the libc names
// snapd's policies list although no kernel defines them, is accepted; a
// compiler skips the calls its target does not have. A line whose system
// call no Linux architecture has is skipped, as snapd's snap-seccomp skips
// the names libseccomp cannot resolve, and recorded in Policy.Warnings:
// its argument filters are not read (snap-seccomp does not read them
// either), but more than six of them are still an error. A name with
// characters no system call name has (upper case, "-", a "~" alone) is an
// error, as are unknown constants and every other problem. Each problem is
// reported as a *ParseError with its line, token and what was expected;
// several are joined with errors.Join.
//
// Parse is ParseWithOptions with the zero ParseOptions.
func Parse(src []byte) (*Policy, error) {
	return ParseWithOptions(src, ParseOptions{})
}

// ParseOptions tune ParseWithOptions.
type ParseOptions struct {
	// Strict makes a line whose system call no Linux architecture has an
	// error (a *ParseError) instead of a Warning. It is meant for the
	// policies plugpolicy writes itself (its templates and interfaces, in
	// tests), where such a name is a typo or a table to regenerate.
	Strict bool
}

// MaxSourceSize bounds a policy source, in bytes: snapd's largest
// profiles are some tens of kilobytes, and the bound keeps a mistaken or
// hostile input from exhausting memory. A larger source is an error.
const MaxSourceSize = 16 << 20

// ParseWithOptions is Parse with options.
func ParseWithOptions(src []byte, opts ParseOptions) (*Policy, error) {
	if len(src) > MaxSourceSize {
		return nil, fmt.Errorf("policy source of %d bytes is larger than %d bytes", len(src), MaxSourceSize)
	}
	// The lines and tokens are substrings of one copy of the source, and
	// the rules' filters share arrays (condArena): a few allocations in
	// all, rather than several per line.
	text := string(src)
	p := &Policy{Rules: make([]Rule, 0, min(strings.Count(text, "\n")+1, 4096))}
	var conds condArena
	var errs []error
	rest := text
	for n := 1; rest != ""; n++ {
		var line string
		var err error
		if line, rest, err = cutLine(rest); err != nil {
			errs = append(errs, fmt.Errorf("cannot read policy: %w", err))
			break
		}
		if err := p.parseLine(n, line, opts.Strict, &conds); err != nil {
			if errs = append(errs, err); len(errs) == maxParseErrors {
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// maxLine bounds the length of a line with its newline, as the 1 MiB
// buffer of the bufio.Scanner that Parse used to read lines did.
const maxLine = 1 << 20

// cutLine returns the first line of s and the rest, as bufio.ScanLines
// splits them: without the newline and one carriage return before it,
// the last line with or without a newline. Lines longer than maxLine
// fail with bufio.ErrTooLong.
func cutLine(s string) (line, rest string, err error) {
	i := strings.IndexByte(s, '\n')
	switch {
	case i < 0 && len(s) >= maxLine, i >= maxLine:
		return "", "", bufio.ErrTooLong
	case i < 0:
		line = s
	default:
		line, rest = s[:i], s[i+1:]
	}
	return strings.TrimSuffix(line, "\r"), rest, nil
}

// maxFields is the most fields parseLine needs: the name, six filters
// and one more to report as too many.
const maxFields = 2 + maxArgs

// splitFields stores in out the fields of line that strings.Fields
// returns, up to the first that starts with "#" and at most len(out), and
// returns how many it stored.
func splitFields(line string, out *[maxFields]string) int {
	n := 0
	for i := 0; i < len(line) && n < len(out); {
		if asciiSpace(line[i]) {
			i++
			continue
		}
		j := i
		for ; j < len(line) && !asciiSpace(line[j]); j++ {
			if line[j] >= utf8.RuneSelf {
				return splitFieldsUnicode(line, out)
			}
		}
		if line[i] == '#' {
			break
		}
		out[n], n, i = line[i:j], n+1, j
	}
	return n
}

// splitFieldsUnicode is splitFields for lines with non-ASCII characters,
// some of which are white space too.
func splitFieldsUnicode(line string, out *[maxFields]string) int {
	n := 0
	for _, f := range strings.Fields(line) {
		if n == len(out) || strings.HasPrefix(f, "#") {
			break
		}
		out[n], n = f, n+1
	}
	return n
}

// asciiSpace reports whether c is white space as unicode.IsSpace says.
func asciiSpace(c byte) bool { return asciiSpaces[c] }

var asciiSpaces = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// condArena holds the argument filters of rules in shared arrays. A
// rule's filters are a capped slice of one array, so appending to them
// copies.
type condArena []Cond

// reserve makes room for n more filters in the current array.
func (a *condArena) reserve(n int) {
	if cap(*a)-len(*a) < n {
		*a = make([]Cond, 0, max(64, n))
	}
}

// parseLine parses one source line and appends its rule to p.Rules, or
// applies a directive, or records the Warning of a skipped line.
func (p *Policy) parseLine(n int, line string, strict bool, arena *condArena) error {
	var buf [maxFields]string
	fields := buf[:splitFields(line, &buf)]
	if len(fields) == 0 {
		return nil
	}
	if strings.HasPrefix(fields[0], "@") {
		return p.directive(n, fields)
	}
	name, deny := strings.CutPrefix(fields[0], "~")
	row, err := checkSyscallName(n, fields[0], name)
	if err != nil {
		return err
	}
	if row == unknownRow {
		return p.skipUnknown(n, fields, name, deny, strict)
	}
	// The filters go straight into the arena, which is cut back to
	// where it was if one fails to parse.
	if len(fields) > 1 {
		arena.reserve(min(len(fields)-1, maxArgs))
	}
	from := len(*arena)
	for i, tok := range fields[1:] {
		if i >= maxArgs {
			*arena = (*arena)[:from]
			return tooManyFilters(n, tok)
		}
		if tok == "-" {
			continue
		}
		c, err := parseCond(name, i, tok)
		if err != nil {
			*arena = (*arena)[:from]
			err.Line = n
			return err
		}
		*arena = append(*arena, c)
	}
	var conds []Cond
	if len(*arena) > from {
		conds = (*arena)[from:len(*arena):len(*arena)]
	}
	p.Rules = append(p.Rules, Rule{Line: n, Syscall: name, Deny: deny, Conds: conds, row: int32(row + 1), rowName: name})
	return nil
}

func (p *Policy) directive(n int, fields []string) error {
	if len(fields) > 1 {
		return &ParseError{Line: n, What: "directive argument", Token: fields[1],
			Reason: "directives take no arguments", Expected: "the directive alone on its line"}
	}
	switch fields[0] {
	case "@unrestricted":
		p.Unrestricted = true
	case "@complain":
		p.Complain = true
	default:
		return &ParseError{Line: n, What: "directive", Token: fields[0],
			Reason: "unknown directive", Expected: "@complain or @unrestricted"}
	}
	return nil
}

func tooManyFilters(n int, tok string) *ParseError {
	return &ParseError{Line: n, What: "argument", Token: tok,
		Reason: "too many argument filters", Expected: "at most 6 filters after the system call name"}
}

// unknownRow is what checkSyscallName returns for a well-formed name that
// no Linux architecture has.
const unknownRow = -2

// checkSyscallName checks a system call name and returns its
// syscallTable row, -1 for a name that only architectures without a
// table (or no kernel, see legacySyscallNames) have, or unknownRow.
func checkSyscallName(n int, tok, name string) (int, error) {
	if name == "" {
		return 0, &ParseError{Line: n, What: "system call", Token: tok,
			Reason: "missing name", Expected: `a system call name after "~"`}
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			r, _ := utf8.DecodeRuneInString(name[i:])
			return 0, &ParseError{Line: n, What: "system call", Token: tok,
				Reason: fmt.Sprintf("unexpected character %q", r), Expected: "a system call name such as read"}
		}
	}
	if row := syscallIndex(name); row >= 0 {
		return row, nil
	}
	if !knownSyscall(name) {
		return unknownRow, nil
	}
	return -1, nil
}

// skipUnknown handles a line whose system call no Linux architecture has:
// an error when strict, else a Warning and no rule. Like snap-seccomp, it
// counts the line's argument filters but does not read them.
func (p *Policy) skipUnknown(n int, fields []string, name string, deny, strict bool) error {
	if strict {
		return &ParseError{Line: n, What: "system call", Token: fields[0],
			Reason: "no Linux architecture has this system call", Expected: "a system call name such as read"}
	}
	if len(fields) > 1+maxArgs {
		return tooManyFilters(n, fields[1+maxArgs])
	}
	p.Warnings = append(p.Warnings, Warning{Line: n, Syscall: name, Deny: deny})
	return nil
}

// parseCond parses one argument filter token for argument arg.
func parseCond(syscall string, arg int, tok string) (Cond, *ParseError) {
	c := Cond{Arg: arg, Token: tok, Low32: id32Syscalls[syscall]}
	var perr *ParseError
	var op, rest string
	// The operator prefixes are tried in snapd's order, so that ">=" is
	// not read as ">" followed by "=", and "u:"/"g:" before the N|M form
	// (a user name cannot contain "|" anyway).
	switch {
	case strings.HasPrefix(tok, ">="), strings.HasPrefix(tok, "<="):
		op, rest = tok[:2], tok[2:]
	case strings.HasPrefix(tok, "!"), strings.HasPrefix(tok, ">"), strings.HasPrefix(tok, "<"), strings.HasPrefix(tok, "|"):
		op, rest = tok[:1], tok[1:]
	case strings.HasPrefix(tok, "u:"), strings.HasPrefix(tok, "g:"):
		c.Op = OpEqual
		c.Value, perr = parseID(tok)
		return c, perr
	case strings.Contains(tok, "|"):
		mask, value, _ := strings.Cut(tok, "|")
		c.Op = OpMaskedEqual
		if c.Mask, perr = parseValue(tok, mask, "|", c.Low32); perr == nil {
			c.Value, perr = parseValue(tok, value, "|", c.Low32)
		}
		return c, c.checkLow32(syscall, perr)
	default:
		c.Op = OpEqual
		c.Value, perr = parseValue(tok, tok, "", c.Low32)
		return c, perr
	}
	c.Op = prefixOp(op)
	c.Value, perr = parseValue(tok, rest, op, c.Low32)
	if c.Op == OpMaskedEqual {
		c.Mask = c.Value
	}
	return c, c.checkLow32(syscall, perr)
}

// prefixOp returns the comparison of an argument filter's operator prefix.
func prefixOp(op string) Op {
	switch op {
	case ">=":
		return OpGreaterEqual
	case "<=":
		return OpLessEqual
	case "!":
		return OpNotEqual
	case ">":
		return OpGreater
	case "<":
		return OpLess
	}
	return OpMaskedEqual // "|"
}

// checkLow32 rejects comparisons other than equality on the id32 system
// calls, whose 32-bit arguments snapd only compares for equality.
func (c Cond) checkLow32(syscall string, perr *ParseError) *ParseError {
	if perr != nil || !c.Low32 || c.Op == OpEqual {
		return perr
	}
	return &ParseError{What: "argument", Token: c.Token,
		Reason:   fmt.Sprintf("%s compares 32-bit ids for equality only", syscall),
		Expected: "N, -N, u:NAME or g:NAME"}
}

// parseID resolves u:NAME and g:NAME. Users and groups are looked up in a
// fixed table, never in the build host's databases: root is 0 and the snap
// system users have the same uid and gid everywhere.
func parseID(tok string) (Operand, *ParseError) {
	name := tok[2:]
	if name == "root" {
		return Operand{Text: tok, num: 0}, nil
	}
	if id, ok := snap.SystemUserID(name); ok {
		return Operand{Text: tok, num: uint64(id)}, nil
	}
	what := map[byte]string{'u': "user", 'g': "group"}[tok[0]]
	return Operand{}, &ParseError{What: "argument", Token: tok,
		Reason:   fmt.Sprintf("unknown %s %q", what, name),
		Expected: "root or a snap system user (" + strings.Join(snap.SystemUsernames(), ", ") + ")"}
}

// parseValue parses the number or constant text found in token tok after
// operator op. Negative numbers are accepted for 32-bit id arguments only.
func parseValue(tok, text, op string, low32 bool) (Operand, *ParseError) {
	fail := func(reason, expected string) (Operand, *ParseError) {
		return Operand{}, &ParseError{What: "argument", Token: tok, Reason: reason, Expected: expected}
	}
	switch {
	case text == "":
		if op == "" {
			return fail("missing value", "a number or a constant")
		}
		return fail("missing value", fmt.Sprintf("a number or a constant after %q", op))
	case text[0] >= '0' && text[0] <= '9':
		bits := 64
		if low32 {
			bits = 32
		}
		v, err := strconv.ParseUint(text, 10, bits)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return fail(fmt.Sprintf("%s is out of range", text), fmt.Sprintf("a number below 2^%d", bits))
			}
			return fail(fmt.Sprintf("%q is not a decimal number", text), "a decimal number or a constant")
		}
		return Operand{Text: text, num: v}, nil
	case text[0] == '-' && len(text) > 1 && text[1] >= '0' && text[1] <= '9':
		if !low32 {
			return fail("negative number", "a non-negative number (negative numbers are accepted only by system calls with 32-bit id arguments, such as chown and setuid)")
		}
		v, err := strconv.ParseInt(text, 10, 32)
		if err != nil {
			return fail(fmt.Sprintf("%q is not a 32-bit signed number", text), "a number from -2147483648 to 4294967295")
		}
		return Operand{Text: text, num: uint64(uint32(int32(v)))}, nil
	}
	if c, ok := lookupConstant(text); ok {
		return Operand{Text: text, sym: c}, nil
	}
	if isConstantName(text) {
		return fail(fmt.Sprintf("unknown constant %q", text), "a decimal number or a known constant such as AF_INET or CLONE_NEWNET")
	}
	return fail(fmt.Sprintf("malformed value %q", text), "a decimal number or a constant")
}

func isConstantName(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
