// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"strings"
)

// Policy is a parsed seccomp policy source: what the seccomp backend
// renders into snap.NAME.APP.src.
type Policy struct {
	// Unrestricted is set by the @unrestricted directive: every system
	// call is allowed and the rules are ignored.
	Unrestricted bool
	// Complain is set by the @complain directive: calls the rules would
	// deny are allowed and logged (SECCOMP_RET_LOG) instead.
	Complain bool
	// Rules holds the system call lines in source order.
	Rules []Rule
	// Warnings lists, in source order, the lines that Parse skipped
	// because no Linux architecture has their system call (see
	// ParseOptions.Strict). They have no rule.
	Warnings []Warning
}

// Warning is a policy line that Parse skipped instead of failing: its
// system call is one that no Linux architecture has, as far as the tables
// know (Linux TablesKernelVersion), nor is it one of the libc names that
// snapd's policies list. snapd's snap-seccomp skips such a line without a
// word; plugpolicy says so.
type Warning struct {
	// Line is the 1-based source line.
	Line int
	// Syscall is the unknown name, without the "~" of a denial.
	Syscall string
	// Deny marks a skipped explicit denial.
	Deny bool
}

// String returns the warning as `line N: unknown system call "NAME"
// skipped: no Linux architecture has it (tables of Linux VERSION)`, with
// "denial of" before the name for a "~" line.
func (w Warning) String() string {
	what := "system call"
	if w.Deny {
		what = "denial of system call"
	}
	return fmt.Sprintf("line %d: unknown %s %q skipped: no Linux architecture has it (tables of Linux %s)",
		w.Line, what, w.Syscall, tablesKernelVersion)
}

// Rule is one line naming a system call. An allow line (Deny false) allows
// the call when all its conditions hold; an explicit denial (a line starting
// with "~") turns an allowed call into an EACCES error when all its
// conditions hold. Several lines for one call are OR-ed.
type Rule struct {
	// Line is the 1-based source line.
	Line int
	// Syscall is the system call name. It is known on at least one Linux
	// architecture, though possibly not on the one a filter is built for.
	Syscall string
	// Deny marks an explicit denial ("~name ...").
	Deny bool
	// row caches the syscallTable row of rowName, plus one, as Parse
	// found it for Syscall (see tableRow); 0: not looked up. (It sits
	// beside Deny, in what would be padding.)
	row int32
	// Conds are the argument filters other than "-", AND-ed.
	Conds   []Cond
	rowName string
}

// tableRow returns the syscallTable row of the rule's system call, or
// -1. The row Parse cached is used while Syscall is still the name it
// was found for, which the comparison tells at once when Syscall has not
// been replaced: the two strings share their bytes.
func (r *Rule) tableRow() int {
	if r.row > 0 && r.rowName == r.Syscall {
		return int(r.row - 1)
	}
	return syscallIndex(r.Syscall)
}

// Op is the comparison of an argument filter.
type Op uint8

// The argument comparisons, with the source syntax that produces them.
const (
	OpEqual        Op = iota + 1 // N, u:NAME, g:NAME
	OpNotEqual                   // !N
	OpGreater                    // >N
	OpGreaterEqual               // >=N
	OpLess                       // <N
	OpLessEqual                  // <=N
	OpMaskedEqual                // |N (mask N, value N) and N|M (mask N, value M)
)

var opNames = [...]string{"", "==", "!=", ">", ">=", "<", "<=", "&=="}

// String returns a C-like spelling of the comparison.
func (o Op) String() string {
	if int(o) < len(opNames) && o != 0 {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Cond is one argument filter: argument Arg compared with Value (for
// OpMaskedEqual: Arg & Mask == Value).
type Cond struct {
	// Arg is the argument position, 0 to 5.
	Arg int
	// Op is the comparison.
	Op Op
	// Value is the right-hand side.
	Value Operand
	// Mask is the mask of OpMaskedEqual.
	Mask Operand
	// Low32 makes the comparison ignore the upper 32 bits of the argument.
	// It is set for the system calls whose uid, gid and similar arguments
	// the kernel reads as 32-bit values (chown, setuid, ... see
	// id32Syscalls), as snapd's compiler does, so that uint32(-1) and
	// uint64(-1) both match -1.
	Low32 bool
	// Token is the filter as written in the source.
	Token string
}

// Operand is a number or a symbolic constant in an argument filter.
// Constants can differ between architectures (O_DIRECTORY, TIOC* on
// powerpc, ...), so they are resolved for a target architecture.
type Operand struct {
	// Text is the operand as written ("CLONE_NEWNET", "1000", "-1",
	// "u:root", ...).
	Text string
	num  uint64
	sym  *constEntry
}

// Value returns the operand's value on architecture a, and false when it
// is a constant that a does not define.
func (o Operand) Value(a Arch) (uint64, bool) {
	if o.sym == nil {
		return o.num, true
	}
	return o.sym.valueOn(a)
}

// Symbolic reports whether the operand is a named constant.
func (o Operand) Symbolic() bool { return o.sym != nil }

// String returns the source line a rule would have been written as.
func (r Rule) String() string {
	var b strings.Builder
	if r.Deny {
		b.WriteByte('~')
	}
	b.WriteString(r.Syscall)
	args := [6]string{"-", "-", "-", "-", "-", "-"}
	last := -1
	for _, c := range r.Conds {
		args[c.Arg] = c.Token
		last = max(last, c.Arg)
	}
	for i := 0; i <= last; i++ {
		b.WriteByte(' ')
		b.WriteString(args[i])
	}
	return b.String()
}

// ParseError is a problem with one token of the policy source.
type ParseError struct {
	// Line is the 1-based source line.
	Line int
	// What names the kind of token ("system call", "argument", ...).
	What string
	// Token is the offending token.
	Token string
	// Reason says what is wrong with it.
	Reason string
	// Expected says what would have been accepted.
	Expected string
}

// Error implements error as "line N: invalid WHAT "TOKEN": REASON; expected EXPECTED".
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d: invalid %s %q: %s; expected %s", e.Line, e.What, e.Token, e.Reason, e.Expected)
}
