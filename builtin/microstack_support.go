// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// microstack-support: running MicroStack, OpenStack in one snap. Its
// services (libvirt spawning QEMU virtual machines, Open vSwitch and
// Neutron for networking, Nova, Cinder with LVM and iSCSI targets) need
// virtualization devices, device mapper, loop and SCSI devices, their
// kernel modules, and to load AppArmor profiles for the machines libvirt
// starts. The snap may only be installed with a store's permission, and
// plugs connect only when allowed.
//
// As snapd does, the snap manages the device cgroup of its machines
// itself (it gets no udev tagging, and its daemons run with
// Delegate=true, connected or not).
func newMicrostackSupport() interfaces.Interface {
	return &commonInterface{
		name:              "microstack-support",
		summary:           "allows operating as the MicroStack service",
		docURL:            "https://snapcraft.io/docs/microstack-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationPlugs: `
  microstack-support:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  microstack-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: microstackSupportAppArmor,
		connectedPlugSecComp:  microstackSupportSecComp,
		connectedPlugKModModules: []string{
			// vhost: virtio back ends in the kernel (network, SCSI,
			// vsock).
			"vhost", "vhost-net", "vhost-scsi", "vhost-vsock",
			// Handing PCI devices to machines: the stub driver and VFIO.
			"pci-stub", "vfio", "vfio-pci",
			// Network block devices (Nova's live migration).
			"nbd",
			// Device mapper with thin pools and snapshots (Cinder's LVM).
			"dm-mod", "dm-thin-pool", "dm-snapshot",
			// iSCSI initiator (os-brick) and LIO targets (Cinder).
			"iscsi-tcp", "target-core-mod",
		},
		permanentPlugServices: []string{"Delegate=true"},
		controlsDeviceCgroup:  true,
	}
}

