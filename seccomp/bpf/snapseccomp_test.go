// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"fmt"
	"strings"
	"testing"
)

// snapSeccompConstants are the symbolic constants snapd's snap-seccomp
// resolves (its seccompResolver table in cmd/snap-seccomp/main.go), in its
// order, at snapd commit c5e4fbacbbf65e9b2c7818405ef292362f848b39: 220
// names. snap-seccomp compiles the table in for every architecture it is
// built for (it defines the ones a header may lack), so each resolves on
// every architecture.
var snapSeccompConstants = []string{
	"AF_UNIX", "PF_UNIX", "AF_LOCAL", "PF_LOCAL", "AF_INET", "PF_INET", "AF_INET6", "PF_INET6",
	"AF_IPX", "PF_IPX", "AF_NETLINK", "PF_NETLINK", "AF_X25", "PF_X25", "AF_AX25", "PF_AX25",
	"AF_ATMPVC", "PF_ATMPVC", "AF_APPLETALK", "PF_APPLETALK", "AF_PACKET", "PF_PACKET", "AF_ALG",
	"PF_ALG", "AF_BRIDGE", "PF_BRIDGE", "AF_NETROM", "PF_NETROM", "AF_ROSE", "PF_ROSE", "AF_NETBEUI",
	"PF_NETBEUI", "AF_SECURITY", "PF_SECURITY", "AF_KEY", "PF_KEY", "AF_ASH", "PF_ASH", "AF_ECONET",
	"PF_ECONET", "AF_SNA", "PF_SNA", "AF_IRDA", "PF_IRDA", "AF_PPPOX", "PF_PPPOX", "AF_WANPIPE",
	"PF_WANPIPE", "AF_BLUETOOTH", "PF_BLUETOOTH", "AF_RDS", "PF_RDS", "AF_LLC", "PF_LLC", "AF_TIPC",
	"PF_TIPC", "AF_IUCV", "PF_IUCV", "AF_RXRPC", "PF_RXRPC", "AF_ISDN", "PF_ISDN", "AF_PHONET",
	"PF_PHONET", "AF_IEEE802154", "PF_IEEE802154", "AF_CAIF", "PF_CAIF", "AF_NFC", "PF_NFC", "AF_VSOCK",
	"PF_VSOCK", "AF_IB", "PF_IB", "AF_MPLS", "PF_MPLS", "AF_CAN", "PF_CAN", "AF_CONN", "PF_CONN",
	"AF_QIPCRTR", "PF_QIPCRTR", "AF_XDP", "PF_XDP",
	"SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET", "SOCK_RAW", "SOCK_RDM", "SOCK_PACKET",
	"PR_CAP_AMBIENT", "PR_CAP_AMBIENT_RAISE", "PR_CAP_AMBIENT_LOWER", "PR_CAP_AMBIENT_IS_SET",
	"PR_CAP_AMBIENT_CLEAR_ALL", "PR_CAPBSET_READ", "PR_CAPBSET_DROP", "PR_SET_CHILD_SUBREAPER",
	"PR_GET_CHILD_SUBREAPER", "PR_SET_DUMPABLE", "PR_GET_DUMPABLE", "PR_SET_ENDIAN", "PR_GET_ENDIAN",
	"PR_SET_FPEMU", "PR_GET_FPEMU", "PR_SET_FPEXC", "PR_GET_FPEXC", "PR_SET_KEEPCAPS",
	"PR_GET_KEEPCAPS", "PR_MCE_KILL", "PR_MCE_KILL_GET", "PR_SET_MM", "PR_SET_MM_START_CODE",
	"PR_SET_MM_END_CODE", "PR_SET_MM_START_DATA", "PR_SET_MM_END_DATA", "PR_SET_MM_START_STACK",
	"PR_SET_MM_START_BRK", "PR_SET_MM_BRK", "PR_SET_MM_ARG_START", "PR_SET_MM_ARG_END",
	"PR_SET_MM_ENV_START", "PR_SET_MM_ENV_END", "PR_SET_MM_AUXV", "PR_SET_MM_EXE_FILE",
	"PR_MPX_ENABLE_MANAGEMENT", "PR_MPX_DISABLE_MANAGEMENT", "PR_SET_NAME", "PR_GET_NAME",
	"PR_SET_NO_NEW_PRIVS", "PR_GET_NO_NEW_PRIVS", "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG",
	"PR_SET_PTRACER", "PR_SET_SECCOMP", "PR_GET_SECCOMP", "PR_SET_SECUREBITS", "PR_GET_SECUREBITS",
	"PR_SET_THP_DISABLE", "PR_TASK_PERF_EVENTS_DISABLE", "PR_TASK_PERF_EVENTS_ENABLE",
	"PR_GET_THP_DISABLE", "PR_GET_TID_ADDRESS", "PR_SET_TIMERSLACK", "PR_GET_TIMERSLACK",
	"PR_SET_TIMING", "PR_GET_TIMING", "PR_SET_TSC", "PR_GET_TSC", "PR_SET_UNALIGN", "PR_GET_UNALIGN",
	"PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER",
	"CLONE_NEWIPC", "CLONE_NEWNET", "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWUSER", "CLONE_NEWUTS",
	"TIOCSTI", "TIOCLINUX",
	"Q_SYNC", "Q_QUOTAON", "Q_QUOTAOFF", "Q_GETFMT", "Q_GETINFO", "Q_SETINFO", "Q_GETQUOTA",
	"Q_SETQUOTA", "Q_XQUOTAON", "Q_XQUOTAOFF", "Q_XGETQUOTA", "Q_XSETQLIM", "Q_XGETQSTAT", "Q_XQUOTARM",
	"S_IFREG", "S_IFCHR", "S_IFBLK", "S_IFIFO", "S_IFSOCK",
	"NETLINK_ROUTE", "NETLINK_USERSOCK", "NETLINK_FIREWALL", "NETLINK_SOCK_DIAG", "NETLINK_NFLOG",
	"NETLINK_XFRM", "NETLINK_SELINUX", "NETLINK_ISCSI", "NETLINK_AUDIT", "NETLINK_FIB_LOOKUP",
	"NETLINK_CONNECTOR", "NETLINK_NETFILTER", "NETLINK_IP6_FW", "NETLINK_DNRTMSG",
	"NETLINK_KOBJECT_UEVENT", "NETLINK_GENERIC", "NETLINK_SCSITRANSPORT", "NETLINK_ECRYPTFS",
	"NETLINK_RDMA", "NETLINK_CRYPTO", "NETLINK_INET_DIAG",
	"PTRACE_ATTACH", "PTRACE_DETACH", "PTRACE_GETREGS", "PTRACE_GETFPREGS", "PTRACE_GETFPXREGS",
	"PTRACE_GETREGSET", "PTRACE_PEEKDATA", "PTRACE_PEEKUSR", "PTRACE_PEEKUSER", "PTRACE_CONT",
	"KCMP_FILE", "KCMP_VM", "KCMP_FILES", "KCMP_FS", "KCMP_SIGHAND", "KCMP_IO", "KCMP_SYSVSEM",
	"KCMP_EPOLL_TFD",
}

