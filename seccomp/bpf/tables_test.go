// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"cmp"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf/internal/uapi"
)

// hostInclude is where Debian's linux-libc-dev puts the amd64 UAPI headers.
const hostInclude = "/usr/include/x86_64-linux-gnu"

// TestAMD64TableMatchesHostHeaders compares the generated amd64 table with
// the build host's asm/unistd_64.h (package linux-libc-dev). A call both
// have must have the same number; a call only one of them has is an error
// unless that one's headers are of a newer Linux release (the host's
// Debian may well be older than the tables, or newer).
func TestAMD64TableMatchesHostHeaders(t *testing.T) {
	if _, err := os.Stat(hostInclude + "/asm/unistd_64.h"); err != nil {
		t.Skipf("no amd64 UAPI headers on this host (install linux-libc-dev): %v", err)
	}
	host, err := uapi.ReadTable(hostInclude, uapi.Targets()[ArchAMD64.index()])
	if err != nil {
		t.Fatal(err)
	}
	order := hostOrder(t)
	ours := map[string]bool{}
	for _, name := range ArchAMD64.SyscallNames() {
		ours[name] = true
		nr, _ := ArchAMD64.SyscallNumber(name)
		hnr, ok := host[name]
		switch {
		case ok && hnr != nr:
			t.Errorf("%s: table says %d, host header says %d", name, nr, hnr)
		case !ok && order >= 0:
			t.Errorf("%s (%d) is missing from the host's headers, which are not older than the tables (Linux %s)", name, nr, TablesKernelVersion())
		}
	}
	for name, nr := range host {
		if ours[name] {
			continue
		}
		if order > 0 {
			t.Logf("%s (%d) is newer than the tables (Linux %s): regenerate them", name, nr, TablesKernelVersion())
			continue
		}
		t.Errorf("%s (%d) is missing from the table", name, nr)
	}
	if len(ours) < 350 {
		t.Errorf("only %d amd64 system calls", len(ours))
	}
}

var versionCode = regexp.MustCompile(`#define LINUX_VERSION_CODE (\d+)`)

// hostOrder compares the Linux release (major.minor) of the host's kernel
// headers with the tables': -1 when the host's is older, 1 when it is
// newer, 0 when they are the same or the host's cannot be read.
func hostOrder(t *testing.T) int {
	data, err := os.ReadFile("/usr/include/linux/version.h")
	if err != nil {
		return 0
	}
	m := versionCode.FindSubmatch(data)
	if m == nil {
		return 0
	}
	code, _ := strconv.Atoi(string(m[1]))
	var major, minor int
	re := regexp.MustCompile(`^(\d+)\.(\d+)`)
	if v := re.FindStringSubmatch(TablesKernelVersion()); v != nil {
		major, _ = strconv.Atoi(v[1])
		minor, _ = strconv.Atoi(v[2])
	} else {
		t.Fatalf("cannot read the tables' kernel version %q", TablesKernelVersion())
	}
	return cmp.Compare(code>>16<<8|(code>>8)&0xff, major<<8|minor)
}

func TestTablesCoverEveryArchitecture(t *testing.T) {
	for _, tc := range []struct {
		arch Arch
		name string
		nr   uint32
	}{
		{ArchAMD64, "read", 0}, {ArchAMD64, "epoll_pwait", 281}, {ArchAMD64, "futex", 202},
		{ArchI386, "socketcall", 102}, {ArchI386, "socket", 359}, {ArchX32, "read", 0x40000000},
		{ArchX32, "execve", 0x40000208}, {ArchARM64, "read", 63}, {ArchARM, "set_tls", 0xf0005},
		{ArchARM, "sync_file_range2", 341}, {ArchPPC64LE, "socket", 326}, {ArchS390X, "socket", 359},
		{ArchRISCV64, "riscv_flush_icache", 259}, {ArchRISCV64, "clone3", 435},
		// Calls newer than Linux 6.1 that snapd's template names.
		{ArchAMD64, "cachestat", 451}, {ArchX32, "futex_wait", 0x40000000 + 455},
		{ArchARM64, "mseal", 462}, {ArchS390X, "memfd_secret", 447}, {ArchRISCV64, "riscv_hwprobe", 258},
		{ArchPPC64LE, "listmount", 458}, {ArchI386, "rseq_slice_yield", 471},
	} {
		if nr, ok := tc.arch.SyscallNumber(tc.name); !ok || nr != tc.nr {
			t.Errorf("%s %s = %d, %v; want %d", tc.arch, tc.name, nr, ok, tc.nr)
		}
	}
	if _, ok := ArchARM64.SyscallNumber("open"); ok {
		t.Error("arm64 has no open(2)")
	}
	if name, ok := ArchAMD64.SyscallName(41); !ok || name != "socket" {
		t.Errorf("amd64 41 = %q", name)
	}
	for _, name := range []string{"osf_getdomainname", "pread", "_exit"} {
		if !knownSyscall(name) {
			t.Errorf("%s should be known", name)
		}
	}
}
