// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

// profilesOf picks the AppArmor profiles out of a file set.
func profilesOf(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, data := range files {
		if strings.Contains(name, "/apparmor/profiles/") {
			out[name] = data
		}
	}
	return out
}

// appProfilesOf picks the profiles of apps and hooks (not that of
// snap-update-ns) out of a file set.
func appProfilesOf(files map[string][]byte) map[string][]byte {
	out := profilesOf(files)
	for name := range out {
		if strings.Contains(name, "/snap-update-ns.") {
			delete(out, name)
		}
	}
	return out
}

// tmpPath replaces the temporary output directory in command output.
func tmpPath(out, dir string) string {
	return strings.ReplaceAll(out, dir, "$OUT")
}

// connectAllWarning is what --connect-all says on stderr.
const connectAllWarning = "warning: --connect-all connects every plug the system has a slot for, bypassing connection policy"

// kubeGrant is the example node's snap declaration, without which its
// kubernetes-support plugs cannot be installed.
const kubeGrant = "examples/kube-node/snap-declaration.yaml"

// kubeTemplate are the arguments that compile the example node with its
// grant and without connections, for tests of the template alone.
var kubeTemplate = []string{"--snap-declaration", kubeGrant, "--no-auto-connect", "examples/kube-node/snap.yaml"}

func TestCompileExample(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, status := runCLI(t, "compile", "--snap-declaration", kubeGrant, "--out", out, "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	golden(t, "compile/kube-node.out", tmpPath(stdout, out))
	golden(t, "compile/kube-node.err", tmpPath(stderr, out))
	files := testutil.ReadTree(t, out)
	testutil.CompileAppArmor(t, profilesOf(files))

	// Again: nothing is rewritten.
	stdout, _, status = runCLI(t, "compile", "--snap-declaration", kubeGrant, "--out", out, "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status)
	assert.NotContains(t, stdout, "written")
	assert.Contains(t, stdout, "apparmor: 7 files unchanged")
	assert.Equal(t, files, testutil.ReadTree(t, out))
}

func TestCompileBackendsAndConnections(t *testing.T) {
	out := t.TempDir()
	stdout, _, status := runCLI(t, "compile", "--backend", "seccomp", "--connect", "kube-node:network-bind",
		"--revision", "x2", "--core", "--out", out, "--snap-declaration", kubeGrant, "--no-auto-connect", "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status)
	assert.Contains(t, stdout, "snap kube-node (revision x2, strict confinement): 1 connections\n  kube-node:network-bind snapd:network-bind\n  seccomp: 18 files written\n")
	assert.NotContains(t, stdout, "apparmor")
	for name := range testutil.ReadPolicyTree(t, out) {
		assert.True(t, strings.HasPrefix(name, "var/lib/snapd/seccomp/bpf/"), name)
	}
}

func TestCompileErrors(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"compile", "examples/kube-node/snap.yaml"}, exitUsage, "plugpolicy compile: --out is required\n"},
		{[]string{"compile", "--out", out}, exitUsage, "plugpolicy compile: name at least one snap.yaml\n"},
		{[]string{"compile", "--classic", "--core", "--out", out, "examples/kube-node/snap.yaml"}, exitUsage, "plugpolicy compile: --classic and --core exclude each other\n"},
		{[]string{"compile", "--revision", "0", "--out", out, "examples/kube-node/snap.yaml"}, exitUsage, `plugpolicy compile: invalid revision "0": use a positive number, or "x" and a positive number for a local revision` + "\n"},
		{[]string{"compile", "--backend", "selinux", "--out", out, "examples/kube-node/snap.yaml"}, exitUsage, `plugpolicy compile: unknown backend "selinux": use one of apparmor, seccomp, udev, kmod, systemd, mount` + "\n"},
		{[]string{"compile", "--out", out, "examples/broken/snap.yaml"}, exitInvalid, "examples/broken/snap.yaml:6: confinement: invalid confinement \"tight\""},
		{[]string{"compile", "--out", out, "examples/kube-node/snap.yaml"}, exitInvalid, `plugpolicy compile: cannot install snap "kube-node": installation denied by "k8s-autobind" plug rule of interface "kubernetes-support" (allow-installation: false)` + "\n"},
		{[]string{"compile", "--snap-declaration", "/nonexistent.yaml", "--out", out, "examples/kube-node/snap.yaml"}, exitInvalid, `plugpolicy compile: cannot read snap declaration: open /nonexistent.yaml: no such file or directory` + "\n"},
		{[]string{"compile", "--snap-declaration", "examples/kube-node/snap.yaml", "--out", out, "examples/kube-node/snap.yaml"}, exitInvalid, `plugpolicy compile: cannot read snap declaration examples/kube-node/snap.yaml: unknown header`},
		{[]string{"compile", "--snap-declaration", "examples/kube-node-docker/snap-declaration.yaml", "--connect", "kube-node:home-all", "--out", out, "examples/kube-node/snap.yaml"}, exitInvalid, `plugpolicy compile: cannot install snap "kube-node"`},
		{[]string{"compile", "--connect-all", "--no-auto-connect", "--out", out, "examples/kube-node/snap.yaml"}, exitUsage, "plugpolicy compile: --connect-all and --no-auto-connect exclude each other\n"},
		{[]string{"compile", "--snap-declaration", kubeGrant, "--connect", "kube-node:nope", "--out", out, "examples/kube-node/snap.yaml"}, exitInvalid, `plugpolicy compile: cannot resolve connection of kube-node:nope: snap "kube-node" has no plug named "nope"` + "\n"},
		{[]string{"compile", "--snap-declaration", kubeGrant, "--out", out, "examples/kube-node/snap.yaml", "examples/kube-node/snap.yaml"}, exitInvalid, `plugpolicy compile: cannot add snap "kube-node": the repository has a snap of that name already` + "\n"},
	} {
		_, stderr, status := runCLI(t, tc.args...)
		assert.Equal(t, tc.status, status, "%q", tc.args)
		if strings.HasSuffix(tc.stderr, "\n") && !strings.Contains(tc.stderr, "Usage") {
			assert.True(t, strings.HasPrefix(stderr, tc.stderr), "%q: stderr is %q", tc.args, stderr)
		} else {
			assert.Contains(t, stderr, tc.stderr, "%q", tc.args)
		}
	}
	assert.Empty(t, testutil.ReadTree(t, out), "nothing written on errors")
}