// snapSeccompNewerConstants are the constants that snapd's template and
// interfaces at commit bee548f747 (the one ../shared/snapd-ref was made
// with) use and the table above lacks: the snap-seccomp of that commit
// must resolve them too, or its own template would not compile.
var snapSeccompNewerConstants = []string{
	"S_ISUID", "S_ISGID",
	"O_CREAT", "O_TMPFILE", "O_NOTIFICATION_PIPE",
}

// TestSnapSeccompConstantsResolve checks that every constant snap-seccomp
// knows resolves, on every architecture, both through Constant and in a
// policy line.
func TestSnapSeccompConstantsResolve(t *testing.T) {
	names := append(append([]string(nil), snapSeccompConstants...), snapSeccompNewerConstants...)
	if len(snapSeccompConstants) != 220 || len(names) != 225 {
		t.Fatalf("the lists have %d and %d names; snap-seccomp's table has 220, and 5 are newer", len(snapSeccompConstants), len(names))
	}
	var src strings.Builder
	for _, name := range names {
		fmt.Fprintf(&src, "prctl %s\n", name)
	}
	p, err := ParseWithOptions([]byte(src.String()), ParseOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		for _, a := range Arches() {
			if _, ok := Constant(name, a); !ok {
				t.Errorf("%s does not resolve on %s", name, a)
			}
			want, _ := Constant(name, a)
			if got, ok := p.Rules[i].Conds[0].Value.Value(a); !ok || got != want {
				t.Errorf("%s in a policy on %s = %#x, %v; want %#x", name, a, got, ok, want)
			}
		}
	}
}

