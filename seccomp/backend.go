// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package seccomp is plugpolicy's seccomp backend: a Specification that
// interfaces add system-call rules to, a pure renderer that writes one
// policy source (snap.INSTANCE.APP.src, in snapd's policy language) per app
// and hook on top of the project's default template, and a Backend that
// writes the sources to var/lib/snapd/seccomp/bpf, each with its compiled
// BPF filter (.bin) beside it when the backend has a Compiler.
package seccomp

import (
	"fmt"
	"path"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Compiler compiles a policy source into the BPF program the kernel loads,
// as the raw struct sock_filter array. name is the policy's security tag,
// for errors.
type Compiler interface {
	Compile(name string, src []byte) ([]byte, error)
}

// Options are the facts about the target system the backend needs. The
// zero value is a current 64-bit system (amd64, arm64 and the like) on
// which AppArmor fully confines, which is what snapd-ref's host is;
// ProbeHost fills them from a running system.
type Options struct {
	// Dir is where policies are written, relative to the root. Default:
	// var/lib/snapd/seccomp/bpf.
	Dir string
	// Arch is the architecture of the target's kernel. On i386 and s390x
	// the socket calls may be reached through socketcall(2) only, and
	// the policy then allows it (see KernelVersion, OSID). ArchInvalid
	// stands for an architecture that never needs it.
	Arch bpf.Arch
	// KernelVersion is the target kernel's release (uname -r, as
	// "6.8.0-31-generic"); i386 and s390x kernels before 4.3 have no
	// separate socket calls. "" is a kernel newer than that.
	KernelVersion string
	// OSID and OSVersionID are the target's os-release ID and VERSION_ID
	// ("ubuntu", "24.04"): on Ubuntu 14.04 and older, 32-bit programs use
	// socketcall(2).
	OSID, OSVersionID string
	// AppArmorIncomplete says AppArmor does not fully confine on the
	// target (snapd's AppArmor level is not "full": no AppArmor in the
	// kernel, a kernel without one of the features snapd prefers, or a
	// parser without "unsafe"; see AppArmorIncomplete()). The policy then
	// allows bind, which AppArmor's network rules would otherwise hold.
	AppArmorIncomplete bool
	// ShadowGID is the ID of the group that owns /etc/shadow on the
	// target: programs that add users (account-control) may give files
	// to root and that group. nil stands for DefaultShadowGID.
	ShadowGID *uint32
}

// DefaultShadowGID is the shadow group's ID on Debian and Ubuntu, where it
// is fixed.
const DefaultShadowGID = 42

// Backend is the seccomp backend.
type Backend struct {
	Options Options
	// Compiler, when set, compiles every source to a .bin beside it, and
	// to snap-confine's .bin2 when it is a SnapConfineCompiler.
	Compiler Compiler

	// bins are the filters compiled so far, when Compiler is a
	// CachingCompiler; see compile.
	bins binCache
}

var _ interfaces.TagRenderer = (*Backend)(nil)

func (b *Backend) dir() string {
	if b.Options.Dir == "" {
		return "var/lib/snapd/seccomp/bpf"
	}
	return b.Options.Dir
}

// Name is "seccomp".
func (b *Backend) Name() string { return "seccomp" }

// NewSpecification returns an empty specification for a snap.
func (b *Backend) NewSpecification(info *snap.Info, opts interfaces.ConfinementOptions) interfaces.Specification {
	spec := NewSpecification(info, opts)
	spec.host = b.Options
	return spec
}

// Render renders the snap's policy sources, and compiles them when the
// backend has a Compiler.
func (b *Backend) Render(ispec interfaces.Specification) (interfaces.Files, error) {
	files, _, err := b.render(ispec, nil)
	return files, err
}

// RenderTags renders, and compiles, the policies of the snap's apps and
// hooks that reuse does not reuse; see interfaces.TagRenderer.
func (b *Backend) RenderTags(ispec interfaces.Specification, reuse func(tag, digest string, paths []string) bool) (interfaces.Files, map[string]string, error) {
	if reuse == nil {
		reuse = func(string, string, []string) bool { return false }
	}
	return b.render(ispec, reuse)
}

// render renders the policies; with a nil reuse, all of them, without
// digests.
func (b *Backend) render(ispec interfaces.Specification, reuse func(tag, digest string, paths []string) bool) (interfaces.Files, map[string]string, error) {
	spec, ok := ispec.(*Specification)
	if !ok {
		return nil, nil, fmt.Errorf("cannot render seccomp policies from a %T", ispec)
	}
	tags := spec.info.SecurityTags() // sorted, so that errors are stable
	var digests map[string]string
	var skip map[string]bool
	if reuse != nil {
		digests, skip = make(map[string]string, len(tags)), map[string]bool{}
		for _, tag := range tags {
			digests[tag] = spec.tagDigest(tag)
			skip[tag] = reuse(tag, digests[tag], b.tagPaths(tag))
		}
	}
	dir := b.dir()
	sources, err := renderSources(spec, b.Options, skip)
	if err != nil {
		return nil, nil, err
	}
	files := make(interfaces.Files, 3*len(sources))
	var bodies bodyHasher
	for _, tag := range tags {
		src, ok := sources[tag]
		if !ok {
			continue
		}
		files[path.Join(dir, tag+".src")] = src
		if b.Compiler == nil {
			continue
		}
		body := bodies.hash(src)
		bin, err := b.compile(tag, src, body)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot compile seccomp policy %s: %w", tag, err)
		}
		files[path.Join(dir, tag+".bin")] = bin
		if _, ok := b.Compiler.(SnapConfineCompiler); !ok {
			continue
		}
		bin2, err := b.compileSnapConfine(tag, src, body)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot compile seccomp policy %s for snap-confine: %w", tag, err)
		}
		files[path.Join(dir, tag+".bin2")] = bin2
	}
	return files, digests, nil
}

// tagPaths are the files of a security tag: its source, and its filters
// when the backend compiles them.
func (b *Backend) tagPaths(tag string) []string {
	paths := []string{path.Join(b.dir(), tag+".src")}
	if b.Compiler != nil {
		paths = append(paths, path.Join(b.dir(), tag+".bin"))
		if _, ok := b.Compiler.(SnapConfineCompiler); ok {
			paths = append(paths, path.Join(b.dir(), tag+".bin2"))
		}
	}
	return paths
}

// Paths matches the sources and filters of the snap's apps and hooks.
func (b *Backend) Paths(instanceName string) []string {
	return []string{
		path.Join(b.dir(), "snap."+instanceName+".*.src"),
		path.Join(b.dir(), "snap."+instanceName+".*.bin"),
		path.Join(b.dir(), "snap."+instanceName+".*.bin2"),
	}
}
