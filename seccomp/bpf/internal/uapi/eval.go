// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package uapi

import (
	"fmt"
	"strconv"
	"strings"
)

// Eval evaluates a preprocessor integer expression: literals, macro names
// (expanded recursively; unknown names are 0 as in #if), defined(NAME),
// unary ! ~ - +, the binary arithmetic, shift, comparison, bitwise and
// logical operators, and parentheses. The conditional operator is not used
// by the unistd headers and is rejected.
func (p *Preprocessor) Eval(expr string) (int64, error) {
	toks, err := tokenize(expr)
	if err != nil {
		return 0, err
	}
	e := &evaluator{p: p, toks: toks, depth: 0}
	v, err := e.binary(0)
	if err != nil {
		return 0, err
	}
	if e.pos != len(e.toks) {
		return 0, fmt.Errorf("unexpected %q in %q", e.toks[e.pos], expr)
	}
	return v, nil
}

type evaluator struct {
	p     *Preprocessor
	toks  []string
	pos   int
	depth int // macro expansion depth, to stop self-referencing macros
}

// precedence of binary operators, higher binds tighter.
var precedence = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5,
	"==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
	"<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}

// binary parses operators of at least minPrec by precedence climbing.
func (e *evaluator) binary(minPrec int) (int64, error) {
	lhs, err := e.unary()
	if err != nil {
		return 0, err
	}
	for e.pos < len(e.toks) {
		op := e.toks[e.pos]
		prec, ok := precedence[op]
		if !ok || prec < minPrec {
			break
		}
		e.pos++
		rhs, err := e.binary(prec + 1)
		if err != nil {
			return 0, err
		}
		if lhs, err = apply(op, lhs, rhs); err != nil {
			return 0, err
		}
	}
	return lhs, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func apply(op string, a, b int64) (int64, error) {
	switch op {
	case "||":
		return b2i(a != 0 || b != 0), nil
	case "&&":
		return b2i(a != 0 && b != 0), nil
	case "|":
		return a | b, nil
	case "^":
		return a ^ b, nil
	case "&":
		return a & b, nil
	case "==":
		return b2i(a == b), nil
	case "!=":
		return b2i(a != b), nil
	case "<":
		return b2i(a < b), nil
	case ">":
		return b2i(a > b), nil
	case "<=":
		return b2i(a <= b), nil
	case ">=":
		return b2i(a >= b), nil
	case "<<":
		return a << uint(b), nil
	case ">>":
		return a >> uint(b), nil
	case "+":
		return a + b, nil
	case "-":
		return a - b, nil
	case "*":
		return a * b, nil
	case "/", "%":
		if b == 0 {
			return 0, fmt.Errorf("division by zero")
		}
		if op == "/" {
			return a / b, nil
		}
		return a % b, nil
	}
	return 0, fmt.Errorf("unsupported operator %q", op)
}

func (e *evaluator) next() (string, error) {
	if e.pos >= len(e.toks) {
		return "", fmt.Errorf("unexpected end of expression")
	}
	t := e.toks[e.pos]
	e.pos++
	return t, nil
}

// unary parses a prefix operator, a parenthesised expression, defined(),
// a literal or a macro name.
func (e *evaluator) unary() (int64, error) {
	t, err := e.next()
	if err != nil {
		return 0, err
	}
	switch t {
	case "!", "~", "-", "+":
		v, err := e.unary()
		if err != nil {
			return 0, err
		}
		switch t {
		case "!":
			return b2i(v == 0), nil
		case "~":
			return ^v, nil
		case "-":
			return -v, nil
		}
		return v, nil
	case "(":
		v, err := e.binary(0)
		if err != nil {
			return 0, err
		}
		if c, err := e.next(); err != nil || c != ")" {
			return 0, fmt.Errorf("missing )")
		}
		return v, nil
	case "defined":
		return e.defined()
	}
	if t[0] >= '0' && t[0] <= '9' {
		return parseLiteral(t)
	}
	if !isIdent(t) {
		return 0, fmt.Errorf("unexpected %q", t)
	}
	return e.macro(t)
}

func (e *evaluator) defined() (int64, error) {
	t, err := e.next()
	if err != nil {
		return 0, err
	}
	paren := t == "("
	if paren {
		if t, err = e.next(); err != nil {
			return 0, err
		}
	}
	_, ok := e.p.macros[t]
	if paren {
		if c, err := e.next(); err != nil || c != ")" {
			return 0, fmt.Errorf("missing ) after defined")
		}
	}
	return b2i(ok), nil
}

// macro expands an object-like macro and evaluates its replacement.
func (e *evaluator) macro(name string) (int64, error) {
	body, ok := e.p.macros[name]
	if !ok || body == funcMacro {
		return 0, nil
	}
	if e.depth > 32 {
		return 0, fmt.Errorf("macro %s expands too deeply", name)
	}
	toks, err := tokenize(body)
	if err != nil {
		return 0, err
	}
	if len(toks) == 0 {
		return 0, fmt.Errorf("macro %s has no value", name)
	}
	sub := &evaluator{p: e.p, toks: toks, depth: e.depth + 1}
	v, err := sub.binary(0)
	if err != nil {
		return 0, fmt.Errorf("in %s: %w", name, err)
	}
	if sub.pos != len(sub.toks) {
		return 0, fmt.Errorf("in %s: unexpected %q", name, sub.toks[sub.pos])
	}
	return v, nil
}

func parseLiteral(t string) (int64, error) {
	t = strings.TrimRight(t, "uUlL")
	v, err := strconv.ParseInt(t, 0, 64)
	if err != nil {
		u, uerr := strconv.ParseUint(t, 0, 64)
		if uerr != nil {
			return 0, fmt.Errorf("invalid number %q", t)
		}
		return int64(u), nil
	}
	return v, nil
}

func isIdent(t string) bool {
	for i, c := range t {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return t != ""
}

// tokenize splits an expression into numbers, identifiers and operators.
func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c >= '0' && c <= '9', c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			if i+1 < len(s) {
				if two := s[i : i+2]; precedence[two] != 0 {
					toks = append(toks, two)
					i += 2
					continue
				}
			}
			if !strings.ContainsRune("()!~+-*/%<>&|^", rune(c)) {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
			toks = append(toks, string(c))
			i++
		}
	}
	return toks, nil
}
