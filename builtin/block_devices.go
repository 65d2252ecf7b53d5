// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/udev"
)

// block-devices: raw disks (whole devices, not partitions, RAM disks,
// optical drives or tapes) and the controllers used to manage them
// (NVMe, MPT, MegaRAID, ZFS). With the plug attribute
// "allow-partitions: true", also the disks' partitions. Snaps may plug it
// only when allowed, and plugs connect only when allowed.
type blockDevicesInterface struct {
	commonInterface
}

var _ interfaces.PlugSanitizer = (*blockDevicesInterface)(nil)

func newBlockDevices() interfaces.Interface {
	return &blockDevicesInterface{commonInterface{
		name:              "block-devices",
		summary:           "allows access to disk block devices",
		docURL:            "https://snapcraft.io/docs/block-devices-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  block-devices:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  block-devices:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: blockDevicesAppArmor,
		connectedPlugUDev: []string{
			`SUBSYSTEM=="block"`,
			// Not block devices, but they manage the disks above.
			`SUBSYSTEM=="nvme"`,
			`KERNEL=="mpt2ctl*"`,
			`KERNEL=="megaraid_sas_ioctl_node"`,
			`KERNEL=="zfs"`,
		},
	}}
}

// BeforePreparePlug accepts a plug without "allow-partitions", or with
// true or false.
func (iface *blockDevicesInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs["allow-partitions"]
	if !ok {
		return nil
	}
	if _, ok := v.(bool); !ok {
		return fmt.Errorf(`snap %q, plug %q: invalid value %#v for attribute "allow-partitions": want true or false`, plug.Snap.InstanceName(), plug.Name, v)
	}
	return nil
}

// blockDevicesAllowPartitions tells whether a connected plug asks for the
// partitions too; anything but true (checked when the snap was added) is
// no.
func blockDevicesAllowPartitions(plug *interfaces.ConnectedPlug) bool {
	var allow bool
	return plug.Attr("allow-partitions", &allow) == nil && allow
}

// AppArmorConnectedPlug grants the disks, and their partitions when the
// plug allows them.
func (iface *blockDevicesInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if err := iface.commonInterface.AppArmorConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	if blockDevicesAllowPartitions(plug) {
		spec.AddSnippet(blockDevicesPartitionsAppArmor)
	}
	return nil
}

// UDevConnectedPlug tags the disks and controllers, and the partitions
// when the plug allows them (SUBSYSTEM=="block" matches them already; the
// rule says what was asked for). A snap that manages its own device
// cgroup gets no tags.
func (iface *blockDevicesInterface) UDevConnectedPlug(spec *udev.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if err := iface.commonInterface.UDevConnectedPlug(spec, plug, slot); err != nil {
		return err
	}
	if blockDevicesAllowPartitions(plug) {
		spec.TagDevice(`SUBSYSTEM=="block", ENV{DEVTYPE}=="partition"`)
	}
	return nil
}

const blockDevicesAppArmor = `
# Listing block devices and reading their udev data and sysfs details.
@{PROC}/devices r,
/run/udev/data/b[0-9]*:[0-9]* r,
/sys/block/ r,
/sys/devices/**/block/** r,
/sys/dev/block/ r,
/sys/devices/platform/soc/**/mmc_host/** r,
/sys/devices/**/nvme/**/dev r,

# Whole disks, not their partitions: IDE/MFM/RLL, SCSI, I2O, MMC (up to
# 1000), virtio, loop devices (up to 1000) and their control device, ZFS
# volumes (up to 1000) and ZFS control, Xen virtual disks.
/dev/hd[a-t] rwk,
/dev/sd{,[a-h]}[a-z] rwk,
/dev/sdi[a-v] rwk,
/dev/i2o/hd{,[a-c]}[a-z] rwk,
/dev/i2o/hdd[a-x] rwk,
/dev/mmcblk[0-9]{,[0-9],[0-9][0-9]} rwk,
/dev/vd[a-z] rwk,
/dev/loop[0-9]{,[0-9],[0-9][0-9]} rwk,
/dev/loop-control rw,
/dev/zd[0-9]{,[0-9],[0-9][0-9]} rwk,
/dev/zfs rw,
/dev/xvd{,[a-h]}[a-z] rwk,
/dev/xvdi[a-v] rwk,

# NVMe namespaces (up to 100 controllers with 1-63 namespaces each): all
# of them, since a namespace's number need not match its controller's.
/dev/nvme{[0-9],[1-9][0-9]}n{[1-9],[1-5][0-9],6[0-3]} rwk,

# NVMe controllers (up to 100), which manage the namespaces above.
# Partitions are raw-volume's, or allow-partitions'.
/dev/nvme{[0-9],[1-9][0-9]} rwk,

# SCSI commands and the privileged block device ioctls.
capability sys_rawio,
capability sys_admin,

# The ioctl devices of MPT and MegaRAID controllers.
/dev/mpt2ctl{,_wd} rw,
/dev/megaraid_sas_ioctl_node rw,

# Taking a device path offline or back online.
/sys/devices/**/host*/**/state rw,

# blkid (device attributes such as UUID), and making ext and FAT file
# systems.
/{,usr/}sbin/blkid ixr,
/{,usr/}sbin/mke2fs ixr,
/{,usr/}sbin/mkfs.fat ixr,

# ZFS: the module's pool and dataset features and properties, and the
# host ID pools record (from the SPL module and /etc/hostid).
/sys/module/zfs/features.*/{,**} r,
/sys/module/zfs/properties.*/{,**} r,
@{PROC}/sys/kernel/spl/hostid r,
/etc/hostid r,
`

const blockDevicesPartitionsAppArmor = `
# allow-partitions: the partitions of the disks above (IDE/MFM/RLL, SCSI,
# I2O, MMC, virtio, loop, NVMe, Xen).
/dev/hd[a-t][1-9]{,[0-6]} rwk,
/dev/sd[a-z][1-9]{,[0-6]} rwk,
/dev/sdi[a-v][1-9]{,[0-6]} rwk,
/dev/i2o/hd{,[a-c]}[a-z][1-9]{,[0-5]} rwk,
/dev/i2o/hdd[a-x][1-9]{,[0-5]} rwk,
/dev/mmcblk[0-9]{,[0-9],[0-9][0-9]}p[1-9]{,[0-9]} rwk,
/dev/vd[a-z][1-9]{,[0-9]} rwk,
/dev/loop[0-9]{,[0-9],[0-9][0-9]}p[1-9]{,[0-9]} rwk,
/dev/nvme{[0-9],[1-9][0-9]}n{[1-9],[1-5][0-9],6[0-3]}p[1-9]{,[0-9],[0-9][0-9]} rwk,
/dev/xvd{,[a-h]}[a-z][1-9]{,[0-5]} rwk,
/dev/xvdi[a-v][1-9]{,[0-5]} rwk,
`
