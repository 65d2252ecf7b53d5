// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Arch is a Linux system call ABI that a filter can cover. The zero value
// is ArchInvalid.
type Arch uint8

// The supported architectures. Their tables are generated from the kernel
// UAPI headers (see zsyscalls.go).
const (
	ArchInvalid Arch = iota
	ArchAMD64        // x86-64, AUDIT_ARCH_X86_64
	ArchI386         // x86 32-bit, AUDIT_ARCH_I386
	ArchX32          // x32: AUDIT_ARCH_X86_64 with bit 30 set in the syscall number
	ArchARM64        // AArch64, AUDIT_ARCH_AARCH64
	ArchARM          // 32-bit ARM EABI, AUDIT_ARCH_ARM
	ArchPPC64LE      // 64-bit POWER little endian, AUDIT_ARCH_PPC64LE
	ArchS390X        // 64-bit IBM Z, AUDIT_ARCH_S390X
	ArchRISCV64      // 64-bit RISC-V, AUDIT_ARCH_RISCV64
)

// numArches is the number of valid architectures; per-architecture tables
// are indexed by Arch.index().
const numArches = 8

// x32SyscallBit marks x32 system call numbers, which the kernel reports
// under AUDIT_ARCH_X86_64 like native x86-64 calls.
const x32SyscallBit = 0x40000000

type archInfo struct {
	name    string
	aliases []string // other spellings accepted by ParseArch (GOARCH, dpkg)
	audit   uint32   // AUDIT_ARCH_* value reported in seccomp_data.arch
	scmp    specs.Arch
	order   binary.ByteOrder
	// compat lists the architectures whose processes a kernel of this
	// architecture also runs, which a filter covers by default.
	compat []Arch
}

// archInfos is indexed by Arch.index().
//
// The compat sets: an x86-64 kernel runs i386 and x32 binaries; an arm64
// kernel runs 32-bit ARM binaries. ppc64le kernels have no 32-bit
// little-endian userspace, riscv64 kernels rarely enable rv32 compat and
// s390x's 31-bit compat mode has no table here, so these filters cover the
// native ABI only and treat the others as a foreign architecture.
var archInfos = [numArches]archInfo{
	{"amd64", []string{"x86_64", "x86-64"}, 0xc000003e, specs.ArchX86_64, binary.LittleEndian, []Arch{ArchI386, ArchX32}},
	{"i386", []string{"386", "x86", "i686"}, 0x40000003, specs.ArchX86, binary.LittleEndian, nil},
	{"x32", nil, 0xc000003e, specs.ArchX32, binary.LittleEndian, nil},
	{"arm64", []string{"aarch64"}, 0xc00000b7, specs.ArchAARCH64, binary.LittleEndian, []Arch{ArchARM}},
	{"arm", []string{"armhf", "armel"}, 0x40000028, specs.ArchARM, binary.LittleEndian, nil},
	{"ppc64le", []string{"ppc64el"}, 0xc0000015, specs.ArchPPC64LE, binary.LittleEndian, nil},
	{"s390x", nil, 0x80000016, specs.ArchS390X, binary.BigEndian, nil},
	{"riscv64", nil, 0xc00000f3, specs.ArchRISCV64, binary.LittleEndian, nil},
}

func (a Arch) valid() bool { return a > ArchInvalid && int(a) <= numArches }

func (a Arch) index() int { return int(a) - 1 }

func (a Arch) info() *archInfo {
	if !a.valid() {
		panic(fmt.Sprintf("internal error: invalid architecture %d", a))
	}
	return &archInfos[a.index()]
}

// Arches returns every supported architecture.
func Arches() []Arch {
	out := make([]Arch, numArches)
	for i := range out {
		out[i] = Arch(i + 1)
	}
	return out
}

// String returns the architecture's name ("amd64", "arm64", ...).
func (a Arch) String() string {
	if !a.valid() {
		return fmt.Sprintf("Arch(%d)", uint8(a))
	}
	return a.info().name
}

// ParseArch returns the architecture called name, accepting the package's
// names, Go's GOARCH values and Debian's architecture names.
func ParseArch(name string) (Arch, error) {
	for _, a := range Arches() {
		if a.info().name == name || slices.Contains(a.info().aliases, name) {
			return a, nil
		}
	}
	names := make([]string, 0, numArches)
	for _, a := range Arches() {
		names = append(names, a.String())
	}
	return ArchInvalid, fmt.Errorf("invalid architecture %q: expected one of %s", name, strings.Join(names, ", "))
}

// HostArch returns the architecture of the running Go program, or
// ArchInvalid when it is not supported.
func HostArch() Arch {
	a, err := ParseArch(runtime.GOARCH)
	if err != nil {
		return ArchInvalid
	}
	return a
}

// AuditArch returns the AUDIT_ARCH_* value the kernel reports for the
// architecture in seccomp_data.arch.
func (a Arch) AuditArch() uint32 { return a.info().audit }

