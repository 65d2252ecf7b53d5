// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

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
// Unknown system call names are errors only when no Linux architecture
// defines them; a compiler skips calls its target does not have. Each
// problem is reported as a *ParseError with its line, token and what was
// expected; several are joined with errors.Join.
func Parse(src []byte) (*Policy, error) {
	p := &Policy{}
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for n := 1; sc.Scan(); n++ {
		rule, isRule, err := p.parseLine(n, sc.Text())
		if err != nil {
			if errs = append(errs, err); len(errs) == maxParseErrors {
				break
			}
			continue
		}
		if isRule {
			p.Rules = append(p.Rules, rule)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("cannot read policy: %w", err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// parseLine parses one source line into a rule, or applies a directive.
func (p *Policy) parseLine(n int, line string) (Rule, bool, error) {
	fields := strings.Fields(line)
	for i, f := range fields {
		if strings.HasPrefix(f, "#") {
			fields = fields[:i]
			break
		}
	}
	if len(fields) == 0 {
		return Rule{}, false, nil
	}
	if strings.HasPrefix(fields[0], "@") {
		return Rule{}, false, p.directive(n, fields)
	}
	rule := Rule{Line: n, Syscall: fields[0]}
	if strings.HasPrefix(rule.Syscall, "~") {
		rule.Deny, rule.Syscall = true, rule.Syscall[1:]
	}
	if err := checkSyscallName(n, fields[0], rule.Syscall); err != nil {
		return Rule{}, false, err
	}
	for i, tok := range fields[1:] {
		if i >= maxArgs {
			return Rule{}, false, &ParseError{Line: n, What: "argument", Token: tok,
				Reason: "too many argument filters", Expected: "at most 6 filters after the system call name"}
		}
		if tok == "-" {
			continue
		}
		c, err := parseCond(rule.Syscall, i, tok)
		if err != nil {
			err.Line = n
			return Rule{}, false, err
		}
		rule.Conds = append(rule.Conds, c)
	}
	return rule, true, nil
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

func checkSyscallName(n int, tok, name string) error {
	if name == "" {
		return &ParseError{Line: n, What: "system call", Token: tok,
			Reason: "missing name", Expected: `a system call name after "~"`}
	}
	for _, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return &ParseError{Line: n, What: "system call", Token: tok,
				Reason: fmt.Sprintf("unexpected character %q", c), Expected: "a system call name such as read"}
		}
	}
	if !knownSyscall(name) {
		return &ParseError{Line: n, What: "system call", Token: tok,
			Reason: "no Linux architecture has this system call", Expected: "a system call name such as read"}
	}
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
	c.Op = prefixOps[op]
	c.Value, perr = parseValue(tok, rest, op, c.Low32)
	if c.Op == OpMaskedEqual {
		c.Mask = c.Value
	}
	return c, c.checkLow32(syscall, perr)
}

// prefixOps maps the operator prefixes of argument filters to comparisons.
var prefixOps = map[string]Op{">=": OpGreaterEqual, "<=": OpLessEqual, "!": OpNotEqual, ">": OpGreater, "<": OpLess, "|": OpMaskedEqual}

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
