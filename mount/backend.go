// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package mount

import (
	"fmt"
	"path"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Options are the facts about the target system the backend needs.
type Options struct {
	// Dir is where the mount profiles are written, relative to the root.
	// Default: var/lib/snapd/mount.
	Dir string
}

// Backend is the mount backend. snap-update-ns reads the profiles when
// it next sets up or updates the snap's mount namespace; the backend runs
// nothing itself.
type Backend struct {
	Options Options
}

var _ interfaces.Backend = (*Backend)(nil)

func (b *Backend) dir() string {
	if b.Options.Dir != "" {
		return b.Options.Dir
	}
	return "var/lib/snapd/mount"
}

func (b *Backend) files(instanceName string) (fstab, userFstab string) {
	base := path.Join(b.dir(), "snap."+instanceName)
	return base + ".fstab", base + ".user-fstab"
}

// Name is "mount".
func (b *Backend) Name() string { return "mount" }

// NewSpecification returns the specification of a snap, holding its
// layouts and parallel-install mappings.
func (b *Backend) NewSpecification(info *snap.Info, opts interfaces.ConfinementOptions) interfaces.Specification {
	return NewSpecification(info)
}

// Render renders the mount profile when there are entries, and the
// per-user profile when there are per-user entries: one fstab line per
// entry (see Entry.String).
func (b *Backend) Render(ispec interfaces.Specification) (interfaces.Files, error) {
	spec, ok := ispec.(*Specification)
	if !ok {
		return nil, fmt.Errorf("cannot render mount profiles from a %T", ispec)
	}
	if err := spec.check(); err != nil {
		return nil, err
	}
	fstab, userFstab := b.files(spec.info.InstanceName())
	files := interfaces.Files{}
	if data := RenderProfile(spec.MountEntries()); data != nil {
		files[fstab] = data
	}
	if data := RenderProfile(spec.UserMountEntries()); data != nil {
		files[userFstab] = data
	}
	return files, nil
}

// RenderProfile renders entries as a mount profile; nil for none.
func RenderProfile(entries []Entry) []byte {
	if len(entries) == 0 {
		return nil
	}
	var w strings.Builder
	for _, e := range entries {
		w.WriteString(e.String() + "\n")
	}
	return []byte(w.String())
}

// Paths matches the snap's two profiles.
func (b *Backend) Paths(instanceName string) []string {
	fstab, userFstab := b.files(instanceName)
	return []string{fstab, userFstab}
}
