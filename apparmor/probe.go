// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// remoteFileSystems are the file system types whose file access the kernel
// does through network sockets.
var remoteFileSystems = map[string]bool{"nfs": true, "nfs4": true, "cifs": true, "smb3": true, "ceph": true, "9p": false}

// ProbeHost fills Options from a running system: where snaps are mounted,
// whether homes are on a network file system, whether the root is a
// writable overlay, and (with run, see ProbeParser) what the parser
// understands. root is the system's root directory ("/" for this machine),
// so that a probe can read another system's files; parserPath is the
// apparmor_parser to probe ("" to leave the parser features unset).
//
// Rendering never probes: callers that want host facts call this and pass
// the result to the Backend.
func ProbeHost(root, parserPath string, run func(name string, args ...string) error) (Options, error) {
	opts := DefaultOptions()
	if fi, err := os.Stat(filepath.Join(root, "var/lib/snapd/snap")); err == nil && fi.IsDir() {
		if _, err := os.Stat(filepath.Join(root, "snap")); err != nil {
			opts.SnapMountDir = "/var/lib/snapd/snap"
		}
	}
	mounts, err := readMountInfo(filepath.Join(root, "proc/self/mountinfo"))
	if err != nil {
		return Options{}, fmt.Errorf("cannot probe the host: %w", err)
	}
	for _, m := range mounts {
		if remoteFileSystems[m.fstype] && (m.point == "/home" || strings.HasPrefix(m.point, "/home/")) {
			opts.HomeOnRemoteFS = true
		}
		if m.point == "/" && m.fstype == "overlay" {
			opts.OverlayRoot = m.upperdir
		}
	}
	if parserPath != "" {
		if opts.Parser, err = ProbeParser(parserPath, run); err != nil {
			return Options{}, err
		}
	}
	return opts, nil
}

type mount struct {
	point, fstype, upperdir string
}

// readMountInfo reads the mount points, types and overlay upper
// directories of a /proc/PID/mountinfo file.
func readMountInfo(name string) ([]mount, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []mount
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTIONS
		fields := strings.Fields(sc.Text())
		sep := -1
		for i, f := range fields {
			if f == "-" {
				sep = i
				break
			}
		}
		if len(fields) < 5 || sep < 0 || sep+3 >= len(fields) {
			continue
		}
		m := mount{point: unescapeMount(fields[4]), fstype: fields[sep+1]}
		for _, opt := range strings.Split(fields[sep+3], ",") {
			if dir, ok := strings.CutPrefix(opt, "upperdir="); ok {
				m.upperdir = dir
			}
		}
		out = append(out, m)
	}
	return out, sc.Err()
}

// unescapeMount undoes mountinfo's octal escapes ("\040" for a space).
func unescapeMount(s string) string {
	return strings.NewReplacer(`\040`, " ", `\011`, "\t", `\012`, "\n", `\134`, `\`).Replace(s)
}
