// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOCIGapTooLargeWithoutLines: when every allow line of a call with
// too many rules is kept, the gap names no lines (it said "lines [] are
// left out").
func TestOCIGapTooLargeWithoutLines(t *testing.T) {
	src := string(oneCallLines(300, "ioctl - N\n")) + "~ioctl - 1000000\n"
	p, err := Parse([]byte(src))
	require.NoError(t, err)
	_, gaps, err := ExportOCIWithGaps(p, Options{Arch: ArchAMD64})
	require.NoError(t, err)
	require.NotEmpty(t, gaps)
	for _, g := range gaps {
		assert.NotContains(t, g.String(), "lines []")
		t.Log(g.String())
	}
	g := OCIGap{Syscall: "ioctl", Kind: OCIGapTooLarge, Lines: []int{3, 5}}
	assert.Equal(t, "ioctl: lines 3, 5 are left out and explicit denials return EPERM, not EACCES (more than 256 rules)", g.String())
	g.Lines = nil
	assert.Equal(t, "ioctl: explicit denials return EPERM, not EACCES (more than 256 rules)", g.String())
}

// TestManyRangeLinesCompile: a thousand range tests for one call made the
// search tree's budget overflow (2^cost is infinite past 1023) and the
// compiler recurse until the stack ran out.
func TestManyRangeLinesCompile(t *testing.T) {
	_, err := CompileSource("ranges", oneCallLines(1100, "ioctl - >N\n"), Options{Arch: ArchAMD64})
	if err != nil {
		assert.True(t, strings.Contains(err.Error(), "kernel's limit"), err.Error())
	}
}
