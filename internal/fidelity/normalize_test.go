// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package fidelity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseAppArmor(t *testing.T) {
	const profile = `
# vim:syntax=apparmor
#include <tunables/global>
#include if exists "/var/lib/snapd/apparmor/snap-tuning"
@{SNAP_NAME}="plugger"

profile "snap.plugger.svc" flags=(attach_disconnected,mediate_deleted) {
  #include <abstractions/base>
  /etc/python3.[0-9]*/**                                r,
  /etc/{passwd,group,nsswitch.conf} r,  # very common
  #audit deny ptrace (trace),
  dbus (send)
      bus={session,system}
      path=/org/freedesktop/DBus
      peer=(label=unconfined),
  /{,usr/}bin/systemd-run Cxr -> systemd_run,
  profile systemd_run (attach_disconnected,mediate_deleted) {
    #include <abstractions/base>
    ptrace (read) peer=unconfined,
    ^hat {
      /a r,
    }
  }
deny @{PROC}/self/mountinfo r,
  "/odd # not a comment" r,
}
`
	got := parseAppArmor(profile)
	want := Statements{
		HeaderBlock: {
			`#include <tunables/global>`:                                             true,
			`#include if exists "/var/lib/snapd/apparmor/snap-tuning"`:               true,
			`@{SNAP_NAME}="plugger"`:                                                 true,
			`profile "snap.plugger.svc" flags=(attach_disconnected,mediate_deleted)`: true,
		},
		"": {
			`#include <abstractions/base>`:         true,
			`/etc/python3.[0-9]*/** r,`:            true,
			`/etc/{passwd,group,nsswitch.conf} r,`: true,
			`dbus (send) bus={session,system} path=/org/freedesktop/DBus peer=(label=unconfined),`: true,
			`/{,usr/}bin/systemd-run Cxr -> systemd_run,`:                                          true,
			`profile systemd_run (attach_disconnected,mediate_deleted)`:                            true,
			`deny @{PROC}/self/mountinfo r,`:                                                       true,
			`"/odd # not a comment" r,`:                                                            true,
		},
		"systemd_run": {
			`#include <abstractions/base>`:   true,
			`ptrace (read) peer=unconfined,`: true,
			`^hat`:                           true,
		},
		"systemd_run//^hat": {`/a r,`: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
}

func TestParseLines(t *testing.T) {
	got := Parse(KindSeccomp, []byte("# snap-seccomp version information:\n@complain\n\nsocket  AF_INET\n# comment\nbind\nbind\n"))
	want := Statements{"": {"@complain": true, "socket AF_INET": true, "bind": true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
}

func TestFilePattern(t *testing.T) {
	for in, want := range map[string]string{
		"var/lib/snapd/apparmor/profiles/snap.plugger.svc":                   "var/lib/snapd/apparmor/profiles/snap.plugger.*",
		"var/lib/snapd/apparmor/profiles/snap.plugger_blue.hook.install":     "var/lib/snapd/apparmor/profiles/snap.plugger_blue.*",
		"var/lib/snapd/seccomp/bpf/snap.plugger.cli.src":                     "var/lib/snapd/seccomp/bpf/snap.plugger.*.src",
		"var/lib/snapd/apparmor/profiles/snap-update-ns.plugger":             "var/lib/snapd/apparmor/profiles/snap-update-ns.plugger",
		"etc/systemd/system/snap.plugger.svc.service" + UnitSettingsSuffix:   "etc/systemd/system/snap.plugger.*.service" + UnitSettingsSuffix,
		"etc/udev/rules.d/70-snap.plugger.rules":                             "etc/udev/rules.d/70-snap.plugger.rules",
		"etc/systemd/system/snap.plugger.svc.service.d/snap-interfaces.conf": "etc/systemd/system/snap.plugger.svc.service.d/snap-interfaces.conf",
	} {
		if got := filePattern(in); got != want {
			t.Errorf("filePattern(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CorpusPath("etc/systemd/system/snap.a.b.service.d/snap-interfaces.conf"); got != "etc/systemd/system/snap.a.b.service"+UnitSettingsSuffix {
		t.Errorf("CorpusPath of a drop-in = %q", got)
	}
}
