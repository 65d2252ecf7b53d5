// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestHostFactsCannotAddRules: the host facts that are written into rules
// (the snap mount directory, the kernel snap, the system snaps and their
// revisions, the overlay's upper directory) come from the command line or
// from the machine, not from snapd's own checks. A value that would end
// its rule or start another is refused before anything is rendered.
func TestHostFactsCannotAddRules(t *testing.T) {
	info, err := snap.Parse([]byte(templateSnap), snap.Options{Revision: snap.R(3)})
	require.NoError(t, err)
	hostile := map[string]func(*apparmor.Options){
		"snap mount dir with a rule":  func(o *apparmor.Options) { o.SnapMountDir = "/snap/x r,\n  capability,\n  /snap" },
		"snap mount dir with a space": func(o *apparmor.Options) { o.SnapMountDir = "/ rw, /snap" },
		"relative snap mount dir":     func(o *apparmor.Options) { o.SnapMountDir = "snap" },
		"snap mount dir with a glob":  func(o *apparmor.Options) { o.SnapMountDir = "/**" },
		"kernel snap with a rule":     func(o *apparmor.Options) { o.KernelSnap = "pc-kernel/** rw,\n  /x" },
		"kernel snap with a glob":     func(o *apparmor.Options) { o.KernelSnap = "*" },
		"system snap with a rule": func(o *apparmor.Options) {
			o.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd/** rwix,\n", Revision: "1"}}
		},
		"system snap revision rule": func(o *apparmor.Options) {
			o.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd", Revision: "1 -> unconfined,\n  /**"}}
		},
		"system snap revision glob":     func(o *apparmor.Options) { o.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd", Revision: "*"}} },
		"overlay root with a quote":     func(o *apparmor.Options) { o.OverlayRoot = "/media/x\" rw,\n  capability,\n  \"/y" },
		"overlay root with a glob":      func(o *apparmor.Options) { o.OverlayRoot = "/**" },
		"relative overlay root":         func(o *apparmor.Options) { o.OverlayRoot = "media/root-rw" },
		"overlay root with a backslash": func(o *apparmor.Options) { o.OverlayRoot = "/media/x\\" },
		"overlay root, issue 14":        func(o *apparmor.Options) { o.OverlayRoot = "/x\"\n  /** rwx," },
	}
	for name, change := range hostile {
		t.Run(name, func(t *testing.T) {
			opts := apparmor.DefaultOptions()
			opts.Core = true
			change(&opts)
			_, err := apparmor.RenderProfiles(apparmor.NewSpecification(info, interfaces.ConfinementOptions{DevMode: true}, opts))
			assert.Error(t, err)
			if opts.OverlayRoot != "" {
				assert.ErrorContains(t, err, fmt.Sprintf("invalid overlay root %q", opts.OverlayRoot), "the error names the option and its value")
			}
		})
	}
	// What real systems have is accepted.
	opts := apparmor.DefaultOptions()
	opts.Core = true
	opts.SnapMountDir = "/var/lib/snapd/snap"
	opts.KernelSnap = "pi-kernel"
	opts.OverlayRoot = "/media/root-rw/overlay"
	opts.SystemSnaps = []apparmor.SystemSnap{{Name: "snapd", Revision: "x1"}, {Name: "core", Revision: "17"}}
	_, err = apparmor.RenderProfiles(apparmor.NewSpecification(info, interfaces.ConfinementOptions{DevMode: true}, opts))
	assert.NoError(t, err)
}

// TestLayoutPathCannotAddRules: RenderProfiles is a library entry point
// that may get a snap.Info no validation has seen; a layout path that
// would end its comment or quoted rule is refused there too.
func TestLayoutPathCannotAddRules(t *testing.T) {
	info, err := snap.Parse([]byte(templateSnap), snap.Options{Revision: snap.R(3)})
	require.NoError(t, err)
	for _, p := range []string{"/usr/x\ncapability,\n#", "/usr/x\" rw,\n  \"/y", "/usr/x\\"} {
		info.Layout = map[string]*snap.Layout{p: {Snap: info, Path: p, Bind: "$SNAP/x"}}
		_, err := apparmor.RenderProfiles(apparmor.NewSpecification(info, interfaces.ConfinementOptions{}, apparmor.DefaultOptions()))
		assert.Error(t, err, "%q", p)
	}
}

// TestNamesCannotAddRules: the snap, instance, app and hook names are
// written into the profile's variables and name; RenderProfiles refuses
// a snap.Info whose names no validation has checked.
func TestNamesCannotAddRules(t *testing.T) {
	for name, change := range map[string]func(*snap.Info){
		"snap name":    func(i *snap.Info) { i.Name = "foo\"\n  capability,\n#" },
		"instance key": func(i *snap.Info) { i.InstanceKey = "x\"\n  capability,\n#" },
		"app name": func(i *snap.Info) {
			app := i.Apps["app"]
			delete(i.Apps, "app")
			app.Name = "a\"\n  capability,\n#"
			i.Apps[app.Name] = app
		},
	} {
		t.Run(name, func(t *testing.T) {
			info, err := snap.Parse([]byte(templateSnap), snap.Options{Revision: snap.R(3)})
			require.NoError(t, err)
			change(info)
			_, err = apparmor.RenderProfiles(apparmor.NewSpecification(info, interfaces.ConfinementOptions{}, apparmor.DefaultOptions()))
			assert.Error(t, err)
		})
	}
}
