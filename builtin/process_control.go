// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// process-control: signalling other processes and changing their
// priority, scheduling and CPU affinity. It reaches every process of the
// same user, and every process when run as root, so plugs connect only
// when allowed. (nice itself is in the default template.)
func newProcessControl() interfaces.Interface {
	return &commonInterface{
		name:              "process-control",
		summary:           "allows controlling other processes",
		docURL:            "https://snapcraft.io/docs/process-control-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; plugs never connect on their
		// own.
		baseDeclarationSlots: `
  process-control:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: processControlAppArmor,
		connectedPlugSecComp:  processControlSecComp,
	}
}

const processControlAppArmor = `
# renice and taskset.
/{,usr/}bin/renice ixr,
/{,usr/}bin/taskset ixr,

# Raising priorities and resource limits beyond the caller's own.
capability sys_resource,
capability sys_nice,

# Signalling any process, and kill and pkill.
capability kill,
signal (send),
/{,usr/}bin/kill ixr,
/{,usr/}bin/pkill ixr,

# Which memory of a process its core dump holds (OpenSearch sets its
# own).
@{PROC}/[0-9]*/coredump_filter wr,
`

const processControlSecComp = `
# Setting the nice value, priority, CPU affinity and scheduling policy and
# attributes of any process.
nice
setpriority
sched_setaffinity
sched_setattr
sched_setparam
sched_setscheduler
`
