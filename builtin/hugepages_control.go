// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// hugepages-control: configuring huge pages and transparent huge pages
// (pool sizes, defragmentation, khugepaged) and using the hugetlbfs
// mounts at /dev/hugepages or /run/hugepages. Plugs connect only when
// allowed.
func newHugepagesControl() interfaces.Interface {
	return &commonInterface{
		name:              "hugepages-control",
		summary:           "allows controlling hugepages",
		docURL:            "https://snapcraft.io/docs/hugepages-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  hugepages-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: hugepagesControlAppArmor,
	}
}

const hugepagesControlAppArmor = `
# Huge page pools, system-wide and per NUMA node, in sysfs and procfs.
/sys/kernel/mm/hugepages/{,hugepages-[0-9]*}/* r,
/sys/kernel/mm/hugepages/{,hugepages-[0-9]*}/nr_{hugepages,hugepages_mempolicy,overcommit_hugepages} w,
/sys/devices/system/node/node[0-9]*/hugepages/{,hugepages-[0-9]*}/* r,
/sys/devices/system/node/node[0-9]*/hugepages/{,hugepages-[0-9]*}/nr_hugepages w,
@{PROC}/sys/vm/nr_{hugepages,hugepages_mempolicy,overcommit_hugepages} rw,

# The group allowed to make hugetlb shared memory segments.
@{PROC}/sys/vm/hugetlb_shm_group r,

# Memory use per node.
/sys/devices/system/node/node[0-9]*/meminfo r,

# The hugetlbfs mounts; access to their files is managed with file
# ownership, so only the caller's own files.
/{dev,run}/hugepages/ r,
owner /{dev,run}/hugepages/{,**} rwk,

# Transparent huge pages and khugepaged.
/sys/kernel/mm/transparent_hugepage/{,**} r,
/sys/kernel/mm/transparent_hugepage/defrag w,
/sys/kernel/mm/transparent_hugepage/{,shmem_}enabled w,
/sys/kernel/mm/transparent_hugepage/use_zero_page w,
/sys/kernel/mm/transparent_hugepage/khugepaged/{alloc,scan}_sleep_millisecs w,
/sys/kernel/mm/transparent_hugepage/khugepaged/defrag w,
/sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_{none,swap} w,
/sys/kernel/mm/transparent_hugepage/khugepaged/pages_to_scan w,

# Remounting /dev/hugepages read-only (as hypervisors such as ACRN do).
mount options=ro /dev/hugepages,
`
