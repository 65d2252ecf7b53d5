// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
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
const stateFormat = 2

// maxStateSize bounds the record read back (a 2000-snap fleet's is about
// 4 MiB).
const maxStateSize = 64 << 20

// stateHeader is the record's first line.
var stateHeader = fmt.Sprintf("plugpolicy-state %d", stateFormat)

// state is the record at StatePath. On disk it is text, one entry per
// line, so that reading a fleet's back is cheap:
//
//	plugpolicy-state 2
//	snap NAME KEY
//	backend NAME
//	tag TAG KEY
//	file INODE SIZE MTIME CTIME PATH
//
// A snap's backends follow it, and a backend's tags and then its files
// follow it; PATH is the rest of the line. Snaps, backends, tags and
// paths are sorted.
type state struct {
	Snaps map[string]*snapState
}

// snapState is one snap's entry of the record.
type snapState struct {
	// Key digests everything the snap's files are rendered from; see
	// snapKey.
	Key string
	// Files are the stamps of its files, by backend and path; a backend
	// that wrote no file has an empty map.
	Files map[string]map[string]fileset.Stamp
	// Tags are, for each backend that renders per security tag
	// (interfaces.TagRenderer), the key of each tag's files (see
	// tagKey), by tag.
	Tags map[string]map[string]string
}

// setTags sets the keys of a backend's tags; none is no entry.
func (s *snapState) setTags(backend string, tags map[string]string) {
	if len(tags) == 0 {
		return
	}
	if s.Tags == nil {
		s.Tags = map[string]map[string]string{}
	}
	s.Tags[backend] = tags
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
	st, ok := decodeState(data)
	if !ok {
		st = &state{Snaps: map[string]*snapState{}}
	}
	return st, nil
}

// decodeState decodes a record; false means it is not one.
func decodeState(data []byte) (*state, bool) {
	st := &state{Snaps: map[string]*snapState{}}
	text := string(data)
	line, text, _ := strings.Cut(text, "\n")
	if line != stateHeader {
		return nil, false
	}
	var snap *snapState
	var files map[string]fileset.Stamp
	var tags map[string]string
	backend := ""
	for text != "" {
		line, text, _ = strings.Cut(text, "\n")
		kind, rest, _ := strings.Cut(line, " ")
		switch {
		case kind == "snap":
			name, key, ok := strings.Cut(rest, " ")
			if !ok || name == "" || key == "" || st.Snaps[name] != nil {
				return nil, false
			}
			snap, files = &snapState{Key: key, Files: map[string]map[string]fileset.Stamp{}}, nil
			st.Snaps[name] = snap
		case kind == "backend" && snap != nil && rest != "" && snap.Files[rest] == nil:
			files, tags, backend = map[string]fileset.Stamp{}, nil, rest
			snap.Files[rest] = files
		case kind == "tag" && files != nil && len(files) == 0:
			tag, key, ok := strings.Cut(rest, " ")
			if !ok || tag == "" || key == "" || tags[tag] != "" {
				return nil, false
			}
			if tags == nil {
				tags = map[string]string{}
				if snap.Tags == nil {
					snap.Tags = map[string]map[string]string{}
				}
				snap.Tags[backend] = tags
			}
			tags[tag] = key
		case kind == "file" && files != nil:
			p, stamp, ok := decodeFile(rest)
			if !ok {
				return nil, false
			}
			files[p] = stamp
		default:
			return nil, false
		}
	}
	return st, true
}

// decodeFile decodes what follows "file " on a line of the record.
func decodeFile(rest string) (string, fileset.Stamp, bool) {
	f := strings.SplitN(rest, " ", 5)
	if len(f) != 5 || f[4] == "" {
		return "", fileset.Stamp{}, false
	}
	ino, err := strconv.ParseUint(f[0], 10, 64)
	if err != nil {
		return "", fileset.Stamp{}, false
	}
	var n [3]int64
	for i := range n {
		if n[i], err = strconv.ParseInt(f[i+1], 10, 64); err != nil {
			return "", fileset.Stamp{}, false
		}
	}
	return f[4], fileset.Stamp{Ino: ino, Size: n[0], Mtime: n[1], Ctime: n[2]}, true
}

