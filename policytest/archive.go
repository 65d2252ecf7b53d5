// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// section is one file of a txtar archive, placed in the archive's bytes:
// its marker line starts at start, its content at body, and it ends at
// end, where the next marker line or the archive ends.
type section struct {
	name             string
	start, body, end int
}

// sections finds the files of a txtar archive, by the marker lines
// txtar.Parse recognises ("-- NAME --", alone on a line).
func sections(data []byte) []section {
	var out []section
	for i := 0; i < len(data); {
		next := len(data)
		if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
			next = i + j + 1
		}
		if name := markerName(data[i:next]); name != "" {
			if n := len(out); n > 0 {
				out[n-1].end = i
			}
			out = append(out, section{name: name, start: i, body: next})
		}
		i = next
	}
	if n := len(out); n > 0 {
		out[n-1].end = len(data)
	}
	return out
}

// markerName returns the file name a marker line names, or "" if line is
// not a marker.
func markerName(line []byte) string {
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) < len("-- ")+len(" --") || !bytes.HasPrefix(line, []byte("-- ")) || !bytes.HasSuffix(line, []byte(" --")) {
		return ""
	}
	return strings.TrimSpace(string(line[len("-- ") : len(line)-len(" --")]))
}

// spliceOutputs returns the archive raw with got as its out/ sections:
// an out/ section of a file in got keeps its marker line and gets the new
// content, one of a file not in got is dropped, and files not in the
// archive are added, in name order, after its last out/ section (or at
// its end). Every other byte is kept.
func spliceOutputs(raw []byte, got map[string][]byte) []byte {
	secs := sections(raw)
	present := map[string]bool{}
	lastOut := -1
	for i, s := range secs {
		if rest, ok := strings.CutPrefix(s.name, "out/"); ok {
			present[rest] = true
			lastOut = i
		}
	}
	var added []string
	for name := range got {
		if !present[name] {
			added = append(added, name)
		}
	}
	sort.Strings(added)
	var buf bytes.Buffer
	addNew := func() {
		for _, name := range added {
			if buf.Len() > 0 && !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
				buf.WriteByte('\n')
			}
			fmt.Fprintf(&buf, "-- out/%s --\n", name)
			buf.Write(got[name])
		}
	}
	if len(secs) == 0 {
		buf.Write(raw)
	} else {
		buf.Write(raw[:secs[0].start])
	}
	for i, s := range secs {
		if rest, ok := strings.CutPrefix(s.name, "out/"); !ok {
			buf.Write(raw[s.start:s.end])
		} else if data, ok := got[rest]; ok {
			buf.Write(raw[s.start:s.body])
			if !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
				buf.WriteByte('\n') // a marker line that ended the archive
			}
			buf.Write(data)
		}
		if i == lastOut {
			addNew()
		}
	}
	if lastOut < 0 {
		addNew()
	}
	return buf.Bytes()
}
