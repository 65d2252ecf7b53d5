// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/fleet"
)

// TestCompileInParallelEqualsSerial compiles a fleet and the bundled
// examples with snaps rendered on one goroutine and on several: the
// results must be the same, and under -race no render may share what it
// writes.
func TestCompileInParallelEqualsSerial(t *testing.T) {
	docs := fleet.Generate(12)
	for _, name := range []string{"web-app", "kube-node", "kube-node-docker"} {
		doc, err := os.ReadFile(filepath.Join("examples", name, "snap.yaml"))
		require.NoError(t, err)
		docs = append(docs, doc)
	}
	compile := func(procs int) *plugpolicy.Result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := plugpolicy.CompileYAML(fleet.Options(), docs...)
		require.NoError(t, err)
		return res
	}
	serial, parallel := compile(1), compile(4)
	require.Len(t, serial.Files, len(parallel.Files))
	for i := range serial.Files {
		if diff := cmp.Diff(serial.Files[i], parallel.Files[i]); diff != "" {
			t.Fatalf("file %s differs (-serial +parallel):\n%s", serial.Files[i].Path, diff)
		}
	}
}
