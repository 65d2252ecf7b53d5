// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package policy decides, as snapd does, who may plug what: whether a snap
// may be installed with its plugs and slots, whether a plug may be
// connected to a slot when asked, and which plugs connect without being
// asked.
//
// The decisions come from declarations in snapd's rule language: the base
// declaration, assembled from the fragments every interface of a catalog
// carries (BaseDeclaration), and the store's snap declarations, one per
// snap, which take precedence for the interfaces they name
// (ParseSnapDeclaration). A Policy holds both and the Device it decides
// for; its refusals are *Error values naming the rule that decided.
//
// The package produces decisions only, no files; plugpolicy.Compile (and
// so the command line) applies them before connecting and rendering.
package policy
