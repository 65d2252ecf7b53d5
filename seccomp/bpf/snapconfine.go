// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// snap-confine's .bin2 format (cmd/snap-confine/seccomp-support.c, struct
// sc_seccomp_file_header; snap-seccomp's scSeccompFileHeader): a header
// of 128 bytes in the byte order of the machine that runs the filters,
//
//	offset  size  field
//	     0     2  header: "SC"
//	     2     1  version: 1
//	     3     1  unrestricted: 1 for @unrestricted, else 0
//	     4     4  padding (zero)
//	     8     4  len_allow_filter: bytes of the allow filter
//	    12     4  len_deny_filter: bytes of the deny filter
//	    16   112  reserved (zero)
//
// then the allow filter's array of struct sock_filter, then the deny
// filter's. An unrestricted file is the header alone, with both lengths
// zero: snap-confine then loads no filter.
const (
	// SnapConfineHeaderSize is the size of the .bin2 header.
	SnapConfineHeaderSize = 128
	// SnapConfineMaxFilterSize is snap-confine's MAX_BPF_SIZE: the most
	// bytes each filter may have (4096 instructions, the kernel's limit
	// too).
	SnapConfineMaxFilterSize = 32 * 1024

	snapConfineVersion = 1
	offLenAllow        = 8
	offLenDeny         = 12
)

// A filter of MaxInstructions fits snap-confine's limit (this fails to
// compile otherwise).
const _ = uint(SnapConfineMaxFilterSize - MaxInstructions*instructionSize)

var snapConfineMagic = []byte("SC")

// CompileSnapConfine parses src and compiles it with opts into the .bin2
// file snap-confine loads (cmd/snap-confine/seccomp-support.c): the two
// filters snap-seccomp builds, the allow lines in one and the "~" lines
// in the other (see README.md, "Semantics"), in the byte order of
// opts.Arch. Loaded as snap-confine loads them, deny filter first, they
// decide every call as Policy.Decide does. Errors name the policy;
// opts.Strict is as for CompileSource.
func CompileSnapConfine(name string, src []byte, opts Options) ([]byte, error) {
	bin, _, err := CompileSnapConfineWithWarnings(name, src, opts)
	return bin, err
}

// CompileSnapConfineWithWarnings is CompileSnapConfine that also returns
// the lines it skipped (see CompileSourceWithWarnings).
func CompileSnapConfineWithWarnings(name string, src []byte, opts Options) ([]byte, []Warning, error) {
	opts.Name = name
	p, err := ParseWithOptions(src, ParseOptions{Strict: opts.Strict})
	if err != nil {
		return nil, nil, compileError(opts, err)
	}
	allow, deny, err := CompileSnapConfineFilters(p, opts)
	if err != nil {
		return nil, p.Warnings, err
	}
	bin, err := EncodeSnapConfine(allow, deny, p.Unrestricted, opts.Arch.ByteOrder())
	if err != nil {
		return nil, p.Warnings, compileError(opts, err)
	}
	return bin, p.Warnings, nil
}

// CompileSnapConfineFilters compiles snap-seccomp's two filters for the
// policy: the allow filter (ALLOW where an allow line matches, else
// ERRNO(EPERM)) and the deny filter (ERRNO(EACCES) where a "~" line
// matches, else ALLOW); under @complain both default to LOG. Both use the
// compiler's dispatch, each for its own lines. Under @unrestricted there
// is no filter: both results are nil.
func CompileSnapConfineFilters(p *Policy, opts Options) (allow, deny *Program, err error) {
	allow, deny, _, err = compileSnapConfine(p, opts)
	return allow, deny, err
}

// compileSnapConfine is CompileSnapConfineFilters, with the two filters'
// statistics.
func compileSnapConfine(p *Policy, opts Options) (allow, deny *Program, stats [2]Stats, err error) {
	if _, err := opts.Arches(); err != nil {
		return nil, nil, stats, compileError(opts, err)
	}
	if p.Unrestricted {
		return nil, nil, stats, nil
	}
	for i, k := range []filterKind{filterAllow, filterDeny} {
		prog, st, err := compile(p, opts, dispatchTree, k)
		if err != nil {
			return nil, nil, stats, err
		}
		stats[i] = st
		if k == filterAllow {
			allow = prog
		} else {
			deny = prog
		}
	}
	return allow, deny, stats, nil
}

