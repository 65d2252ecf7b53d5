#!/bin/sh
# Copyright (C) 2026 The plugpolicy Authors.
# SPDX-License-Identifier: GPL-3.0-only
#
# Regenerates seccomp/bpf/zsyscalls.go and seccomp/bpf/zconstants.go.
# Run from seccomp/bpf (go generate does): it downloads Debian's
# linux-libc-dev-*-cross packages with apt-get download (no root needed,
# but the package lists must be current: run "apt-get update" first),
# unpacks them with dpkg -x into a temporary directory and runs gentables.
set -eu

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pkgs="amd64 i386 x32 arm64 armhf ppc64el s390x riscv64 alpha hppa m68k mips64el powerpc sh4 sparc64"
(
	cd "$tmp"
	for p in $pkgs; do
		apt-get download -q "linux-libc-dev-$p-cross" >/dev/null 2>&1 ||
			apt-get download "linux-libc-dev-$p-cross"
	done
)
for deb in "$tmp"/*.deb; do
	dpkg -x "$deb" "$tmp/root"
done
version=$(dpkg-deb -f "$tmp"/linux-libc-dev-amd64-cross_*.deb Version)

xsys=$(go list -m -f '{{.Dir}}' golang.org/x/sys)
xsysver=$(go list -m -f '{{.Version}}' golang.org/x/sys)
go run ./internal/gentables -headers "$tmp/root" -deb-version "$version" \
	-xsys "$xsys" -xsys-version "$xsysver" -o .
