// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package tree reads the directory "plugpolicy compile --out DIR" writes:
// Check validates every file in it with the consumer that reads it
// (apparmor_parser for the AppArmor profiles, the seccomp/bpf compiler for
// the .bin and .bin2 filters, udev's and modprobe's syntax for the rules
// and module files), and Diff compares two such trees file by file.
//
// The package is internal: it serves the CLI's check and diff commands,
// its layout is the CLI's (README.md, "Command line"), and its messages
// are for people, not programs. A library user builds the files with
// package pipeline and has them in memory, not in a tree.
//
// Neither Check nor Diff follows a symbolic link or opens anything but a
// regular file: a tree is read with Lstat, and files are opened without
// following links and without blocking on FIFOs.
package tree