// OCIArch returns the architecture's name in OCI seccomp profiles
// (SCMP_ARCH_X86_64, ...).
func (a Arch) OCIArch() specs.Arch { return a.info().scmp }

// ByteOrder returns the architecture's byte order, which is also the byte
// order of seccomp_data and of the encoded filter.
func (a Arch) ByteOrder() binary.ByteOrder { return a.info().order }

// DefaultCompat returns the compat architectures a filter for native
// architecture a covers unless Options.NativeOnly is set.
func (a Arch) DefaultCompat() []Arch {
	return append([]Arch(nil), a.info().compat...)
}

// sysEntry is one row of the generated syscall table: a name and its
// number per architecture, -1 where the architecture lacks it.
type sysEntry struct {
	name string
	nr   [numArches]int32
}

// lookupSyscall returns the table row for a system call name.
func lookupSyscall(name string) (*sysEntry, bool) {
	if i := syscallIndex(name); i >= 0 {
		return &syscallTable[i], true
	}
	return nil, false
}

// syscallIndex returns the index of a system call name's row in
// syscallTable, or -1. An open-addressing hash table of the names answers
// with about one string comparison, where a binary search makes nine.
func syscallIndex(name string) int {
	slots := syscallSlots()
	mask := uint64(len(slots) - 1)
	for i := nameHash(name) & mask; ; i = (i + 1) & mask {
		row := int(slots[i]) - 1
		if row < 0 || syscallTable[row].name == name {
			return row
		}
	}
}

// nameHash is FNV-1a.
func nameHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// syscallSlots holds, for each name in syscallTable, its row plus one, at
// or after (cyclically) the slot its hash picks; 0 marks an empty slot.
// At most a quarter of the slots are full.
var syscallSlots = sync.OnceValue(func() []uint16 {
	slots := make([]uint16, 4<<bits.Len(uint(len(syscallTable))))
	mask := uint64(len(slots) - 1)
	for row := range syscallTable {
		i := nameHash(syscallTable[row].name) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = uint16(row + 1)
	}
	return slots
})

// archRow is a syscallTable row and its number on an architecture.
type archRow struct {
	nr  int32
	row uint16
}

// syscallOrder returns the syscallTable rows that architecture a
// defines, sorted by their number on a (and by name for aliases, which
// share a number).
func syscallOrder(a Arch) []archRow { return syscallOrders()[a.index()] }

var syscallOrders = sync.OnceValue(func() (orders [numArches][]archRow) {
	for ai := range orders {
		var order []archRow
		for i := range syscallTable {
			if nr := syscallTable[i].nr[ai]; nr >= 0 {
				order = append(order, archRow{nr, uint16(i)})
			}
		}
		slices.SortStableFunc(order, func(x, y archRow) int { return cmp.Compare(x.nr, y.nr) })
		orders[ai] = order
	}
	return orders
})

// SyscallNumber returns the number of the system call called name on the
// architecture, and whether it exists there.
func (a Arch) SyscallNumber(name string) (uint32, bool) {
	e, ok := lookupSyscall(name)
	if !ok || e.nr[a.index()] < 0 {
		return 0, false
	}
	return uint32(e.nr[a.index()]), true
}

// SyscallName returns the name of system call nr on the architecture (the
// first in alphabetical order where two names share a number), and whether
// the number is defined.
func (a Arch) SyscallName(nr uint32) (string, bool) {
	for i := range syscallTable {
		if n := syscallTable[i].nr[a.index()]; n >= 0 && uint32(n) == nr {
			return syscallTable[i].name, true
		}
	}
	return "", false
}

// SyscallNames returns the names of the architecture's system calls,
// sorted.
func (a Arch) SyscallNames() []string {
	var out []string
	for i := range syscallTable {
		if syscallTable[i].nr[a.index()] >= 0 {
			out = append(out, syscallTable[i].name)
		}
	}
	return out
}

// TablesKernelVersion returns the Linux version whose UAPI headers the
// syscall tables were generated from.
func TablesKernelVersion() string { return tablesKernelVersion }

// knownSyscall reports whether name is a system call on any Linux
// architecture, including those without a table here, or one of the
// legacy names that snapd policies list although no kernel defines them.
func knownSyscall(name string) bool {
	if _, ok := lookupSyscall(name); ok {
		return true
	}
	if _, ok := slices.BinarySearch(otherArchNames, name); ok {
		return true
	}
	return slices.Contains(legacySyscallNames[:], name)
}

// legacySyscallNames are names that snapd's policies list as if they were
// system calls although no kernel defines them: libc function names in
// its default template (pread, statvfs, _exit, ...) and lchownat, which
// its multipass-support and nomad-support interfaces list and which is not
// even a libc function. libseccomp cannot resolve them, so snapd's
// compiler skips their lines; this one skips them too, without an error
// or a warning, since they are expected.
var legacySyscallNames = [...]string{
	"_exit", "fstatvfs", "lchownat", "llseek", "oldwait4", "pread", "pselect", "pwrite",
	"sigtimedwait", "sigwaitinfo", "statvfs",
}
