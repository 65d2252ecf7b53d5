// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Update brings the policy below root up to date with the snaps: it
// does what Compile and then Write do, but renders only what the record
// of the last run (StatePath) does not vouch for. A snap is not rendered
// again when the digest of its inputs (its snap.yaml, instance key,
// revision and confinement; each connection, with the snap.yaml and
// revision of the snap at its other end; the backends' options; the
// program itself) is the one recorded, and each backend's files of it
// are still the files recorded, by their stamps (inode, size, times).
// Otherwise the backend's files of the snap are rendered and written as
// Write writes them: unchanged ones not at all. So a run that changes
// nothing reads no file back, and a run that connects one plug renders
// the two snaps of that connection.
//
// A missing or unreadable record, or one of another version of the
// program, makes Update render everything, as does WriteOptions.Full.
//
// Update streams what it renders to temporary files as it goes, so that
// a fleet's files are not all in memory at once: its Result has no
// Files (read them below root), and each SnapResult's Rendered names the
// backends that rendered the snap. Everything else is as Write says: one
// transaction under the root's lock, all files old or all new, loaders
// run for what changed.
func Update(root string, infos []*snap.Info, opts Options, wopts WriteOptions) (*Result, []Written, error) {
	if root == "" {
		return nil, nil, errors.New("cannot write policy: no root directory given")
	}
	res, err := Connect(infos, opts)
	if err != nil {
		return nil, nil, err
	}
	tx, err := fileset.Begin(root)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot write policy: %w", err)
	}
	defer tx.Close()
	prev, err := readState(tx)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot write policy: %w", err)
	}
	written := make([][]Written, len(res.Snaps))
	todo := make([][]interfaces.Backend, len(res.Snaps))
	for i := range res.Snaps {
		var rec *snapState
		if !wopts.Full {
			rec = prev.Snaps[res.Snaps[i].Name]
		}
		if written[i], todo[i], err = res.keep(tx, &res.Snaps[i], rec); err != nil {
			return nil, nil, err
		}
	}
	if err := res.renderInto(tx, todo, written); err != nil {
		return nil, nil, err
	}
	var out []Written
	for i := range res.Snaps {
		out = append(out, written[i]...)
	}
	out, err = res.finish(root, tx, prev, out, wopts)
	return res, out, err
}

// keep plans to keep each backend's files of a snap that the record
// vouches for, and returns what it kept, and the backends left to render
// (nil slots in kept).
func (r *Result) keep(tx *fileset.Tx, s *SnapResult, rec *snapState) ([]Written, []interfaces.Backend, error) {
	kept := make([]Written, len(r.backends))
	var todo []interfaces.Backend
	for j, b := range r.backends {
		if s.key == "" || rec == nil || rec.Key != s.key || rec.Files[b.Name()] == nil {
			todo = append(todo, b)
			continue
		}
		res, ok, err := tx.Keep(b.Paths(s.Name), rec.Files[b.Name()])
		if err != nil {
			return nil, nil, fmt.Errorf("cannot write %s files of snap %q: %w", b.Name(), s.Name, err)
		}
		if !ok {
			todo = append(todo, b)
			continue
		}
		kept[j] = Written{Snap: s.Name, Backend: b.Name(), Changes: interfaces.Changes{Unchanged: res.Unchanged}}
	}
	return kept, todo, nil
}

// rendered is what one snap's rendering made.
type rendered struct {
	files []interfaces.Files // by todo's backend
	err   error
	done  chan struct{}
}

// renderInto renders, for each snap, the backends todo names, on as many
// goroutines as Go may run at once, and plans and flushes their files in
// the transaction snap by snap, in order, filling the empty slots of
// written. At most a few snaps' files wait in memory at once: a worker
// takes a token before it takes a snap, and the writer gives it back once
// the snap's files are flushed. The error is that of the first snap, in
// order, that failed.
func (r *Result) renderInto(tx *fileset.Tx, todo [][]interfaces.Backend, written [][]Written) error {
	var jobs []int
	for i := range todo {
		if len(todo[i]) > 0 {
			jobs = append(jobs, i)
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	out := make([]rendered, len(jobs))
	for k := range out {
		out[k].done = make(chan struct{})
	}
	tokens := make(chan struct{}, 2*workers)
	stop := make(chan struct{})
	defer close(stop)
	var mu sync.Mutex
	next := 0
	for w := 0; w < workers; w++ {
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				select {
				case tokens <- struct{}{}:
				case <-stop:
					return
				}
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(jobs) {
					return
				}
				out[k].files, out[k].err = r.renderSome(&r.Snaps[jobs[k]], todo[jobs[k]])
				close(out[k].done)
			}
		}()
	}
	for k, i := range jobs {
		<-out[k].done
		if out[k].err != nil {
			return out[k].err
		}
		s := &r.Snaps[i]
		for n, b := range todo[i] {
			w, err := ensure(tx, s.Name, b, out[k].files[n])
			if err != nil {
				return err
			}
			for j := range r.backends {
				if r.backends[j] == b {
					written[i][j] = w
				}
			}
		}
		out[k].files = nil
		if err := tx.Flush(); err != nil {
			return fmt.Errorf("cannot write the files of snap %q: %w", s.Name, err)
		}
		<-tokens
	}
	return nil
}

// renderSome renders a snap's files with some of the backends.
func (r *Result) renderSome(s *SnapResult, backends []interfaces.Backend) ([]interfaces.Files, error) {
	out := make([]interfaces.Files, len(backends))
	for n, b := range backends {
		files, err := interfaces.Render(b, r.Repo, s.Name, s.Confinement)
		if err != nil {
			return nil, err
		}
		out[n] = files
	}
	for _, b := range backends {
		s.Rendered = append(s.Rendered, b.Name())
	}
	return out, nil
}
