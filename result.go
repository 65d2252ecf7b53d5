// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/internal/par"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Result is what Compile made: the files of every snap and backend, and
// how the snaps were connected.
type Result struct {
	// Files are every backend's files for every snap, sorted by path.
	Files []File
	// Snaps are the snaps compiled, in the order given.
	Snaps []SnapResult
	// System is the instance name of the system snap ("snapd").
	System string
	// Connected are all the connections made, sorted.
	Connected []interfaces.ConnRef
	// AutoConnected are those of Connected that auto-connection made.
	AutoConnected []interfaces.ConnRef
	// Unconnected are the plugs auto-connection left alone, and why.
	Unconnected []policy.Unconnected
	// Warnings are the policy refusals that Dangerous or ConnectAll
	// bypassed, for people. Plugs and slots left out are in SnapResult,
	// snap.yaml's warnings in each snap.Info.
	Warnings []string
	// Repo is the repository the files were rendered from: the system
	// snap and the snaps, with their connections.
	Repo *interfaces.Repository

	backends []interfaces.Backend
	byPath   map[string]int
}

// SnapResult is one compiled snap.
type SnapResult struct {
	// Name is the snap's instance name.
	Name string
	// Info is the snap as the repository holds it: without the plugs
	// and slots left out, and with its interfaces' sanitized attributes.
	Info *snap.Info
	// Confinement is how the snap was confined.
	Confinement interfaces.ConfinementOptions
	// Connections are the snap's connections, as plug or slot, sorted.
	Connections []interfaces.ConnRef
	// LeftOut are the plugs and slots the snap declares that got no
	// policy, and why.
	LeftOut []LeftOut

	// Rendered are the backends that rendered the snap's files, in
	// rendering order: all of them for Compile; for Update, those whose
	// files were not left as the last run recorded them.
	Rendered []string
	// ReusedTags are, for each backend of Rendered that renders per
	// security tag (AppArmor, seccomp), the tags whose files Update left
	// as the last run recorded them, because nothing they are rendered
	// from changed: after one plug is connected, the apps and hooks not
	// bound to it (unless the plug changes something for the whole
	// snap). Sorted; nil for Compile.
	ReusedTags map[string][]string

	// files are the snap's files by backend.
	files map[string]interfaces.Files
	// key digests the snap's inputs (see snapKey); "" when they cannot
	// be told. own digests them but for the connections (see ownKey).
	key, own string
	// tagKeys are, for each backend that rendered the snap per security
	// tag, the key of each tag's files (see tagKey).
	tagKeys map[string]map[string]string
}

// TagOf returns the security tag of the app or hook of the snap whose
// file path is, or "" for a file of the whole snap; see File.Tag.
func (s *SnapResult) TagOf(path string) string {
	return tagOf(path, s.Info.SecurityTags())
}

// LeftOut is a plug or slot that got no policy.
type LeftOut struct {
	Snap string
	interfaces.Rejected
}

// UnknownInterface tells whether the plug or slot was left out because
// the catalog has no interface of its name.
func (l LeftOut) UnknownInterface() bool {
	return l.Reason == interfaces.ReasonUnknownInterface
}

// String says which plug or slot was left out, and why.
func (l LeftOut) String() string {
	return fmt.Sprintf("snap %q: %s %q left out: %s", l.Snap, l.Kind, l.Name, l.describe())
}

func (l LeftOut) describe() string {
	if l.UnknownInterface() {
		return fmt.Sprintf("interface %q is not in the catalog", l.Interface)
	}
	return fmt.Sprintf("interface %q: %s", l.Interface, l.Reason)
}

// File is one rendered file.
type File struct {
	// Path is slash-separated and relative to the root of the system the
	// file is for ("var/lib/snapd/apparmor/profiles/snap.NAME.APP").
	Path string
	Data []byte
	// Backend is the name of the backend that rendered it.
	Backend string
	// Snap is the instance name of the snap it belongs to.
	Snap string
	// Tag is the security tag of the app or hook the file confines
	// ("snap.NAME.APP", "snap.NAME.hook.HOOK"), found from its name, or
	// "" for a file of the whole snap (udev rules, module lists, the
	// snap-update-ns profile, mount profiles).
	Tag string
}

