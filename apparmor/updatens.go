// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"fmt"
	"strings"

	mountspec "github.com/plugpolicy/plugpolicy/mount"
)

// The profile of snap-update-ns for one snap, snap-update-ns.INSTANCE:
// the program that builds and updates the snap's mount namespace from
// the mount profiles the mount backend writes. It is rendered here, by
// the AppArmor backend, because it is an AppArmor profile and is loaded
// with the others; what it allows beyond the template comes from the
// mount backend's Specification (mount.Specification.UpdateNS): the rules
// interfaces add in their mount hooks, next to the entries they allow,
// and those of the snap's layouts and parallel-install mappings. The
// AppArmor specification runs the mount hooks into a mount specification
// of its own (see UpdateNS), so that mount does not import this package.
//
// The statements are snapd's update-ns template, in snapd's order; the
// comments are ours.

// updateNSHeader precedes the profile line; %s is where the vendored
// parser's tunables/home.d include goes.
const updateNSHeader = `
# AppArmor profile of snap-update-ns for one snap: what it needs to set up
# and change that snap's mount namespace, its layouts and content mounts
# included.

# vim:syntax=apparmor

#include <tunables/global>

%s

`

// updateNSTemplate is the profile body; ###SNAP_INSTANCE_NAME### is the
// snap's instance name, ###SNIPPETS### the rules of its mount entries.
const updateNSTemplate = `profile snap-update-ns.###SNAP_INSTANCE_NAME### flags=(attach_disconnected) {
  # snap-update-ns itself, wherever the host or the system snap has it.
  /usr/lib{,exec,64}/snapd/snap-update-ns mr,
  /var/lib/snapd/hostfs/usr/lib{,exec,64}/snapd/snap-update-ns mr,
  /{,var/lib/snapd/}snap/{core,snapd}/*/usr/lib/snapd/snap-update-ns mr,
  /var/lib/snapd/hostfs/{,var/lib/snapd/}snap/core/*/usr/lib/snapd/snap-update-ns mr,

  # The dynamic linker, its cache and the C library.
  /etc/ld.so.cache r,
  /{,usr/}lib{,32,64,x32}/{,@{multiarch}/{,atomics/}}ld-*.so mrix,
  /{,usr/}lib{,32,64,x32}/{,@{multiarch}/{,atomics/}}libc{,-[0-9]*}.so* mr,
  /{,usr/}lib{,32,64,x32}/{,@{multiarch}/{,atomics/}}libpthread{,-[0-9]*}.so* mr,

  # The usual character devices.
  /dev/null rw,
  /dev/full rw,
  /dev/zero rw,
  /dev/random r,
  /dev/urandom r,

  # What the Go runtime and glibc read about memory and CPUs.
  /sys/kernel/mm/transparent_hugepage/hpage_pmd_size r,
  /sys/devices/system/cpu/online r,

  # Its own command line (read before the Go runtime starts), maps, open
  # files, cgroups, mount table and auxiliary vector.
  owner @{PROC}/@{pid}/cmdline r,

  owner @{PROC}/@{pid}/maps r,

  owner @{PROC}/@{pid}/fd/* r,

  # The kernel version (to tell WSL).
  @{PROC}/version r,

  owner @{PROC}/@{pid}/cgroup r,

  owner @{PROC}/@{pid}/mountinfo r,

  owner @{PROC}/@{pid}/auxv r,

  # somaxconn is read at start; network access is denied quietly.
  @{PROC}/sys/net/core/somaxconn r,
  deny network inet,
  deny network inet6,

  # The distribution's os-release.
  /{etc/,usr/lib/}os-release r,

  # The global and the snap's lock.
  /run/snapd/lock/###SNAP_INSTANCE_NAME###.lock rwk,
  /run/snapd/lock/.lock rwk,

  # The top of ecryptfs-encrypted home directories.
  owner @{HOME}/.Private/ r,
  owner @{HOMEDIRS}/.ecryptfs/*/.Private/ r,

  # The preserved mount namespaces.
  /run/snapd/ns/ r,
  /run/snapd/ns/###SNAP_INSTANCE_NAME###.mnt r,

  # The desired mount profiles, written by the mount backend.
  /var/lib/snapd/mount/snap.###SNAP_INSTANCE_NAME###.fstab r,
  /var/lib/snapd/mount/snap.###SNAP_INSTANCE_NAME###.user-fstab r,

  # The current mount profile, which it writes (to a temporary file,
  # then renamed).
  /run/snapd/ns/snap.###SNAP_INSTANCE_NAME###.fstab{,.*} rw,

  # Its logs, per snap and per snap and user.
  /run/snapd/ns/snap.###SNAP_INSTANCE_NAME###.log w,
  /run/snapd/ns/snap.###SNAP_INSTANCE_NAME###.user.*.log w,

  # The root directory is fixed by now (pivot_root is done).

  # Mounting, building mimics, switching to the user for per-user mounts,
  # and creating directories in tmpfs mimics that keep the original's
  # permissions.
  capability sys_admin,
  capability chown,
  capability setuid,
  capability setgid,
  capability dac_override,

  # Freezing the snap's processes while the namespace changes: the v1
  # freezer of the snap, and the v2 freeze file of each of its scopes and
  # services.
  /sys/fs/cgroup/freezer/snap.###SNAP_INSTANCE_NAME###/freezer.state rw,
  /sys/fs/cgroup/ r,
  /sys/fs/cgroup/** r,
  /sys/fs/cgroup/**/snap.###SNAP_INSTANCE_NAME###.*.scope/cgroup.freeze rw,
  /sys/fs/cgroup/**/snap.###SNAP_INSTANCE_NAME###.*.service/cgroup.freeze rw,

  # The host's fonts, bound into the snap by content.
  mount options=(ro bind) /var/lib/snapd/hostfs/usr/share/fonts/ -> /snap/###SNAP_INSTANCE_NAME###/*/**,
  mount options=(rw private) -> /snap/###SNAP_INSTANCE_NAME###/*/**,
  umount /snap/###SNAP_INSTANCE_NAME###/*/**,

  # The per-user mount namespace.
  mount options=(rslave) -> /,

  # Traversing from / and well-known directories; the rules of the mount
  # entries below add the rest.
  / r,
  /etc/ r,
  /snap/ r,
  /tmp/ r,
  /usr/ r,
  /var/ r,
  /var/lib/ r,
  /var/lib/snapd/ r,
  /var/snap/ r,

  # Time zones.
  /usr/share/zoneinfo/** r,

  # /snap/bin stays as it is.
  audit deny mount /snap/bin/** -> /**,
  audit deny mount /** -> /snap/bin/**,

  # /media propagates mounts out of the namespace: nothing is mounted there.
  audit deny mount -> /media,

  # Signals from unconfined processes (systemd) and from itself.
  signal (receive) peer=unconfined,
  signal peer=@{profile_name},

  # The staging directory of writable mimics.
  /tmp/ r,
  /tmp/.snap/{,**} rw,

  # The kernel command line (logging), snapd's info file and the parser's
  # functions (to tell the vendored parser).
  @{PROC}/cmdline r,

  /usr/lib/snapd/info r,
  /lib/apparmor/functions r,

  # The user's home directory.
  owner @{HOME}/ r,

###SNIPPETS###
}
`

