// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package udiff_test

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/udiff"
)

func TestUnifiedOneLine(t *testing.T) {
	var old, new strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&old, "line %d\n", i)
		if i != 50 {
			fmt.Fprintf(&new, "line %d\n", i)
		} else {
			new.WriteString("changed\n")
		}
	}
	got := udiff.Unified("a", "b", old.String(), new.String())
	assert.Equal(t, `--- a
+++ b
@@ -48,7 +48,7 @@
 line 47
 line 48
 line 49
-line 50
+changed
 line 51
 line 52
 line 53
`, got)
}

func TestUnifiedEdges(t *testing.T) {
	assert.Equal(t, "", udiff.Unified("a", "b", "x\n", "x\n"))
	assert.Equal(t, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", udiff.Unified("a", "b", "", "x\ny\n"))
	assert.Equal(t, "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n", udiff.Unified("a", "b", "x\n", ""))
	assert.Equal(t, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n", udiff.Unified("a", "b", "x\ny\n", "x\nz\n"))
	assert.Equal(t, "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n", udiff.Unified("a", "b", "x\n", "x"))
}

// TestAgainstPatch applies random diffs with the real patch(1) when it is
// installed: the diff must turn the old text into the new one.
func TestAgainstPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch(1) is not installed; the edit scripts are still checked by TestEditsRebuild")
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 50; i++ {
		old, new := randomText(r), randomText(r)
		if old == new {
			continue
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "f")
		require.NoError(t, os.WriteFile(file, []byte(old), 0o644))
		cmd := exec.Command(patch, "-s", file)
		cmd.Stdin = strings.NewReader(udiff.Unified("f", "f", old, new))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s\nold:\n%s\nnew:\n%s", out, old, new)
		got, err := os.ReadFile(file)
		require.NoError(t, err)
		require.Equal(t, new, string(got))
	}
}

func TestEditsRebuild(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 200; i++ {
		a, b := udiff.Lines(randomText(r)), udiff.Lines(randomText(r))
		var gotA, gotB []string
		changes := 0
		for _, op := range udiff.Edits(a, b) {
			if op.Kind != '+' {
				gotA = append(gotA, op.Line)
			}
			if op.Kind != '-' {
				gotB = append(gotB, op.Line)
			}
			if op.Kind != ' ' {
				changes++
			}
		}
		assert.Equal(t, a, gotA)
		assert.Equal(t, b, gotB)
		assert.LessOrEqual(t, changes, len(a)+len(b)-2*lcs(a, b), "not a shortest script")
	}
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for n := r.Intn(30); n > 0; n-- {
		fmt.Fprintf(&b, "l%d\n", r.Intn(6))
	}
	if r.Intn(4) == 0 {
		b.WriteString("end")
	}
	return b.String()
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// TestRewrittenFile: two texts with nothing in common past MaxEdits
// still give a correct script, that replaces the middle.
func TestRewrittenFile(t *testing.T) {
	var a, b []string
	for i := 0; i < 3000; i++ {
		a = append(a, fmt.Sprintf("a%d\n", i))
		b = append(b, fmt.Sprintf("b%d\n", i))
	}
	a = append([]string{"same\n"}, a...)
	b = append([]string{"same\n"}, b...)
	ops := udiff.Edits(a, b)
	assert.Len(t, ops, 1+3000+3000)
	assert.Equal(t, udiff.Op{Kind: ' ', Line: "same\n", A: 0, B: 0}, ops[0])
	assert.Equal(t, udiff.Op{Kind: '-', Line: "a0\n", A: 1, B: -1}, ops[1])
	assert.Equal(t, udiff.Op{Kind: '+', Line: "b0\n", A: -1, B: 1}, ops[3001])
}
