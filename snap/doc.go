// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package snap reads snap.yaml into Info, the validated model of a snap that
// the rest of plugpolicy compiles into policy: its apps (commands and
// daemons) and hooks, its plugs and slots bound to them, their attributes in
// canonical Go types, and the security tags (snap.NAME.APP,
// snap.NAME.hook.HOOK) that name the generated profiles.
//
// The rules are snapd's: a snap.yaml that snapd accepts is accepted here,
// with the same bindings, with a few deliberate exceptions, each an error
// that snapd would let through silently: a repeated YAML key, a hook snapd
// does not know (and so would never run), and attribute values that are not
// finite numbers. Every problem of a document is reported at once, with the
// path of the offending key and its line:
//
//	line 12: apps.kubelet.daemon: invalid daemon type "sometimes": must be one of ...
package snap
