// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
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
// Write writes them: unchanged ones not at all. A backend that renders
// per security tag (AppArmor, seccomp: interfaces.TagRenderer) renders
// only the tags whose digest of the specification, with the snap's own
// inputs, is not the one recorded (or whose files are not as recorded);
// the others' files are left as they are (SnapResult.ReusedTags). So a
// run that changes nothing reads no file back, and a run that connects
// one plug renders the two snaps of that connection, and of their
// AppArmor and seccomp files those of the apps and hooks bound to the
// plug or slot, unless the interface changes something for every
// profile of the snap (docker-support's taking ix away from home's
// rules).
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
	recs := make([]*snapState, len(res.Snaps))
	for i := range res.Snaps {
		if !wopts.Full {
			recs[i] = prev.Snaps[res.Snaps[i].Name]
		}
		if written[i], todo[i], err = res.keep(tx, &res.Snaps[i], recs[i]); err != nil {
			return nil, nil, err
		}
	}
	if err := res.renderInto(tx, todo, recs, written); err != nil {
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
	backends []backendRender // by todo's backend
	err      error
	done     chan struct{}
}

// backendRender is what one backend rendered for a snap.
type backendRender struct {
	files interfaces.Files
	// For a backend that renders per security tag: the key of each
	// tag's files (see tagKey), the tags left as the record has them,
	// and the stamps their files must still have.
	tags   map[string]string
	reused []string
	keep   map[string]fileset.Stamp
}

// renderInto renders, for each snap, the backends todo names, on as many
// goroutines as Go may run at once, and plans and flushes their files in
// the transaction snap by snap, in order, filling the empty slots of
// written. At most a few snaps' files wait in memory at once: a worker
// takes a token before it takes a snap, and the writer gives it back once
// the snap's files are flushed. The error is that of the first snap, in
// order, that failed.
func (r *Result) renderInto(tx *fileset.Tx, todo [][]interfaces.Backend, recs []*snapState, written [][]Written) error {
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
				i := jobs[k]
				out[k].backends, out[k].err = r.renderSome(&r.Snaps[i], todo[i], recs[i])
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
			w, err := r.write(tx, s, b, &out[k].backends[n])
			if err != nil {
				return err
			}
			for j := range r.backends {
				if r.backends[j] == b {
					written[i][j] = w
				}
			}
		}
		out[k].backends = nil
		if err := tx.Flush(); err != nil {
			return fmt.Errorf("cannot write the files of snap %q: %w", s.Name, err)
		}
		<-tokens
	}
	return nil
}

// renderSome renders a snap's files with some of the backends. A backend
// that renders per security tag leaves out the files of the tags whose
// keys rec, the record of the last run, has, and which it names.
func (r *Result) renderSome(s *SnapResult, backends []interfaces.Backend, rec *snapState) ([]backendRender, error) {
	out := make([]backendRender, len(backends))
	for n, b := range backends {
		tb, ok := b.(interfaces.TagRenderer)
		if !ok || s.own == "" {
			files, err := interfaces.Render(b, r.Repo, s.Name, s.Confinement)
			if err != nil {
				return nil, err
			}
			out[n].files = files
			continue
		}
		if err := r.renderTags(s, tb, rec, &out[n]); err != nil {
			return nil, err
		}
	}
	for _, b := range backends {
		s.Rendered = append(s.Rendered, b.Name())
	}
	return out, nil
}

// renderTags renders a snap's files with a backend that renders per
// security tag, reusing what rec (when not nil) vouches for.
func (r *Result) renderTags(s *SnapResult, b interfaces.TagRenderer, rec *snapState, out *backendRender) error {
	name := b.Name()
	out.tags, out.reused, out.keep = map[string]string{}, nil, nil
	reuse := func(tag, digest string, paths []string) bool {
		key := tagKey(s.own, name, tag, digest)
		out.tags[tag] = key
		if rec == nil || rec.Tags[name][tag] != key {
			return false
		}
		for _, p := range paths {
			if _, ok := rec.Files[name][p]; !ok {
				return false
			}
		}
		if out.keep == nil {
			out.keep = map[string]fileset.Stamp{}
		}
		for _, p := range paths {
			out.keep[p] = rec.Files[name][p]
		}
		out.reused = append(out.reused, tag)
		return true
	}
	files, _, err := interfaces.RenderTags(b, r.Repo, s.Name, s.Confinement, reuse)
	out.files = files
	return err
}

// write plans a backend's files of a snap in the transaction, keeping
// the files of the tags it reused when they are still as recorded, and
// rendering them after all when they are not.
func (r *Result) write(tx *fileset.Tx, s *SnapResult, b interfaces.Backend, br *backendRender) (Written, error) {
	if len(br.keep) == 0 {
		s.setTagKeys(b.Name(), br.tags)
		return ensure(tx, s.Name, b, br.files)
	}
	res, ok, err := tx.EnsureKeeping(b.Paths(s.Name), br.files, br.keep)
	if err != nil {
		return Written{}, fmt.Errorf("cannot write %s files of snap %q: %w", b.Name(), s.Name, err)
	}
	if !ok {
		// A reused file was changed or removed since the record: render
		// them all.
		if err := r.renderTags(s, b.(interfaces.TagRenderer), nil, br); err != nil {
			return Written{}, err
		}
		s.setTagKeys(b.Name(), br.tags)
		return ensure(tx, s.Name, b, br.files)
	}
	s.setTagKeys(b.Name(), br.tags)
	sort.Strings(br.reused)
	if s.ReusedTags == nil {
		s.ReusedTags = map[string][]string{}
	}
	s.ReusedTags[b.Name()] = br.reused
	changes := interfaces.Changes{Changed: res.Changed, Unchanged: res.Unchanged, Removed: res.Removed}
	return Written{Snap: s.Name, Backend: b.Name(), Changes: changes}, nil
}

// setTagKeys records the keys of the tags a backend rendered or reused;
// none (a backend that does not render per tag) records nothing.
func (s *SnapResult) setTagKeys(backend string, tags map[string]string) {
	if tags == nil {
		return
	}
	if s.tagKeys == nil {
		s.tagKeys = map[string]map[string]string{}
	}
	s.tagKeys[backend] = tags
}
