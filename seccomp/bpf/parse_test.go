// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestParseErrors checks the errors of strict parsing: in the default
// mode the two unknown system calls are warnings instead (see
// TestParseSkipsUnknownSyscalls), everything else is the same.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, err string }{
		{"setns - CLONE_NEWNE", `line 1: invalid argument "CLONE_NEWNE": unknown constant "CLONE_NEWNE"; expected a decimal number or a known constant such as AF_INET or CLONE_NEWNET`},
		{"read\nmknod - |S_IFIFOO", `line 2: invalid argument "|S_IFIFOO": unknown constant "S_IFIFOO"; expected a decimal number or a known constant such as AF_INET or CLONE_NEWNET`},
		{"socket S_!FIFO", `line 1: invalid argument "S_!FIFO": malformed value "S_!FIFO"; expected a decimal number or a constant`},
		{"setpriority 0x0", `line 1: invalid argument "0x0": "0x0" is not a decimal number; expected a decimal number or a constant`},
		{"setpriority 1a", `line 1: invalid argument "1a": "1a" is not a decimal number; expected a decimal number or a constant`},
		{"setpriority -1", `line 1: invalid argument "-1": negative number; expected a non-negative number (negative numbers are accepted only by system calls with 32-bit id arguments, such as chown and setuid)`},
		{"setpriority >", `line 1: invalid argument ">": missing value; expected a number or a constant after ">"`},
		{"setpriority <=", `line 1: invalid argument "<=": missing value; expected a number or a constant after "<="`},
		{"setpriority |", `line 1: invalid argument "|": missing value; expected a number or a constant after "|"`},
		{"ioctl - 1|", `line 1: invalid argument "1|": missing value; expected a number or a constant after "|"`},
		{"read 18446744073709551616", `line 1: invalid argument "18446744073709551616": 18446744073709551616 is out of range; expected a number below 2^64`},
		{"chown 0 4294967296", `line 1: invalid argument "4294967296": 4294967296 is out of range; expected a number below 2^32`},
		{"chown - 0 -2147483649", `line 1: invalid argument "-2147483649": "-2147483649" is not a 32-bit signed number; expected a number from -2147483648 to 4294967295`},
		{"chown - >0", `line 1: invalid argument ">0": chown compares 32-bit ids for equality only; expected N, -N, u:NAME or g:NAME`},
		{"mbind - - - - - - 7", `line 1: invalid argument "7": too many argument filters; expected at most 6 filters after the system call name`},
		{"setuid u:nobody", `line 1: invalid argument "u:nobody": unknown user "nobody"; expected root or a snap system user (_daemon_, snap_aziotdu, snap_aziotedge, snap_daemon, snap_microk8s)`},
		{"setgid g:", `line 1: invalid argument "g:": unknown group ""; expected root or a snap system user (_daemon_, snap_aziotdu, snap_aziotedge, snap_daemon, snap_microk8s)`},
		{"frobnicate", `line 1: invalid system call "frobnicate": no Linux architecture has this system call; expected a system call name such as read`},
		{"~", `line 1: invalid system call "~": missing name; expected a system call name after "~"`},
		{"Read", `line 1: invalid system call "Read": unexpected character 'R'; expected a system call name such as read`},
		{"@permissive", `line 1: invalid directive "@permissive": unknown directive; expected @complain or @unrestricted`},
		{"@complain now", `line 1: invalid directive argument "now": directives take no arguments; expected the directive alone on its line`},
		{"socket SOCK_STREAM\x00bad", `line 1: invalid argument "SOCK_STREAM\x00bad": malformed value "SOCK_STREAM\x00bad"; expected a decimal number or a constant`},
		{"read\nfoo\nwrite >x", "line 2: invalid system call \"foo\": no Linux architecture has this system call; expected a system call name such as read\n" +
			`line 3: invalid argument ">x": malformed value "x"; expected a decimal number or a constant`},
	} {
		_, err := ParseWithOptions([]byte(tc.src), ParseOptions{Strict: true})
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error %s", tc.src, tc.err)
			continue
		}
		if err.Error() != tc.err {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tc.src, err, tc.err)
		}
	}
}

