// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package udiff writes line differences between two texts in the unified
// format of diff -u: "---"/"+++" headers, then hunks "@@ -A,N +B,M @@" of
// changed lines with a few unchanged lines of context around them. The
// edit script is a shortest one (Myers' algorithm), so a changed line is
// shown as that line alone, never as the whole file.
package udiff

import (
	"fmt"
	"strings"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// Op is one line of an edit script.
type Op struct {
	Kind byte   // ' ' kept, '-' only in the old text, '+' only in the new
	Line string // with its newline, if it has one
	// A and B are the line's index in the old and the new text (-1 where
	// it is not in that text).
	A, B int
}

// Lines splits text into lines, each with its newline; a last line
// without one is a line too, and differs from the same line with it.
func Lines(text string) []string {
	if text == "" {
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// MaxEdits bounds the search for a shortest edit script: texts that differ
// by more lines than this (a file rewritten, not edited) get a script that
// replaces the differing middle whole, which keeps the memory the search
// takes to O(MaxEdits²) words (8 MB).
const MaxEdits = 1000

// Edits returns a shortest edit script turning a into b (or, past
// MaxEdits differences, one that replaces the lines between their common
// prefix and suffix).
func Edits(a, b []string) []Op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []Op
	for i := 0; i < pre; i++ {
		ops = append(ops, Op{' ', a[i], i, i})
	}
	middle := myers(a[pre:len(a)-suf], b[pre:len(b)-suf])
	if middle == nil {
		for i := pre; i < len(a)-suf; i++ {
			middle = append(middle, Op{'-', a[i], i - pre, -1})
		}
		for j := pre; j < len(b)-suf; j++ {
			middle = append(middle, Op{'+', b[j], -1, j - pre})
		}
	}
	for _, op := range middle {
		if op.A >= 0 {
			op.A += pre
		}
		if op.B >= 0 {
			op.B += pre
		}
		ops = append(ops, op)
	}
	for k := 0; k < suf; k++ {
		i, j := len(a)-suf+k, len(b)-suf+k
		ops = append(ops, Op{' ', a[i], i, j})
	}
	return ops
}

// myers finds a shortest edit script with Myers' O(ND) algorithm, or
// returns nil when it needs more than MaxEdits edits.
func myers(a, b []string) []Op {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return []Op{}
	}
	// v[k+off] is the furthest x reached on diagonal k; trace[d] keeps
	// the diagonals -d..d of v after step d, to walk the path back.
	off := min(n+m, MaxEdits) + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= n+m && d <= MaxEdits; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[k-1+off] < v[k+1+off]) {
				x = v[k+1+off] // down: a line of b inserted
			} else {
				x = v[k-1+off] + 1 // right: a line of a deleted
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[k+off] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return backtrack(trace, a, b)
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil
}

// backtrack follows the furthest-reaching paths of trace from the end of
// both texts to their start; trace[d][k+d] is diagonal k after step d.
func backtrack(trace [][]int, a, b []string) []Op {
	var ops []Op
	x, y := len(a), len(b)
	for d := len(trace) - 1; d > 0; d-- {
		v := trace[d-1]
		at := func(k int) int { return v[k+d-1] }
		k := x - y
		prevK := k - 1
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			ops = append(ops, Op{' ', a[x], x, y})
		}
		if x == prevX {
			y--
			ops = append(ops, Op{'+', b[y], -1, y})
		} else {
			x--
			ops = append(ops, Op{'-', a[x], x, -1})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		ops = append(ops, Op{' ', a[x], x, y})
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// Unified returns the unified diff of two texts with the given names in
// its header, or "" when they are equal.
func Unified(oldName, newName, oldText, newText string) string {
	if oldText == newText {
		return ""
	}
	a, b := Lines(oldText), Lines(newText)
	ops := Edits(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&out, ops[h[0]:h[1]])
	}
	return out.String()
}

// hunks groups the changes of ops, with Context kept lines around each,
// into ranges [start, end) of ops; changes closer than 2*Context lines
// share a hunk.
func hunks(ops []Op) [][2]int {
	var out [][2]int
	for i := 0; i < len(ops); i++ {
		if ops[i].Kind == ' ' {
			continue
		}
		start := max(0, i-Context)
		end := i
		for end < len(ops) {
			if ops[end].Kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].Kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*Context {
				end = min(len(ops), end+Context)
				break
			}
			end = run
		}
		out = append(out, [2]int{start, end})
		i = end - 1
	}
	return out
}

func writeHunk(out *strings.Builder, ops []Op) {
	aStart, bStart, aLen, bLen := -1, -1, 0, 0
	for _, op := range ops {
		if op.Kind != '+' {
			if aStart < 0 {
				aStart = op.A
			}
			aLen++
		}
		if op.Kind != '-' {
			if bStart < 0 {
				bStart = op.B
			}
			bLen++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
	for _, op := range ops {
		out.WriteByte(op.Kind)
		out.WriteString(op.Line)
		if !strings.HasSuffix(op.Line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange writes a hunk's start and length as diff -u does: lines count
// from 1. A side with no line in a hunk is an empty text (any other hunk
// has kept lines of both sides), written "0,0".
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return "0,0"
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
