// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

const smallPolicy = `# A small policy: what the kernel test of a setns filter loads.
read
write
exit_group
setns - CLONE_NEWNET
~ioctl - 4294967295|TIOCSTI
ioctl
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestSeccompCompileDisasmExport(t *testing.T) {
	src := writeFile(t, "snap.demo.app.src", smallPolicy)
	bin := filepath.Join(filepath.Dir(src), "snap.demo.app.bin")
	stdout, stderr, status := runCLI(t, "seccomp", "compile", "--arch", "amd64", src, bin)
	require.Equal(t, exitOK, status, stderr)
	data, err := os.ReadFile(bin)
	require.NoError(t, err)
	assert.Equal(t, bin+": "+strconv.Itoa(len(data)/8)+" instructions for amd64\n", stdout)

	// The .bin is the same program the library compiles, and it runs.
	want, err := bpf.CompileSource("snap.demo.app", []byte(smallPolicy), bpf.Options{Arch: bpf.ArchAMD64})
	require.NoError(t, err)
	assert.Equal(t, want, data)
	prog, err := bpf.Decode(data, bpf.ArchAMD64.ByteOrder())
	require.NoError(t, err)
	setns, _ := bpf.ArchAMD64.SyscallNumber("setns")
	res, err := prog.Run(bpf.Data{Nr: uint32(setns), Arch: 0xc000003e, Args: [6]uint64{3, 0x40000000}})
	require.NoError(t, err)
	assert.Equal(t, bpf.ActionAllow, res.Action, "setns into a network namespace")

	stdout, _, status = runCLI(t, "seccomp", "disasm", "--arch", "amd64", bin)
	require.Equal(t, exitOK, status)
	golden(t, "seccomp/small.amd64.disasm", stdout)

	stdout, stderr, status = runCLI(t, "seccomp", "export-oci", "--arch", "amd64", src)
	require.Equal(t, exitOK, status)
	assert.Empty(t, stderr, "the small policy exports exactly")
	golden(t, "seccomp/small.oci.json", stdout)
	var profile map[string]interface{}
	require.NoError(t, json.Unmarshal([]byte(stdout), &profile))
	assert.Equal(t, "SCMP_ACT_ERRNO", profile["defaultAction"])
}

// TestSeccompDisasmSnapConfine checks that disasm reads snap-confine's
// .bin2: both filters, allow filter first, or none when unrestricted.
func TestSeccompDisasmSnapConfine(t *testing.T) {
	data, err := bpf.CompileSnapConfine("snap.demo.app", []byte(smallPolicy), bpf.Options{Arch: bpf.ArchAMD64})
	require.NoError(t, err)
	allow, deny, _, err := bpf.DecodeSnapConfine(data, bpf.ArchAMD64.ByteOrder())
	require.NoError(t, err)
	bin2 := writeFile(t, "snap.demo.app.bin2", string(data))
	stdout, stderr, status := runCLI(t, "seccomp", "disasm", "--arch", "amd64", bin2)
	require.Equal(t, exitOK, status, stderr)
	want := fmt.Sprintf("# allow filter (%d instructions)\n%s# deny filter (%d instructions)\n%s",
		len(allow.Instructions), allow.Disassemble(), len(deny.Instructions), deny.Disassemble())
	assert.Equal(t, want, stdout)
	assert.Contains(t, stdout, "ERRNO(EACCES)", "the deny filter's explicit denial")

	free, err := bpf.CompileSnapConfine("snap.free.app", []byte("@unrestricted\n"), bpf.Options{Arch: bpf.ArchAMD64})
	require.NoError(t, err)
	stdout, _, status = runCLI(t, "seccomp", "disasm", writeFile(t, "snap.free.app.bin2", string(free)))
	require.Equal(t, exitOK, status)
	assert.Equal(t, "# unrestricted: snap-confine loads no filter\n", stdout)

	_, stderr, status = runCLI(t, "seccomp", "disasm", writeFile(t, "bad.bin2", string(data[:200])))
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stderr, "cannot decode snap-confine filters: ")
}

// TestSeccompExportOCIGaps checks that export-oci says where the profile
// denies more than the policy: an explicit denial of bind, which
// libseccomp also writes as socketcall(SYS_BIND) on i386, returns EPERM
// there.
func TestSeccompExportOCIGaps(t *testing.T) {
	src := writeFile(t, "gaps.src", "bind\n~bind - - 0\n")
	stdout, stderr, status := runCLI(t, "seccomp", "export-oci", "--arch", "amd64", src)
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, src+": warning: bind: explicit denials return EPERM, not EACCES (libseccomp multiplexes the call on i386)\n", stderr)
	var profile struct {
		Syscalls []struct {
			Names  []string
			Action string
			Args   []struct {
				Index, Value uint64
				Op           string
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &profile))
	var actions []string
	for _, e := range profile.Syscalls {
		if slices.Contains(e.Names, "bind") {
			actions = append(actions, e.Action)
			require.Len(t, e.Args, 1, "bind's rule keeps the denial out")
			assert.Equal(t, "2 SCMP_CMP_NE 0", fmt.Sprint(e.Args[0].Index, " ", e.Args[0].Op, " ", e.Args[0].Value))
		}
	}
	assert.Equal(t, []string{"SCMP_ACT_ALLOW"}, actions, "bind is allowed, its denial left to the default EPERM")

	_, stderr, status = runCLI(t, "seccomp", "export-oci", "--arch", "arm64", src)
	require.Equal(t, exitOK, status, stderr)
	assert.Empty(t, stderr, "arm64 and arm do not multiplex bind")
}

// TestSeccompUnknownSyscall checks that compile and export-oci skip a line
// whose system call no architecture has, with a warning, as snap-seccomp
// skips it, and that --strict makes it an error.
func TestSeccompUnknownSyscall(t *testing.T) {
	src := writeFile(t, "snap.demo.app.src", "read\nfrobnicate\nwrite\n")
	bin := filepath.Join(filepath.Dir(src), "snap.demo.app.bin")
	warning := src + `: warning: line 2: unknown system call "frobnicate" skipped: no Linux architecture has it (tables of Linux ` + bpf.TablesKernelVersion() + ")\n"
	_, stderr, status := runCLI(t, "seccomp", "compile", "--arch", "amd64", src, bin)
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, warning, stderr)
	_, stderr, status = runCLI(t, "seccomp", "export-oci", "--arch", "amd64", src)
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, warning, stderr)

	strictErr := `line 2: invalid system call "frobnicate": no Linux architecture has this system call; expected a system call name such as read` + "\n"
	_, stderr, status = runCLI(t, "seccomp", "compile", "--arch", "amd64", "--strict", src, bin)
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, src+`: cannot compile seccomp policy "snap.demo.app": `+strictErr, stderr)
	_, stderr, status = runCLI(t, "seccomp", "export-oci", "--strict", src)
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, src+": "+strictErr, stderr)
}

func TestSeccompErrors(t *testing.T) {
	bad := writeFile(t, "bad.src", "read\nsetns - CLONE_NEWWHAT\n")
	for _, tc := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"seccomp"}, exitUsage, "Usage: plugpolicy seccomp COMMAND [OPTIONS] ARGS...\n"},
		{[]string{"seccomp", "frob"}, exitUsage, "plugpolicy seccomp: unknown command \"frob\"\n"},
		{[]string{"seccomp", "compile", "only-one"}, exitUsage, "Usage: plugpolicy seccomp compile [OPTIONS] IN.src OUT.bin\n"},
		{[]string{"seccomp", "compile", "--arch", "mips", bad, "out"}, exitUsage, "plugpolicy seccomp compile: invalid architecture \"mips\""},
		{[]string{"seccomp", "compile", "/nonexistent.src", "out"}, exitInvalid, "plugpolicy seccomp compile: open /nonexistent.src: no such file or directory\n"},
		{[]string{"seccomp", "compile", bad, filepath.Join(t.TempDir(), "x.bin")}, exitInvalid, bad + `: cannot compile seccomp policy "bad": line 2: invalid`},
		{[]string{"seccomp", "export-oci", bad}, exitInvalid, bad + ": line 2: invalid"},
		{[]string{"seccomp", "disasm", bad}, exitInvalid, bad + ": "},
	} {
		_, stderr, status := runCLI(t, tc.args...)
		assert.Equal(t, tc.status, status, "%q", tc.args)
		assert.Contains(t, stderr, tc.stderr, "%q", tc.args)
	}
}

// TestBinLoadsInBubblewrap hands the .bin files compile writes to a real
// consumer, bubblewrap (bwrap --seccomp FD), and runs id(1) under them:
// under the default template it works; without getgroups in the policy it
// fails with EPERM, the template's answer to calls it does not allow.
func TestBinLoadsInBubblewrap(t *testing.T) {
	bwrap, err := exec.LookPath("bwrap")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("bwrap is missing; ./run-checks installs Debian's bubblewrap package")
		}
		t.Skip("bwrap is missing: install Debian's bubblewrap package (./run-checks does)")
	}
	if out, err := exec.Command(bwrap, "--ro-bind", "/", "/", "/bin/true").CombinedOutput(); err != nil {
		t.Skipf("bwrap cannot make a sandbox on this machine: %v: %s", err, out)
	}
	out := t.TempDir()
	_, stderr, status := runCLI(t, append([]string{"compile", "--backend", "seccomp", "--out", out}, kubeTemplate...)...)
	require.Equal(t, exitOK, status, stderr)
	dir := filepath.Join(out, "var/lib/snapd/seccomp/bpf")
	src, err := os.ReadFile(filepath.Join(dir, "snap.kube-node.kubectl.src"))
	require.NoError(t, err)

	// The same policy without getgroups.
	var kept []string
	for _, line := range strings.Split(string(src), "\n") {
		if line != "getgroups" && line != "getgroups32" {
			kept = append(kept, line)
		}
	}
	require.Less(t, len(kept), len(strings.Split(string(src), "\n")), "the template allows getgroups")
	noGroups := filepath.Join(dir, "no-getgroups.src")
	require.NoError(t, os.WriteFile(noGroups, []byte(strings.Join(kept, "\n")), 0o644))
	_, stderr, status = runCLI(t, "seccomp", "compile", noGroups, filepath.Join(dir, "no-getgroups.bin"))
	require.Equal(t, exitOK, status, stderr)

	runID := func(bin string) (string, error) {
		f, err := os.Open(bin)
		require.NoError(t, err)
		defer f.Close()
		cmd := exec.Command(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--seccomp", "3", "/usr/bin/id", "-G")
		cmd.ExtraFiles = []*os.File{f} // descriptor 3
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	outText, err := runID(filepath.Join(dir, "snap.kube-node.kubectl.bin"))
	assert.NoError(t, err, "id under the default template: %s", outText)
	outText, err = runID(filepath.Join(dir, "no-getgroups.bin"))
	assert.Error(t, err)
	assert.Contains(t, outText, "Operation not permitted")
}
