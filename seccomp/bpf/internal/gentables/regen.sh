#!/bin/sh
# Copyright (C) 2026 The plugpolicy Authors.
# SPDX-License-Identifier: GPL-3.0-only
#
# Regenerates seccomp/bpf/zsyscalls.go and seccomp/bpf/zconstants.go.
# Run from seccomp/bpf (go generate does). Needs curl, xz, sha256sum and
# dpkg-deb; no root.
#
# The syscall tables come from the Linux UAPI headers that Debian ships in
# linux-libc-dev and the linux-libc-dev-ARCH-cross packages (since Linux
# 6.x the cross packages are symbolic links into linux-libc-dev's
# /usr/lib/linux/uapi). They are taken from Debian's "sid" suite, the one
# that follows the kernel, and the version is pinned below so that a run
# reproduces the committed files byte for byte: the script fails, saying
# what the index carries, when the suite has moved on. Each .deb is
# checked against the SHA256 of the suite's index and against the
# checksum committed in packages.sha256.
#
# The constants come from golang.org/x/sys/unix at the version in the main
# module's go.mod.
#
# The mirror is the first Debian archive in the machine's apt sources;
# DEBIAN_MIRROR overrides it (a URL whose dists/ holds the suites).
#
# To move to a new kernel: set deb_version to what the index carries, run
# "sh internal/gentables/regen.sh -update-pins" (which rewrites
# packages.sha256 from the index), then read the diff of the tables.
set -eu

deb_version=7.2.13-1
suite=sid
# linux-libc-dev holds the headers; the cross packages hold each
# architecture's include directory, as links into it. The first eight
# are the architectures with tables, the others supply names only.
cross="amd64 i386 x32 arm64 armhf ppc64el s390x riscv64 alpha hppa m68k mips64el powerpc sh4 sparc64"
pkgs="linux-libc-dev"
for a in $cross; do
	pkgs="$pkgs linux-libc-dev-$a-cross"
done

here=$(cd "$(dirname "$0")" && pwd)
pins="$here/packages.sha256"
update_pins=false
case "${1:-}" in
"") ;;
-update-pins) update_pins=true ;;
*)
	echo "usage: regen.sh [-update-pins]" >&2
	exit 2
	;;
esac

fail() {
	echo "regen.sh: $*" >&2
	exit 1
}

for tool in curl xz sha256sum dpkg-deb go; do
	command -v "$tool" >/dev/null 2>&1 || fail "cannot find $tool (Debian packages curl, xz-utils, coreutils, dpkg)"
done

# apt_mirror prints the first Debian archive URL of the apt sources, in
# deb822 (URIs:) or one-line (deb URL SUITE ...) form.
apt_mirror() {
	for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk '
			$1 == "URIs:" { for (i = 2; i <= NF; i++) print $i }
			$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }
		' "$f"
	done | grep -E '/debian/?$' | head -n 1 | sed 's,/$,,'
}

mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
[ -n "$mirror" ] || fail "cannot find a Debian archive in the apt sources: set DEBIAN_MIRROR"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

index_url="$mirror/dists/$suite/main/binary-all/Packages.xz"
curl -fsS --retry 3 -o "$tmp/Packages.xz" "$index_url" || fail "cannot download $index_url"
xz -dc "$tmp/Packages.xz" >"$tmp/Packages" || fail "cannot decompress $index_url"

# One line per stanza of the wanted packages: name version filename sha256.
awk -v want=" $pkgs " '
	/^Package:/ { p = $2; v = f = s = "" }
	/^Version:/ { v = $2 }
	/^Filename:/ { f = $2 }
	/^SHA256:/ { s = $2 }
	/^$/ { if (index(want, " " p " ") && s != "") print p, v, f, s; p = "" }
	END { if (p != "" && index(want, " " p " ") && s != "") print p, v, f, s }
' "$tmp/Packages" >"$tmp/stanzas"

: >"$tmp/new-pins"
for p in $pkgs; do
	line=$(awk -v p="$p" -v v="$deb_version" '$1 == p && $2 == v' "$tmp/stanzas" | head -n 1)
	if [ -z "$line" ]; then
		carried=$(awk -v p="$p" '$1 == p { print $2 }' "$tmp/stanzas" | tr '\n' ' ' | sed 's/ $//')
		fail "$suite no longer carries $p $deb_version (it carries: ${carried:-nothing}); set deb_version in regen.sh and run it with -update-pins"
	fi
	set -- $line
	file=$(basename "$3")
	sum=$4
	curl -fsS --retry 3 -o "$tmp/$file" "$mirror/$3" || fail "cannot download $mirror/$3"
	echo "$sum  $file" | (cd "$tmp" && sha256sum -c --quiet -) >/dev/null 2>&1 ||
		fail "$file does not match the SHA256 of the $suite index"
	echo "$sum  $file" >>"$tmp/new-pins"
	if ! $update_pins; then
		grep -qx "$sum  $file" "$pins" 2>/dev/null ||
			fail "$file ($sum) is not the one pinned in $pins: if the version moved on on purpose, run regen.sh -update-pins"
	fi
	dpkg-deb -x "$tmp/$file" "$tmp/root"
done
if $update_pins; then
	cp "$tmp/new-pins" "$pins"
fi

go mod download golang.org/x/sys
xsys=$(go list -m -f '{{.Dir}}' golang.org/x/sys)
xsysver=$(go list -m -f '{{.Version}}' golang.org/x/sys)
go run ./internal/gentables -headers "$tmp/root" -deb-version "$deb_version" \
	-xsys "$xsys" -xsys-version "$xsysver" -o .