// TestCompileRealSnaps compiles every real snap with --connect-all: it
// must succeed, every interface the snap plugs or slots must be in the
// catalog (a plug or slot that is not would be named in a warning), and
// every profile must compile.
func TestCompileRealSnaps(t *testing.T) {
	catalog := map[string]bool{}
	for _, iface := range builtin.Interfaces() {
		catalog[iface.Name()] = true
	}
	warning := regexp.MustCompile(`^warning: snap "([^"]+)": (plug|slot) "([^"]+)" left out: interface "([^"]+)" is not in the catalog$`)
	bypass := regexp.MustCompile(`^warning: snap "[^"]+": --dangerous bypasses: installation denied by "[^"]+" (plug|slot) rule of interface "[^"]+" \(.*\)$`)
	for name, file := range testutil.RealSnaps(t) {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			// The real snaps' store grants are not here: those that
			// need one are refused without --dangerous, and compile
			// with it, warning about every rule bypassed.
			_, refusal, refused := runCLI(t, "compile", "--connect-all", "--out", t.TempDir(), file)
			stdout, stderr, status := runCLI(t, "compile", "--connect-all", "--dangerous", "--out", out, file)
			require.Equal(t, exitOK, status, stderr)
			bypassed := strings.Contains(stderr, "--dangerous bypasses: installation denied by")
			assert.Equal(t, bypassed, refused == exitInvalid, "refused without --dangerous: %s", refusal)
			info, err := snap.ParseFile(file, snap.Options{})
			require.NoError(t, err)

			want := map[string]bool{}
			for _, p := range info.Plugs {
				if !catalog[p.Interface] {
					want["plug "+p.Name] = true
				}
			}
			for _, s := range info.Slots {
				if !catalog[s.Interface] {
					want["slot "+s.Name] = true
				}
			}
			got := map[string]bool{}
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if line == "" || line == connectAllWarning || bypass.MatchString(line) {
					continue
				}
				m := warning.FindStringSubmatch(line)
				require.NotNil(t, m, "unexpected stderr line %q", line)
				assert.Equal(t, info.Name, m[1])
				got[m[2]+" "+m[3]] = true
			}
			assert.Equal(t, want, got)
			assert.Empty(t, want, "every interface the real snap plugs or slots is in the catalog")

			tree := testutil.ReadTree(t, out)
			profiles := profilesOf(tree)
			assert.Equal(t, len(info.Apps)+len(info.Hooks)+1, len(profiles), "one profile per app and hook, and snap-update-ns's")
			assert.Contains(t, profiles, "var/lib/snapd/apparmor/profiles/snap-update-ns."+info.Name)
			fstab, hasFstab := tree["var/lib/snapd/mount/snap."+info.Name+".fstab"]
			// Layouts and some interfaces (network-control, x11, ...)
			// add entries: one entry per layout, none without a profile.
			layouts := 0
			if hasFstab {
				entries, err := mount.ParseProfile(string(fstab))
				require.NoError(t, err)
				assert.NotEmpty(t, entries, "an empty mount profile")
				for _, e := range entries {
					if e.Origin() == "layout" {
						layouts++
					}
				}
			}
			assert.Equal(t, len(info.Layout), layouts, "one entry per layout")
			assert.Contains(t, stdout, "snap "+info.Name+" ")
			testutil.CompileAppArmor(t, profiles)
		})
	}
}

