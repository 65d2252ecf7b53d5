// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package apparmor is plugpolicy's AppArmor backend: a Specification that
// interfaces add rules to, a pure renderer that turns it into one profile
// per app and hook (snap.INSTANCE.APP, snap.INSTANCE.hook.HOOK) on top of
// the project's default template, and a Backend that writes the profiles to
// var/lib/snapd/apparmor/profiles and can load them with apparmor_parser.
package apparmor

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Backend is the AppArmor backend.
type Backend struct {
	Options Options
	// ParserPath is the apparmor_parser Load runs; default
	// "apparmor_parser" from $PATH.
	ParserPath string
}

var (
	_ interfaces.TagRenderer = (*Backend)(nil)
	_ interfaces.Loader      = (*Backend)(nil)
)

// Name is "apparmor".
func (b *Backend) Name() string { return "apparmor" }

// NewSpecification returns an empty specification for a snap.
func (b *Backend) NewSpecification(info *snap.Info, opts interfaces.ConfinementOptions) interfaces.Specification {
	return NewSpecification(info, opts, b.Options)
}

// Render renders the snap's profiles as files.
func (b *Backend) Render(ispec interfaces.Specification) (interfaces.Files, error) {
	files, _, err := b.render(ispec, nil)
	return files, err
}

// RenderTags renders the profiles of the snap's apps and hooks that reuse
// does not reuse, and always that of snap-update-ns, which is the snap's;
// see interfaces.TagRenderer.
func (b *Backend) RenderTags(ispec interfaces.Specification, reuse func(tag, digest string, paths []string) bool) (interfaces.Files, map[string]string, error) {
	if reuse == nil {
		reuse = func(string, string, []string) bool { return false }
	}
	return b.render(ispec, reuse)
}

func (b *Backend) render(ispec interfaces.Specification, reuse func(tag, digest string, paths []string) bool) (interfaces.Files, map[string]string, error) {
	spec, ok := ispec.(*Specification)
	if !ok {
		return nil, nil, fmt.Errorf("cannot render AppArmor profiles from a %T", ispec)
	}
	dir := b.Options.withDefaults().ProfilesDir
	var reuseTag func(tag, digest string) bool
	if reuse != nil {
		reuseTag = func(tag, digest string) bool { return reuse(tag, digest, []string{path.Join(dir, tag)}) }
	}
	profiles, digests, err := renderProfiles(spec, reuseTag)
	if err != nil {
		return nil, nil, err
	}
	files := make(interfaces.Files, len(profiles)+1)
	for tag, profile := range profiles {
		files[path.Join(dir, tag)] = profile
	}
	updateNS, err := renderUpdateNS(spec)
	if err != nil {
		return nil, nil, err
	}
	files[path.Join(dir, "snap-update-ns."+spec.info.InstanceName())] = updateNS
	return files, digests, nil
}

// Paths matches the profiles of the snap's apps and hooks, and that of
// snap-update-ns for the snap.
func (b *Backend) Paths(instanceName string) []string {
	dir := b.Options.withDefaults().ProfilesDir
	return []string{path.Join(dir, "snap."+instanceName+".*"), path.Join(dir, "snap-update-ns."+instanceName)}
}

// Load loads the changed profiles into the kernel with apparmor_parser
// --replace. Profiles of removed apps and hooks are left loaded: the
// parser can only remove what a file names, and the file is gone; they
// stay unused until the next boot (or an administrator writes their names
// to /sys/kernel/security/apparmor/.remove).
func (b *Backend) Load(root string, changes interfaces.Changes, r interfaces.Runner) error {
	if len(changes.Changed) == 0 {
		return nil
	}
	parser := b.ParserPath
	if parser == "" {
		parser = "apparmor_parser"
	}
	changed := append([]string(nil), changes.Changed...)
	sort.Strings(changed)
	args := []string{"--replace"}
	for _, f := range changed {
		args = append(args, filepath.Join(root, filepath.FromSlash(f)))
	}
	if err := r.Run(parser, args...); err != nil {
		return fmt.Errorf("cannot load AppArmor profiles: %w", err)
	}
	return nil
}
