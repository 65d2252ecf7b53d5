// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package tree

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

const (
	profileRel = "var/lib/snapd/apparmor/profiles/snap.demo.app"
	srcRel     = "var/lib/snapd/seccomp/bpf/snap.demo.app.src"
	profile    = "#include <tunables/global>\n\nprofile \"snap.demo.app\" {\n  #include <abstractions/base>\n  /etc/hostname r,\n}\n"
)

// writeTree writes files (path → contents) below a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(text), 0o644))
	}
	return dir
}

// demoTree is a small tree of every kind, with filters compiled for arch.
func demoTree(t *testing.T, arch bpf.Arch) map[string]string {
	t.Helper()
	src := "read\nwrite\nopenat\nclose\n~ptrace\n"
	bin, err := bpf.CompileSource("snap.demo.app", []byte(src), bpf.Options{Arch: arch})
	require.NoError(t, err)
	bin2, err := bpf.CompileSnapConfine("snap.demo.app", []byte(src), bpf.Options{Arch: arch})
	require.NoError(t, err)
	return map[string]string{
		profileRel: profile,
		srcRel:     src,
		"var/lib/snapd/seccomp/bpf/snap.demo.app.bin":                     string(bin),
		"var/lib/snapd/seccomp/bpf/snap.demo.app.bin2":                    string(bin2),
		"etc/udev/rules.d/70-snap.demo.rules":                             "# generated\nKERNEL==\"ttyS0\", TAG+=\"snap_demo_app\"\n",
		"var/lib/snapd/cgroup/snap.demo.device":                           "",
		"etc/modules-load.d/snap.demo.conf":                               "# generated\nbr_netfilter\n",
		"etc/modprobe.d/snap.demo.conf":                                   "blacklist nouveau\noptions kvm nested=1\n",
		"etc/systemd/system/snap.demo.app.service.d/snap-interfaces.conf": "[Service]\nDelegate=true\n",
		"var/lib/snapd/mount/snap.demo.fstab":                             "",
	}
}

func TestCheckCleanTree(t *testing.T) {
	parser := testutil.AppArmorParser(t)
	dir := writeTree(t, demoTree(t, bpf.HostArch()))
	r, err := Check(dir, Options{AppArmorParser: parser})
	require.NoError(t, err)
	assert.Empty(t, r.Problems)
	assert.Empty(t, r.Notes)
	assert.Empty(t, r.Warnings)
	assert.Equal(t, 10, r.Files)
	assert.Equal(t, Counts{AppArmor: 1, AppArmorCompiled: true, Seccomp: 1,
		SeccompArches: []string{bpf.HostArch().String()}, Udev: 1, Kmod: 2, Other: 3}, r.Counts)
}

func TestCheckInfersTheArch(t *testing.T) {
	other := bpf.ArchARM64
	if bpf.HostArch() == other {
		other = bpf.ArchAMD64
	}
	dir := writeTree(t, demoTree(t, other))
	r, err := Check(dir, Options{})
	require.NoError(t, err)
	assert.Empty(t, r.Problems)
	assert.Equal(t, []string{other.String()}, r.Counts.SeccompArches)
	// Without AppArmor, a note says so.
	assert.Equal(t, []string{"apparmor_parser not found: 1 profiles not compiled"}, r.Notes)
	assert.False(t, r.Counts.AppArmorCompiled)

	// A fixed --arch that is not the filters' is a problem for each.
	r, err = Check(dir, Options{Arch: bpf.HostArch()})
	require.NoError(t, err)
	require.Len(t, r.Problems, 2)
	assert.Equal(t, "var/lib/snapd/seccomp/bpf/snap.demo.app.bin", r.Problems[0].Path)
	assert.Contains(t, r.Problems[0].Message, "differs from its source compiled for "+bpf.HostArch().String())
	assert.Equal(t, "var/lib/snapd/seccomp/bpf/snap.demo.app.bin2", r.Problems[1].Path)
}

