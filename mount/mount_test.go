// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package mount_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

func TestEntryString(t *testing.T) {
	for _, tc := range []struct {
		e    mount.Entry
		line string
	}{
		{mount.Entry{Name: "/snap/p/1/a b", Dir: "/snap/q/1/in\tx", Options: []string{"bind", "ro"}}, `/snap/p/1/a\040b /snap/q/1/in\011x none bind,ro 0 0`},
		{mount.Entry{Name: "tmpfs", Dir: "/var/cache/x", Type: "tmpfs", Options: []string{mount.OptOriginLayout}}, "tmpfs /var/cache/x tmpfs x-snapd.origin=layout 0 0"},
		{mount.Entry{Dir: "/usr/lib/x", Options: []string{mount.OptKindSymlink, mount.OptSymlink("/snap/x/1/lib")}}, "none /usr/lib/x none x-snapd.kind=symlink,x-snapd.symlink=/snap/x/1/lib 0 0"},
		{mount.Entry{Name: `/a\b`, Dir: "/c\nd"}, `/a\134b /c\012d none defaults 0 0`},
	} {
		assert.Equal(t, tc.line, tc.e.String())
		back, err := mount.ParseLine(tc.line)
		require.NoError(t, err, tc.line)
		assert.Equal(t, tc.e, back, "the strict reader reads back what was written")
	}
}

func TestParseStrict(t *testing.T) {
	for _, bad := range []string{
		"/a /b none bind 0",             // five fields
		"/a /b none bind 0 0 0",         // seven
		"/a  /b none bind 0 0",          // two spaces
		"/a /b none bind 0 x",           // not a number
		`/a\041 /b none bind 0 0`,       // unknown escape
		`/a\04 /b none bind 0 0`,        // truncated escape
		"/a /b none bind,,ro 0 0",       // empty option
		"/a /b none bind 0 0 # comment", // trailing text
	} {
		_, err := mount.ParseLine(bad)
		assert.Error(t, err, bad)
	}
	entries, err := mount.ParseProfile("# comment\n\n/a /b none bind 0 0\n")
	require.NoError(t, err)
	assert.Equal(t, []mount.Entry{{Name: "/a", Dir: "/b", Options: []string{"bind"}}}, entries)
}

// TestCheckEntryHostile feeds values that would add, end or change an
// fstab field or an AppArmor rule: each is refused before it reaches a
// file.
func TestCheckEntryHostile(t *testing.T) {
	ok := mount.Entry{Name: "/snap/p/1/a", Dir: "/snap/q/1/b", Options: []string{"bind"}}
	require.NoError(t, mount.CheckEntry(ok))
	for _, p := range []string{
		"", "relative", "/a/../b", "/a/", "/a//b", "/a\nb", "/a\x00b", `/a"b`, `/a\b`,
		"/a,b", "/a}b", "/a{b", "/a#b", "/@{HOME}", "/a/**", "/a?", "/a[0]", "/a^", "/$SNAP",
	} {
		e := ok
		e.Dir = p
		assert.Error(t, mount.CheckEntry(e), "dir %q", p)
		e = ok
		e.Name = p
		if p != "" {
			assert.Error(t, mount.CheckEntry(e), "name %q", p)
		}
		e = mount.Entry{Dir: "/a", Options: []string{mount.OptSymlink(p)}}
		assert.Error(t, mount.CheckEntry(e), "symlink %q", p)
	}
	for _, o := range []string{"", "a,b", "a b", "a\nb", `a\b`} {
		e := ok
		e.Options = []string{o}
		assert.Error(t, mount.CheckEntry(e), "option %q", o)
	}
	e := ok
	e.Type = "ext4 rw"
	assert.Error(t, mount.CheckEntry(e))

	spec := mount.NewSpecification(&snap.Info{Name: "q", Revision: snap.R(1)})
	err := spec.AddMountEntry(mount.Entry{Name: "/a", Dir: "/b\n/c"})
	assert.ErrorContains(t, err, `invalid mount path "/b\n/c"`)
	assert.Error(t, spec.AddWritableProfile("/b\n  mount -> /,", 0))
	assert.Error(t, spec.AddUserMountEntry(mount.Entry{Name: "/a", Dir: "/b,c"}))
	assert.Empty(t, spec.MountEntries())
	assert.Empty(t, spec.UpdateNS())
}

