// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// versionedFleet compiles n snaps; the version decides their plugs, so that both
// their AppArmor and seccomp files differ from one version to the other.
func versionedFleet(t *testing.T, n int, version int) *plugpolicy.Result {
	t.Helper()
	plugs := []string{"[network]", "[home, network-bind]"}[version-1]
	var infos []*snap.Info
	for i := range n {
		infos = append(infos, parse(t, fmt.Sprintf("name: s%02d\nversion: %d\napps:\n  app:\n    command: app\n    plugs: %s\n  other:\n    command: other\n    plugs: %s\n", i, version, plugs, plugs)))
	}
	res, err := plugpolicy.Compile(infos, plugpolicy.Options{NoBPF: true, ConnectAll: true})
	require.NoError(t, err)
	return res
}

// treeOfRun is what Write of res writes to an empty root.
func treeOfRun(t *testing.T, res *plugpolicy.Result) map[string][]byte {
	root := t.TempDir()
	_, err := res.Write(root, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	return testutil.ReadPolicyTree(t, root)
}

// TestWriteIsOneTransaction: when a later backend's file cannot be
// written (a named pipe where a seccomp source goes), no file of any
// snap or backend changes: the AppArmor profiles stay as they were too.
func TestWriteIsOneTransaction(t *testing.T) {
	v1, v2 := versionedFleet(t, 3, 1), versionedFleet(t, 3, 2)
	root := t.TempDir()
	_, err := v1.Write(root, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	before := testutil.ReadPolicyTree(t, root)
	require.NotEqual(t, treeOfRun(t, v2), before)

	fifo := filepath.Join(root, "var/lib/snapd/seccomp/bpf/snap.s02.other.src")
	require.NoError(t, os.Remove(fifo))
	require.NoError(t, unix.Mkfifo(fifo, 0o644))
	delete(before, "var/lib/snapd/seccomp/bpf/snap.s02.other.src")
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err = v2.Write(root, plugpolicy.WriteOptions{})
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Write hangs on a named pipe")
	}
	assert.EqualError(t, err, `cannot write seccomp files of snap "s02": refusing var/lib/snapd/seccomp/bpf/snap.s02.other.src: a named pipe, not a regular file`)
	assert.Equal(t, before, testutil.ReadPolicyTree(t, root), "every file of every snap and backend is old")
}

// TestConcurrentWritesAreSerialised: two runs writing different policy
// into one root at once end with the files of one run only, every time.
func TestConcurrentWritesAreSerialised(t *testing.T) {
	v1, v2 := versionedFleet(t, 20, 1), versionedFleet(t, 20, 2)
	want1, want2 := treeOfRun(t, v1), treeOfRun(t, v2)
	for trial := range 10 {
		root := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, res := range []*plugpolicy.Result{v1, v2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = res.Write(root, plugpolicy.WriteOptions{})
			}()
		}
		wg.Wait()
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		got := testutil.ReadPolicyTree(t, root)
		if !assert.True(t, equalTrees(got, want1) || equalTrees(got, want2), "trial %d: files of both runs", trial) {
			for name, data := range got {
				if string(data) != string(want1[name]) && strings.Contains(name, "s00") {
					t.Logf("%s is from the second run", name)
				}
			}
		}
	}
}

func equalTrees(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if string(b[name]) != string(data) {
			return false
		}
	}
	return true
}