const microstackSupportAppArmor = `
# QEMU: the kernel's virtio back ends, VFIO device assignment (the
# container and the group devices), and qemu-nbd for Nova's images.
/dev/vhost-net rw,
/dev/vhost-scsi rw,
/dev/vhost-vsock rw,
/dev/vfio/vfio rw,
/dev/vfio/* rw,
/dev/nbd* rw,

# Device mapper for LVM: the control device, /dev/mapper and its links,
# the dm-* devices, the volume groups' directories, and bcache devices
# (up to 1000) underneath.
/dev/mapper/control rw,
/dev/mapper/{,**} rw,
/dev/dm-* rw,
/dev/microstack-*/{,**} rw,
/dev/bcache[0-9]{,[0-9],[0-9][0-9]} rw,

# Loop devices, for LVM backed by a file.
/dev/loop-control rw,
/dev/loop[0-9]* rw,

# libvirt loads AppArmor profiles for the machines it starts.
/sys/kernel/security/apparmor/{,**} r,
/sys/kernel/security/apparmor/.remove w,
/sys/kernel/security/apparmor/.replace w,

# libvirt: IOMMU groups.
/sys/kernel/iommu_groups/{,**} r,
/sys/bus/pci/devices/**/iommu_group/** r,

# libvirt's QEMU driver keeps its huge pages at a fixed place.
/dev/hugepages/libvirt/ rw,
/dev/hugepages/libvirt/** mrwklix,

# QEMU: how many memory regions vhost takes.
/sys/module/vhost/parameters/max_mem_regions r,

# libvirt and cgroups: the controllers, and the machines' groups in the
# generic and the systemd layout.
/sys/fs/cgroup/unified/cgroup.controllers r,
/sys/fs/cgroup/cpuset/cpuset.cpus r,

/sys/fs/cgroup/*/ r,
/sys/fs/cgroup/*/machine/ rw,
/sys/fs/cgroup/*/machine/** rw,

/sys/fs/cgroup/*/machine.slice/machine-qemu*/{,**} rw,

@{PROC}/[0-9]*/cgroup r,
@{PROC}/cgroups r,

# libvirt: process and scheduler information, MTRRs.
@{PROC}/filesystems r,
@{PROC}/mtrr w,
@{PROC}/@{pids}/environ r,
@{PROC}/@{pids}/sched r,
@{PROC}/@{pids}/task/@{tid}/sched r,
@{PROC}/@{pids}/task/@{tid}/schedstat r,

@{PROC}/*/status r,

# libvirt resets PCI devices through their config space and rebinds
# their drivers.
/sys/devices/pci*/**/config rw,
/sys/devices/pci*/**/driver_override rw,
/sys/bus/pci/drivers/**/unbind rw,
/sys/bus/pci/drivers_probe rw,

# SPICE consoles.
owner /{dev,run}/shm/spice.* rw,

# libvirt's lock files for the consoles' pseudo-terminals (virsh console).
/run/lock/ r,
/run/lock/LCK.._pts_* rwk,

# LVM's locks, its state (pvs_online, vgs_online, hints) and dmeventd.
/run/lock/lvm/ rw,
/run/lock/lvm/** rwk,
/run/lvm/ rw,
/run/lvm/** rwlk,
/run/dmeventd-client rwlk,
/run/dmeventd-server rwlk,

# targetcli and LIO's configfs.
/sys/kernel/config/target/ rw,
/sys/kernel/config/target/** rw,

/{var/,}run/targetcli.lock rwlk,

# iscsid: its locks, transports, sessions, hosts and connections.
/run/lock/iscsi/ rw,
/run/lock/iscsi/** rwlk,
/sys/devices/virtual/iscsi_transport/tcp/** r,
/sys/devices/virtual/iscsi_transport/iser/** r,
/sys/class/iscsi_session/** rw,
/sys/class/iscsi_host/** r,
/sys/devices/platform/host*/scsi_host/host*/** rw,
/sys/devices/platform/host*/session*/connection*/iscsi_connection/connection*/** rw,
/sys/devices/platform/host*/session*/iscsi_session/session*/** rw,
/sys/devices/platform/host*/session*/target*/** rw,
/sys/devices/platform/host*/iscsi_host/host*/** rw,

# libvirt locks SCSI disks (block-devices grants rw only), and os-brick
# removes them when it detaches them.
/dev/sd{,[a-h]}[a-z] rwk,
/dev/sdi[a-v] rwk,
/sys/block/sd{,[a-h]}[a-z]/device/delete rw,
/sys/block/sdi[a-v]/device/delete rw,

# open-iscsi keeps itself from the OOM killer.
owner @{PROC}/@{pid}/oom_score_adj rw,

# Starting the helpers under the profiles loaded for them.
capability mac_admin,

# Handing the services' unix sockets to their users.
capability chown,

# Nova.
capability dac_override,
capability dac_read_search,
capability fowner,

# libvirt: capabilities of its children (prctl), and device nodes.
capability setpcap,
capability mknod,

# libvirt confines each machine under its own profile...
change_profile -> libvirt-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*,

# ... signals it...
signal (read, send) peer=libvirt-*,

# ... and reads its /proc entries (ptrace access mode checks), and its own.
ptrace (read, trace) peer=@{profile_name},
ptrace (read, trace) peer=libvirt-*,

# neutron-ovn-agent's network namespaces.
unmount /run/netns/ovnmeta-*,

# libvirtd: AMD SEV.
/dev/sev rw,

# Open vSwitch's DPDK: page maps and locked memory, and anonymous files
# on huge pages, which AppArmor sees as the root directory (it does not
# let the top of the tree be removed; below it is the read-only base).
@{PROC}/@{pids}/pagemap r,
capability ipc_lock,
owner / rw,
`

// microstackSupportSecComp: the union of what the services call; the
// profiles libvirt loads narrow each helper down. Block device nodes only.
const microstackSupportSecComp = `
mknod - |S_IFBLK -
mknodat - - |S_IFBLK -
`