// String names the filter in errors.
func (k filterKind) String() string {
	switch k {
	case filterAllow:
		return "allow filter"
	case filterDeny:
		return "deny filter"
	}
	return "filter"
}

// EncodeSnapConfine writes the .bin2 file of the two filters in byte order
// order (nil: the running program's): the header, the allow filter, the
// deny filter; for unrestricted, the header alone (allow and deny are
// then ignored). A filter that MarshalBinary encodes (at most
// MaxInstructions) fits snap-confine's SnapConfineMaxFilterSize.
func EncodeSnapConfine(allow, deny *Program, unrestricted bool, order binary.ByteOrder) ([]byte, error) {
	if order == nil {
		order = binary.NativeEndian
	}
	hdr := make([]byte, SnapConfineHeaderSize)
	copy(hdr, snapConfineMagic)
	hdr[2] = snapConfineVersion
	if unrestricted {
		hdr[3] = 1
		return hdr, nil
	}
	out := hdr
	for _, f := range []struct {
		what string
		prog *Program
		off  int
	}{{"allow", allow, offLenAllow}, {"deny", deny, offLenDeny}} {
		if f.prog == nil {
			return nil, fmt.Errorf("cannot encode snap-confine filters: no %s filter", f.what)
		}
		p := *f.prog
		p.Order = order
		bin, err := p.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("cannot encode snap-confine %s filter: %w", f.what, err)
		}
		order.PutUint32(out[f.off:], uint32(len(bin)))
		out = append(out, bin...)
	}
	return out, nil
}

// IsSnapConfine reports whether data starts like a .bin2 file. A plain
// filter (.bin) cannot: "SC" is no instruction seccomp accepts.
func IsSnapConfine(data []byte) bool {
	return bytes.HasPrefix(data, snapConfineMagic)
}

// DecodeSnapConfine reads a .bin2 file in byte order order (nil: the
// running program's), checking it as snap-confine does (the header, the
// size limits, the file's length) and each filter as the kernel does. An
// unrestricted file gives no filters.
func DecodeSnapConfine(data []byte, order binary.ByteOrder) (allow, deny *Program, unrestricted bool, err error) {
	if order == nil {
		order = binary.NativeEndian
	}
	fail := func(format string, args ...any) (*Program, *Program, bool, error) {
		return nil, nil, false, fmt.Errorf("cannot decode snap-confine filters: "+format, args...)
	}
	switch {
	case len(data) < SnapConfineHeaderSize:
		return fail("file of %d bytes is shorter than the %d-byte header", len(data), SnapConfineHeaderSize)
	case !IsSnapConfine(data):
		return fail("header starts with %q, not %q", data[:2], snapConfineMagic)
	case data[2] != snapConfineVersion:
		return fail("version %d, expected %d", data[2], snapConfineVersion)
	}
	lens := [2]uint32{order.Uint32(data[offLenAllow:]), order.Uint32(data[offLenDeny:])}
	for i, what := range []string{"allow", "deny"} {
		if lens[i] > SnapConfineMaxFilterSize || lens[i]%instructionSize != 0 {
			return fail("%s filter of %d bytes: expected a multiple of %d up to %d", what, lens[i], instructionSize, SnapConfineMaxFilterSize)
		}
	}
	if want := SnapConfineHeaderSize + int(lens[0]) + int(lens[1]); len(data) != want {
		return fail("file of %d bytes, its header says %d", len(data), want)
	}
	if data[3] == 1 {
		return nil, nil, true, nil
	}
	var progs [2]*Program
	at := SnapConfineHeaderSize
	for i, what := range []string{"allow", "deny"} {
		if lens[i] == 0 {
			return fail("%s filter may only be empty in unrestricted profiles", what)
		}
		p, err := Decode(data[at:at+int(lens[i])], order)
		if err != nil {
			return fail("%s filter: %w", what, err)
		}
		progs[i] = p
		at += int(lens[i])
	}
	return progs[0], progs[1], false, nil
}
