// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package uapi reads system call numbers out of Linux UAPI headers
// (asm/unistd*.h and asm-generic/unistd.h) with a small C preprocessor.
//
// The preprocessor understands exactly what those headers use: object-like
// #define and #undef, #if/#ifdef/#ifndef/#elif/#else/#endif with integer
// expressions and defined(), and #include of other unistd and bitsperlong
// headers below the same include root. Function-like macros are recorded as
// defined but never expanded, because the headers only use them on lines
// that are not directives. It is shared by the go:generate tool that writes
// the syscall tables and by the test that checks a table against the build
// host's own headers.
package uapi

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Preprocessor holds the macro state of one translation unit.
type Preprocessor struct {
	// Root is the include directory that #include <...> is resolved against.
	Root string
	// object-like macros: name to replacement text; function-like macros
	// map to funcMacro so that defined() sees them.
	macros map[string]string
	// included guards against include cycles.
	included map[string]bool
}

const funcMacro = "\x00function-like"

// New returns a preprocessor for the include directory root with the given
// predefined macros (compiler built-ins such as __x86_64__ or __LP64__).
func New(root string, predefined map[string]string) *Preprocessor {
	p := &Preprocessor{Root: root, macros: map[string]string{}, included: map[string]bool{}}
	for k, v := range predefined {
		p.macros[k] = v
	}
	return p
}

// condFrame is one level of #if nesting.
type condFrame struct {
	parentActive bool // the enclosing region is being processed
	active       bool // the current branch is being processed
	taken        bool // some branch of this #if has been taken already
}

// Include processes the header at rel (relative to Root) as if included.
func (p *Preprocessor) Include(rel string) error {
	path := filepath.Join(p.Root, rel)
	if p.included[path] {
		return nil
	}
	p.included[path] = true
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read header: %w", err)
	}
	lines := logicalLines(string(data))
	var stack []condFrame
	active := func() bool { return len(stack) == 0 || stack[len(stack)-1].active }
	for i, line := range lines {
		if err := p.directive(line, &stack, active()); err != nil {
			return fmt.Errorf("%s:%d: %w", rel, i+1, err)
		}
	}
	if len(stack) != 0 {
		return fmt.Errorf("%s: unterminated #if", rel)
	}
	return nil
}

// directive handles one logical line; non-directive lines are ignored.
func (p *Preprocessor) directive(line string, stack *[]condFrame, active bool) error {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "#") {
		return nil
	}
	line = strings.TrimSpace(line[1:])
	name, rest, _ := strings.Cut(line, " ")
	if i := strings.IndexAny(line, " \t("); i >= 0 && name != line[:i] {
		name, rest = line[:i], line[i:]
	}
	rest = strings.TrimSpace(rest)
	top := func() *condFrame { return &(*stack)[len(*stack)-1] }
	switch name {
	case "if", "ifdef", "ifndef":
		f := condFrame{parentActive: active}
		if active {
			var ok bool
			switch name {
			case "ifdef":
				_, ok = p.macros[rest]
			case "ifndef":
				_, ok = p.macros[rest]
				ok = !ok
			default:
				v, err := p.Eval(rest)
				if err != nil {
					return err
				}
				ok = v != 0
			}
			f.active, f.taken = ok, ok
		}
		*stack = append(*stack, f)
	case "elif", "else":
		if len(*stack) == 0 {
			return fmt.Errorf("#%s without #if", name)
		}
		f := top()
		if !f.parentActive || f.taken {
			f.active = false
			return nil
		}
		ok := true
		if name == "elif" {
			v, err := p.Eval(rest)
			if err != nil {
				return err
			}
			ok = v != 0
		}
		f.active, f.taken = ok, ok
	case "endif":
		if len(*stack) == 0 {
			return fmt.Errorf("#endif without #if")
		}
		*stack = (*stack)[:len(*stack)-1]
	case "define":
		if active {
			p.define(rest)
		}
	case "undef":
		if active {
			delete(p.macros, rest)
		}
	case "include":
		if active {
			return p.include(rest)
		}
	case "error":
		if active {
			return fmt.Errorf("#error %s", rest)
		}
	}
	return nil
}

// define records "NAME value" or "NAME(args) body".
func (p *Preprocessor) define(rest string) {
	end := strings.IndexAny(rest, " \t(")
	if end < 0 {
		p.macros[rest] = ""
		return
	}
	if rest[end] == '(' {
		p.macros[rest[:end]] = funcMacro
		return
	}
	p.macros[rest[:end]] = strings.TrimSpace(rest[end:])
}

// include follows only the headers that define syscall numbers or the word
// size; anything else (linux/types.h, ...) is irrelevant to the numbers.
func (p *Preprocessor) include(rest string) error {
	rel := strings.Trim(rest, "<>\" \t")
	base := filepath.Base(rel)
	if !strings.HasPrefix(base, "unistd") && !strings.HasPrefix(base, "bitsperlong") {
		return nil
	}
	if _, err := os.Stat(filepath.Join(p.Root, rel)); err != nil {
		return nil
	}
	return p.Include(rel)
}

// logicalLines joins backslash continuations and removes comments.
func logicalLines(src string) []string {
	var out []string
	var b strings.Builder
	inComment := false
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	cont := false
	for sc.Scan() {
		line := sc.Text()
		var clean strings.Builder
		for i := 0; i < len(line); i++ {
			switch {
			case inComment:
				if strings.HasPrefix(line[i:], "*/") {
					inComment = false
					i++
				}
			case strings.HasPrefix(line[i:], "/*"):
				inComment = true
				i++
				clean.WriteByte(' ')
			case strings.HasPrefix(line[i:], "//"):
				i = len(line)
			default:
				clean.WriteByte(line[i])
			}
		}
		text := clean.String()
		if !cont {
			b.Reset()
		}
		cont = strings.HasSuffix(strings.TrimRight(text, " \t"), "\\")
		if cont {
			text = strings.TrimSuffix(strings.TrimRight(text, " \t"), "\\")
		}
		b.WriteString(text)
		b.WriteByte(' ')
		if !cont {
			out = append(out, b.String())
		} else {
			out = append(out, "") // keep line numbers aligned
		}
	}
	return out
}

// Syscalls returns the system call numbers defined so far: every
// __NR_name (and ARM's private __ARM_NR_name) macro whose value is an
// integer expression, minus the bookkeeping macros that are not calls.
func (p *Preprocessor) Syscalls() (map[string]uint32, error) {
	out := map[string]uint32{}
	names := make([]string, 0, len(p.macros))
	for name := range p.macros {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var call string
		switch {
		case strings.HasPrefix(name, "__NR_"):
			call = name[len("__NR_"):]
		case strings.HasPrefix(name, "__ARM_NR_"):
			call = name[len("__ARM_NR_"):]
		default:
			continue
		}
		if notACall[call] || p.macros[name] == funcMacro {
			continue
		}
		v, err := p.Eval(name)
		if err != nil {
			return nil, fmt.Errorf("cannot evaluate %s: %w", name, err)
		}
		if v < 0 || v > 0xffffffff {
			return nil, fmt.Errorf("invalid number %d for %s", v, name)
		}
		out[call] = uint32(v)
	}
	return out, nil
}

// notACall lists __NR_ and __ARM_NR_ macros that are bases, masks or counts.
var notACall = map[string]bool{
	"syscalls":              true,
	"arch_specific_syscall": true,
	"Linux":                 true,
	"Linux_syscalls":        true,
	"SYSCALL_BASE":          true,
	"OABI_SYSCALL_BASE":     true,
	"SYSCALL_MASK":          true,
	"BASE":                  true,
}
