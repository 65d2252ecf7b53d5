// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package mount

import (
	"fmt"
	"path"
	"strings"
)

// The snap-update-ns rules for mount entries, as snapd derives them. Each
// string is one item of the profile's rule set (a rule, or a comment
// before the rules it explains); an item already in the profile is not
// written again, so the rules of nested or shared paths appear once.
//
// snap-update-ns creates missing mount points itself. Where the parent is
// writable (the snap's data directories, home directories) it only needs
// to create directories; elsewhere it builds a "writable mimic": it moves
// the read-only directory aside, mounts a tmpfs in its place and
// bind-mounts each original entry back, so that a new entry can be made.

// probablyWritable are the trees snap-update-ns can create directories in.
func probablyWritable(p string) bool {
	return strings.HasPrefix(p, "/var/snap/") || strings.HasPrefix(p, "/home/") || strings.HasPrefix(p, "/root/")
}

// probablyPresent are directories every snap's mount namespace has.
func probablyPresent(p string) bool {
	switch p {
	case "/", "/snap", "/var", "/var/snap", "/tmp", "/usr", "/etc":
		return true
	}
	return false
}

// WritableProfile is the rules that let snap-update-ns create the
// directory p: the directory chain up to the first present one, when p is
// in a writable place, otherwise a writable mimic of p's parent, with the
// first assumedDepth components taken as existing.
func WritableProfile(p string, assumedDepth int) []string {
	if p == "/" {
		return nil
	}
	if probablyWritable(p) {
		out := []string{fmt.Sprintf("  # Writable directory %s\n", p)}
		for d := p; !probablyPresent(d); d = path.Dir(d) {
			out = append(out, fmt.Sprintf("  %q rw,\n", d+"/"))
		}
		return out
	}
	return MimicProfile(path.Dir(p), assumedDepth)
}

// WritableFileProfile is WritableProfile for the file p.
func WritableFileProfile(p string, assumedDepth int) []string {
	if p == "/" {
		return nil
	}
	if probablyWritable(p) {
		out := []string{fmt.Sprintf("  # Writable file %s\n", p), fmt.Sprintf("  %q rw,\n", p)}
		for d := path.Dir(p); !probablyPresent(d); d = path.Dir(d) {
			out = append(out, fmt.Sprintf("  %q rw,\n", d+"/"))
		}
		return out
	}
	return MimicProfile(path.Dir(p), assumedDepth)
}

// prefixes are the directories from / down to p: "/", "/a/", "/a/b/",
// ..., p itself last (without a trailing slash).
func prefixes(p string) []string {
	out := []string{"/"}
	if p == "/" {
		return out
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i := range parts {
		cur := "/" + strings.Join(parts[:i+1], "/")
		if i < len(parts)-1 {
			cur += "/"
		}
		out = append(out, cur)
	}
	return out
}

// MimicProfile is the rules for a writable mimic at the directory p, or
// at any of its ancestors below the first assumedDepth components, which
// must exist and only need to be traversed.
func MimicProfile(p string, assumedDepth int) []string {
	out := []string{
		fmt.Sprintf("  # Writable mimic %s\n", p),
		"  # .. permissions for traversing the prefix that is assumed to exist\n",
	}
	all := prefixes(p)
	for depth, cur := range all {
		if depth < assumedDepth {
			out = append(out, fmt.Sprintf("  %q r,\n", cur))
		}
	}
	for depth, cur := range all {
		if depth < assumedDepth {
			continue
		}
		out = append(out, mimicVariant(strings.TrimSuffix(cur, "/"))...)
	}
	return out
}

// mimicVariant is the rules for a writable mimic at dir itself.
func mimicVariant(dir string) []string {
	at := dir + "/"
	if dir == "" {
		at = "/"
	}
	aux := path.Join("/tmp/.snap", dir) + "/"
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	return []string{
		fmt.Sprintf("  # .. variant with mimic at %s\n", at),
		"  # Allow reading the mimic directory, it must exist in the first place.\n",
		fmt.Sprintf("  %s r,\n", q(at)),
		"  # Allow setting the read-only directory aside via a bind mount.\n",
		fmt.Sprintf("  %s rw,\n", q(aux)),
		fmt.Sprintf("  mount options=(rbind, rw) %s -> %s,\n", q(at), q(aux)),
		"  # Allow mounting tmpfs over the read-only directory.\n",
		fmt.Sprintf("  mount fstype=tmpfs options=(rw) tmpfs -> %s,\n", q(at)),
		"  # Allow creating empty files and directories for bind mounting things\n" +
			"  # to reconstruct the now-writable parent directory.\n",
		fmt.Sprintf("  %s rw,\n", q(aux+"*/")),
		fmt.Sprintf("  %s rw,\n", q(at+"*/")),
		fmt.Sprintf("  mount options=(rbind, rw) %s -> %s,\n", q(aux+"*/"), q(at+"*/")),
		fmt.Sprintf("  %s rw,\n", q(aux+"*")),
		fmt.Sprintf("  %s rw,\n", q(at+"*")),
		fmt.Sprintf("  mount options=(bind, rw) %s -> %s,\n", q(aux+"*"), q(at+"*")),
		"  # Allow unmounting the auxiliary directory.\n" +
			"  # TODO: use fstype=tmpfs here for more strictness (LP: #1613403)\n",
		fmt.Sprintf("  mount options=(rprivate) -> %s,\n", q(aux)),
		fmt.Sprintf("  umount %s,\n", q(aux)),
		"  # Allow unmounting the destination directory as well as anything\n" +
			"  # inside.  This lets us perform the undo plan in case the writable\n" +
			"  # mimic fails.\n",
		fmt.Sprintf("  mount options=(rprivate) -> %s,\n", q(at)),
		fmt.Sprintf("  mount options=(rprivate) -> %s,\n", q(at+"*")),
		fmt.Sprintf("  mount options=(rprivate) -> %s,\n", q(at+"*/")),
		fmt.Sprintf("  umount %s,\n", q(at)),
		fmt.Sprintf("  umount %s,\n", q(at+"*")),
		fmt.Sprintf("  umount %s,\n", q(at+"*/")),
	}
}
