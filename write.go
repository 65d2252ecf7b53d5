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
	var out []Written
	var backends []interfaces.Backend
	for _, s := range r.Snaps {
		for _, b := range r.backends {
			res, err := tx.Ensure(b.Paths(s.Name), s.files[b.Name()])
			if err != nil {
				return nil, fmt.Errorf("cannot write %s files of snap %q: %w", b.Name(), s.Name, err)
			}
			changes := interfaces.Changes{Changed: res.Changed, Unchanged: res.Unchanged, Removed: res.Removed}
			out = append(out, Written{Snap: s.Name, Backend: b.Name(), Changes: changes})
			backends = append(backends, b)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("cannot write policy: %w", err)
	}
	for i, w := range out {
		if err := interfaces.Load(root, backends[i], w.Changes, opts.Runner); err != nil {
			return out, err
		}
	}
	return out, nil
}
