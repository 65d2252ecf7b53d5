// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package kubernetes exports compiled snaps' policy for Kubernetes: for
// every app, its seccomp policy as an OCI / Kubernetes seccomp profile
// (JSON) for the kubelet's seccomp root, an AppArmor profile for
// containers, loaded on the node by name, a securityContext fragment that
// refers to both, and the same two profiles as security-profiles-operator
// resources, which a cluster distributes to every node.
//
// Export works on a plugpolicy.Result, which must have rendered the
// apparmor and seccomp backends. Hooks are left out: they are not
// workloads a pod runs.
//
// The AppArmor profile is a container's, not a snap's: a base fit for a
// process that a container runtime starts, plus the rules the app's
// interfaces add (apparmor.RenderRules), without the rules that name the
// snap's own paths (its $SNAP, $SNAP_DATA and $SNAP_COMMON directories,
// /snap/, /var/snap/, snap-confine, snap-update-ns, the snap's name),
// which have no meaning in a container. The profile says how many rules
// it left out, and App.LeftOut lists them.
//
// The files Export makes are laid out relative to the output directory:
//
//	seccomp/plugpolicy/TAG.json        copy seccomp/ to /var/lib/kubelet/seccomp/
//	apparmor/plugpolicy-SNAP-APP        load with apparmor_parser -r on every node
//	security-context/TAG.yaml          the securityContext a pod's container uses
//	security-profiles-operator/TAG.yaml  SeccompProfile and AppArmorProfile resources
package kubernetes