func TestParseSkipsUnknownSyscalls(t *testing.T) {
	src := "read\nfrobnicate 1 NOT_A_CONSTANT\n~ioctl_frob - TIOCSTI\npread\nwrite\n"
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, r := range p.Rules {
		rules = append(rules, r.String())
	}
	if !slices.Equal(rules, []string{"read", "pread", "write"}) {
		t.Errorf("rules %q", rules)
	}
	want := []Warning{{Line: 2, Syscall: "frobnicate"}, {Line: 3, Syscall: "ioctl_frob", Deny: true}}
	if !slices.Equal(p.Warnings, want) {
		t.Errorf("warnings %v, want %v", p.Warnings, want)
	}
	if got := p.Warnings[1].String(); got != `line 3: unknown denial of system call "ioctl_frob" skipped: no Linux architecture has it (tables of Linux `+TablesKernelVersion()+")" {
		t.Errorf("warning text %s", got)
	}
	strictErr := `line 2: invalid system call "frobnicate": no Linux architecture has this system call; expected a system call name such as read` + "\n" +
		`line 3: invalid system call "~ioctl_frob": no Linux architecture has this system call; expected a system call name such as read`
	if _, err := ParseWithOptions([]byte(src), ParseOptions{Strict: true}); err == nil || err.Error() != strictErr {
		t.Errorf("strict: %v", err)
	}
	// A skipped line's filters are counted, as snap-seccomp counts them,
	// but not read; a known call's unknown constant is still an error.
	for src, want := range map[string]string{
		"frobnicate - - - - - - 7": `line 1: invalid argument "7": too many argument filters; expected at most 6 filters after the system call name`,
		"setns - CLONE_NEWNE":      `line 1: invalid argument "CLONE_NEWNE": unknown constant "CLONE_NEWNE"; expected a decimal number or a known constant such as AF_INET or CLONE_NEWNET`,
		"Read":                     `line 1: invalid system call "Read": unexpected character 'R'; expected a system call name such as read`,
	} {
		if _, err := Parse([]byte(src)); err == nil || err.Error() != want {
			t.Errorf("Parse(%q) = %v, want %s", src, err, want)
		}
	}
}

