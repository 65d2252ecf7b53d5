// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"testing"

	"golang.org/x/sys/unix"
)

// snapSeccompXSys holds golang.org/x/sys/unix's value, for the host, of
// every constant of snapSeccompConstants and snapSeccompNewerConstants
// that x/sys defines on every Linux architecture. The others
// (usrsctp's AF_CONN, kcmp, quotactl, glibc's PTRACE_PEEKUSER,
// O_NOTIFICATION_PIPE, and the ptrace register requests x/sys has for
// some architectures only) are checked by TestSnapSeccompValues.
var snapSeccompXSys = map[string]uint64{
	"AF_UNIX": unix.AF_UNIX, "PF_UNIX": unix.PF_UNIX, "AF_LOCAL": unix.AF_LOCAL,
	"PF_LOCAL": unix.PF_LOCAL, "AF_INET": unix.AF_INET, "PF_INET": unix.PF_INET,
	"AF_INET6": unix.AF_INET6, "PF_INET6": unix.PF_INET6, "AF_IPX": unix.AF_IPX, "PF_IPX": unix.PF_IPX,
	"AF_NETLINK": unix.AF_NETLINK, "PF_NETLINK": unix.PF_NETLINK, "AF_X25": unix.AF_X25,
	"PF_X25": unix.PF_X25, "AF_AX25": unix.AF_AX25, "PF_AX25": unix.PF_AX25,
	"AF_ATMPVC": unix.AF_ATMPVC, "PF_ATMPVC": unix.PF_ATMPVC, "AF_APPLETALK": unix.AF_APPLETALK,
	"PF_APPLETALK": unix.PF_APPLETALK, "AF_PACKET": unix.AF_PACKET, "PF_PACKET": unix.PF_PACKET,
	"AF_ALG": unix.AF_ALG, "PF_ALG": unix.PF_ALG, "AF_BRIDGE": unix.AF_BRIDGE,
	"PF_BRIDGE": unix.PF_BRIDGE, "AF_NETROM": unix.AF_NETROM, "PF_NETROM": unix.PF_NETROM,
	"AF_ROSE": unix.AF_ROSE, "PF_ROSE": unix.PF_ROSE, "AF_NETBEUI": unix.AF_NETBEUI,
	"PF_NETBEUI": unix.PF_NETBEUI, "AF_SECURITY": unix.AF_SECURITY, "PF_SECURITY": unix.PF_SECURITY,
	"AF_KEY": unix.AF_KEY, "PF_KEY": unix.PF_KEY, "AF_ASH": unix.AF_ASH, "PF_ASH": unix.PF_ASH,
	"AF_ECONET": unix.AF_ECONET, "PF_ECONET": unix.PF_ECONET, "AF_SNA": unix.AF_SNA,
	"PF_SNA": unix.PF_SNA, "AF_IRDA": unix.AF_IRDA, "PF_IRDA": unix.PF_IRDA, "AF_PPPOX": unix.AF_PPPOX,
	"PF_PPPOX": unix.PF_PPPOX, "AF_WANPIPE": unix.AF_WANPIPE, "PF_WANPIPE": unix.PF_WANPIPE,
	"AF_BLUETOOTH": unix.AF_BLUETOOTH, "PF_BLUETOOTH": unix.PF_BLUETOOTH, "AF_RDS": unix.AF_RDS,
	"PF_RDS": unix.PF_RDS, "AF_LLC": unix.AF_LLC, "PF_LLC": unix.PF_LLC, "AF_TIPC": unix.AF_TIPC,
	"PF_TIPC": unix.PF_TIPC, "AF_IUCV": unix.AF_IUCV, "PF_IUCV": unix.PF_IUCV,
	"AF_RXRPC": unix.AF_RXRPC, "PF_RXRPC": unix.PF_RXRPC, "AF_ISDN": unix.AF_ISDN,
	"PF_ISDN": unix.PF_ISDN, "AF_PHONET": unix.AF_PHONET, "PF_PHONET": unix.PF_PHONET,
	"AF_IEEE802154": unix.AF_IEEE802154, "PF_IEEE802154": unix.PF_IEEE802154, "AF_CAIF": unix.AF_CAIF,
	"PF_CAIF": unix.PF_CAIF, "AF_NFC": unix.AF_NFC, "PF_NFC": unix.PF_NFC, "AF_VSOCK": unix.AF_VSOCK,
	"PF_VSOCK": unix.PF_VSOCK, "AF_IB": unix.AF_IB, "PF_IB": unix.PF_IB, "AF_MPLS": unix.AF_MPLS,
	"PF_MPLS": unix.PF_MPLS, "AF_CAN": unix.AF_CAN, "PF_CAN": unix.PF_CAN,
	"AF_QIPCRTR": unix.AF_QIPCRTR, "PF_QIPCRTR": unix.PF_QIPCRTR, "AF_XDP": unix.AF_XDP,
	"PF_XDP":      unix.PF_XDP,
	"SOCK_STREAM": unix.SOCK_STREAM, "SOCK_DGRAM": unix.SOCK_DGRAM,
	"SOCK_SEQPACKET": unix.SOCK_SEQPACKET, "SOCK_RAW": unix.SOCK_RAW, "SOCK_RDM": unix.SOCK_RDM,
	"SOCK_PACKET":    unix.SOCK_PACKET,
	"PR_CAP_AMBIENT": unix.PR_CAP_AMBIENT, "PR_CAP_AMBIENT_RAISE": unix.PR_CAP_AMBIENT_RAISE,
	"PR_CAP_AMBIENT_LOWER":     unix.PR_CAP_AMBIENT_LOWER,
	"PR_CAP_AMBIENT_IS_SET":    unix.PR_CAP_AMBIENT_IS_SET,
	"PR_CAP_AMBIENT_CLEAR_ALL": unix.PR_CAP_AMBIENT_CLEAR_ALL, "PR_CAPBSET_READ": unix.PR_CAPBSET_READ,
	"PR_CAPBSET_DROP": unix.PR_CAPBSET_DROP, "PR_SET_CHILD_SUBREAPER": unix.PR_SET_CHILD_SUBREAPER,
	"PR_GET_CHILD_SUBREAPER": unix.PR_GET_CHILD_SUBREAPER, "PR_SET_DUMPABLE": unix.PR_SET_DUMPABLE,
	"PR_GET_DUMPABLE": unix.PR_GET_DUMPABLE, "PR_SET_ENDIAN": unix.PR_SET_ENDIAN,
	"PR_GET_ENDIAN": unix.PR_GET_ENDIAN, "PR_SET_FPEMU": unix.PR_SET_FPEMU,
	"PR_GET_FPEMU": unix.PR_GET_FPEMU, "PR_SET_FPEXC": unix.PR_SET_FPEXC,
	"PR_GET_FPEXC": unix.PR_GET_FPEXC, "PR_SET_KEEPCAPS": unix.PR_SET_KEEPCAPS,
	"PR_GET_KEEPCAPS": unix.PR_GET_KEEPCAPS, "PR_MCE_KILL": unix.PR_MCE_KILL,
	"PR_MCE_KILL_GET": unix.PR_MCE_KILL_GET, "PR_SET_MM": unix.PR_SET_MM,
	"PR_SET_MM_START_CODE": unix.PR_SET_MM_START_CODE, "PR_SET_MM_END_CODE": unix.PR_SET_MM_END_CODE,
	"PR_SET_MM_START_DATA": unix.PR_SET_MM_START_DATA, "PR_SET_MM_END_DATA": unix.PR_SET_MM_END_DATA,
	"PR_SET_MM_START_STACK": unix.PR_SET_MM_START_STACK,
	"PR_SET_MM_START_BRK":   unix.PR_SET_MM_START_BRK, "PR_SET_MM_BRK": unix.PR_SET_MM_BRK,
	"PR_SET_MM_ARG_START": unix.PR_SET_MM_ARG_START, "PR_SET_MM_ARG_END": unix.PR_SET_MM_ARG_END,
	"PR_SET_MM_ENV_START": unix.PR_SET_MM_ENV_START, "PR_SET_MM_ENV_END": unix.PR_SET_MM_ENV_END,
	"PR_SET_MM_AUXV": unix.PR_SET_MM_AUXV, "PR_SET_MM_EXE_FILE": unix.PR_SET_MM_EXE_FILE,
	"PR_MPX_ENABLE_MANAGEMENT":  unix.PR_MPX_ENABLE_MANAGEMENT,
	"PR_MPX_DISABLE_MANAGEMENT": unix.PR_MPX_DISABLE_MANAGEMENT, "PR_SET_NAME": unix.PR_SET_NAME,
	"PR_GET_NAME": unix.PR_GET_NAME, "PR_SET_NO_NEW_PRIVS": unix.PR_SET_NO_NEW_PRIVS,
	"PR_GET_NO_NEW_PRIVS": unix.PR_GET_NO_NEW_PRIVS, "PR_SET_PDEATHSIG": unix.PR_SET_PDEATHSIG,
	"PR_GET_PDEATHSIG": unix.PR_GET_PDEATHSIG, "PR_SET_PTRACER": unix.PR_SET_PTRACER,
	"PR_SET_SECCOMP": unix.PR_SET_SECCOMP, "PR_GET_SECCOMP": unix.PR_GET_SECCOMP,
	"PR_SET_SECUREBITS": unix.PR_SET_SECUREBITS, "PR_GET_SECUREBITS": unix.PR_GET_SECUREBITS,
	"PR_SET_THP_DISABLE":          unix.PR_SET_THP_DISABLE,
	"PR_TASK_PERF_EVENTS_DISABLE": unix.PR_TASK_PERF_EVENTS_DISABLE,
	"PR_TASK_PERF_EVENTS_ENABLE":  unix.PR_TASK_PERF_EVENTS_ENABLE,
	"PR_GET_THP_DISABLE":          unix.PR_GET_THP_DISABLE, "PR_GET_TID_ADDRESS": unix.PR_GET_TID_ADDRESS,
	"PR_SET_TIMERSLACK": unix.PR_SET_TIMERSLACK, "PR_GET_TIMERSLACK": unix.PR_GET_TIMERSLACK,
	"PR_SET_TIMING": unix.PR_SET_TIMING, "PR_GET_TIMING": unix.PR_GET_TIMING,
	"PR_SET_TSC": unix.PR_SET_TSC, "PR_GET_TSC": unix.PR_GET_TSC, "PR_SET_UNALIGN": unix.PR_SET_UNALIGN,
	"PR_GET_UNALIGN": unix.PR_GET_UNALIGN,
	"PRIO_PROCESS":   unix.PRIO_PROCESS, "PRIO_PGRP": unix.PRIO_PGRP, "PRIO_USER": unix.PRIO_USER,
	"CLONE_NEWIPC": unix.CLONE_NEWIPC, "CLONE_NEWNET": unix.CLONE_NEWNET,
	"CLONE_NEWNS": unix.CLONE_NEWNS, "CLONE_NEWPID": unix.CLONE_NEWPID,
	"CLONE_NEWUSER": unix.CLONE_NEWUSER, "CLONE_NEWUTS": unix.CLONE_NEWUTS,
	"TIOCSTI":   unix.TIOCSTI,
	"TIOCLINUX": unix.TIOCLINUX,
	"S_IFREG":   unix.S_IFREG, "S_IFCHR": unix.S_IFCHR, "S_IFBLK": unix.S_IFBLK, "S_IFIFO": unix.S_IFIFO,
	"S_IFSOCK":      unix.S_IFSOCK,
	"NETLINK_ROUTE": unix.NETLINK_ROUTE, "NETLINK_USERSOCK": unix.NETLINK_USERSOCK,
	"NETLINK_FIREWALL": unix.NETLINK_FIREWALL, "NETLINK_SOCK_DIAG": unix.NETLINK_SOCK_DIAG,
	"NETLINK_NFLOG": unix.NETLINK_NFLOG, "NETLINK_XFRM": unix.NETLINK_XFRM,
	"NETLINK_SELINUX": unix.NETLINK_SELINUX, "NETLINK_ISCSI": unix.NETLINK_ISCSI,
	"NETLINK_AUDIT": unix.NETLINK_AUDIT, "NETLINK_FIB_LOOKUP": unix.NETLINK_FIB_LOOKUP,
	"NETLINK_CONNECTOR": unix.NETLINK_CONNECTOR, "NETLINK_NETFILTER": unix.NETLINK_NETFILTER,
	"NETLINK_IP6_FW": unix.NETLINK_IP6_FW, "NETLINK_DNRTMSG": unix.NETLINK_DNRTMSG,
	"NETLINK_KOBJECT_UEVENT": unix.NETLINK_KOBJECT_UEVENT, "NETLINK_GENERIC": unix.NETLINK_GENERIC,
	"NETLINK_SCSITRANSPORT": unix.NETLINK_SCSITRANSPORT, "NETLINK_ECRYPTFS": unix.NETLINK_ECRYPTFS,
	"NETLINK_RDMA": unix.NETLINK_RDMA, "NETLINK_CRYPTO": unix.NETLINK_CRYPTO,
	"NETLINK_INET_DIAG": unix.NETLINK_INET_DIAG,
	"PTRACE_ATTACH":     unix.PTRACE_ATTACH, "PTRACE_DETACH": unix.PTRACE_DETACH,
	"PTRACE_GETREGS": unix.PTRACE_GETREGS, "PTRACE_GETREGSET": unix.PTRACE_GETREGSET,
	"PTRACE_PEEKDATA": unix.PTRACE_PEEKDATA, "PTRACE_PEEKUSR": unix.PTRACE_PEEKUSR,
	"PTRACE_CONT": unix.PTRACE_CONT,
	"S_ISUID":     unix.S_ISUID, "S_ISGID": unix.S_ISGID,
	"O_CREAT": unix.O_CREAT, "O_TMPFILE": unix.O_TMPFILE,
}

// TestSnapSeccompConstantsMatchXSys compares the values of snap-seccomp's
// constants on the host architecture with golang.org/x/sys/unix.
func TestSnapSeccompConstantsMatchXSys(t *testing.T) {
	a := HostArch()
	if a == ArchInvalid {
		t.Skip("unsupported host architecture")
	}
	known := map[string]bool{}
	for _, name := range append(append([]string(nil), snapSeccompConstants...), snapSeccompNewerConstants...) {
		known[name] = true
	}
	for name, want := range snapSeccompXSys {
		if !known[name] {
			t.Errorf("%s is not one of snap-seccomp's constants", name)
		}
		if got, ok := Constant(name, a); !ok || got != want {
			t.Errorf("%s on %s = %#x, %v; x/sys says %#x", name, a, got, ok, want)
		}
	}
	if len(snapSeccompXSys) != 197 {
		t.Errorf("%d constants compared with x/sys, want 197 of the 225", len(snapSeccompXSys))
	}
}