// renderUpdateNS renders the snap-update-ns profile of the snap.
func renderUpdateNS(spec *Specification) ([]byte, error) {
	ms := spec.updateNS
	if err := ms.Check(); err != nil {
		return nil, err
	}
	name := spec.info.InstanceName()
	header := updateNSHeaderPlain
	if spec.host.Parser.SnapdInternal {
		header = updateNSHeaderVendored
	}
	snippets := ms.UpdateNS()
	size := len(updateNSFirstLine) + len(name) + len(header) + updateNSTemplateText + updateNSTemplateNames*len(name)
	for _, s := range snippets {
		size += len(s) + 1
	}
	b := make([]byte, 0, size)
	b = fmt.Appendf(b, updateNSFirstLine, name)
	b = append(b, header...)
	for _, p := range updateNSPieces {
		switch p {
		case updateNSName:
			b = append(b, name...)
		case updateNSSnippets:
			for i, s := range snippets {
				if i > 0 {
					b = append(b, '\n')
				}
				b = append(b, s...)
			}
		default:
			b = append(b, p...)
		}
	}
	return b, nil
}

// The placeholders of updateNSTemplate.
const (
	updateNSName     = "###SNAP_INSTANCE_NAME###"
	updateNSSnippets = "###SNIPPETS###"
)

// updateNSFirstLine is the profile's first line; %s is the instance name.
const updateNSFirstLine = "# AppArmor profile snap-update-ns.%s, generated by plugpolicy. Do not edit.\n"

// updateNSHeaderPlain and updateNSHeaderVendored are updateNSHeader
// without and with the vendored parser's include.
var (
	updateNSHeaderPlain    = strings.Replace(updateNSHeader, "%s", "", 1)
	updateNSHeaderVendored = strings.Replace(updateNSHeader, "%s", strings.TrimSuffix(headerVendoredParser, "\n"), 1)
)

// updateNSPieces is updateNSTemplate cut at its placeholders, which
// stand alone in the list; updateNSTemplateText is the length of the
// rest, updateNSTemplateNames how often the instance name is written.
var updateNSPieces, updateNSTemplateText, updateNSTemplateNames = cutTemplate(updateNSTemplate, updateNSName, updateNSSnippets)

// cutTemplate cuts text before and after each occurrence of the
// placeholders, reading from the start as strings.Replacer does; it
// returns the pieces, the length of the text outside the placeholders
// and how often the first placeholder occurs.
func cutTemplate(text string, placeholders ...string) (pieces []string, rest, first int) {
	for text != "" {
		at, which := len(text), -1
		for i, p := range placeholders {
			if j := strings.Index(text, p); j >= 0 && j < at {
				at, which = j, i
			}
		}
		if at > 0 {
			pieces = append(pieces, text[:at])
			rest += at
		}
		if which < 0 {
			break
		}
		pieces = append(pieces, placeholders[which])
		if which == 0 {
			first++
		}
		text = text[at+len(placeholders[which]):]
	}
	return pieces, rest, first
}

// UpdateNS is the mount specification the AppArmor specification fills
// as it runs the interfaces' mount hooks: the source of the
// snap-update-ns profile's rules.
func (spec *Specification) UpdateNS() *mountspec.Specification { return spec.updateNS }
