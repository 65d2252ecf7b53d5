// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareAndJudge(t *testing.T) {
	sc := &Scenario{Name: "iface/x", Files: map[string][]byte{
		"var/lib/snapd/apparmor/profiles/snap.p.a": []byte("profile \"snap.p.a\" {\n  /a r,\n  deny /b w,\n  /c r,\n}\n"),
		"var/lib/snapd/seccomp/bpf/snap.p.a.src":   []byte("read\n~ioctl - TIOCSTI\n"),
		"etc/systemd/system/snap.p.a.service":      []byte("[Service]\nExecStart=x\nDelegate=true\n"),
		"var/lib/snapd/cgroup/snap.p.device":       []byte("# generated\n"),
	}}
	ours := map[string][]byte{
		"var/lib/snapd/apparmor/profiles/snap.p.a":                 []byte("profile \"snap.p.a\" {\n  /a r,\n  /d rw,\n  /c r,\n}\n"),
		"var/lib/snapd/seccomp/bpf/snap.p.a.src":                   []byte("read\nwrite\n~ioctl - TIOCSTI\n"),
		"etc/systemd/system/snap.p.a.service" + UnitSettingsSuffix: []byte("[Service]\nDelegate=true\n"),
		"var/lib/snapd/apparmor/profiles/snap.p.extra":             []byte("profile x {\n}\n"),
	}
	base := map[string][]byte{"etc/systemd/system/snap.p.a.service": []byte("[Service]\nExecStart=x\n")}
	res := Compare(sc, ours, base)
	aa := "var/lib/snapd/apparmor/profiles/snap.p.a"
	src := "var/lib/snapd/seccomp/bpf/snap.p.a.src"
	unit := "etc/systemd/system/snap.p.a.service"
	want := []Difference{
		{Scenario: "iface/x", File: unit, Side: Missing},
		{Scenario: "iface/x", File: aa, Side: Missing, Statement: "deny /b w,"},
		{Scenario: "iface/x", File: aa, Side: Extra, Statement: "/d rw,"},
		{Scenario: "iface/x", File: "var/lib/snapd/apparmor/profiles/snap.p.extra", Side: Extra},
		{Scenario: "iface/x", File: "var/lib/snapd/cgroup/snap.p.device", Side: Missing},
		{Scenario: "iface/x", File: src, Side: Extra, Statement: "write"},
	}
	assert.ElementsMatch(t, want, res.Differences)
	assert.Equal(t, Count{Snapd: 4, Ours: 4, Common: 3}, res.Counts[aa], "the profile line counts too")
	assert.Equal(t, Count{Snapd: 1, Ours: 1, Common: 1}, res.Counts[unit+UnitSettingsSuffix], "Delegate=true is the interface's setting")

	for _, d := range want {
		allows := d.Statement == "deny /b w," || d.Statement == "/d rw," || d.Statement == "write" || d.File == "var/lib/snapd/apparmor/profiles/snap.p.extra"
		assert.Equal(t, allows, d.AllowsMore(), "%+v", d)
	}

	entries := []*Entry{
		{Scenarios: []string{"iface/*"}, Files: []string{"var/lib/snapd/apparmor/profiles/snap.p.*"}, Missing: []string{"deny  /b w,"}, Extra: []string{"/d rw,"}, Why: WhyChoice, Reason: "r", Security: "s"},
		{Scenarios: []string{"*/*"}, Files: []string{"etc/systemd/system/*.service"}, MissingFile: true, Why: WhyChoice, Reason: "r"},
		{Scenarios: []string{"iface/x"}, Files: []string{src}, Extra: []string{"write"}, Why: WhyLater, Reason: "r", Security: "s"},
		{Scenarios: []string{"iface/y"}, Files: []string{src}, Extra: []string{"write"}, Why: WhyChoice, Reason: "r"},
	}
	v := Judge(res.Differences, entries)
	assert.ElementsMatch(t, []Difference{want[3], want[4]}, v.Unlisted)
	assert.Equal(t, []Difference{want[5]}, v.Unargued, "an entry that says later cannot argue for allowing more")
	assert.Equal(t, []string{"entry 4 (iface/y): extra: write"}, v.Stale)
	assert.False(t, v.OK())

	entries[0].Security = ""
	v = Judge(res.Differences, entries)
	assert.Len(t, v.Unargued, 3, "allowing more without a security argument")
}

func TestLoadDifferences(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		f := filepath.Join(dir, "d.yaml")
		require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
		return f
	}
	_, err := LoadDifferences(write("- scenarios: [a]\n  files: [b]\n  missing-file: true\n  why: choice\n  reason: r\n"))
	assert.NoError(t, err)
	_, err = LoadDifferences(write("- scenarios: [a]\n  files: [b]\n  missing-file: true\n  why: because\n  reason: r\n"))
	assert.ErrorContains(t, err, `entry 1 (a): invalid why "because"`)
	_, err = LoadDifferences(write("- scenarios: [a]\n  files: [b]\n  why: choice\n  reason: r\n"))
	assert.ErrorContains(t, err, "lists statements or a whole file")
	_, err = LoadDifferences(write("- scenarios: [a]\n  files: [b]\n  extra-file: true\n  why: choice\n  reason: \"\"\n"))
	assert.ErrorContains(t, err, "gives its reason")
	_, err = LoadDifferences(write("- scenarios: [a]\n  files: [b]\n  extra-file: true\n  why: choice\n  reason: r\n  typo: x\n"))
	assert.ErrorContains(t, err, "field typo not found")
}

func TestSkeleton(t *testing.T) {
	diffs := []Difference{
		{Scenario: "iface/a", File: "var/lib/snapd/apparmor/profiles/snap.p.svc", Side: Missing, Statement: "/x r,"},
		{Scenario: "iface/a", File: "var/lib/snapd/apparmor/profiles/snap.p.cli", Side: Missing, Statement: "/x r,"},
		{Scenario: "iface/b", File: "var/lib/snapd/apparmor/profiles/snap.p.svc", Side: Missing, Statement: "/x r,"},
		{Scenario: "iface/a", File: "var/lib/snapd/apparmor/profiles/snap.p.svc", Side: Extra, Statement: "/y r,"},
	}
	entries := Skeleton(diffs)
	require.Len(t, entries, 2)
	assert.Equal(t, []string{"iface/a", "iface/b"}, entries[0].Scenarios)
	assert.Equal(t, []string{"var/lib/snapd/apparmor/profiles/snap.p.*"}, entries[0].Files)
	assert.Equal(t, []string{"/x r,"}, entries[0].Missing)
	assert.Equal(t, []string{"iface/a"}, entries[1].Scenarios)
	assert.Equal(t, []string{"/y r,"}, entries[1].Extra)
	v := Judge(diffs, entries)
	assert.Empty(t, v.Unlisted, "a skeleton covers what it was made from")
}