// File returns the file at path, or nil.
func (r *Result) File(path string) *File {
	if i, ok := r.byPath[path]; ok {
		return &r.Files[i]
	}
	return nil
}

// FilesOf returns the files of one snap, and of one backend unless
// backend is "", keyed by path.
func (r *Result) FilesOf(instanceName, backend string) interfaces.Files {
	out := interfaces.Files{}
	if s := r.Snap(instanceName); s != nil {
		for name, files := range s.files {
			if backend == "" || name == backend {
				for path, data := range files {
					out[path] = data
				}
			}
		}
	}
	return out
}

// Snap returns the result of one snap, or nil.
func (r *Result) Snap(instanceName string) *SnapResult {
	for i := range r.Snaps {
		if r.Snaps[i].Name == instanceName {
			return &r.Snaps[i]
		}
	}
	return nil
}

// Backends returns the backends the files were rendered with, in
// rendering order; their Options are those Compile settled.
func (r *Result) Backends() []interfaces.Backend {
	return append([]interfaces.Backend(nil), r.backends...)
}

// result turns the compiler's repository into a Result, without files.
func (c *compiler) result(backends []interfaces.Backend) *Result {
	res := &Result{System: c.system, Connected: c.connected, AutoConnected: c.auto,
		Unconnected: c.unconnected, Warnings: c.warnings, Repo: c.repo, backends: backends}
	run := runKey(c.opts, backends)
	for _, name := range c.snaps {
		info := c.repo.Snap(name)
		conf := interfaces.ConfinementFor(info, c.opts.JailMode)
		if o, ok := c.opts.Confinement[name]; ok {
			conf = o
		}
		conns, _ := c.repo.Connections(name)
		s := SnapResult{Name: name, Info: info, Confinement: conf, Connections: conns}
		for _, r := range c.rejected[name] {
			s.LeftOut = append(s.LeftOut, LeftOut{Snap: name, Rejected: r})
		}
		s.own = ownKey(run, &s)
		s.key = snapKey(s.own, &s, c.repo, c.system)
		res.Snaps = append(res.Snaps, s)
	}
	return res
}

// renderAll renders every snap's files, on as many goroutines as Go may
// run at once: by now the repository is only read, and backends render
// pure functions of their specifications, so snaps render independently.
// The error is that of the first snap, in order, that failed, as a serial
// run gives.
func (r *Result) renderAll() error {
	errs := make([]error, len(r.Snaps))
	par.Do(len(r.Snaps), func(i int) { errs[i] = r.render(&r.Snaps[i]) })
	for i := range r.Snaps {
		if errs[i] != nil {
			return errs[i]
		}
	}
	for i := range r.Snaps {
		s := &r.Snaps[i]
		tags := s.Info.SecurityTags()
		for _, b := range r.backends {
			for path, data := range s.files[b.Name()] {
				r.Files = append(r.Files, File{Path: path, Data: data, Backend: b.Name(), Snap: s.Name, Tag: tagOf(path, tags)})
			}
		}
	}
	return nil
}

// render renders one snap's files with every backend.
func (r *Result) render(s *SnapResult) error {
	s.files = make(map[string]interfaces.Files, len(r.backends))
	for _, b := range r.backends {
		files, err := interfaces.Render(b, r.Repo, s.Name, s.Confinement)
		if err != nil {
			return err
		}
		s.files[b.Name()] = files
		s.Rendered = append(s.Rendered, b.Name())
	}
	return nil
}

func (r *Result) sortFiles() {
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	r.byPath = make(map[string]int, len(r.Files))
	for i, f := range r.Files {
		r.byPath[f.Path] = i
	}
}

// tagOf returns the longest of tags that names a component of path,
// alone or followed by a dot (snap.NAME.APP, snap.NAME.APP.src,
// snap.NAME.APP.service.d), or "".
func tagOf(path string, tags []string) string {
	best := ""
	for _, comp := range strings.Split(path, "/") {
		for _, tag := range tags {
			if len(tag) > len(best) && (comp == tag || strings.HasPrefix(comp, tag+".")) {
				best = tag
			}
		}
	}
	return best
}
