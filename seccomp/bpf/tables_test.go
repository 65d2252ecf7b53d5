// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf/internal/uapi"
)

// hostInclude is where Debian's linux-libc-dev puts the amd64 UAPI headers.
const hostInclude = "/usr/include/x86_64-linux-gnu"

// TestAMD64TableMatchesHostHeaders compares the generated amd64 table with
// the build host's asm/unistd_64.h (package linux-libc-dev). Every call
// the table has must be there with the same number; calls only the host
// has are an error unless the host's headers are newer than the tables.
func TestAMD64TableMatchesHostHeaders(t *testing.T) {
	if _, err := os.Stat(hostInclude + "/asm/unistd_64.h"); err != nil {
		t.Skipf("no amd64 UAPI headers on this host (install linux-libc-dev): %v", err)
	}
	host, err := uapi.ReadTable(hostInclude, uapi.Targets()[ArchAMD64.index()])
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{}
	for _, name := range ArchAMD64.SyscallNames() {
		ours[name] = true
		nr, _ := ArchAMD64.SyscallNumber(name)
		if hnr, ok := host[name]; !ok || hnr != nr {
			t.Errorf("%s: table says %d, host header says %d (present: %v)", name, nr, hnr, ok)
		}
	}
	newer := hostNewer(t)
	for name, nr := range host {
		if !ours[name] {
			if newer {
				t.Logf("%s (%d) is newer than the tables (Linux %s): regenerate them", name, nr, TablesKernelVersion())
				continue
			}
			t.Errorf("%s (%d) is missing from the table", name, nr)
		}
	}
	if len(ours) < 350 {
		t.Errorf("only %d amd64 system calls", len(ours))
	}
}

var versionCode = regexp.MustCompile(`#define LINUX_VERSION_CODE (\d+)`)

// hostNewer reports whether the host's kernel headers are of a newer
// Linux release (major.minor) than the tables.
func hostNewer(t *testing.T) bool {
	data, err := os.ReadFile("/usr/include/linux/version.h")
	if err != nil {
		return false
	}
	m := versionCode.FindSubmatch(data)
	if m == nil {
		return false
	}
	code, _ := strconv.Atoi(string(m[1]))
	var major, minor int
	re := regexp.MustCompile(`^(\d+)\.(\d+)`)
	if v := re.FindStringSubmatch(TablesKernelVersion()); v != nil {
		major, _ = strconv.Atoi(v[1])
		minor, _ = strconv.Atoi(v[2])
	}
	return code>>16 > major || code>>16 == major && (code>>8)&0xff > minor
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
