// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package libseccomp

import (
	"flag"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// maxRandomEntries is the longest random profile the test loads.
const maxRandomEntries = 48

var ociRandomCount = flag.Int("oci.random", 40, "random policies TestOCIRandomPolicies exports and loads")

// randomFilterValues are the values random filters compare with: small
// numbers that overlap, the 32-bit edges and values above them, so that
// ranges nest, touch and cross the 32-bit boundary.
var randomFilterValues = []uint64{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 100, 255, 256, 1 << 31, 1<<32 - 1, 1 << 32, 1<<32 + 4, 1<<64 - 2, 1<<64 - 1}

// randomFilter is one argument filter of the source syntax.
func randomFilter(rnd *rand.Rand) string {
	v := randomFilterValues[rnd.Intn(len(randomFilterValues))]
	switch rnd.Intn(10) {
	case 0, 1:
		return "-"
	case 2:
		return fmt.Sprintf(">%d", v)
	case 3:
		return fmt.Sprintf(">=%d", v)
	case 4:
		return fmt.Sprintf("<%d", v)
	case 5:
		return fmt.Sprintf("<=%d", v)
	case 6:
		return fmt.Sprintf("!%d", v)
	case 7:
		return fmt.Sprintf("|%d", v)
	case 8:
		mask := v | uint64(rnd.Intn(256))<<rnd.Intn(40)
		return fmt.Sprintf("%d|%d", mask, v&mask&^uint64(rnd.Intn(4)))
	default:
		return fmt.Sprintf("%d", v)
	}
}

// randomPolicy is a policy of a few calls, each with a few allow lines
// and explicit denials ("~") of random filters, lines the export merges,
// complements and drops as subsumed.
func randomPolicy(rnd *rand.Rand) string {
	calls := []string{"kill", "dup3", "prctl", "fcntl", "lseek", "getpriority", "setpriority", "socket", "mmap", "ioctl", "close"}
	rnd.Shuffle(len(calls), func(i, j int) { calls[i], calls[j] = calls[j], calls[i] })
	var b strings.Builder
	for _, call := range calls[:2+rnd.Intn(4)] {
		for n := 1 + rnd.Intn(5); n > 0; n-- {
			if rnd.Intn(3) == 0 {
				b.WriteString("~")
			}
			b.WriteString(call)
			for args := rnd.Intn(4); args > 0; args-- {
				b.WriteString(" " + randomFilter(rnd))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestOCIRandomPolicies exports random policies, loads each profile as
// runc does and compares it with Decide: no disagreement may be left
// unexplained by the documented causes, and none may let a call of the
// native ABI through that the policy refuses.
func TestOCIRandomPolicies(t *testing.T) {
	requireAMD64(t)
	rnd := rand.New(rand.NewSource(7))
	for i := 0; i < *ociRandomCount; i++ {
		src := randomPolicy(rnd)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Logf("policy:\n%s", src)
			p := parse(t, src)
			// libseccomp 2.5.4 did not finish loading some profiles
			// of 64-bit masked and range comparisons for the three
			// x86 ABIs in four minutes (policies 1, 92 and 114 of this
			// seed, of 190, 24 and fewer entries): the longest are
			// exported, but not loaded here, and -oci.random past the
			// default may meet the others.
			if prof, err := bpf.ExportOCI(p, amd64); err != nil {
				t.Fatal(err)
			} else if len(prof.Syscalls) > maxRandomEntries {
				t.Skipf("%d profile entries: too many for libseccomp to load in a test", len(prof.Syscalls))
			}
			checkOCI(t, p, amd64)
		})
	}
}

// TestOCIDenialInLow32Bits: an allow line less a denial may leave the
// denial out by the high halves of its values alone; on i386, where
// libseccomp compares the low 32 bits only, that allow rule must not hold
// for what the denial refuses (found by TestOCIRandomPolicies):
// socketcall(SYS_SOCKET, 0x100, 0), which the policy refuses, was allowed
// by the loaded profile.
func TestOCIDenialInLow32Bits(t *testing.T) {
	requireAMD64(t)
	p := parse(t, "~socket <=2147483648 256\nsocket 46848|256 16106127360|4294967296 0\n")
	prof, err := bpf.ExportOCI(p, amd64)
	if err != nil {
		t.Fatal(err)
	}
	l, err := LoadOCI(prof)
	if err != nil {
		t.Fatal(err)
	}
	nr, ok := bpf.ArchI386.SyscallNumber("socketcall")
	if !ok {
		t.Fatal("no socketcall on i386")
	}
	d := bpf.Data{Nr: nr, Arch: bpf.ArchI386.AuditArch(), Args: [6]uint64{1, 0x100, 0}}
	want, err := p.Decide(amd64, d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := l.Program.Run(d)
	if err != nil {
		t.Fatal(err)
	}
	if permissive(got.Action) && !permissive(want) {
		t.Errorf("i386 socketcall(SYS_SOCKET, 0x100, 0): the profile says %s, the policy %s", got.Action, want)
	}
	checkOCI(t, p, amd64)
}