// encode is the record as decodeState reads it.
func (st *state) encode() []byte {
	var b strings.Builder
	b.WriteString(stateHeader + "\n")
	for _, name := range slices.Sorted(maps.Keys(st.Snaps)) {
		s := st.Snaps[name]
		fmt.Fprintf(&b, "snap %s %s\n", name, s.Key)
		for _, backend := range slices.Sorted(maps.Keys(s.Files)) {
			fmt.Fprintf(&b, "backend %s\n", backend)
			tags := s.Tags[backend]
			for _, tag := range slices.Sorted(maps.Keys(tags)) {
				fmt.Fprintf(&b, "tag %s %s\n", tag, tags[tag])
			}
			files := s.Files[backend]
			for _, p := range slices.Sorted(maps.Keys(files)) {
				f := files[p]
				fmt.Fprintf(&b, "file %d %d %d %d %s\n", f.Ino, f.Size, f.Mtime, f.Ctime, p)
			}
		}
	}
	return []byte(b.String())
}

// recordState writes the record of a committed transaction: prev, with
// the entries of the snaps of res replaced by what the transaction left.
// A snap nothing was rendered for keeps its entry; a rendered backend's
// entry gets the stamps of the files it wrote or left; a snap without a
// key gets no entry. Nothing is written when no entry changed.
func recordState(tx *fileset.Tx, prev *state, res *Result, written []Written) error {
	next := &state{Snaps: maps.Clone(prev.Snaps)}
	byBackend := map[string]map[string]Written{}
	for _, w := range written {
		if byBackend[w.Snap] == nil {
			byBackend[w.Snap] = map[string]Written{}
		}
		byBackend[w.Snap][w.Backend] = w
	}
	var paths []string
	var entries []*snapState
	changed := false
	for i := range res.Snaps {
		s := &res.Snaps[i]
		old := prev.Snaps[s.Name]
		switch {
		case s.key == "":
			delete(next.Snaps, s.Name)
			changed = changed || old != nil
			continue
		case len(s.Rendered) == 0 && old != nil && old.Key == s.key:
			continue
		}
		entry := &snapState{Key: s.key, Files: map[string]map[string]fileset.Stamp{}}
		for _, b := range res.backends {
			if !slices.Contains(s.Rendered, b.Name()) && old != nil {
				entry.Files[b.Name()] = old.Files[b.Name()]
				entry.setTags(b.Name(), old.Tags[b.Name()])
				continue
			}
			entry.setTags(b.Name(), s.tagKeys[b.Name()])
			files := map[string]fileset.Stamp{}
			w := byBackend[s.Name][b.Name()]
			for _, p := range append(slices.Clone(w.Changed), w.Unchanged...) {
				if strings.Contains(p, "\n") {
					// Not recordable: the snap is always rendered.
					entry = nil
					break
				}
				files[p] = fileset.Stamp{}
				paths = append(paths, p)
			}
			if entry == nil {
				break
			}
			entry.Files[b.Name()] = files
		}
		changed = true
		if entry == nil {
			delete(next.Snaps, s.Name)
			continue
		}
		next.Snaps[s.Name] = entry
		entries = append(entries, entry)
	}
	if !changed {
		return nil
	}
	stamps, err := tx.Stamp(paths)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		for _, files := range entry.Files {
			for p, st := range files {
				if st == (fileset.Stamp{}) {
					files[p] = stamps[p]
				}
			}
		}
	}
	return tx.WriteRecord(StatePath, next.encode())
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

// ownKey digests what a snap's files are rendered from but for its
// connections: the run's key, the snap's snap.yaml (Info.SourceDigest),
// instance key, revision and confinement. It is "" when the run's key
// is, or when the snap has no SourceDigest.
func ownKey(run string, s *SnapResult) string {
	if run == "" || s.Info.SourceDigest == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n%s\n", run, s.Name, s.Info.SourceDigest, s.Info.InstanceKey, s.Info.Revision)
	if err := json.NewEncoder(h).Encode(s.Confinement); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// snapKey digests what a snap's files are rendered from: its own key
// (ownKey), and each of its connections with the snap.yaml and revision
// of the snap at the other end. It is "" when the own key is, or when a
// snap it is connected to has no SourceDigest.
func snapKey(own string, s *SnapResult, repo *interfaces.Repository, system string) string {
	if own == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", own)
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

// tagKey is the key of the files of one security tag of a snap, as a
// backend that renders per tag rendered them: the snap's own key (not
// its connections, which reach the files through the specification)
// and the tag's digest of the specification (see
// interfaces.TagRenderer). It is "" when the own key is.
func tagKey(own, backend, tag, digest string) string {
	if own == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(own + "\n" + backend + "\n" + tag + "\n" + digest))
	return hex.EncodeToString(sum[:])
}
