// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/snap"
)

// header is the start of every document below: the two keys every
// snap.yaml needs. Snippets begin on line 3.
const header = "name: test-snap\nversion: \"1.0\"\n"

// problemsOf parses doc and returns its problems as "line N: path: message"
// strings; it fails the test if doc parses.
func problemsOf(t *testing.T, doc string) []string {
	t.Helper()
	_, err := snap.Parse([]byte(doc), snap.Options{})
	require.Error(t, err, "document:\n%s", doc)
	var verr *snap.ValidationError
	require.True(t, errors.As(err, &verr), "not a ValidationError: %v", err)
	out := make([]string, len(verr.Problems))
	for i, p := range verr.Problems {
		out[i] = p.String()
	}
	return out
}

// Every error path of parsing and validation, each with the exact
// problems it produces. A case's snippet follows header unless it starts
// with "!", which replaces the whole document.
var invalidDocs = []struct {
	name    string
	snippet string
	want    []string
}{
	// The document.
	{"syntax error", "!name: a\n  b: c\n", []string{`line 2: cannot parse YAML: mapping values are not allowed in this context`}},
	{"not a mapping", "!- name\n- version\n", []string{`line 1: snap.yaml must be a mapping of keys such as name, version and apps, not a list`}},
	{"empty document", "!", []string{`name: snap name is required`, `version: invalid snap version: cannot be empty`}},
	{"duplicate key", "version: \"2.0\"\n", []string{`line 3: version: duplicate key "version" (first at line 2)`}},
	{"complex key", "? [a, b]\n: c\n", []string{`line 3: invalid key [a b]: keys must be plain values, not a list`}},
	{"layouts typo", "layouts:\n  /etc/foo:\n    bind: $SNAP/foo\n", []string{`line 3: layouts: unknown key "layouts": use singular "layout" instead of plural "layouts"`}},
	{"string expected", "summary: [a, b]\n", []string{`line 3: summary: expected a string, got a list`}},
	{"list expected", "assumes: snapd2.60\n", []string{`line 3: assumes: expected a list of strings, got the string "snapd2.60"`}},
	{"list item not a string", "architectures:\n  - amd64\n  - {build-on: amd64}\n", []string{`line 5: architectures[1]: expected a string, got a mapping`}},

	// Header fields.
	{"invalid name", "!name: Test_Snap\nversion: \"1\"\n", []string{`line 1: name: invalid snap name "Test_Snap": use 2 to 40 characters of a-z, 0-9 and "-", with at least one letter and no "-" at either end or next to another`}},
	{"invalid version", "!name: test-snap\nversion: -1.0-\n", []string{`line 2: version: invalid snap version "-1.0-": must start with an ASCII letter or digit, not '-'; must end with an ASCII letter, digit, "+" or "~", not '-'`}},
	{"version with spaces", "!name: test-snap\nversion: 1 0\n", []string{`line 2: version: invalid snap version "1 0": must be printable, non-whitespace ASCII`}},
	{"version too long", "!name: test-snap\nversion: 1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16\n", []string{`line 2: version: invalid snap version "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16": cannot be longer than 32 characters (got 38)`}},
	{"version characters", "!name: test-snap\nversion: 1_0/2\n", []string{`line 2: version: invalid snap version "1_0/2": contains invalid characters: "_", "/"`}},
	{"invalid type", "type: application\n", []string{`line 3: type: invalid snap type "application": must be one of app, base, gadget, kernel, os, snapd`}},
	{"invalid confinement", "confinement: loose\n", []string{`line 3: confinement: invalid confinement "loose": must be one of strict, devmode, classic`}},
	{"invalid grade", "grade: beta\n", []string{`line 3: grade: invalid grade "beta": must be stable or devel`}},
	{"title too long", "title: " + strings.Repeat("t", 41) + "\n", []string{`line 3: title: title is too long: at most 40 characters, got 41`}},
	{"description too long", "description: " + strings.Repeat("d", 4097) + "\n", []string{`line 3: description: description is too long: at most 4096 characters, got 4097`}},
	{"base on a base", "type: base\nbase: core24\n", []string{`line 4: base: a snap of type "base" cannot have a base other than "none"`}},
	{"base none with apps", "base: none\napps:\n  a:\n    command: a\n", []string{`line 3: base: a snap with base "none" cannot have apps or hooks`}},
	{"instance as base", "base: core24_x\n", []string{`line 3: base: invalid base "core24_x": a base cannot be a parallel-install instance`}},
	{"invalid base name", "base: Core\n", []string{`line 3: base: invalid base: invalid snap name "Core": use 2 to 40 characters of a-z, 0-9 and "-", with at least one letter and no "-" at either end or next to another`}},

	// system-usernames.
	{"system username syntax", "system-usernames:\n  -bad: shared\n", []string{`line 4: system-usernames.-bad: invalid system username "-bad"`}},
	{"unsupported system username", "system-usernames:\n  snap_foo: shared\n", []string{`line 4: system-usernames.snap_foo: unsupported system username "snap_foo": must be one of _daemon_, snap_aziotdu, snap_aziotedge, snap_daemon, snap_microk8s`}},
	{"system username without scope", "system-usernames:\n  snap_daemon: {}\n", []string{`line 4: system-usernames.snap_daemon: system username "snap_daemon" has no scope; use "shared"`}},
	{"system username scope", "system-usernames:\n  snap_daemon:\n    scope: private\n", []string{`line 4: system-usernames.snap_daemon: unsupported scope "private" for system username "snap_daemon": only "shared" is supported`}},
	{"system username list", "system-usernames:\n  snap_daemon: [shared]\n", []string{`line 4: system-usernames.snap_daemon: expected a scope such as "shared" or a mapping, got a list`}},

	// Top-level plugs and slots.
	{"plugs as a list", "plugs: [network]\n", []string{`line 3: plugs: expected a mapping of plug names to definitions, got a list; list plugs by name under an app or hook instead`}},
	{"plug as a number", "plugs:\n  network: 5\n", []string{`line 4: plugs.network: expected an interface name or a mapping of attributes, got the integer 5`}},
	{"slot as a list", "slots:\n  db: [a]\n", []string{`line 4: slots.db: expected an interface name or a mapping of attributes, got a list`}},
	{"invalid plug name", "plugs:\n  Net: network\n", []string{`line 4: plugs.Net: invalid plug name "Net": use a-z, 0-9 and single "-" between them, starting with a letter`}},
	{"invalid slot name", "slots:\n  db--x: content\n", []string{`line 4: slots.db--x: invalid slot name "db--x": use a-z, 0-9 and single "-" between them, starting with a letter`}},
	{"invalid interface name", "plugs:\n  net:\n    interface: Network\n", []string{`line 4: plugs.net: invalid interface name "Network": use a-z, 0-9 and single "-" between them, starting with a letter`}},
	{"interface not a string", "plugs:\n  net:\n    interface: [network]\n", []string{`line 5: plugs.net.interface: expected a string, got a list`}},
	{"label not a string", "slots:\n  db:\n    label: {a: b}\n", []string{`line 5: slots.db.label: expected a string, got a mapping`}},
	{"reserved attribute", "plugs:\n  k8s:\n    interface: kubernetes-support\n    $flavor: kubelet\n", []string{`line 6: plugs.k8s."$flavor": invalid attribute name "$flavor": names starting with "$" are reserved`}},
	{"empty attribute name", "plugs:\n  k8s:\n    \"\": x\n", []string{`line 5: plugs.k8s: invalid attribute name "": attribute names cannot be empty`}},
	{"attribute name not a string", "plugs:\n  k8s:\n    1: x\n", []string{`line 5: plugs.k8s: invalid attribute name 1: attribute names must be strings, not a int`}},
	{"nested attribute key not a string", "plugs:\n  k8s:\n    m:\n      true: x\n", []string{`line 6: plugs.k8s.m: invalid attribute name true: attribute names must be strings, not a bool`}},
	{"null attribute", "plugs:\n  k8s:\n    flavor:\n", []string{`line 5: plugs.k8s.flavor: null is not a valid attribute value; leave the attribute out instead`}},
	{"null in a list attribute", "plugs:\n  files:\n    write:\n      - ~\n", []string{`line 6: plugs.files.write[0]: null is not a valid attribute value; leave the attribute out instead`}},
	{"integer attribute out of range", "plugs:\n  p:\n    size: 18446744073709551615\n", []string{`line 5: plugs.p.size: invalid attribute value 18446744073709551615: integer out of range (the largest is 9223372036854775807)`}},
	{"infinite attribute", "plugs:\n  p:\n    size: .inf\n", []string{`line 5: plugs.p.size: invalid attribute value .inf: not a finite number`}},
	{"duplicate attribute", "plugs:\n  p:\n    a: 1\n    a: 2\n", []string{`line 6: plugs.p.a: duplicate key "a" (first at line 5)`}},
	{"duplicate plug", "plugs:\n  p: network\n  p: home\n", []string{`line 5: plugs.p: duplicate key "p" (first at line 4)`}},
	{"plug and slot of one name", "plugs:\n  db: content\nslots:\n  db: content\n", []string{`line 4: plugs.db: "db" is the name of a plug and of a slot; plug and slot names must differ`}},

	// Apps.
	{"apps as a list", "apps: [a]\n", []string{`line 3: apps: expected a mapping, got a list`}},
	{"invalid app name", "apps:\n  my_app:\n    command: a\n", []string{`line 4: apps.my_app: invalid app name "my_app": use letters, digits and single "-" between them`}},
	{"invalid daemon", "apps:\n  kubelet:\n    command: kubelet\n    daemon: sometimes\n", []string{`line 6: apps.kubelet.daemon: invalid daemon type "sometimes": must be one of simple, forking, oneshot, notify, dbus`}},
	{"daemon-scope on a command", "apps:\n  a:\n    command: a\n    daemon-scope: user\n", []string{`line 6: apps.a.daemon-scope: daemon-scope applies to daemons only`}},
	{"invalid daemon-scope", "apps:\n  a:\n    command: a\n    daemon: simple\n    daemon-scope: global\n", []string{`line 7: apps.a.daemon-scope: invalid daemon scope "global": must be system or user`}},
	{"quote in command", "apps:\n  a:\n    command: bin/a 'x'\n", []string{`line 5: apps.a.command: invalid command "bin/a 'x'": only letters, digits, spaces and /._#:$- are allowed`}},
	{"space in command-chain", "apps:\n  a:\n    command: a\n    command-chain: [bin/x y]\n", []string{`line 6: apps.a.command-chain[0]: invalid command-chain entry "bin/x y": only letters, digits and /._#:$- are allowed`}},
	{"invalid duration", "apps:\n  a:\n    command: a\n    daemon: simple\n    stop-timeout: 10\n", []string{`line 7: apps.a.stop-timeout: invalid duration "10": use a number with a unit, such as 30s or 5m`}},
	{"negative timeout", "apps:\n  a:\n    command: a\n    daemon: simple\n    start-timeout: -5s\n", []string{`line 7: apps.a.start-timeout: start-timeout cannot be negative`}},
	{"service fields on a command", "apps:\n  a:\n    command: a\n    stop-timeout: 5s\n    restart-condition: always\n    stop-mode: sigterm\n    install-mode: enable\n    refresh-mode: endure\n    timer: \"00:00\"\n    restart-delay: 2s\n", []string{
		`line 6: apps.a.stop-timeout: stop-timeout applies to daemons only`,
		`line 7: apps.a.restart-condition: restart-condition applies to daemons only`,
		`line 8: apps.a.stop-mode: stop-mode applies to daemons only`,
		`line 9: apps.a.install-mode: install-mode applies to daemons only`,
		`line 10: apps.a.refresh-mode: refresh-mode applies to daemons only`,
		`line 11: apps.a.timer: timer applies to daemons only`,
		`line 12: apps.a.restart-delay: restart-delay applies to daemons only`,
	}},
	{"invalid service values", "apps:\n  a:\n    command: a\n    daemon: simple\n    restart-condition: sometimes\n    stop-mode: sigkill\n    install-mode: maybe\n    refresh-mode: later\n", []string{
		`line 7: apps.a.restart-condition: invalid restart condition "sometimes": must be one of always, on-success, on-failure, on-abnormal, on-abort, on-watchdog, never`,
		`line 8: apps.a.stop-mode: invalid stop mode "sigkill": must be one of sigterm, sigterm-all, sighup, sighup-all, sigusr1, sigusr1-all, sigusr2, sigusr2-all, sigint, sigint-all`,
		`line 9: apps.a.install-mode: invalid install mode "maybe": must be enable or disable`,
		`line 10: apps.a.refresh-mode: invalid refresh mode "later": must be one of endure, restart, ignore-running`,
	}},
	{"ignore-running on a daemon", "apps:\n  a:\n    command: a\n    daemon: simple\n    refresh-mode: ignore-running\n", []string{`line 7: apps.a.refresh-mode: refresh mode "ignore-running" applies to commands only, not daemons`}},
	{"before on a command", "apps:\n  a:\n    command: a\n    before: [b]\n  b:\n    command: b\n    daemon: simple\n", []string{`line 6: apps.a.before: before applies to daemons only`}},
	{"ordering names", "apps:\n  a:\n    command: a\n    daemon: simple\n    after: [missing, cmd, user]\n  cmd:\n    command: c\n  user:\n    command: u\n    daemon: simple\n    daemon-scope: user\n", []string{
		`line 7: apps.a.after[0]: after names app "missing", which the snap does not have`,
		`line 7: apps.a.after[1]: after names app "cmd", which is not a daemon`,
		`line 7: apps.a.after[2]: after names daemon "user", which has another daemon-scope`,
	}},
	{"ordering cycle", "apps:\n  a:\n    command: a\n    daemon: simple\n    before: [b]\n  b:\n    command: b\n    daemon: simple\n    before: [a]\n  c:\n    command: c\n    daemon: simple\n    after: [a]\n", []string{`line 3: apps: daemons a, b, c are ordered in a before/after cycle`}},
	{"aliases", "apps:\n  a:\n    command: a\n    aliases: [\"-x\", y]\n  b:\n    command: b\n    aliases: [y]\n", []string{
		`line 6: apps.a.aliases[0]: invalid alias "-x": use letters, digits, "-", "_" and ".", starting with a letter or digit`,
		`line 9: apps.b.aliases[0]: alias "y" is already used by app "a"`,
	}},
	{"common-id", "apps:\n  a:\n    command: a\n    common-id: org.example.A\n  b:\n    command: b\n    common-id: org.example.A\n", []string{`line 9: apps.b.common-id: common-id "org.example.A" is already used by app "a"`}},
	{"app plugs a slot", "slots:\n  db: content\napps:\n  a:\n    command: a\n    plugs: [db]\n", []string{`line 8: apps.a.plugs[0]: "db" is a slot of this snap, not a plug; list it under slots`}},
	{"app slots a plug", "plugs:\n  net: network\napps:\n  a:\n    command: a\n    slots: [net]\n", []string{`line 8: apps.a.slots[0]: "net" is a plug of this snap, not a slot; list it under plugs`}},
	{"implicit plug with a bad name", "apps:\n  a:\n    command: a\n    plugs: [Network]\n", []string{`line 6: apps.a.plugs[0]: invalid plug name "Network": use a-z, 0-9 and single "-" between them, starting with a letter`}},
	// yaml.v2 gives no line for a null value, so the list's line is used.
	{"plugs list item", "apps:\n  a:\n    command: a\n    plugs:\n      - network\n      -\n", []string{`line 6: apps.a.plugs[1]: expected a string, got null`}},

	// Sockets and activation.
	{"sockets need network-bind", "apps:\n  a:\n    command: a\n    daemon: simple\n    sockets:\n      s:\n        listen-stream: $SNAP_DATA/a.sock\n", []string{`line 7: apps.a.sockets: an app with sockets needs the network-bind plug`}},
	{"socket problems", "apps:\n  a:\n    command: a\n    daemon: simple\n    plugs: [network-bind]\n    sockets:\n      Bad:\n        listen-stream: /run/a.sock\n        socket-mode: 01777\n      b:\n        listen-stream: 10.0.0.1:80\n      c:\n        listen-stream: \"@other.x\"\n      d:\n        listen-stream: \"70000\"\n      e:\n        socket-mode: \"0660\"\n", []string{
		`line 9: apps.a.sockets.Bad: invalid socket name "Bad": use a-z, 0-9 and "-", with at least one letter and no "-" at either end or next to another`,
		`line 10: apps.a.sockets.Bad.listen-stream: invalid listen-stream "/run/a.sock": must start with one of $SNAP_DATA/, $SNAP_COMMON/, $XDG_RUNTIME_DIR/`,
		`line 11: apps.a.sockets.Bad.socket-mode: invalid socket mode 01777: must be at most 0777`,
		`line 13: apps.a.sockets.b.listen-stream: invalid listen-stream "10.0.0.1:80": the address must be one of 127.0.0.1, [::1], [::]`,
		`line 15: apps.a.sockets.c.listen-stream: invalid listen-stream "@other.x": an abstract socket must start with "@snap.test-snap."`,
		`line 17: apps.a.sockets.d.listen-stream: invalid listen-stream "70000": invalid port number`,
		`line 18: apps.a.sockets.e.listen-stream: invalid listen-stream "": cannot be empty`,
		`line 19: apps.a.sockets.e.socket-mode: expected an octal file mode such as 0660, got the string "0660"`,
	}},
	{"unclean socket path", "apps:\n  a:\n    command: a\n    daemon: simple\n    plugs: [network-bind]\n    sockets:\n      s:\n        listen-stream: $SNAP_DATA/../a.sock\n", []string{`line 10: apps.a.sockets.s.listen-stream: invalid listen-stream "$SNAP_DATA/../a.sock": must be a clean path`}},
	{"file mode out of range", "apps:\n  a:\n    command: a\n    daemon: simple\n    plugs: [network-bind]\n    sockets:\n      s:\n        listen-stream: $SNAP_DATA/a.sock\n        socket-mode: 077777\n", []string{`line 11: apps.a.sockets.s.socket-mode: invalid file mode 077777: must be between 0 and 07777`}},
	{"activates-on a missing slot", "apps:\n  a:\n    command: a\n    daemon: dbus\n    activates-on: [bus]\n", []string{`line 7: apps.a.activates-on[0]: activates-on names slot "bus", which the snap does not have`}},
	{"activates-on problems", "slots:\n  net:\n    interface: network\n  session:\n    interface: dbus\n    bus: session\n  sys:\n    interface: dbus\n    bus: system\napps:\n  cmd:\n    command: c\n    activates-on: [sys]\n  a:\n    command: a\n    daemon: dbus\n    activates-on: [net, session, sys]\n", []string{
		`line 15: apps.cmd.activates-on: activates-on applies to daemons only`,
		`line 19: apps.a.activates-on[0]: slot "net" cannot activate the app: only dbus slots can`,
		`line 19: apps.a.activates-on[1]: slot "session" is on the "session" bus; a system daemon is activated from the "system" bus`,
		`line 19: apps.a.activates-on[2]: slot "sys" also activates app "cmd"; a slot can activate one app only`,
	}},
	{"slot activates two apps", "slots:\n  sys:\n    interface: dbus\n    bus: system\napps:\n  a:\n    command: a\n    daemon: dbus\n    activates-on: [sys]\n  b:\n    command: b\n    daemon: dbus\n    activates-on: [sys]\n", []string{
		`line 11: apps.a.activates-on[0]: slot "sys" also activates app "b"; a slot can activate one app only`,
		`line 15: apps.b.activates-on[0]: slot "sys" also activates app "a"; a slot can activate one app only`,
	}},

	// Hooks.
	{"invalid hook name", "hooks:\n  Install: {}\n", []string{`line 4: hooks.Install: invalid hook name "Install": use a-z, 0-9 and single "-" between them, starting with a letter`}},
	{"unsupported hook", "hooks:\n  post-refesh: {}\n", []string{`line 4: hooks.post-refesh: unsupported hook "post-refesh": snapd would never run it`}},
	{"default-configure alone", "hooks:\n  default-configure: {}\n", []string{`line 4: hooks.default-configure: a default-configure hook needs a configure hook too`}},
	{"hook command-chain", "hooks:\n  install:\n    command-chain: [\"a b\"]\n", []string{`line 5: hooks.install.command-chain[0]: invalid command-chain entry "a b": only letters, digits and /._#:$- are allowed`}},
	{"hook as a list", "hooks:\n  install: [network]\n", []string{`line 4: hooks.install: expected a mapping, got a list`}},

	// Layouts.
	{"layout path problems", "layout:\n  /etc/*:\n    bind: $SNAP/a\n  $HOME/x:\n    bind: $SNAP/b\n  etc/rel:\n    bind: $SNAP/c\n  /newdir/x:\n    bind: $SNAP/d\n  /dev/x:\n    bind: $SNAP/e\n  /snap/other/x:\n    bind: $SNAP/f\n", []string{
		`line 4: layout."/etc/*": invalid layout path "/etc/*": contains one of the reserved characters "?*[]{}^\""`,
		`line 6: layout."$HOME/x": invalid layout path "$HOME/x": refers to the unknown variable "$HOME"; only $SNAP, $SNAP_DATA and $SNAP_COMMON are allowed`,
		`line 8: layout."etc/rel": invalid layout path "etc/rel": must be absolute and clean`,
		`line 10: layout."/newdir/x": invalid layout path "/newdir/x": cannot create the new top-level directory "/newdir"`,
		`line 12: layout."/dev/x": invalid layout path "/dev/x": "/dev" is off limits`,
		`line 14: layout."/snap/other/x": invalid layout path "/snap/other/x": belongs to another snap`,
	}},
	// A line break, another control character or a backslash in a layout
	// path would end the profile's "# Layout path:" comment or its quoted
	// rule, or escape what follows, and add rules of the snap's choosing.
	{"layout path breaks out of its rule", "layout:\n  \"/etc/a\\ncapability,\\n#\":\n    bind: $SNAP/a\n  \"/etc/b\\tx\":\n    bind: $SNAP/b\n  \"/etc/c\\\\\":\n    bind: $SNAP/c\n  /etc/d:\n    bind: \"$SNAP/d\\n\"\n", []string{
		`line 4: layout."/etc/a\ncapability,\n#": invalid layout path "/etc/a\ncapability,\n#": contains a control character or a backslash`,
		`line 6: layout."/etc/b\tx": invalid layout path "/etc/b\tx": contains a control character or a backslash`,
		`line 8: layout."/etc/c\\": invalid layout path "/etc/c\\": contains a control character or a backslash`,
		`line 10: layout."/etc/d": invalid layout "/etc/d": invalid bind "$SNAP/d\n": contains a control character or a backslash`,
	}},
	{"layout content problems", "layout:\n  /etc/a:\n    bind: $SNAP/a\n    symlink: $SNAP/b\n  /etc/b:\n    type: ext4\n  /etc/c:\n    bind: /etc/other\n  /etc/d:\n    symlink: $SNAP/../x\n  /etc/e:\n    bind: $SNAP/e\n    user: nobody\n  /etc/f:\n    type: tmpfs\n    group: adm\n  /etc/g:\n    type: tmpfs\n    mode: \"4755\"\n  /etc/h:\n    type: tmpfs\n    mode: \"9\"\n  /etc/i:\n    bind-file: $SNAP/x\n  /etc/j:\n    bind: $SNAP/x\n  /etc/a/sub:\n    type: tmpfs\n  /etc/k:\n    bind: $SNAP/{a,b}\n", []string{
		`line 4: layout."/etc/a": invalid layout "/etc/a": set exactly one of bind, bind-file, type and symlink`,
		`line 7: layout."/etc/b": invalid layout "/etc/b": invalid file system type "ext4": only "tmpfs" is supported`,
		`line 9: layout."/etc/c": invalid layout "/etc/c": invalid bind "/etc/other": must start with $SNAP, $SNAP_DATA or $SNAP_COMMON`,
		`line 11: layout."/etc/d": invalid layout "/etc/d": invalid symlink "$SNAP/../x": must be absolute and clean`,
		`line 13: layout."/etc/e": invalid layout "/etc/e": invalid user "nobody": only "root" is supported`,
		`line 16: layout."/etc/f": invalid layout "/etc/f": invalid group "adm": only "root" is supported`,
		`line 19: layout."/etc/g": invalid layout "/etc/g": invalid mode 04755: only permission bits and the sticky bit are allowed`,
		`line 24: layout."/etc/h".mode: invalid mode "9": use an octal number such as 0755`,
		`line 27: layout."/etc/j": invalid layout "/etc/j": "$SNAP/x" is used as a directory here and as a file by another layout`,
		`line 29: layout."/etc/a/sub": invalid layout path "/etc/a/sub": underneath the earlier layout "/etc/a"`,
		`line 31: layout."/etc/k": invalid layout "/etc/k": invalid bind "$SNAP/{a,b}": contains one of the reserved characters "?*[]{}^\""`,
	}},
}

