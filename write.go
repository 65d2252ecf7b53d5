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

// Write writes the result's files below root, snap by snap and backend by
// backend: new and changed files atomically, unchanged ones not at all;
// the files a backend wrote earlier for a snap that it no longer renders
// are removed. It never writes or removes through a symbolic link below
// root. root must be given: there is no default, so that a library call
// never writes to the running system by accident; pass "/" for that.
//
// If writing one snap's files fails, the files written by an earlier run
// for it stay as they were; the snaps before it are written.
func (r *Result) Write(root string, opts WriteOptions) ([]Written, error) {
	if root == "" {
		return nil, errors.New("cannot write policy: no root directory given")
	}
	var out []Written
	for _, s := range r.Snaps {
		for _, b := range r.backends {
			res, err := fileset.Ensure(root, b.Paths(s.Name), s.files[b.Name()])
			if err != nil {
				return out, fmt.Errorf("cannot write %s files of snap %q: %w", b.Name(), s.Name, err)
			}
			changes := interfaces.Changes{Changed: res.Changed, Unchanged: res.Unchanged, Removed: res.Removed}
			if err := load(root, b, changes, opts.Runner); err != nil {
				return out, err
			}
			out = append(out, Written{Snap: s.Name, Backend: b.Name(), Changes: changes})
		}
	}
	return out, nil
}

func load(root string, b interfaces.Backend, changes interfaces.Changes, r interfaces.Runner) error {
	l, ok := b.(interfaces.Loader)
	if !ok || r == nil || (len(changes.Changed) == 0 && len(changes.Removed) == 0) {
		return nil
	}
	if err := l.Load(root, changes, r); err != nil {
		return fmt.Errorf("cannot load %s changes: %w", b.Name(), err)
	}
	return nil
}
