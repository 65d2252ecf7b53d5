// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
	"github.com/plugpolicy/plugpolicy/snap"
)

// ConfinementOptions say how a snap is confined; they change what the
// backends render for it.
type ConfinementOptions struct {
	// DevMode renders the policy in complain mode: violations are logged,
	// not denied.
	DevMode bool
	// JailMode enforces the policy of a snap that asks for devmode.
	JailMode bool
	// Classic renders the broad policy of classic confinement, which
	// ignores what interfaces contribute.
	Classic bool
}

// ConfinementFor derives the confinement options from what the snap asks
// for; jailmode turns a devmode snap's complain mode into enforcement, as
// `snap install --jailmode` does.
func ConfinementFor(info *snap.Info, jailmode bool) ConfinementOptions {
	switch info.Confinement {
	case snap.DevModeConfinement:
		if jailmode {
			return ConfinementOptions{JailMode: true}
		}
		return ConfinementOptions{DevMode: true}
	case snap.ClassicConfinement:
		return ConfinementOptions{Classic: true}
	}
	return ConfinementOptions{}
}

// Files are rendered files: contents keyed by slash-separated paths
// relative to the root of the system they are for.
type Files map[string][]byte

// Backend turns what interfaces contribute to its Specification into the
// files its consumer reads (AppArmor profiles, seccomp filters, udev rules,
// ...).
type Backend interface {
	// Name is the backend's name: "apparmor", "seccomp", "udev", "kmod"
	// or "systemd".
	Name() string
	// NewSpecification returns an empty specification for a snap.
	NewSpecification(info *snap.Info, opts ConfinementOptions) Specification
	// Render turns a specification made by NewSpecification, after the
	// interfaces added to it, into the snap's files. It is a pure
	// function of the specification and the backend's options: the same
	// input renders byte-identical files.
	Render(spec Specification) (Files, error)
	// Paths returns globs (path.Match patterns relative to the root)
	// matching every file the backend may write for the snap: what Ensure
	// owns, and removes when no longer rendered.
	Paths(instanceName string) []string
}

// TagRenderer is a Backend whose files of a snap are, but for a few of
// the whole snap, one set per security tag (app or hook), each rendered
// from that tag's part of the specification. The AppArmor and seccomp
// backends are. When one plug of an app is connected, only that app's
// files need to be rendered again: a caller that recorded each tag's
// digest can tell which.
type TagRenderer interface {
	Backend
	// RenderTags renders what Render renders, but first asks reuse, for
	// each security tag, whether the tag's files (paths, relative to the
	// root) as rendered from a specification with the tag's digest can
	// be left as they are; those it does not render. It returns the
	// files rendered and every tag's digest. A nil reuse reuses nothing.
	//
	// A tag's digest covers everything of the specification the tag's
	// files are rendered from, but for the snap (its Info), the
	// confinement options and the backend's options: two specifications
	// of one snap, made with the same options, in which a tag has the
	// same digest, render the same files for it. So it covers what
	// interfaces added for the tag and what they set for the whole snap
	// (docker-support's taking ix away from home's rules in every
	// profile of the snap).
	RenderTags(spec Specification, reuse func(tag, digest string, paths []string) bool) (Files, map[string]string, error)
}

// RenderTags builds the specification of a snap in the repository for a
// backend that renders per security tag, and renders it; see
// TagRenderer.RenderTags.
func RenderTags(b TagRenderer, repo *Repository, instanceName string, opts ConfinementOptions, reuse func(tag, digest string, paths []string) bool) (Files, map[string]string, error) {
	spec, err := specify(b, repo, instanceName, opts)
	if err != nil {
		return nil, nil, err
	}
	files, digests, err := b.RenderTags(spec, reuse)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot render %s files of snap %q: %w", b.Name(), instanceName, err)
	}
	return files, digests, nil
}

// Runner runs a command; loaders use it, so that tests can record what
// would run.
type Runner interface {
	Run(name string, args ...string) error
}