// TestCompileNodeExamples compiles the two Kubernetes node examples: the
// profiles of the three daemons, kmsg tagged for kubelet (kubernetes-support)
// and containerd (log-observe, whose dmesg reads it) alone, kube-proxy's
// modules, Delegate=true for the daemons whose plugs ask for it; and, with
// docker-support connected, no udev rules at all.
func TestCompileNodeExamples(t *testing.T) {
	for _, tc := range []struct {
		example  string
		udev     bool
		delegate []string
	}{
		{"kube-node", true, []string{"kube-proxy", "kubelet"}},
		{"kube-node-docker", false, []string{"containerd", "kube-proxy", "kubelet"}},
	} {
		t.Run(tc.example, func(t *testing.T) {
			out := t.TempDir()
			_, stderr, status := runCLI(t, "compile", "--connect-all", "--snap-declaration", "examples/"+tc.example+"/snap-declaration.yaml",
				"--out", out, "examples/"+tc.example+"/snap.yaml")
			require.Equal(t, exitOK, status, stderr)
			// Every plug of the example has its interface in the catalog,
			// and the layouts are set up: no warning but --connect-all's.
			assert.Equal(t, connectAllWarning+"\n", stderr)
			files := testutil.ReadTree(t, out)
			name := tc.example
			for _, app := range []string{"kubelet", "kube-proxy", "containerd"} {
				assert.Contains(t, files, "var/lib/snapd/apparmor/profiles/snap."+name+"."+app)
			}
			rules, hasUDev := files["etc/udev/rules.d/70-snap."+name+".rules"]
			assert.Equal(t, tc.udev, hasUDev)
			if hasUDev {
				var kmsgTags []string
				for _, line := range strings.Split(string(rules), "\n") {
					if strings.HasPrefix(line, `KERNEL=="kmsg", TAG+=`) {
						kmsgTags = append(kmsgTags, strings.TrimPrefix(line, `KERNEL=="kmsg", TAG+=`))
					}
				}
				assert.Equal(t, []string{`"snap_` + name + `_containerd"`, `"snap_` + name + `_kubelet"`}, kmsgTags)
			}
			modules := string(files["etc/modules-load.d/snap."+name+".conf"])
			for _, m := range []string{"ip_vs_rr", "ip_vs_sh", "ip_vs_wrr", "libcrc32c", "llc", "stp"} {
				assert.Contains(t, modules, "\n"+m+"\n")
			}
			var delegated []string
			for f, data := range files {
				if strings.HasPrefix(f, "etc/systemd/system/") && strings.Contains(string(data), "\nDelegate=true\n") {
					delegated = append(delegated, strings.TrimSuffix(strings.TrimPrefix(f, "etc/systemd/system/snap."+name+"."), ".service.d/snap-interfaces.conf"))
				}
			}
			sort.Strings(delegated)
			assert.Equal(t, tc.delegate, delegated)
			testutil.CompileAppArmor(t, profilesOf(files))
		})
	}
}

