// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// families are the name prefixes of the constants the policy syntax
// accepts: every family snapd's compiler resolves (socket domains and
// types, netlink protocols, prctl options, priorities, clone flags, tty
// ioctls, quotactl commands, file types and the set-id mode bits, ptrace
// requests, kcmp types, syslog actions) and the ones commonly used to
// filter arguments (open and fcntl
// flags, mount flags, mmap and madvise values, socket levels and options,
// capabilities, rlimits, futex operations, scheduler policies, ...).
var families = []string{
	"AF_", "PF_", "SOCK_", "NETLINK_", "PR_", "PRIO_", "CLONE_", "TIOC",
	"Q_", "S_IF", "S_IS", "PTRACE_", "KCMP_", "SYSLOG_ACTION_",
	"O_", "F_", "AT_", "MS_", "MNT_", "MAP_", "PROT_", "MADV_", "MREMAP_",
	"IPPROTO_", "SOL_", "SO_", "CAP_", "RLIMIT_", "FUTEX_", "SCHED_",
	"EPOLL", "SECCOMP_", "FIO", "SIOC", "TCGETS", "TCSETS", "TCFLSH",
	"TCSBRK", "TCXONC", "GRND_", "MFD_", "EFD_", "TFD_", "IN_", "PERF_FLAG_",
	"KEYCTL_", "IOPRIO_", "MCL_", "MLOCK_", "RENAME_", "LOCK_", "SPLICE_F_",
	"XATTR_", "UMOUNT_", "FALLOC_FL_", "POSIX_FADV_", "SFD_", "MSG_",
	"SHUT_", "SEEK_",
}

// goarchOf maps the package's architectures to x/sys/unix file suffixes;
// x/sys has no x32 port, and x32 shares the x86-64 kernel ABI constants.
var goarchOf = []struct{ arch, goarch string }{
	{"ArchAMD64", "amd64"}, {"ArchI386", "386"}, {"ArchX32", "amd64"},
	{"ArchARM64", "arm64"}, {"ArchARM", "arm"}, {"ArchPPC64LE", "ppc64le"},
	{"ArchS390X", "s390x"}, {"ArchRISCV64", "riscv64"},
}

// extra holds constants that x/sys/unix does not define, with the header
// they come from; they apply to every architecture that lacks the name.
var extra = []struct {
	name  string
	value uint64
	from  string
}{
	{"AF_CONN", 123, "usrsctp.h (userspace SCTP)"},
	{"PF_CONN", 123, "usrsctp.h (userspace SCTP)"},
	{"KCMP_FILE", 0, "linux/kcmp.h"},
	{"KCMP_VM", 1, "linux/kcmp.h"},
	{"KCMP_FILES", 2, "linux/kcmp.h"},
	{"KCMP_FS", 3, "linux/kcmp.h"},
	{"KCMP_SIGHAND", 4, "linux/kcmp.h"},
	{"KCMP_IO", 5, "linux/kcmp.h"},
	{"KCMP_SYSVSEM", 6, "linux/kcmp.h"},
	{"KCMP_EPOLL_TFD", 7, "linux/kcmp.h"},
	{"Q_SYNC", 0x800001, "linux/quota.h"},
	{"Q_QUOTAON", 0x800002, "linux/quota.h"},
	{"Q_QUOTAOFF", 0x800003, "linux/quota.h"},
	{"Q_GETFMT", 0x800004, "linux/quota.h"},
	{"Q_GETINFO", 0x800005, "linux/quota.h"},
	{"Q_SETINFO", 0x800006, "linux/quota.h"},
	{"Q_GETQUOTA", 0x800007, "linux/quota.h"},
	{"Q_SETQUOTA", 0x800008, "linux/quota.h"},
	{"Q_GETNEXTQUOTA", 0x800009, "linux/quota.h"},
	{"Q_XQUOTAON", 0x5801, "linux/dqblk_xfs.h: XQM_CMD(1)"},
	{"Q_XQUOTAOFF", 0x5802, "linux/dqblk_xfs.h: XQM_CMD(2)"},
	{"Q_XGETQUOTA", 0x5803, "linux/dqblk_xfs.h: XQM_CMD(3)"},
	{"Q_XSETQLIM", 0x5804, "linux/dqblk_xfs.h: XQM_CMD(4)"},
	{"Q_XGETQSTAT", 0x5805, "linux/dqblk_xfs.h: XQM_CMD(5)"},
	{"Q_XQUOTARM", 0x5806, "linux/dqblk_xfs.h: XQM_CMD(6)"},
	{"Q_XQUOTASYNC", 0x5807, "linux/dqblk_xfs.h: XQM_CMD(7)"},
	{"Q_XGETQSTATV", 0x5808, "linux/dqblk_xfs.h: XQM_CMD(8)"},
	{"Q_XGETNEXTQUOTA", 0x5809, "linux/dqblk_xfs.h: XQM_CMD(9)"},
	// The x86 register requests. snap-seccomp defines them, with the
	// x86 numbers, on every architecture whose headers lack them, so
	// that a policy can name them everywhere, and so do we: a constant
	// must have the value snap-seccomp would give it on the target.
	// snap-seccomp assumes the numbers are unused there, which is true
	// of arm64, riscv64 and s390x (x/sys has no GETFPREGS for them and
	// no GETFPXREGS but on x86), but not of every architecture: 18 and
	// 19 are PTRACE_GETWMMXREGS/SETWMMXREGS on arm and
	// PTRACE_GETVRREGS/SETVRREGS on ppc64le, so there a rule for
	// PTRACE_GETFPXREGS matches those requests, in snapd as here.
	{"PTRACE_GETREGS", 12, "asm/ptrace-abi.h (x86)"},
	{"PTRACE_SETREGS", 13, "asm/ptrace-abi.h (x86)"},
	{"PTRACE_GETFPREGS", 14, "asm/ptrace-abi.h (x86)"},
	{"PTRACE_SETFPREGS", 15, "asm/ptrace-abi.h (x86)"},
	{"PTRACE_GETFPXREGS", 18, "asm/ptrace-abi.h (x86)"},
	{"PTRACE_SETFPXREGS", 19, "asm/ptrace-abi.h (x86)"},
	{"TIOCLINUX", 0x541c, "asm-generic/ioctls.h"},
}

