// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// mount-host-font-cache is a boolean or absent; anything else, hostile
// strings included, is refused before it could reach any file.
func TestDesktopFontCacheAttribute(t *testing.T) {
	repo, rejected := addSnap(t, `name: fonts
version: "1"
plugs:
  plain: desktop
  on:
    interface: desktop
    mount-host-font-cache: true
  off:
    interface: desktop
    mount-host-font-cache: false
  word:
    interface: desktop
    mount-host-font-cache: "false"
  hostile:
    interface: desktop
    mount-host-font-cache: "true\n}\n/** rwx,"
  number:
    interface: desktop
    mount-host-font-cache: 0
  list:
    interface: desktop
    mount-host-font-cache: [true]
apps:
  a:
    command: a
`)
	assert.Equal(t, []interfaces.Rejected{
		{Kind: "plug", Name: "hostile", Interface: "desktop", Reason: `snap "fonts", plug "hostile": invalid value "true\n}\n/** rwx," for attribute "mount-host-font-cache": want true or false`},
		{Kind: "plug", Name: "list", Interface: "desktop", Reason: `snap "fonts", plug "list": invalid value []interface {}{true} for attribute "mount-host-font-cache": want true or false`},
		{Kind: "plug", Name: "number", Interface: "desktop", Reason: `snap "fonts", plug "number": invalid value 0 for attribute "mount-host-font-cache": want true or false`},
		{Kind: "plug", Name: "word", Interface: "desktop", Reason: `snap "fonts", plug "word": invalid value "false" for attribute "mount-host-font-cache": want true or false`},
	}, rejected)
	for _, name := range []string{"plain", "on", "off"} {
		assert.NotNil(t, repo.Plug("fonts", name), name)
	}
}

// With the host's session, an application talks to unconfined peers and
// gets the host session's extras; with a desktop session snap, its
// messages go to that snap's programs only, the extras (which name
// unconfined services) stay out, and the session snap hears from the
// connected snap alone.
func TestDesktopSessionSnap(t *testing.T) {
	launcher := `dbus (send) bus=session interface=com.canonical.Unity.LauncherEntry member=Update peer=(label=%s),`
	host := providedFiles(t, false, displayServerSnaps("desktop")[1:], "client:desktop")
	client := host["client"][clientProfile]
	assert.True(t, hasRule(client, sprintf(launcher, "unconfined")), client)
	assert.True(t, hasRule(client, `/usr/bin/xdg-open ixr,`))

	files := providedFiles(t, false, displayServerSnaps("desktop"), "client:desktop=server:desktop")
	client = files["client"][clientProfile]
	assert.True(t, hasRule(client, sprintf(launcher, `"snap.server.srv"`)), client)
	assert.False(t, hasRule(client, sprintf(launcher, "unconfined")), "job progress goes to unconfined programs with a session snap")
	assert.True(t, hasRule(client, `dbus (send) bus=session path="/org/gnome/Mutter/IdleMonitor/Core" interface="org.gnome.Mutter.IdleMonitor" member="GetIdletime" peer=(label="snap.server.srv"),`))
	assert.False(t, hasRule(client, `/usr/bin/xdg-open ixr,`), "the host session's extras with a session snap")
	assert.True(t, hasRule(client, `/run/user/[0-9]*/doc/*/** rw,`))

	server := files["server"][serverProfile]
	assert.True(t, hasRule(server, `dbus (receive) bus=session interface=com.canonical.Unity.LauncherEntry member=Update peer=(label="snap.client.gui"),`), server)
	assert.NotContains(t, server, "stranger", "an unconnected snap reaches the session snap")
	assert.True(t, hasRule(server, `dbus (bind) bus=session name=org.gnome.Shell{,.*},`))
	assert.False(t, hasRule(client, `dbus (bind) bus=session name=org.gnome.Shell{,.*},`), "an application may own the shell's names")
}