// TestCompileProbeHost points --probe-host at a fake system whose homes
// are on NFS and whose root is an overlay: the profiles carry the rules
// for both, which a plain compile does not, and still compile.
func TestCompileProbeHost(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc/self"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/self/mountinfo"), []byte(
		"27 1 0:30 / / rw - overlay overlay rw,lowerdir=/ro,upperdir=/rw/upper,workdir=/rw/work\n"+
			"40 27 0:50 / /home rw - nfs4 server:/home rw,vers=4.2\n"), 0o644))
	saved := hostRoot
	hostRoot = root
	defer func() { hostRoot = saved }()

	plain, probed := t.TempDir(), t.TempDir()
	_, stderr, status := runCLI(t, append([]string{"compile", "--backend", "apparmor", "--out", plain}, kubeTemplate...)...)
	require.Equal(t, exitOK, status, stderr)
	_, stderr, status = runCLI(t, append([]string{"compile", "--probe-host", "--backend", "apparmor", "--out", probed}, kubeTemplate...)...)
	require.Equal(t, exitOK, status, stderr)

	profiles := profilesOf(testutil.ReadTree(t, probed))
	require.NotEmpty(t, profiles)
	for name, data := range appProfilesOf(testutil.ReadTree(t, probed)) {
		assert.Contains(t, string(data), "\n  network inet,\n", name)
		assert.Contains(t, string(data), `"/rw/upper/{,**/}" r,`, name)
	}
	for name, data := range profilesOf(testutil.ReadTree(t, plain)) {
		assert.NotContains(t, string(data), "/rw/upper", name)
	}
	testutil.CompileAppArmor(t, profiles)

	hostRoot = t.TempDir() // no mountinfo
	_, stderr, status = runCLI(t, append([]string{"compile", "--probe-host", "--out", probed}, kubeTemplate...)...)
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stderr, "plugpolicy compile: cannot probe the host: open ")
}

// TestCompileHostFacts checks that the host facts given on the command
// line reach the profiles: the parser features decide whether profiles use
// syntax only newer parsers read, and a wrong feature name is a usage
// error naming it.
func TestCompileHostFacts(t *testing.T) {
	def, none := t.TempDir(), t.TempDir()
	_, stderr, status := runCLI(t, append([]string{"compile", "--backend", "apparmor", "--out", def}, kubeTemplate...)...)
	require.Equal(t, exitOK, status, stderr)
	_, stderr, status = runCLI(t, append([]string{"compile", "--parser-features", "none", "--backend", "apparmor", "--out", none}, kubeTemplate...)...)
	require.Equal(t, exitOK, status, stderr)
	for name, data := range appProfilesOf(testutil.ReadTree(t, def)) {
		assert.Contains(t, string(data), "include if exists", "the default parser reads include if exists: %s", name)
	}
	for name, data := range profilesOf(testutil.ReadTree(t, none)) {
		assert.NotContains(t, string(data), "include if exists", name)
	}
	_, stderr, status = runCLI(t, append([]string{"compile", "--parser-features", "xdp,mqeue", "--out", none}, kubeTemplate...)...)
	assert.Equal(t, exitUsage, status)
	assert.Contains(t, stderr, `invalid parser feature "mqeue": use allow-all, `)
}

// TestCompileSeccompHostFacts checks that the seccomp policy follows the
// same host facts as the AppArmor profiles: bind where AppArmor does not
// confine fully (snapd's rule), and socketcall for i386 programs on a
// kernel older than 4.3, which --probe-host reads.
func TestCompileSeccompHostFacts(t *testing.T) {
	src := func(args ...string) string {
		t.Helper()
		out := t.TempDir()
		args = append([]string{"compile", "--backend", "seccomp", "--out", out}, args...)
		_, stderr, status := runCLI(t, append(args, kubeTemplate...)...)
		require.Equal(t, exitOK, status, stderr)
		data, ok := testutil.ReadTree(t, out)["var/lib/snapd/seccomp/bpf/snap.kube-node.kubectl.src"]
		require.True(t, ok, "no seccomp source for kubectl")
		return string(data)
	}
	lines := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	plain := lines(src("--arch", "amd64"))
	assert.False(t, plain["bind"], "full AppArmor: no bind for kubectl")
	assert.False(t, plain["socketcall"], "amd64: no socketcall")
	assert.True(t, lines(src("--arch", "amd64", "--kernel-features", "caps,file"))["bind"], "partial AppArmor adds bind")
	assert.True(t, lines(src("--arch", "amd64", "--parser-features", "none"))["bind"], "a parser without unsafe adds bind")

	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc/self"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc/sys/kernel"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/self/mountinfo"), []byte("27 1 0:30 / / rw - ext4 /dev/sda1 rw\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/sys/kernel/osrelease"), []byte("4.2.0-42-generic\n"), 0o644))
	saved := hostRoot
	hostRoot = root
	defer func() { hostRoot = saved }()
	assert.True(t, lines(src("--probe-host", "--arch", "i386"))["socketcall"], "i386 on Linux 4.2 needs socketcall")
	assert.False(t, lines(src("--probe-host", "--arch", "amd64"))["socketcall"], "amd64 never needs socketcall")
	assert.False(t, lines(src("--arch", "i386"))["socketcall"], "without --probe-host the kernel is taken to be new")
}

