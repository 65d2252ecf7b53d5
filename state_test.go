// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/fileset"
)

func sampleState() *state {
	return &state{Snaps: map[string]*snapState{
		"web": {Key: "abc", Files: map[string]map[string]fileset.Stamp{
			"apparmor": {"var/lib/snapd/apparmor/profiles/snap.web.server": {Ino: 7, Size: 100, Mtime: 1, Ctime: 2},
				"var/lib/snapd/apparmor/profiles/a path with spaces": {Ino: 8, Size: 0, Mtime: -1, Ctime: 3}},
			"kmod": {},
		}, Tags: map[string]map[string]string{"apparmor": {"snap.web.server": "k1", "snap.web.hook.configure": "k2"}}},
		"tool": {Key: "def", Files: map[string]map[string]fileset.Stamp{}},
	}}
}

// TestStateRoundTrip: a record decodes to what was encoded, and encodes
// the same way every time.
func TestStateRoundTrip(t *testing.T) {
	st := sampleState()
	data := st.encode()
	got, ok := decodeState(data)
	require.True(t, ok)
	assert.Equal(t, st, got)
	assert.Equal(t, data, got.encode())
	assert.Equal(t, "plugpolicy-state 2\nsnap tool def\nsnap web abc\nbackend apparmor\n"+
		"tag snap.web.hook.configure k2\ntag snap.web.server k1\n"+
		"file 8 0 -1 3 var/lib/snapd/apparmor/profiles/a path with spaces\n"+
		"file 7 100 1 2 var/lib/snapd/apparmor/profiles/snap.web.server\nbackend kmod\n", string(data))
}

// TestStateRejects: anything but a whole record of this format is no
// record at all.
func TestStateRejects(t *testing.T) {
	for _, bad := range []string{
		"", "plugpolicy-state 1\n", "plugpolicy-state 2 \n",
		"plugpolicy-state 2\nbackend apparmor\n",                                // a backend before any snap
		"plugpolicy-state 2\nsnap a k\nfile 1 2 3 4 p\n",                        // a file before any backend
		"plugpolicy-state 2\nsnap a k\nbackend b\nfile 1 2 3 p\n",               // a field short
		"plugpolicy-state 2\nsnap a k\nbackend b\nfile 1 x 3 4 p\n",             // not a number
		"plugpolicy-state 2\nsnap a k\nsnap a k\n",                              // a snap twice
		"plugpolicy-state 2\nsnap a k\nbackend b\nbackend b\n",                  // a backend twice
		"plugpolicy-state 2\nsnap a\n",                                          // no key
		"plugpolicy-state 2\nsnap a k\nbackend b\nfile 1 2 3 4 p\n\nsnap c d\n", // an empty line
		"plugpolicy-state 2\nsnap a k\nbackend b\ntag t\n",                      // a tag without a key
		"plugpolicy-state 2\nsnap a k\nbackend b\ntag t k\ntag t k\n",           // a tag twice
		"plugpolicy-state 2\nsnap a k\ntag t k\n",                               // a tag before any backend
		"plugpolicy-state 2\nsnap a k\nbackend b\nfile 1 2 3 4 p\ntag t k\n",    // a tag after a file
	} {
		_, ok := decodeState([]byte(bad))
		assert.False(t, ok, "%q", bad)
	}
}

// FuzzDecodeState: no input makes decodeState panic, and what it accepts
// encodes to a record that decodes to the same state.
func FuzzDecodeState(f *testing.F) {
	f.Add(sampleState().encode())
	f.Add([]byte("plugpolicy-state 2\nsnap a k\nbackend b\ntag t k\nfile 1 2 3 4 p\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, ok := decodeState(data)
		if !ok {
			return
		}
		again, ok := decodeState(st.encode())
		require.True(t, ok)
		assert.Equal(t, st, again)
	})
}
