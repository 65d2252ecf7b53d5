// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fileset_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
)

// crashEnv tells the test binary, re-executed by TestCrash, to write a
// generation of the crash set (ROOT:GEN) and exit.
const crashEnv = "PLUGPOLICY_FILESET_CRASH_CHILD"

// crashContent is a file of generation gen: long enough that writing it
// takes a while, and telling by its first line which generation it is.
func crashContent(gen int, name string) []byte {
	head := fmt.Sprintf("gen %d %s\n", gen, name)
	return []byte(head + strings.Repeat("x", 16<<10) + fmt.Sprintf("end %d\n", gen))
}

// crashSets are 40 snaps' sets; which snaps are there depends on the
// generation, so that each run also creates and removes files.
func crashSets(gen int) map[string]map[string][]byte {
	sets := map[string]map[string][]byte{}
	for i := range 40 {
		name := fmt.Sprintf("s%02d", i)
		files := map[string][]byte{}
		if (i+gen)%9 != 0 {
			for _, f := range []string{"etc/app/snap." + name + ".app", "etc/app/snap." + name + ".hook",
				"etc/units/snap." + name + ".app.service.d/x.conf"} {
				files[f] = crashContent(gen, f)
			}
		}
		sets[name] = files
	}
	return sets
}

// TestCrashChild is the child of TestCrash.
func TestCrashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("run by TestCrash")
	}
	root, genText, _ := strings.Cut(spec, ":")
	gen, err := strconv.Atoi(genText)
	require.NoError(t, err)
	require.NoError(t, ensureAll(t, root, crashSets(gen)))
}

// crashGen tells which generation a file of the crash set is, and fails
// the test if it is not a whole file of one.
func crashGen(t *testing.T, name string, data []byte) int {
	t.Helper()
	var gen int
	if _, err := fmt.Sscanf(string(data), "gen %d ", &gen); err != nil || !bytes.Equal(data, crashContent(gen, name)) {
		t.Fatalf("%s is not a whole file of any run (%d bytes)", name, len(data))
	}
	return gen
}

// TestCrash kills a child in the middle of writing a large set, at random
// points, many times: each file is then old or new, never part written;
// temporary files may be left, and the next run removes them and
// converges.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	root := t.TempDir()
	child := func(gen int) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s:%d", crashEnv, root, gen))
		return cmd
	}
	start := time.Now()
	out, err := child(1).CombinedOutput()
	require.NoError(t, err, "%s", out)
	full := time.Since(start)
	require.Equal(t, treeOf(crashSets(1)), testutil.ReadTree(t, root))

	prev, mixed, withTemps, temps := 1, 0, 0, 0
	for trial := range 30 {
		gen := prev + 1
		cmd := child(gen)
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(rand.Int64N(int64(full) * 6 / 5)))
		cmd.Process.Kill()
		cmd.Wait()

		old, cur := treeOf(crashSets(prev)), treeOf(crashSets(gen))
		seen := map[int]bool{}
		tree := testutil.ReadTree(t, root)
		n := 0
		for name, data := range tree {
			if fileset.IsTempName(path.Base(name)) {
				n++
				continue
			}
			g := crashGen(t, name, data)
			require.True(t, g == prev || g == gen, "trial %d: %s is of generation %d", trial, name, g)
			seen[g] = true
		}
		for name := range old {
			if _, ok := cur[name]; ok {
				require.Contains(t, tree, name, "trial %d: a file of both runs is never missing", trial)
			}
		}
		if seen[prev] && seen[gen] {
			mixed++
		}
		if n > 0 {
			withTemps++
			temps += n
		}
		// The next run converges, and leaves no temporary file.
		require.NoError(t, ensureAll(t, root, crashSets(gen)))
		require.Equal(t, cur, testutil.ReadTree(t, root), "trial %d", trial)
		prev = gen
	}
	t.Logf("a run takes %v; of 30 kills, %d left files of both runs, %d left %d temporary files (all removed by the next run)",
		full, mixed, withTemps, temps)
	assert.Positive(t, mixed+withTemps, "some kill hit a run in the middle")
}
