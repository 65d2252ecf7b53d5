// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

// The second part of the strict template: the snap's own files and state,
// and talking to its own processes. The rules are snapd's, statement for
// statement; the comments are ours.
//
// Which name a rule uses matters for parallel installs (see
// headerInstanceNote): $SNAP, $SNAP_DATA and $SNAP_COMMON are bind-mounted
// onto the plain name, so their rules name {@{SNAP_NAME},
// @{SNAP_INSTANCE_NAME}}; the user's data, /run, /dev/shm and the sockets
// are not, so their rules name @{SNAP_INSTANCE_NAME} alone, and foo_blue
// never reaches foo's.

// snapOwnRules come after the common rules.
const snapOwnRules = `
  # The snap's own squashfs files.
  /var/lib/snapd/snaps/@{SNAP_NAME}_*.snap r,

  # snapd's restart state, which snapctl reads.
  /var/lib/snapd/maintenance.json r,

  # The snap's files ($SNAP): this revision may be mapped and run.
  @{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/                   r,
  @{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}}/    r,
  @{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}}/**  mrklix,

  # The snap's other revisions, read-only.
  @{INSTALL_DIR}/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/**  mrkix,

  # Each user's data of this install, all revisions, read-only...
  owner @{HOME}/snap/@{SNAP_INSTANCE_NAME}/                  r,
  owner @{HOME}/snap/@{SNAP_INSTANCE_NAME}/**                mrkix,

  # ... the same in the experimental hidden and visible snap folders ...
  owner @{HOME}/.snap/data/@{SNAP_INSTANCE_NAME}/                    r,
  owner @{HOME}/.snap/data/@{SNAP_INSTANCE_NAME}/**                  mrkix,
  owner @{HOME}/.snap/data/@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}/** wl,
  owner @{HOME}/.snap/data/@{SNAP_INSTANCE_NAME}/common/**           wl,

  owner @{HOME}/Snap/@{SNAP_INSTANCE_NAME}/                          r,
  owner @{HOME}/Snap/@{SNAP_INSTANCE_NAME}/**                        mrkixwl,

  # ... and writable for this revision and the common directory.
  owner @{HOME}/snap/@{SNAP_INSTANCE_NAME}/@{SNAP_REVISION}/** wl,
  owner @{HOME}/snap/@{SNAP_INSTANCE_NAME}/common/** wl,

  # The system-wide data ($SNAP_DATA, $SNAP_COMMON): all revisions
  # read-only, this revision and the common directory writable.
  /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/   r,
  /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/** mrkix,

  /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/@{SNAP_REVISION}/** wl,
  /var/snap/{@{SNAP_NAME},@{SNAP_INSTANCE_NAME}}/common/** wl,

  # /tmp, which snap-confine makes private to the snap.
  /tmp/   r,
  /tmp/** mrwlkix,

  # The install's shared memory files and POSIX semaphores.
  /{dev,run}/shm/snap.@{SNAP_INSTANCE_NAME}.** mrwlkix,
  /{dev,run}/shm/sem.snap.@{SNAP_INSTANCE_NAME}.* mrwlk,

  # The install's $XDG_RUNTIME_DIR.
  owner /run/user/[0-9]*/snap.@{SNAP_INSTANCE_NAME}/   rw,
  owner /run/user/[0-9]*/snap.@{SNAP_INSTANCE_NAME}/** mrwklix,

  # Abstract sockets named after the install, and any socket between its
  # own processes.
  unix (bind, listen) addr="@snap.@{SNAP_INSTANCE_NAME}.**",
  unix peer=(label=snap.@{SNAP_INSTANCE_NAME}.*),

  # D-Bus messages between the install's own processes (reaching a bus
  # socket needs an interface), the service files dbus-run-session
  # reads, and introspecting the bus itself.
  dbus (receive, send) peer=(label=snap.@{SNAP_INSTANCE_NAME}.*),
  /usr/share/dbus-1/services/{,*} r,
  /usr/share/dbus-1/system-services/{,*} r,
  dbus (send)
      bus={session,system}
      path=/org/freedesktop/DBus
      interface=org.freedesktop.DBus.Introspectable
      member=Introspect
      peer=(label=unconfined),

  # Signals: any between the install's own processes; receiving from any
  # snap and from unconfined processes (systemd, the user's shell).
  # Sending elsewhere needs an interface.
  signal peer=snap.@{SNAP_INSTANCE_NAME}.*,
  signal (receive) peer=snap.*,
  signal (receive) peer=unconfined,

  # udevadm, to list the devices assigned to the snap (not their
  # properties, which would tell too much about the system).
  /{,usr/}{,s}bin/udevadm ixr,
  /etc/udev/udev.conf r,
  /{,var/}run/udev/tags/snappy-assign/ r,
  @{PROC}/cmdline r,
  /sys/devices/**/uevent r,

  # Listing /dev (the device cgroup blocks the devices themselves).
  /dev/ r,
  /dev/**/ r,

  # Pseudo-terminals, from the app's own devpts instance.
  /dev/ptmx rw,

  # Listing sysfs device and class directories.
  /sys/devices/ r,
  /sys/devices/**/ r,
  /sys/class/ r,
  /sys/class/**/ r,

  capability sys_chroot,

  # LTTng's shared memory, which its tracing library tries noisily.
  deny /{dev,run,var/run}/shm/lttng-ust-* rw,

  # Walking down from / and /home (users can be listed anyway).
  @{HOMEDIRS}/ r,
  / r,

  # The install's directories in /run and /run/lock.
  /run/snap.@{SNAP_INSTANCE_NAME}/ rw,
  /run/snap.@{SNAP_INSTANCE_NAME}/** mrwklix,

  /run/lock/ r,
  /run/lock/snap.@{SNAP_INSTANCE_NAME}/ rw,
  /run/lock/snap.@{SNAP_INSTANCE_NAME}/** mrwklix,

  # The credentials systemd passes to the snap's services.
  /run/credentials/ r,
  /run/credentials/snap.@{SNAP_INSTANCE_NAME}.*.service/ r,
  /run/credentials/snap.@{SNAP_INSTANCE_NAME}.*.service/** r,

  # Huge-page mappings, which AppArmor sees as a file named /
  # (https://gitlab.com/apparmor/apparmor/-/issues/571).
  allow file / rwm,

  # Unnamed sockets inherited from another snap (a classic snap that runs
  # this one with its output on a socket pair).
  unix (send, receive) addr=none peer=(addr=none, label="snap.*"),
`