// With no host fonts, the document portal is the one mount, per user,
// whoever offers the session; snap-update-ns may bind the host's fonts
// (and font cache) everywhere, as snapd lets it.
func TestDesktopMounts(t *testing.T) {
	const (
		userFstab = "var/lib/snapd/mount/snap.client.user-fstab"
		updateNS  = "var/lib/snapd/apparmor/profiles/snap-update-ns.client"
		fontRule  = "  mount options=(bind) /var/lib/snapd/hostfs/usr/share/fonts/ -> /usr/share/fonts/,\n"
		cacheRule = "  mount options=(bind) /var/lib/snapd/hostfs/var/cache/fontconfig/ -> /var/cache/fontconfig/,\n"
	)
	portal := "$XDG_RUNTIME_DIR/doc/by-app/snap.client $XDG_RUNTIME_DIR/doc none bind,rw,x-snapd.ignore-missing 0 0\n"
	for _, c := range []struct {
		name  string
		core  bool
		snaps []string
		conn  string
		fonts bool
	}{
		{"host session", false, displayServerSnaps("desktop")[1:], "client:desktop", true},
		{"session snap", false, displayServerSnaps("desktop"), "client:desktop=server:desktop", true},
		{"session snap on core", true, displayServerSnaps("desktop"), "client:desktop=server:desktop", true},
	} {
		files := providedFiles(t, c.core, c.snaps, c.conn)["client"]
		assert.Equal(t, portal, files[userFstab], c.name)
		assert.NotContains(t, files, "var/lib/snapd/mount/snap.client.fstab", c.name)
		assert.Contains(t, files[updateNS], "  mount options=(bind) /run/user/[0-9]*/doc/by-app/snap.client/ -> /run/user/[0-9]*/doc/,\n", c.name)
		assert.Equal(t, c.fonts, hasLine(files[updateNS], fontRule), c.name)
		assert.Equal(t, c.fonts, hasLine(files[updateNS], cacheRule), c.name)
	}
}

func hasLine(text, line string) bool { return strings.Contains(text, line) }

// The host's font directories that exist are bound into the snap
// read-only at their own paths, the font cache unless the plug says not
// to; like snapd, whoever offers the slot and on Ubuntu Core too.
func TestDesktopFontMounts(t *testing.T) {
	const (
		fstab = "var/lib/snapd/mount/snap.client.fstab"
		fonts = "/var/lib/snapd/hostfs/usr/share/fonts /usr/share/fonts none bind,ro 0 0\n"
		local = "/var/lib/snapd/hostfs/usr/local/share/fonts /usr/local/share/fonts none bind,ro 0 0\n"
		cache = "/var/lib/snapd/hostfs/var/cache/fontconfig /var/cache/fontconfig none bind,ro 0 0\n"
	)
	all := []string{"/usr/share/fonts", "/usr/local/share/fonts", "/var/cache/fontconfig"}
	noCache := strings.Replace(displayServerSnaps("desktop")[1], "{interface: desktop}", "{interface: desktop, mount-host-font-cache: false}", 1)
	for _, c := range []struct {
		name  string
		core  bool
		dirs  []string
		snaps []string
		conn  string
		want  string
	}{
		{"classic, all dirs", false, all, displayServerSnaps("desktop")[1:2], "client:desktop", fonts + local + cache},
		{"classic, no font cache", false, all, []string{noCache}, "client:desktop", fonts + local},
		{"classic, no cache dir", false, all[:2], displayServerSnaps("desktop")[1:2], "client:desktop", fonts + local},
		{"core, session snap", true, all, displayServerSnaps("desktop")[:2], "client:desktop=server:desktop", fonts + local + cache},
		{"classic, session snap", false, all[1:], displayServerSnaps("desktop")[:2], "client:desktop=server:desktop", local + cache},
		{"no host dirs", false, nil, displayServerSnaps("desktop")[1:2], "client:desktop", ""},
		{"other host dirs", false, []string{"/usr/share/nvidia"}, displayServerSnaps("desktop")[1:2], "client:desktop", ""},
	} {
		var infos []*snap.Info
		for _, doc := range c.snaps {
			info, err := snap.Parse([]byte(doc), snap.Options{Revision: snap.R(1)})
			require.NoError(t, err, c.name)
			infos = append(infos, info)
		}
		res, err := plugpolicy.Compile(infos, plugpolicy.Options{Dangerous: true, NoAutoConnect: true, Core: c.core, Connect: []string{c.conn},
			Catalog: builtin.ForHost(builtin.Interfaces(), builtin.Host{Dirs: c.dirs}), AppArmor: &apparmor.Options{}, NoBPF: true})
		require.NoError(t, err, c.name)
		files := res.FilesOf("client", "")
		assert.Equal(t, c.want, string(files[fstab]), c.name)
	}
}