// TestSnapSeccompValues checks the constants whose values snap-seccomp
// takes from somewhere else than the kernel headers x/sys is made from:
// its own definitions, glibc's headers or another spelling.
func TestSnapSeccompValues(t *testing.T) {
	same := map[string]uint64{
		// Defined by snap-seccomp (with the x86 values) where the headers
		// lack them; see gentables/consts.go for where they collide.
		"PTRACE_GETREGS": 12, "PTRACE_GETFPREGS": 14, "PTRACE_GETFPXREGS": 18,
		"TIOCLINUX": 0x541c,
		// usrsctp's address family, unknown to the kernel.
		"AF_CONN": 123, "PF_CONN": 123,
		// linux/kcmp.h, which x/sys does not carry.
		"KCMP_FILE": 0, "KCMP_VM": 1, "KCMP_FILES": 2, "KCMP_FS": 3, "KCMP_SIGHAND": 4,
		"KCMP_IO": 5, "KCMP_SYSVSEM": 6, "KCMP_EPOLL_TFD": 7,
		// sys/quota.h and xfs/xqm.h (XQM_CMD(n) is 'X'<<8 + n).
		"Q_SYNC": 0x800001, "Q_QUOTAON": 0x800002, "Q_QUOTAOFF": 0x800003, "Q_GETFMT": 0x800004,
		"Q_GETINFO": 0x800005, "Q_SETINFO": 0x800006, "Q_GETQUOTA": 0x800007, "Q_SETQUOTA": 0x800008,
		"Q_XQUOTAON": 0x5801, "Q_XQUOTAOFF": 0x5802, "Q_XGETQUOTA": 0x5803, "Q_XSETQLIM": 0x5804,
		"Q_XGETQSTAT": 0x5805, "Q_XQUOTARM": 0x5806,
		"S_ISUID": 0o4000, "S_ISGID": 0o2000,
	}
	for _, a := range Arches() {
		for name, want := range same {
			if got, ok := Constant(name, a); !ok || got != want {
				t.Errorf("%s on %s = %#x, %v; want %#x", name, a, got, ok, want)
			}
		}
		for alias, of := range map[string]string{"PTRACE_PEEKUSER": "PTRACE_PEEKUSR", "O_NOTIFICATION_PIPE": "O_EXCL"} {
			want, _ := Constant(of, a)
			if got, ok := Constant(alias, a); !ok || got != want {
				t.Errorf("%s on %s = %#x, %v; want %s's %#x", alias, a, got, ok, of, want)
			}
		}
	}
	// Where the x86 numbers are other requests: what snap-seccomp does.
	for _, tc := range []struct {
		arch Arch
		name string
	}{{ArchARM, "PTRACE_GETWMMXREGS"}, {ArchPPC64LE, "PTRACE_GETVRREGS"}} {
		if v, ok := Constant(tc.name, tc.arch); !ok || v != 18 {
			t.Errorf("%s on %s = %d, %v; want 18, PTRACE_GETFPXREGS's number", tc.name, tc.arch, v, ok)
		}
	}
}