// aliases are other spellings that snap-seccomp accepts for a constant
// x/sys has, or constants the kernel defines as another one; each takes
// the value of the constant it names on every architecture that has that
// one, unless x/sys defines it itself.
var aliases = []struct {
	name, of, why string
}{
	// glibc's <sys/ptrace.h> spells the kernel's PTRACE_PEEKUSR this way;
	// snap-seccomp accepts both.
	{"PTRACE_PEEKUSER", "PTRACE_PEEKUSR", "glibc's sys/ptrace.h"},
	// linux/watch_queue.h: a pipe2 flag that reuses O_EXCL's bit, whose
	// value differs between architectures (not between the ones here).
	{"O_NOTIFICATION_PIPE", "O_EXCL", "linux/watch_queue.h"},
}

// readConsts returns the non-negative integer constants of the family
// prefixes declared in the given x/sys/unix files.
func readConsts(files []string) (map[string]uint64, error) {
	out := map[string]uint64{}
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot parse %s: %w", path, err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) || !inFamily(name.Name) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.INT {
						continue // typed, negative or computed
					}
					v, err := strconv.ParseUint(lit.Value, 0, 64)
					if err != nil {
						return nil, fmt.Errorf("cannot parse %s = %s: %w", name.Name, lit.Value, err)
					}
					out[name.Name] = v
				}
			}
		}
	}
	return out, nil
}

func inFamily(name string) bool {
	for _, f := range families {
		if strings.HasPrefix(name, f) {
			return true
		}
	}
	return false
}

func genConstants(xsys, xsysVersion string) ([]byte, error) {
	unix := filepath.Join(xsys, "unix")
	perArch := make([]map[string]uint64, len(goarchOf))
	all := map[string]bool{}
	for i, a := range goarchOf {
		m, err := readConsts([]string{
			filepath.Join(unix, "zerrors_linux.go"),
			filepath.Join(unix, "ztypes_linux.go"),
			filepath.Join(unix, "zerrors_linux_"+a.goarch+".go"),
		})
		if err != nil {
			return nil, err
		}
		for _, e := range extra {
			if _, ok := m[e.name]; !ok {
				m[e.name] = e.value
			}
		}
		for _, al := range aliases {
			v, ok := m[al.of]
			if _, defined := m[al.name]; ok && !defined {
				m[al.name] = v
			}
		}
		perArch[i] = m
		for k := range m {
			all[k] = true
		}
	}
	var b bytes.Buffer
	b.WriteString(fileHeader)
	fmt.Fprintf(&b, "// Code generated by gentables from golang.org/x/sys/unix %s (zerrors_linux*.go, ztypes_linux.go) and the UAPI values and spellings listed in gentables/consts.go; DO NOT EDIT.\n\n", xsysVersion)
	b.WriteString("package bpf\n\n")
	b.WriteString("// constantTable lists the symbolic constants sorted by name. An entry\n")
	b.WriteString("// with perArch nil has the same value on every architecture in arches.\n")
	b.WriteString("var constantTable = []constEntry{\n")
	for _, name := range slices.Sorted(maps.Keys(all)) {
		writeConst(&b, name, perArch)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// writeConst emits one constEntry literal.
func writeConst(b *bytes.Buffer, name string, perArch []map[string]uint64) {
	var mask uint
	var first uint64
	uniform, seen := true, false
	for i, m := range perArch {
		v, ok := m[name]
		if !ok {
			continue
		}
		mask |= 1 << uint(i)
		if !seen {
			first, seen = v, true
		} else if v != first {
			uniform = false
		}
	}
	if uniform {
		fmt.Fprintf(b, "\t{%q, %#x, %#x, nil},\n", name, first, mask)
		return
	}
	fmt.Fprintf(b, "\t{%q, 0, %#x, &[numArches]uint64{", name, mask)
	for i, m := range perArch {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%#x", m[name])
	}
	b.WriteString("}},\n")
}