// TestCompileCPUFlags: kvm's kernel module follows the processor flags
// given with --cpu-flags, or read by --probe-host from the host's
// /proc/cpuinfo; the flag wins over the probe, and without either the
// generic module is loaded.
func TestCompileCPUFlags(t *testing.T) {
	snapYAML := filepath.Join(t.TempDir(), "snap.yaml")
	require.NoError(t, os.WriteFile(snapYAML, []byte("name: vm\nversion: \"1\"\napps:\n  qemu:\n    command: q\n    plugs: [kvm]\n"), 0o644))
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc/self"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/self/mountinfo"), []byte("27 1 0:30 / / rw - ext4 /dev/sda1 rw\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc/cpuinfo"), []byte("processor\t: 0\nflags\t\t: fpu sse2 svm\n\nprocessor\t: 1\nflags\t\t: fpu sse2 svm\n"), 0o644))
	saved := hostRoot
	hostRoot = root
	defer func() { hostRoot = saved }()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "kvm"},
		{[]string{"--cpu-flags", "fpu,vmx"}, "kvm_intel"},
		{[]string{"--probe-host"}, "kvm_amd"},
		{[]string{"--probe-host", "--cpu-flags", "vmx"}, "kvm_intel"},
		{[]string{"--probe-host", "--cpu-flags", ""}, "kvm"},
	} {
		out := t.TempDir()
		args := append([]string{"compile", "--connect-all", "--backend", "kmod", "--out", out}, tc.args...)
		_, stderr, status := runCLI(t, append(args, snapYAML)...)
		require.Equal(t, exitOK, status, stderr)
		data, err := os.ReadFile(filepath.Join(out, "etc/modules-load.d/snap.vm.conf"))
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		assert.Equal(t, tc.want, lines[len(lines)-1], "%q", tc.args)
	}
}

