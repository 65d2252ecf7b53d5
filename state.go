// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"syscall"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/seccomp"
)

// StatePath is where Write and Update record, below the root, what they
// compiled: for each snap the digest of its inputs, and the stamp (inode,
// size, times) of each file each backend wrote for it. Update skips a snap
// whose inputs have the recorded digest and whose files still have the
// recorded stamps; anything else is compiled again. The record only ever
// saves work: deleting it, or any file it names, makes the next run
// compile (and compare) again.
const StatePath = "var/lib/plugpolicy/state.json"

// stateFormat is the version of the record's layout and of what its
// digests cover; a record of another format is ignored.
const stateFormat = 1

// maxStateSize bounds the record read back (a 2000-snap fleet's is about
// 3 MiB).
const maxStateSize = 64 << 20

// state is the record at StatePath.
type state struct {
	Format int                   `json:"format"`
	Snaps  map[string]*snapState `json:"snaps"`
}

// snapState is one snap's entry of the record.
type snapState struct {
	// Key digests everything the snap's files are rendered from; see
	// snapKey.
	Key string `json:"key"`
	// Files are the stamps of its files, by backend and path.
	Files map[string]map[string]fileset.Stamp `json:"files"`
}

// readState reads the record below the transaction's root. A missing
// record, one that does not decode, or one of another format is no
// record: the run then compiles everything. A record that is not a
// regular file is refused, as any path below the root.
func readState(tx *fileset.Tx) (*state, error) {
	data, err := tx.ReadRecord(StatePath, maxStateSize)
	if err != nil {
		return nil, err
	}
	st := &state{}
	if data == nil || json.Unmarshal(data, st) != nil || st.Format != stateFormat {
		st = &state{}
	}
	if st.Snaps == nil {
		st.Snaps = map[string]*snapState{}
	}
	st.Format = stateFormat
	return st, nil
}

// recordState writes the record of a committed transaction: prev, with
// the entries of the snaps of res replaced by what the transaction left
// (the stamps of each backend's files, and the snap's key; a snap
// without a key gets no entry). Nothing is written when the record
// would not change.
func recordState(tx *fileset.Tx, prev *state, res *Result, written []Written) error {
	stamps, err := tx.Stamps()
	if err != nil {
		return err
	}
	next := &state{Format: stateFormat, Snaps: make(map[string]*snapState, len(prev.Snaps))}
	for name, s := range prev.Snaps {
		next.Snaps[name] = s
	}
	for _, s := range res.Snaps {
		delete(next.Snaps, s.Name)
		if s.key != "" {
			next.Snaps[s.Name] = &snapState{Key: s.key, Files: map[string]map[string]fileset.Stamp{}}
		}
	}
	for _, w := range written {
		entry := next.Snaps[w.Snap]
		if entry == nil {
			continue
		}
		files := map[string]fileset.Stamp{}
		for _, p := range append(append([]string(nil), w.Changed...), w.Unchanged...) {
			files[p] = stamps[p]
		}
		entry.Files[w.Backend] = files
	}
	data, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if old, err := json.Marshal(prev); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return tx.WriteRecord(StatePath, data)
}

// programDigest identifies the program running: the path, inode, size
// and modification time of its executable, and its build information.
// Rules are compiled into the program, so a new build compiles every
// snap again. It is "" when the executable cannot be found.
var programDigest = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%d\n", exe, fi.Size(), fi.ModTime().UnixNano())
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		fmt.Fprintf(h, "%d %d %d\n", st.Dev, st.Ino, st.Ctim.Nano())
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintln(h, bi.String())
	}
	return hex.EncodeToString(h.Sum(nil))
})

// runKey digests what every snap's files depend on beside the snap and
// its connections: the program, the format, and the backends with their
// settled options. It is "" (no snap is ever skipped) when those cannot
// be told by their value: a Catalog or SeccompCompiler of the caller's,
// whose behaviour is code.
func runKey(opts *Options, backends []interfaces.Backend) string {
	prog := programDigest()
	if prog == "" || opts.Catalog != nil {
		return ""
	}
	switch opts.SeccompCompiler.(type) {
	case nil, seccomp.BPFCompiler:
	default:
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "plugpolicy state %d\n%s\ncore=%v\n", stateFormat, prog, opts.Core)
	enc := json.NewEncoder(h)
	if err := enc.Encode(opts.Host); err != nil {
		return ""
	}
	for _, b := range backends {
		fmt.Fprintf(h, "%s %T\n", b.Name(), b)
		if err := enc.Encode(b); err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// snapKey digests what a snap's files are rendered from: the run's key,
// the snap's snap.yaml (Info.SourceDigest), instance key, revision and
// confinement, and each of its connections with the snap.yaml and
// revision of the snap at the other end. It is "" when the run's key is,
// or when the snap or a snap it is connected to has no SourceDigest.
func snapKey(run string, s *SnapResult, repo *interfaces.Repository, system string) string {
	if run == "" || s.Info.SourceDigest == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n%s\n", run, s.Name, s.Info.SourceDigest, s.Info.InstanceKey, s.Info.Revision)
	if err := json.NewEncoder(h).Encode(s.Confinement); err != nil {
		return ""
	}
	conns := append([]interfaces.ConnRef(nil), s.Connections...)
	sort.Slice(conns, func(i, j int) bool { return conns[i].Less(conns[j]) })
	for _, c := range conns {
		fmt.Fprintf(h, "%s\n", c.ID())
		for _, other := range []string{c.PlugRef.Snap, c.SlotRef.Snap} {
			switch info := repo.Snap(other); {
			case other == s.Name:
			case other == system:
				fmt.Fprintln(h, "system")
			case info == nil || info.SourceDigest == "":
				return ""
			default:
				fmt.Fprintf(h, "%s %s\n", info.SourceDigest, info.Revision)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