// TestUnclash: a second entry at a taken mount point is renamed, unless
// it mounts the same thing, when the two merge into the more permissive.
func TestUnclash(t *testing.T) {
	spec := mount.NewSpecification(&snap.Info{Name: "q", Revision: snap.R(1)})
	add := func(name, dir string, opts ...string) {
		require.NoError(t, spec.AddMountEntry(mount.Entry{Name: name, Dir: dir, Options: opts}))
	}
	add("/snap/a/1/x", "/snap/q/1/in", "bind", "ro")
	add("/snap/b/1/x", "/snap/q/1/in", "bind", "ro")
	add("/snap/c/1/x", "/snap/q/1/in", "bind")
	add("/snap/a/1/x", "/snap/q/1/in", "bind")
	add("/snap/d/1/y", "/snap/q/1/other", "bind", "ro", "nodev")
	add("/snap/d/1/y", "/snap/q/1/other", "rbind", "ro")
	assert.Equal(t, []mount.Entry{
		{Name: "/snap/a/1/x", Dir: "/snap/q/1/in", Options: []string{"bind"}},
		{Name: "/snap/b/1/x", Dir: "/snap/q/1/in-2", Options: []string{"bind", "ro"}},
		{Name: "/snap/c/1/x", Dir: "/snap/q/1/in-3", Options: []string{"bind"}},
		{Name: "/snap/d/1/y", Dir: "/snap/q/1/other", Options: []string{"nodev", "ro", "rbind"}},
	}, spec.MountEntries())
}

func TestLayoutsAndOvername(t *testing.T) {
	info, err := snap.Parse([]byte(`name: lay
version: "1"
layout:
  /usr/share/lay:
    bind: $SNAP/usr/share/lay
  /etc/lay.conf:
    bind-file: $SNAP_DATA/etc/lay.conf
  /var/cache/lay:
    type: tmpfs
    mode: "0700"
  /usr/lib/lay:
    symlink: $SNAP/usr/lib/lay
apps:
  lay:
    command: bin/lay
`), snap.Options{Revision: snap.R(7), InstanceKey: "k"})
	require.NoError(t, err)
	b := &mount.Backend{}
	files, err := b.Render(b.NewSpecification(info, interfaces.ConfinementOptions{}))
	require.NoError(t, err)
	assert.Equal(t, []string{"var/lib/snapd/mount/snap.lay_k.fstab", "var/lib/snapd/mount/snap.lay_k.user-fstab"}, b.Paths("lay_k"))
	// The mappings first, then the layouts by path, in snapd's format.
	assert.Equal(t, `/snap/lay_k /snap/lay none rbind,x-snapd.origin=overname 0 0
/var/snap/lay_k /var/snap/lay none rbind,x-snapd.origin=overname 0 0
/var/snap/lay/7/etc/lay.conf /etc/lay.conf none bind,rw,x-snapd.kind=file,x-snapd.origin=layout 0 0
none /usr/lib/lay none x-snapd.kind=symlink,x-snapd.symlink=/snap/lay/7/usr/lib/lay,x-snapd.origin=layout 0 0
/snap/lay/7/usr/share/lay /usr/share/lay none rbind,rw,x-snapd.origin=layout 0 0
tmpfs /var/cache/lay tmpfs x-snapd.mode=0700,x-snapd.origin=layout 0 0
`, string(files["var/lib/snapd/mount/snap.lay_k.fstab"]))
	assert.Len(t, files, 1, "no per-user profile without per-user entries")
	entries, err := mount.ParseProfile(string(files["var/lib/snapd/mount/snap.lay_k.fstab"]))
	require.NoError(t, err)
	assert.Len(t, entries, 6)

	rules := strings.Join(mount.NewSpecification(info).UpdateNS(), "")
	for _, want := range []string{
		"  # Layout /var/cache/lay: type tmpfs, mode: 0700\n",
		`  mount fstype=tmpfs tmpfs -> "/var/cache/lay/",` + "\n",
		`  mount options=(bind, rw) "/var/snap/lay/7/etc/lay.conf" -> "/etc/lay.conf",` + "\n",
		`  mount options=(rbind, rw) "/snap/lay/7/usr/share/lay/" -> "/usr/share/lay/",` + "\n",
		`  "/usr/lib/lay" rw,` + "\n",
		"  mount options=(rw rbind) /snap/lay_k/ -> /snap/lay/,\n",
		`  mount fstype=tmpfs options=(rw) tmpfs -> "/usr/share/",` + "\n",
	} {
		assert.Contains(t, rules, want)
	}
	assert.Equal(t, 1, strings.Count(rules, `  "/" r,`+"\n"), "each rule once")
	assert.Less(t, strings.Index(rules, "parallel instance"), strings.Index(rules, "# Layout"), "mappings before layouts, as snapd")
}