// TestCompilePolicy holds compile to installation, connection and
// auto-connection policy: refusals name the rule, --dangerous overrides
// them with a warning each, --no-auto-connect connects nothing by itself.
func TestCompilePolicy(t *testing.T) {
	onlyKube := filepath.Join(t.TempDir(), "grant.yaml")
	require.NoError(t, os.WriteFile(onlyKube, []byte("snap-name: kube-node\nplugs:\n  kubernetes-support:\n    allow-installation: true\n"), 0o644))

	stdout, stderr, status := runCLI(t, "compile", "--dangerous", "--backend", "kmod", "--out", t.TempDir(), "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, 3, strings.Count(stderr, `--dangerous bypasses: installation denied by "k8s-`), stderr)
	assert.Contains(t, stdout, "auto-connected kube-node:network snapd:network\n")
	assert.Contains(t, stdout, `not connected kube-node:k8s-kubelet: auto-connection denied by "k8s-kubelet" plug rule of interface "kubernetes-support" (deny-auto-connection: matched)`+"\n")
	assert.Contains(t, stdout, `not connected kube-node:home-all: auto-connection denied by "home" slot rule of interface "home" (deny-auto-connection: matched)`+"\n")

	// A grant that only allows installation: its defaults allow
	// kubernetes-support to auto-connect too (as in snapd), home read:
	// all still needs one.
	stdout, stderr, status = runCLI(t, "compile", "--snap-declaration", onlyKube, "--backend", "kmod", "--out", t.TempDir(), "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	assert.Empty(t, stderr)
	assert.Contains(t, stdout, "auto-connected kube-node:k8s-kubelet snapd:kubernetes-support\n")
	assert.Contains(t, stdout, "not connected kube-node:home-all:")

	out := t.TempDir()
	_, stderr, status = runCLI(t, "compile", "--snap-declaration", onlyKube, "--connect", "kube-node:home-all", "--out", out, "examples/kube-node/snap.yaml")
	assert.Equal(t, exitInvalid, status)
	assert.Equal(t, `plugpolicy compile: cannot connect kube-node:home-all snapd:home: connection denied by "home" slot rule of interface "home" (deny-connection: matched)`+"\n", stderr)
	assert.Empty(t, testutil.ReadTree(t, out), "nothing written")

	stdout, stderr, status = runCLI(t, "compile", "--snap-declaration", onlyKube, "--dangerous", "--connect", "kube-node:home-all", "--no-auto-connect", "--backend", "kmod", "--out", t.TempDir(), "examples/kube-node/snap.yaml")
	require.Equal(t, exitOK, status, stderr)
	assert.Equal(t, `warning: connection kube-node:home-all snapd:home: --dangerous bypasses: connection denied by "home" slot rule of interface "home" (deny-connection: matched)`+"\n", stderr)
	assert.Contains(t, stdout, "1 connections\n  kube-node:home-all snapd:home\n")
	assert.NotContains(t, stdout, "auto-connected")
}

func TestCompileWarningsStrictAndJSON(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "snap.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`name: viewer
version: "1"
apps:
  view:
    comand: view
    plugs: [network, x11]
plugs:
  x11: {interface: x-eleven}
`), 0o644))
	out := t.TempDir()
	// The misspelt key and the unknown interface are warnings; the rest
	// compiles.
	stdout, stderr, status := runCLI(t, "compile", "--out", out, file)
	assert.Equal(t, exitOK, status, stderr)
	assert.Equal(t, file+`:5: warning: apps.view.comand: unknown key "comand" is ignored`+"\n"+
		`warning: snap "viewer": plug "x11" left out: interface "x-eleven" is not in the catalog`+"\n", stderr)
	assert.Contains(t, stdout, "auto-connected viewer:network snapd:network\n")

	// The plug exists and is named for what it is.
	_, stderr, status = runCLI(t, "compile", "--connect", "viewer:x11", "--out", out, file)
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stderr, `plugpolicy compile: cannot connect viewer:x11: plug "x11" of snap "viewer" was left out: interface "x-eleven" is not in the catalog`+"\n")

	// --strict: warnings are errors, and nothing is written.
	strictOut := t.TempDir()
	_, stderr, status = runCLI(t, "compile", "--strict", "--out", strictOut, file)
	assert.Equal(t, exitInvalid, status)
	assert.Contains(t, stderr, `plugpolicy compile: strict: 2 problems:
  snap "viewer": snap.yaml line 5: apps.view.comand: unknown key "comand" is ignored
  snap "viewer": plug "x11" left out: interface "x-eleven" is not in the catalog
`)
	entries, err := os.ReadDir(strictOut)
	require.NoError(t, err)
	assert.Empty(t, entries)

	// --json: one document on stdout, saying what was written.
	stdout, _, status = runCLI(t, "compile", "--json", "--out", out, file)
	assert.Equal(t, exitOK, status)
	var rep struct {
		Out   string `json:"out"`
		Snaps []struct {
			Name    string `json:"name"`
			LeftOut []struct {
				Name, Interface, Reason string
			} `json:"left-out"`
			Files []struct {
				Path, Backend, Tag, Status string
			} `json:"files"`
		} `json:"snaps"`
		AutoConnected []string `json:"auto-connected"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	assert.Equal(t, out, rep.Out)
	assert.Equal(t, []string{"viewer:network snapd:network"}, rep.AutoConnected)
	require.Len(t, rep.Snaps, 1)
	assert.Equal(t, "x-eleven", rep.Snaps[0].LeftOut[0].Interface)
	found := false
	for _, f := range rep.Snaps[0].Files {
		if f.Path == "var/lib/snapd/apparmor/profiles/snap.viewer.view" {
			found = true
			assert.Equal(t, "apparmor", f.Backend)
			assert.Equal(t, "snap.viewer.view", f.Tag)
			assert.Equal(t, "unchanged", f.Status, "the first run wrote it")
		}
	}
	assert.True(t, found, "the profile is reported")
}