func TestCheckSeccompProblems(t *testing.T) {
	files := demoTree(t, bpf.HostArch())
	files["var/lib/snapd/seccomp/bpf/snap.demo.app.bin2"] = files["var/lib/snapd/seccomp/bpf/snap.demo.app.bin"]
	files["var/lib/snapd/seccomp/bpf/snap.demo.other.bin"] = files["var/lib/snapd/seccomp/bpf/snap.demo.app.bin"]
	files["var/lib/snapd/seccomp/bpf/snap.demo.hook.configure.src"] = "read\n"
	dir := writeTree(t, files)
	r, err := Check(dir, Options{})
	require.NoError(t, err)
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		fmt.Sprintf("var/lib/snapd/seccomp/bpf/snap.demo.app.bin2: differs from its source compiled for every architecture (%d bytes; for %s it is %d)",
			len(files["var/lib/snapd/seccomp/bpf/snap.demo.app.bin"]), bpf.HostArch(), len(mustBin2(t, files[srcRel]))),
		"var/lib/snapd/seccomp/bpf/snap.demo.hook.configure.src: no compiled filter var/lib/snapd/seccomp/bpf/snap.demo.hook.configure.bin beside it",
		"var/lib/snapd/seccomp/bpf/snap.demo.other.bin: seccomp filter without its policy source var/lib/snapd/seccomp/bpf/snap.demo.other.src",
	}, got)
	assert.Equal(t, 2, r.Counts.Seccomp)
}

func mustBin2(t *testing.T, src string) []byte {
	t.Helper()
	bin2, err := bpf.CompileSnapConfine("snap.demo.app", []byte(src), bpf.Options{Arch: bpf.HostArch()})
	require.NoError(t, err)
	return bin2
}

func TestCheckRejectedProfile(t *testing.T) {
	parser := testutil.AppArmorParser(t)
	files := demoTree(t, bpf.HostArch())
	files["var/lib/snapd/apparmor/profiles/snap.demo.bad"] = profile[:len(profile)-2] + "  garbage rule here,\n}\n"
	dir := writeTree(t, files)
	r, err := Check(dir, Options{AppArmorParser: parser})
	require.NoError(t, err)
	require.Len(t, r.Problems, 1)
	assert.Equal(t, "var/lib/snapd/apparmor/profiles/snap.demo.bad", r.Problems[0].Path)
	assert.Contains(t, r.Problems[0].Message, "apparmor_parser rejects it: ")
	assert.Contains(t, r.Problems[0].Message, "snap.demo.bad")
}

func TestCheckLayoutAndSpecialFiles(t *testing.T) {
	files := demoTree(t, bpf.HostArch())
	files["etc/motd"] = "hello\n"
	files["usr/lib/x/y"] = "not listed\n"
	files["etc/udev/rules.d/70-snap.demo.rules"] = "KERNEL==\"a\"\nKERNEL==\"b\", TAG+=\"c\nKERNEL==\"d\" TAG+=\"e\"\n"
	files["etc/modules-load.d/snap.demo.conf"] = "ok\nbad name\n"
	dir := writeTree(t, files)
	pipe := filepath.Join(dir, "var/lib/snapd/apparmor/profiles/snap.demo.fifo")
	require.NoError(t, syscall.Mkfifo(pipe, 0o644))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(dir, "var/lib/snapd/mount/snap.demo.user-fstab")))

	r, err := Check(dir, Options{})
	require.NoError(t, err)
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		"etc/modules-load.d/snap.demo.conf:2: invalid kernel module name \"bad name\": use 1 to 56 letters, digits, \"_\" and \"-\"",
		"etc/motd: not a file plugpolicy compile writes",
		"etc/udev/rules.d/70-snap.demo.rules:2: column 19: unbalanced quotes: the value of TAG has no closing \"",
		"usr: directory outside the layout plugpolicy compile writes",
		"var/lib/snapd/apparmor/profiles/snap.demo.fifo: named pipe: not a regular file (not followed)",
		"var/lib/snapd/mount/snap.demo.user-fstab: symlink -> /etc/passwd: not a regular file (not followed)",
	}, got)
	assert.Equal(t, []Problem{{Path: "etc/udev/rules.d/70-snap.demo.rules", Line: 3,
		Message: "column 13: a comma should be between tokens (after KERNEL)"}}, r.Warnings)

	out, err := json.Marshal(r)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	assert.Equal(t, []string{"dir", "files", "notes", "problems"}, slices.Sorted(maps.Keys(doc)))
	assert.Equal(t, []any{
		"apparmor_parser not found: 1 profiles not compiled",
		"etc/udev/rules.d/70-snap.demo.rules:3: warning: column 13: a comma should be between tokens (after KERNEL)",
	}, doc["notes"])
	assert.Equal(t, map[string]any{"path": "etc/motd", "message": "not a file plugpolicy compile writes"}, doc["problems"].([]any)[1])
}

func TestCheckUnreadableRoot(t *testing.T) {
	_, err := Check(filepath.Join(t.TempDir(), "missing"), Options{})
	assert.ErrorContains(t, err, "missing: no such file or directory")
}
