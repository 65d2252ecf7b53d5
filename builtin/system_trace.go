// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import "github.com/plugpolicy/plugpolicy/interfaces"

// system-trace: the kernel's tracing facilities (kprobes, ftrace, eBPF,
// perf events). They see into every process of the system, so this is for
// trusted snaps: plugs connect only when allowed.
func newSystemTrace() interfaces.Interface {
	return &commonInterface{
		name:              "system-trace",
		summary:           "allows using kernel tracing facilities",
		docURL:            "https://snapcraft.io/docs/system-trace-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		baseDeclarationSlots: `
  system-trace:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
		connectedPlugAppArmor: systemTraceAppArmor,
		connectedPlugSecComp:  systemTraceSecComp,
	}
}

const systemTraceAppArmor = `
# Loading eBPF programs and creating their maps.
capability sys_admin,
capability sys_resource,

# Kernel probes.
/sys/kernel/debug/kprobes/ r,
/sys/kernel/debug/kprobes/** r,

# ftrace, under debugfs and at its own mount point.
/sys/kernel/debug/tracing/ r,
/sys/kernel/debug/tracing/** rw,

/sys/kernel/tracing/ r,
/sys/kernel/tracing/** rw,

# Kernel headers, as BCC compiles against them: the modules' build/ link
# points into /usr/src on Ubuntu.
/usr/src/ r,
/usr/src/** r,
`

const systemTraceSecComp = `
# eBPF programs and perf events.
bpf
perf_event_open
`
