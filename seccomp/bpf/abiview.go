// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import "sync"

// abiView is how snap-seccomp's filters read a policy's lines on one ABI.
// snap-seccomp hands every line to libseccomp, which adapts it to each
// architecture of the filter:
//
//   - On 32-bit ABIs (libseccomp's ARCH_SIZE_32: i386 and arm among ours)
//     it compares the low 32 bits of the argument with the low 32 bits of
//     the value and mask, whatever the comparison (db.c, _db_rule_gen_32).
//     The kernel zero-extends a 32-bit process's arguments, so this loses
//     nothing there.
//   - Where the kernel also offers the socket calls through socketcall(2)
//     and the SysV IPC calls through ipc(2) (i386, ppc64le, s390x), a line
//     for such a call also becomes a line for the multiplexer, with the
//     call's number as the first argument instead of the line's first
//     filter; the other filters stay, on the multiplexer's arguments
//     (x86_rule_add in arch-x86.c, and its ppc64 and s390x twins). A call
//     the ABI has no direct number for (i386's accept, send, recv) only
//     gets the multiplexer's line.
//
// x32, which libseccomp also treats as 32-bit, keeps whole comparisons:
// snap-seccomp never covers it, and its arguments are 64-bit registers.
type abiView uint8

const (
	viewLow32 abiView = 1 << iota
	viewMux
)

// view returns how the lines read on architecture a.
func (a Arch) view() abiView {
	switch a {
	case ArchI386:
		return viewLow32 | viewMux
	case ArchARM:
		return viewLow32
	case ArchPPC64LE, ArchS390X:
		return viewMux
	}
	return 0
}

// Multiplexed calls and the number that selects them in the first
// argument of their multiplexer: SYS_* of linux/net.h for socketcall, the
// operations of linux/ipc.h for ipc. These are the calls libseccomp
// multiplexes (its __PNR_* numbers -101 to -120 and -201 to -224).
var (
	socketcallOps = map[string]uint32{
		"socket": 1, "bind": 2, "connect": 3, "listen": 4, "accept": 5,
		"getsockname": 6, "getpeername": 7, "socketpair": 8, "send": 9,
		"recv": 10, "sendto": 11, "recvfrom": 12, "shutdown": 13,
		"setsockopt": 14, "getsockopt": 15, "sendmsg": 16, "recvmsg": 17,
		"accept4": 18, "recvmmsg": 19, "sendmmsg": 20,
	}
	ipcOps = map[string]uint32{
		"semop": 1, "semget": 2, "semctl": 3, "semtimedop": 4,
		"msgsnd": 11, "msgrcv": 12, "msgget": 13, "msgctl": 14,
		"shmat": 21, "shmdt": 22, "shmget": 23, "shmctl": 24,
	}
)

// multiplexer returns the call that multiplexes the system call name and
// the number that selects it, or false when name is not multiplexed.
func multiplexer(name string) (mux string, op uint32, ok bool) {
	if op, ok := socketcallOps[name]; ok {
		return "socketcall", op, true
	}
	if op, ok := ipcOps[name]; ok {
		return "ipc", op, true
	}
	return "", 0, false
}

// muxSel is a multiplexed call's multiplexer (a syscallTable row, plus
// one; 0: not multiplexed) and selector.
type muxSel struct {
	row uint16
	op  uint8
}

// muxByRow holds the muxSel of each syscallTable row.
var muxByRow = sync.OnceValue(func() []muxSel {
	out := make([]muxSel, len(syscallTable))
	for row := range syscallTable {
		if mux, op, ok := multiplexer(syscallTable[row].name); ok {
			out[row] = muxSel{row: uint16(syscallIndex(mux) + 1), op: uint8(op)}
		}
	}
	return out
})

// ruleMultiplexer is multiplexer for the rule's call, with the
// multiplexer's syscallTable row: a table lookup for the names the tables
// have.
func ruleMultiplexer(r *Rule) (muxRow int, op uint32, ok bool) {
	if row := r.tableRow(); row >= 0 {
		m := muxByRow()[row]
		return int(m.row) - 1, uint32(m.op), m.row != 0
	}
	mux, op, ok := multiplexer(r.Syscall)
	return syscallIndex(mux), op, ok
}

// cond returns the comparison as the view makes it.
func (v abiView) cond(c argCmp) argCmp {
	if v&viewLow32 != 0 {
		c.low32, c.value, c.mask = true, c.value&0xffffffff, c.mask&0xffffffff
	}
	return c
}

// muxLine appends to dst the line l of a multiplexed call as its
// multiplexer's line reads it: the selector op compared with the first
// argument, then l's filters of the other arguments (l is sorted by
// argument, and so is the result).
func (v abiView) muxLine(dst line, l line, op uint32) line {
	dst = append(dst, v.cond(argCmp{arg: 0, op: OpEqual, value: uint64(op)}))
	for _, c := range l {
		if c.arg != 0 {
			dst = append(dst, c)
		}
	}
	return dst
}

// matchesOn reports whether the rule holds for a call with args through
// an ABI read with view v, with constants taking their native values.
// With mux set, it tells whether the multiplexer's line for the rule,
// selector op, holds.
func (r *Rule) matchesOn(native Arch, v abiView, args [6]uint64, mux bool, op uint32) (bool, error) {
	if mux {
		c := v.cond(argCmp{arg: 0, op: OpEqual, value: uint64(op)})
		if !c.op.holds(args[0], c.value, 0, c.low32) {
			return false, nil
		}
	}
	for _, c := range r.Conds {
		if mux && c.Arg == 0 {
			continue
		}
		value, mask, err := c.resolve(native)
		if err != nil {
			return false, err
		}
		cmp := v.cond(argCmp{arg: c.Arg, op: c.Op, value: value, mask: mask, low32: c.Low32})
		if !cmp.op.holds(args[c.Arg], cmp.value, cmp.mask, cmp.low32) {
			return false, nil
		}
	}
	return true, nil
}