// TestUserMounts: per-user entries may name the user's runtime or home
// directory, which snap-update-ns expands; nothing else changes.
func TestUserMounts(t *testing.T) {
	b := &mount.Backend{}
	spec := mount.NewSpecification(&snap.Info{Name: "x", Revision: snap.R(1)})
	require.NoError(t, spec.AddUserMountEntry(mount.Entry{Name: "$XDG_RUNTIME_DIR/doc/by-app/snap.x", Dir: "$XDG_RUNTIME_DIR/doc", Options: []string{"bind", "rw"}}))
	for _, bad := range []string{"$XDG_RUNTIME_DIRX/doc", "$USER/doc", "$HOME/../x", "$HOME/a\nb", "doc"} {
		assert.Error(t, spec.AddUserMountEntry(mount.Entry{Name: "/a", Dir: bad}), bad)
	}
	assert.Error(t, spec.AddMountEntry(mount.Entry{Name: "/a", Dir: "$HOME/x"}), "variables in per-user entries only")
	files, err := b.Render(spec)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"var/lib/snapd/mount/snap.x.user-fstab": "$XDG_RUNTIME_DIR/doc/by-app/snap.x $XDG_RUNTIME_DIR/doc none bind,rw 0 0\n",
	}, stringsOf(files))
}

func stringsOf(files interfaces.Files) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = string(v)
	}
	return out
}

func TestBackendNothing(t *testing.T) {
	b := &mount.Backend{Options: mount.Options{Dir: "etc/mnt"}}
	assert.Equal(t, "mount", b.Name())
	files, err := b.Render(b.NewSpecification(&snap.Info{Name: "x", Revision: snap.R(1)}, interfaces.ConfinementOptions{}))
	require.NoError(t, err)
	assert.Empty(t, files, "no mount profile without entries, as snapd")
	assert.Equal(t, []string{"etc/mnt/snap.x.fstab", "etc/mnt/snap.x.user-fstab"}, b.Paths("x"))
	_, err = b.Render(nil)
	assert.EqualError(t, err, "cannot render mount profiles from a <nil>")
	assert.Nil(t, mount.RenderProfile(nil))
}

func TestWritableProfile(t *testing.T) {
	assert.Equal(t, []string{
		"  # Writable directory /var/snap/p/1/a\n",
		`  "/var/snap/p/1/a/" rw,` + "\n",
		`  "/var/snap/p/1/" rw,` + "\n",
		`  "/var/snap/p/" rw,` + "\n",
	}, mount.WritableProfile("/var/snap/p/1/a", 0))
	assert.Nil(t, mount.WritableProfile("/", 0))
	mimic := mount.WritableProfile("/snap/p/1/a", 3)
	assert.Equal(t, "  # Writable mimic /snap/p/1\n", mimic[0])
	assert.Contains(t, mimic, `  "/snap/p/" r,`+"\n", "traversal of the assumed prefix")
	assert.NotContains(t, mimic, "  # .. variant with mimic at /snap/\n", "no mimic within the assumed prefix")
	assert.Contains(t, mimic, "  # .. variant with mimic at /snap/p/1/\n")
}

// TestUserEnsureDir: a per-user ensure-dir entry may start from the
// user's home, named by its variable; its must-exist directory is checked
// like a path.
func TestUserEnsureDir(t *testing.T) {
	spec := mount.NewSpecification(&snap.Info{Name: "x", Revision: snap.R(1)})
	ensure := func(dir, from string) mount.Entry {
		return mount.Entry{Name: "none", Type: "none", Dir: dir, Options: []string{mount.OptKindEnsureDir, mount.OptMustExistDir(from)}}
	}
	require.NoError(t, spec.AddUserMountEntry(ensure("$HOME/.local/share", "$HOME")))
	for _, bad := range []string{"$HOMEX", "$HOME/../x", "$HOME/a,b", "$USER", "$HOME/a\nb"} {
		assert.Error(t, spec.AddUserMountEntry(ensure("$HOME/a", bad)), bad)
	}
	assert.Error(t, spec.AddMountEntry(ensure("/a", "$HOME")), "variables in per-user entries only")
	files, err := (&mount.Backend{}).Render(spec)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"var/lib/snapd/mount/snap.x.user-fstab": "none $HOME/.local/share none x-snapd.kind=ensure-dir,x-snapd.must-exist-dir=$HOME 0 0\n",
	}, stringsOf(files))
}
