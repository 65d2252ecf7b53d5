// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// remoteFileSystems are the file system types of a home snapd counts as
// remote (its osutil.IsHomeUsingRemoteFS, from the mount table): NFS,
// CIFS and autofs, which usually stands for one of them. A home on other
// network file systems (ceph, smb3) gets no network rules from snapd, so
// none here either.
var remoteFileSystems = map[string]bool{"nfs": true, "nfs4": true, "cifs": true, "autofs": true}

// ProbeHost fills Options from a running system: where snaps are mounted,
// whether homes are on a network file system, whether the root is a
// writable overlay, the kernel's AppArmor features, whether it is Ubuntu
// Core, the revision of the snapd snap, and (with run, see ProbeParser)
// what the parser understands. root is the system's root directory ("/" for this machine),
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
	if opts.Kernel, err = ProbeKernel(root); err != nil {
		return Options{}, err
	}
	id, _, err := OSRelease(root)
	if err != nil {
		return Options{}, err
	}
	opts.Core = id == "ubuntu-core"
	if rev, err := os.Readlink(filepath.Join(root, opts.SnapMountDir, "snapd", "current")); err == nil && rev != "" {
		opts.SystemSnaps = []SystemSnap{{Name: "snapd", Revision: filepath.Base(rev)}}
	}
	if parserPath != "" {
		if opts.Parser, err = ProbeParser(parserPath, run); err != nil {
			return Options{}, err
		}
	}
	return opts, nil
}

// OSRelease reads the ID and VERSION_ID of the os-release file of the
// system at root (etc/os-release, or else usr/lib/os-release, as snapd's
// release package looks); both "" when it has neither. The seccomp
// backend's host probe reads the same file through it.
func OSRelease(root string) (id, versionID string, err error) {
	for _, name := range []string{"etc/os-release", "usr/lib/os-release"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("cannot probe the host: %w", err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			key, value, ok := strings.Cut(strings.TrimSpace(line), "=")
			if !ok {
				continue
			}
			value = strings.Trim(value, `"'`)
			switch key {
			case "ID":
				id = value
			case "VERSION_ID":
				versionID = value
			}
		}
		return id, versionID, nil
	}
	return "", "", nil
}

// ProbeKernel reads the kernel's AppArmor features below root, as snapd
// names them: each directory of sys/kernel/security/apparmor/features, and
// "policy:NAME" for each entry of its policy directory. A kernel without
// AppArmor has none.
func ProbeKernel(root string) (KernelFeatures, error) {
	dir := filepath.Join(root, "sys/kernel/security/apparmor/features")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return KernelFeatures{}, nil
	}
	if err != nil {
		return KernelFeatures{}, fmt.Errorf("cannot probe the kernel's AppArmor features: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		names = append(names, e.Name())
		if e.Name() != "policy" {
			continue
		}
		sub, err := os.ReadDir(filepath.Join(dir, "policy"))
		if err != nil {
			return KernelFeatures{}, fmt.Errorf("cannot probe the kernel's AppArmor features: %w", err)
		}
		for _, s := range sub {
			names = append(names, "policy:"+s.Name())
		}
	}
	sort.Strings(names)
	return ParseKernelFeatures(strings.Join(names, ",")), nil
}

// parserProbes are the smallest profiles that need each parser feature,
// by snapd's names; snapd-internal (the parser snapd ships) and tags
// cannot be told by compiling and are never probed.
var parserProbes = []struct {
	name string
	rule string
}{
	{"allow-all", "allow all,"},
	{"cap-audit-read", "capability audit_read,"},
	{"cap-bpf", "capability bpf,"},
	{"include-if-exists", `#include if exists "/plugpolicy-probe-does-not-exist"`},
	{"io-uring", "io_uring,"},
	{"mqueue", "mqueue,"},
	{"mqueue-posix", `mqueue (create) type=posix "/plugpolicy-probe",`},
	{"prompt", "prompt /plugpolicy-probe r,"},
	{"qipcrtr-socket", "network qipcrtr dgram,"},
	{"unconfined", ""},
	{"unsafe", "change_profile unsafe /**,"},
	{"userns", "userns,"},
	{"xdp", "network xdp,"},
}

// ProbeParser finds out which features the apparmor_parser at parserPath
// understands, by compiling a small profile for each (without loading it
// into the kernel).
func ProbeParser(parserPath string, run func(name string, args ...string) error) (ParserFeatures, error) {
	dir, err := os.MkdirTemp("", "plugpolicy-probe-")
	if err != nil {
		return ParserFeatures{}, fmt.Errorf("cannot probe apparmor_parser: %w", err)
	}
	defer os.RemoveAll(dir)
	var found []string
	for _, probe := range parserProbes {
		profile := "profile plugpolicy-probe {\n  " + probe.rule + "\n}\n"
		if probe.name == "unconfined" {
			profile = "profile plugpolicy-probe flags=(unconfined) {\n}\n"
		}
		src := filepath.Join(dir, "probe")
		if err := os.WriteFile(src, []byte(profile), 0o644); err != nil {
			return ParserFeatures{}, fmt.Errorf("cannot probe apparmor_parser: %w", err)
		}
		if run(parserPath, "--skip-kernel-load", "--skip-cache", "--skip-read-cache", "--quiet", "-o", filepath.Join(dir, "out"), src) == nil {
			found = append(found, probe.name)
		}
	}
	return ParseParserFeatures(strings.Join(found, ","))
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
