// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"errors"
	"fmt"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/fileset"
)

// WriteOptions tune Result.Write.
type WriteOptions struct {
	// Runner, when set, loads what changed as snapd does (apparmor_parser
	// --replace, udevadm, modprobe, systemctl; see each backend's Load).
	// Without it nothing is run.
	Runner interfaces.Runner
	// Full makes Update render every snap, as Compile does, whatever the
	// record of the last run says; files that come out the same are
	// still not rewritten.
	Full bool
}

// Written says what Write did for one snap and backend.
type Written struct {
	Snap    string
	Backend string
	interfaces.Changes
}

// Write writes the result's files below root, every snap and backend in
// one transaction (see fileset.Tx): new and changed files atomically,
// unchanged ones not at all; the files a backend wrote earlier for a snap
// that it no longer renders are removed. root must be given: there is no
// default, so that a library call never writes to the running system by
// accident; pass "/" for that.
//
// Write holds a lock on root (waiting up to fileset.LockTimeout for
// another run to end), so that two runs on one root never mix their
// files. It never follows a symbolic link below root, and refuses,
// before writing anything, a named pipe, device, socket or symbolic link
// where a file or directory it writes or removes would be. If anything
// fails before the files are in place, every file stays as the previous
// run left it, for every snap and backend.
//
// Write records below root (at StatePath) what it wrote, so that a later
// Update skips the snaps whose inputs did not change.
//
// Once every file is in place, the loaders run (when opts.Runner is
// set), backend by backend and snap by snap, still under the lock; if one
// fails, Write returns what it wrote, and the error.
func (r *Result) Write(root string, opts WriteOptions) ([]Written, error) {
	if root == "" {
		return nil, errors.New("cannot write policy: no root directory given")
	}
	tx, err := fileset.Begin(root)
	if err != nil {
		return nil, fmt.Errorf("cannot write policy: %w", err)
	}
	defer tx.Close()
	prev, err := readState(tx)
	if err != nil {
		return nil, fmt.Errorf("cannot write policy: %w", err)
	}
	var out []Written
	for _, s := range r.Snaps {
		for _, b := range r.backends {
			w, err := ensure(tx, s.Name, b, s.files[b.Name()])
			if err != nil {
				return nil, err
			}
			out = append(out, w)
		}
	}
	return r.finish(root, tx, prev, out, opts)
}

// ensure plans one snap's files of one backend.
func ensure(tx *fileset.Tx, snapName string, b interfaces.Backend, files interfaces.Files) (Written, error) {
	res, err := tx.Ensure(b.Paths(snapName), files)
	if err != nil {
		return Written{}, fmt.Errorf("cannot write %s files of snap %q: %w", b.Name(), snapName, err)
	}
	changes := interfaces.Changes{Changed: res.Changed, Unchanged: res.Unchanged, Removed: res.Removed}
	return Written{Snap: snapName, Backend: b.Name(), Changes: changes}, nil
}

// finish commits the transaction, records the state and runs the
// loaders.
func (r *Result) finish(root string, tx *fileset.Tx, prev *state, out []Written, opts WriteOptions) ([]Written, error) {
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("cannot write policy: %w", err)
	}
	// The files are in place: they are loaded even if the record cannot
	// be written (the next run then only compiles again).
	recErr := recordState(tx, prev, r, out)
	for _, w := range out {
		if err := interfaces.Load(root, r.backend(w.Backend), w.Changes, opts.Runner); err != nil {
			return out, err
		}
	}
	if recErr != nil {
		return out, fmt.Errorf("cannot record the state of %s: %w", root, recErr)
	}
	return out, nil
}

// backend returns the backend of the name.
func (r *Result) backend(name string) interfaces.Backend {
	for _, b := range r.backends {
		if b.Name() == name {
			return b
		}
	}
	return nil
}