func TestInvalidDocuments(t *testing.T) {
	for _, tc := range invalidDocs {
		t.Run(tc.name, func(t *testing.T) {
			doc := header + tc.snippet
			if rest, ok := strings.CutPrefix(tc.snippet, "!"); ok {
				doc = rest
			}
			got := problemsOf(t, doc)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems differ (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAllProblemsAreReported checks that one document with several
// unrelated mistakes gets all of them, in line order.
func TestAllProblemsAreReported(t *testing.T) {
	doc := `name: kube-node
version: "1.0"
confinement: tight
plugs:
  k8s:
    interface: kubernetes-support
    $flavor: kubelet
apps:
  kubelet:
    command: kubelet
    daemon: sometimes
    plugs: [k8s, Network]
hooks:
  post-refesh: {}
`
	_, err := snap.Parse([]byte(doc), snap.Options{File: "snap.yaml"})
	require.Error(t, err)
	assert.Equal(t, `invalid snap "kube-node": 5 problems:
- line 3: confinement: invalid confinement "tight": must be one of strict, devmode, classic
- line 7: plugs.k8s."$flavor": invalid attribute name "$flavor": names starting with "$" are reserved
- line 11: apps.kubelet.daemon: invalid daemon type "sometimes": must be one of simple, forking, oneshot, notify, dbus
- line 12: apps.kubelet.plugs[1]: invalid plug name "Network": use a-z, 0-9 and single "-" between them, starting with a letter
- line 14: hooks.post-refesh: unsupported hook "post-refesh": snapd would never run it`, err.Error())
}

func TestSingleProblemError(t *testing.T) {
	_, err := snap.Parse([]byte("name: kube-node\nversion: \"1\"\ngrade: beta\n"), snap.Options{})
	assert.EqualError(t, err, `invalid snap "kube-node": line 3: grade: invalid grade "beta": must be stable or devel`)
	_, err = snap.Parse([]byte("name: Kube\nversion: \"1\"\n"), snap.Options{File: "x/snap.yaml"})
	assert.EqualError(t, err, `invalid snap.yaml "x/snap.yaml": line 1: name: invalid snap name "Kube": use 2 to 40 characters of a-z, 0-9 and "-", with at least one letter and no "-" at either end or next to another`)
}

func TestInvalidInstanceKey(t *testing.T) {
	_, err := snap.Parse([]byte(header), snap.Options{InstanceKey: "Bad_Key"})
	assert.EqualError(t, err, `invalid snap "test-snap_Bad_Key": invalid instance key "Bad_Key": use 1 to 10 characters of a-z and 0-9`)
}

func TestParseFileErrors(t *testing.T) {
	_, err := snap.ParseFile("testdata/does-not-exist.yaml", snap.Options{})
	assert.EqualError(t, err, "cannot read snap.yaml: open testdata/does-not-exist.yaml: no such file or directory")
}

// TestValidateHandBuiltInfo checks Validate on an Info built in Go: the
// problems carry paths but no lines.
func TestValidateHandBuiltInfo(t *testing.T) {
	info := &snap.Info{Name: "hand", Version: "1", Type: snap.TypeApp, Confinement: snap.StrictConfinement,
		Apps: map[string]*snap.AppInfo{}, Plugs: map[string]*snap.PlugInfo{}}
	info.Apps["d"] = &snap.AppInfo{Snap: info, Name: "d", Daemon: "simple", StopMode: "sigkill"}
	info.Plugs["Bad"] = &snap.PlugInfo{Snap: info, Name: "Bad", Interface: "network"}
	require.NoError(t, (&snap.Info{Name: "ok-snap", Version: "1", Type: snap.TypeApp, Confinement: snap.StrictConfinement}).Validate())
	assert.EqualError(t, info.Validate(), `invalid snap "hand": 2 problems:
- apps.d.stop-mode: invalid stop mode "sigkill": must be one of sigterm, sigterm-all, sighup, sighup-all, sigusr1, sigusr1-all, sigusr2, sigusr2-all, sigint, sigint-all
- plugs.Bad: invalid plug name "Bad": use a-z, 0-9 and single "-" between them, starting with a letter`)
}
