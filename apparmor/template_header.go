// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

// The profile header: what stands before the profile's opening line. The
// statements are snapd's, in snapd's order; the comments are ours.

// headerStart opens every profile: the global tunables (@{HOME},
// @{PROC}, @{multiarch}, ...), which every rule below relies on.
const headerStart = `
# vim:syntax=apparmor

#include <tunables/global>
`

// headerVendoredParser is written when the target uses the parser that
// snapd ships (parser feature snapd-internal): that parser reads the
// system's abstractions but not the system's tunables/home.d, which
// snapd's own tunables would otherwise hide.
const headerVendoredParser = `#include if exists "/etc/apparmor.d/tunables/home.d"
`

// headerSnapTuning is written when the parser reads "#include if
// exists": snapd's tuning file lets an administrator adjust variables
// (such as @{HOMEDIRS}) for every snap's profile.
const headerSnapTuning = `#include if exists "/var/lib/snapd/apparmor/snap-tuning"
`

// headerInstanceNote explains the two names every profile defines.
const headerInstanceNote = `
# Parallel installs: the snap "foo" may be installed again as "foo_KEY".
# @{SNAP_NAME} is the snap's name ("foo"), @{SNAP_INSTANCE_NAME} the name
# of this install ("foo_KEY"), which names the profile and the per-install
# state. Inside the snap's mount namespace its $SNAP, $SNAP_DATA and
# $SNAP_COMMON are bind-mounted onto the plain name, so rules for those
# directories name both; rules for per-user, runtime and shared-memory
# state name the instance only.
`

// headerCoreutilDirs is the strict template's own variable: where a base
// may keep its core utilities (GNU in /bin or /usr/bin, with or without a
// "gnu" prefix, or uutils' under /usr/lib/cargo). The missing slash after
// "gnu" is deliberate: it matches /usr/bin/gnuls for /usr/bin/ls.
const headerCoreutilDirs = `
@{SNAP_COREUTIL_DIRS}="/{bin/,usr/bin/,usr/bin/gnu,usr/lib/cargo/bin/coreutils/}"
`

// installDirs is @{INSTALL_DIR}: snaps are mounted in /snap or, on
// distributions that keep / read-only or free of new top-level
// directories, in /var/lib/snapd/snap. Every profile names both.
const installDirs = "/{,var/lib/snapd/}snap"