func TestCompileSourceWarnings(t *testing.T) {
	opts := Options{Arch: ArchAMD64}
	bin, warnings, err := CompileSourceWithWarnings("snap.demo.app", []byte("read\nfrobnicate\nwrite\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Warning{{Line: 2, Syscall: "frobnicate"}}; !slices.Equal(warnings, want) {
		t.Errorf("warnings %v, want %v", warnings, want)
	}
	plain, err := CompileSource("snap.demo.app", []byte("read\nwrite\n"), opts)
	if err != nil || !slices.Equal(bin, plain) {
		t.Errorf("the skipped line changed the program (%v)", err)
	}
	if again, err := CompileSource("snap.demo.app", []byte("read\nfrobnicate\nwrite\n"), opts); err != nil || !slices.Equal(again, bin) {
		t.Errorf("CompileSource differs from CompileSourceWithWarnings (%v)", err)
	}
	opts.Strict = true
	_, warnings, err = CompileSourceWithWarnings("snap.demo.app", []byte("read\nfrobnicate\n"), opts)
	want := `cannot compile seccomp policy "snap.demo.app": line 2: invalid system call "frobnicate": no Linux architecture has this system call; expected a system call name such as read`
	if err == nil || err.Error() != want || warnings != nil {
		t.Errorf("strict: %v, %v", warnings, err)
	}
}

func TestParseLines(t *testing.T) {
	src := `# comment
  @complain
read
~ioctl - 4294967295|TIOCSTI   # trailing comment
setns - CLONE_NEWNET
chown - u:snap_daemon -1
mknod - |S_IFIFO
setpriority PRIO_PROCESS 0 <=19
kcmp - - KCMP_FILE
write !1 >=2 <3 >4 <=5
`
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Complain || p.Unrestricted {
		t.Errorf("directives: complain %v unrestricted %v", p.Complain, p.Unrestricted)
	}
	var got []string
	for _, r := range p.Rules {
		got = append(got, strconv.Itoa(r.Line)+": "+r.String())
	}
	want := []string{
		"3: read",
		"4: ~ioctl - 4294967295|TIOCSTI",
		"5: setns - CLONE_NEWNET",
		"6: chown - u:snap_daemon -1",
		"7: mknod - |S_IFIFO",
		"8: setpriority PRIO_PROCESS 0 <=19",
		"9: kcmp - - KCMP_FILE",
		"10: write !1 >=2 <3 >4 <=5",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ioctl := p.Rules[1]
	if !ioctl.Deny || len(ioctl.Conds) != 1 || ioctl.Conds[0].Op != OpMaskedEqual {
		t.Fatalf("ioctl rule: %+v", ioctl)
	}
	mask, _ := ioctl.Conds[0].Mask.Value(ArchAMD64)
	value, _ := ioctl.Conds[0].Value.Value(ArchAMD64)
	if mask != 0xffffffff || value != 0x5412 {
		t.Errorf("ioctl mask %#x value %#x", mask, value)
	}
	chown := p.Rules[3]
	if c := chown.Conds[0]; !c.Low32 || c.Arg != 1 || c.Value.num != 584788 {
		t.Errorf("chown u:snap_daemon: %+v", c)
	}
	if c := chown.Conds[1]; c.Value.num != 0xffffffff {
		t.Errorf("chown -1: %+v", c)
	}
	if c := p.Rules[4].Conds[0]; c.Op != OpMaskedEqual || c.Mask.Text != "S_IFIFO" {
		t.Errorf("mknod |S_IFIFO: %+v", c)
	}
}

// TestParseSnapdPolicies checks that lines of the forms snapd's default
// template and interface snippets use parse unchanged, including the
// names snapd lists that no kernel defines, which are skipped.
func TestParseSnapdPolicies(t *testing.T) {
	src := `
pread
pwrite
llseek
_exit
sigtimedwait
statvfs
breakpoint
usr26
socket AF_QIPCRTR
socket AF_XDP
socket AF_NETLINK - NETLINK_KOBJECT_UEVENT
socket AF_CONN
setns - CLONE_NEWNET
quotactl Q_XGETQSTAT
ptrace PTRACE_PEEKUSR
ptrace PTRACE_GETFPXREGS
prctl PR_CAP_AMBIENT PR_CAP_AMBIENT_CLEAR_ALL
ioctl - TIOCLINUX
~syslog >SYSLOG_ACTION_SIZE_BUFFER
copy_file_range - - - - - 0
setresuid -1 u:root -1
setgroups 0 -
nice <=19
`
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Arches() {
		if _, _, err := Compile(p, Options{Arch: a}); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
}

func TestResolverKnowsSnapdConstants(t *testing.T) {
	// The families snapd's compiler resolves, spot-checked with their
	// values on amd64, and the per-architecture differences.
	for _, tc := range []struct {
		name string
		arch Arch
		want uint64
	}{
		{"AF_UNIX", ArchAMD64, 1}, {"PF_LOCAL", ArchAMD64, 1}, {"AF_NETLINK", ArchAMD64, 16},
		{"AF_IB", ArchAMD64, 27}, {"AF_MPLS", ArchAMD64, 28}, {"AF_CONN", ArchAMD64, 123},
		{"SOCK_PACKET", ArchAMD64, 10}, {"NETLINK_INET_DIAG", ArchAMD64, 4},
		{"PR_CAP_AMBIENT", ArchAMD64, 47}, {"PR_SET_THP_DISABLE", ArchAMD64, 41},
		{"PR_MPX_DISABLE_MANAGEMENT", ArchAMD64, 44}, {"PRIO_USER", ArchAMD64, 2},
		{"CLONE_NEWNET", ArchAMD64, 0x40000000}, {"CLONE_NEWUTS", ArchAMD64, 0x04000000},
		{"TIOCSTI", ArchAMD64, 0x5412}, {"TIOCLINUX", ArchAMD64, 0x541c},
		{"Q_SYNC", ArchAMD64, 0x800001}, {"Q_XQUOTARM", ArchAMD64, 0x5806},
		{"S_IFSOCK", ArchAMD64, 0xc000}, {"PTRACE_PEEKUSR", ArchAMD64, 3},
		{"PTRACE_GETFPXREGS", ArchARM64, 18}, {"KCMP_EPOLL_TFD", ArchAMD64, 7},
		{"SYSLOG_ACTION_SIZE_BUFFER", ArchAMD64, 10},
		{"O_DIRECTORY", ArchAMD64, 0x10000}, {"O_DIRECTORY", ArchARM64, 0x4000},
		{"TIOCSTI", ArchPPC64LE, 0x5412}, {"TCGETS", ArchPPC64LE, 0x402c7413},
	} {
		got, ok := Constant(tc.name, tc.arch)
		if !ok || got != tc.want {
			t.Errorf("Constant(%s, %s) = %#x, %v; want %#x", tc.name, tc.arch, got, ok, tc.want)
		}
	}
}

// TestParseLongLines pins the longest line Parse reads, as the 1 MiB
// buffer of a bufio.Scanner would: maxLine bytes with the newline.
func TestParseLongLines(t *testing.T) {
	for _, tc := range []struct {
		n       int
		newline bool
		tooLong bool
	}{
		{maxLine - 1, true, false}, {maxLine, true, true},
		{maxLine - 1, false, false}, {maxLine, false, true},
	} {
		src := "read\n#" + strings.Repeat("x", tc.n-1)
		if tc.newline {
			src += "\nwrite\n"
		}
		rules := 1
		if tc.newline {
			rules = 2
		}
		p, err := Parse([]byte(src))
		switch {
		case tc.tooLong && (err == nil || !strings.Contains(err.Error(), "cannot read policy: bufio.Scanner: token too long")):
			t.Errorf("line of %d bytes (newline %v): got %v, want a read error", tc.n, tc.newline, err)
		case !tc.tooLong && err != nil:
			t.Errorf("line of %d bytes (newline %v): %v", tc.n, tc.newline, err)
		case !tc.tooLong && len(p.Rules) != rules:
			t.Errorf("line of %d bytes (newline %v): %d rules", tc.n, tc.newline, len(p.Rules))
		}
	}
}

// TestSplitFields checks splitFields against strings.Fields, which it
// stands for, up to the first comment and maxFields fields.
func TestSplitFields(t *testing.T) {
	pieces := []string{"a", "bc", "#", "#x", " ", "\t", "\r", "\v", "\f", "\u00a0", "\u0085", "\u2003", "é", "\xff", "-"}
	r := rand.New(rand.NewSource(3))
	for range 20000 {
		var b strings.Builder
		for range r.Intn(25) {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		line := b.String()
		var want []string
		for _, f := range strings.Fields(line) {
			if strings.HasPrefix(f, "#") || len(want) == maxFields {
				break
			}
			want = append(want, f)
		}
		var buf [maxFields]string
		if got := buf[:splitFields(line, &buf)]; !slices.Equal(got, want) {
			t.Fatalf("splitFields(%q) = %q, want %q", line, got, want)
		}
	}
}