// Loader is a Backend that can make the system pick up written files (load
// AppArmor profiles, reload udev rules, reload systemd).
type Loader interface {
	Load(root string, changes Changes, r Runner) error
}

// Changes say what Ensure or Remove did, as paths relative to the root,
// sorted.
type Changes struct {
	Changed   []string // written because new or different
	Unchanged []string // rendered, and already as rendered
	Removed   []string // no longer rendered
}

// EnsureOptions tune Ensure.
type EnsureOptions struct {
	// Confinement, when not nil, overrides ConfinementFor(snap, false).
	Confinement *ConfinementOptions
	// Runner, when not nil and the backend is a Loader, loads what
	// changed. Without it nothing is run.
	Runner Runner
}

// Render builds the specification of a snap in the repository for a
// backend and renders it.
func Render(b Backend, repo *Repository, instanceName string, opts ConfinementOptions) (Files, error) {
	spec, err := specify(b, repo, instanceName, opts)
	if err != nil {
		return nil, err
	}
	files, err := b.Render(spec)
	if err != nil {
		return nil, fmt.Errorf("cannot render %s files of snap %q: %w", b.Name(), instanceName, err)
	}
	return files, nil
}

// specify builds the specification of a snap in the repository for a
// backend.
func specify(b Backend, repo *Repository, instanceName string, opts ConfinementOptions) (Specification, error) {
	info := repo.Snap(instanceName)
	if info == nil {
		return nil, fmt.Errorf("cannot render %s files of snap %q: the repository has no such snap", b.Name(), instanceName)
	}
	spec := b.NewSpecification(info, opts)
	if err := repo.SnapSpecification(instanceName, spec); err != nil {
		return nil, fmt.Errorf("cannot render %s files of snap %q: %w", b.Name(), instanceName, err)
	}
	return spec, nil
}

// Ensure renders a snap's files for a backend and writes them below root:
// new and changed files atomically, unchanged ones not at all, and the
// backend's files of that snap that are no longer rendered are removed. If
// rendering or writing fails, the files written by an earlier Ensure stay
// as they were.
func Ensure(root string, b Backend, repo *Repository, instanceName string, opts EnsureOptions) (Changes, error) {
	conf := ConfinementOptions{}
	if opts.Confinement != nil {
		conf = *opts.Confinement
	} else if info := repo.Snap(instanceName); info != nil {
		conf = ConfinementFor(info, false)
	}
	files, err := Render(b, repo, instanceName, conf)
	if err != nil {
		return Changes{}, err
	}
	res, err := fileset.Ensure(root, b.Paths(instanceName), files)
	if err != nil {
		return Changes{}, fmt.Errorf("cannot write %s files of snap %q: %w", b.Name(), instanceName, err)
	}
	changes := Changes{Changed: res.Changed, Unchanged: res.Unchanged, Removed: res.Removed}
	return changes, Load(root, b, changes, opts.Runner)
}

// Remove removes every file of the snap that the backend writes.
func Remove(root string, b Backend, instanceName string, r Runner) (Changes, error) {
	res, err := fileset.Remove(root, b.Paths(instanceName))
	if err != nil {
		return Changes{}, fmt.Errorf("cannot remove %s files of snap %q: %w", b.Name(), instanceName, err)
	}
	changes := Changes{Removed: res.Removed}
	return changes, Load(root, b, changes, r)
}

// Load makes the system pick up what changed below root, when b is a
// Loader and r is set; nothing changed, nothing runs.
func Load(root string, b Backend, changes Changes, r Runner) error {
	l, ok := b.(Loader)
	if !ok || r == nil || (len(changes.Changed) == 0 && len(changes.Removed) == 0) {
		return nil
	}
	if err := l.Load(root, changes, r); err != nil {
		return fmt.Errorf("cannot load %s changes: %w", b.Name(), err)
	}
	return nil
}
