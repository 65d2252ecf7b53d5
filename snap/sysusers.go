// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"regexp"
	"sort"
)

// systemUsernameIDs are the system users (and groups of the same name) that
// snapd creates for snaps that declare them in "system-usernames", with the
// fixed ids snapd gives them. They come from snapd's reserved range
// 584788-584887, so a policy that names one (seccomp's u:snap_daemon) means
// the same id on every machine.
//
// snapd further restricts snap_microk8s, snap_aziotedge and snap_aziotdu to
// the store snap IDs of microk8s, azure-iot-edge and deviceupdate-agent;
// that check needs the store's snap declaration and is not made here.
var systemUsernameIDs = map[string]uint32{
	"snap_daemon":    584788, // deprecated by snapd in favour of _daemon_
	"snap_microk8s":  584789,
	"snap_aziotedge": 584790,
	"snap_aziotdu":   584791,
	"_daemon_":       584792,
}

// SystemUserID returns the fixed uid (and gid) of a system username that
// snap.yaml may declare, and whether the name is one.
func SystemUserID(name string) (uint32, bool) {
	id, ok := systemUsernameIDs[name]
	return id, ok
}

// SystemUsernames returns the names of the supported system usernames,
// sorted.
func SystemUsernames() []string {
	names := make([]string, 0, len(systemUsernameIDs))
	for name := range systemUsernameIDs {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// validSystemUsername is snapd's syntax for a system username: a normal user
// name, or one enclosed in "_".
var validSystemUsername = regexp.MustCompile(`^(?:_[-a-z0-9._]+_|[a-z0-9][-a-z0-9._]*)$`)
