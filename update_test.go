// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/internal/testutil"
	"github.com/plugpolicy/plugpolicy/snap"
)

// A small world for Update: a content provider, a consumer of its
// content, and two snaps whose apps plug different interfaces, so that
// a connection is bound to some apps only.
const (
	providerYAML = `name: provider
version: "1"
slots:
  fonts:
    interface: content
    content: fonts
    read: [$SNAP/fonts]
apps:
  serve:
    command: serve
    slots: [fonts]
`
	consumerYAML = `name: consumer
version: "1"
plugs:
  fonts:
    interface: content
    content: fonts
    target: $SNAP/fonts
apps:
  show:
    command: show
    plugs: [fonts, network]
  idle:
    command: idle
`
	serverYAML = `name: web
version: "1"
apps:
  server:
    command: server
    plugs: [network-bind, network]
  cron:
    command: cron
    plugs: [network]
`
	toolYAML = `name: tool
version: "1"
apps:
  tool:
    command: tool
    plugs: [home, network-observe]
`
)

func world(t *testing.T, docs ...string) []*snap.Info {
	t.Helper()
	var infos []*snap.Info
	for _, d := range docs {
		infos = append(infos, parse(t, d))
	}
	return infos
}

// rendered maps each snap of an Update to the backends that rendered it.
func rendered(res *plugpolicy.Result) map[string][]string {
	out := map[string][]string{}
	for _, s := range res.Snaps {
		if len(s.Rendered) > 0 {
			out[s.Name] = s.Rendered
		}
	}
	return out
}

// fullTree is what Compile and Write write for the snaps to an empty root.
func fullTree(t *testing.T, infos []*snap.Info, opts plugpolicy.Options) map[string][]byte {
	t.Helper()
	res, err := plugpolicy.Compile(infos, opts)
	require.NoError(t, err)
	return treeOfRun(t, res)
}

var allBackends = plugpolicy.BackendNames()

// TestUpdateRendersOnlyWhatChanged: the first Update renders every snap;
// an unchanged re-run renders none and rewrites nothing, not even the
// record; connecting one plug renders the two snaps of the connection,
// and disconnecting it again the same two; each time the files are
// those a full compile writes.
func TestUpdateRendersOnlyWhatChanged(t *testing.T) {
	infos := world(t, providerYAML, consumerYAML, serverYAML, toolYAML)
	opts := plugpolicy.Options{NoBPF: true, NoAutoConnect: true, Dangerous: true,
		Connect: []string{"web:network", "web:network-bind", "consumer:network"}}
	root := t.TempDir()
	update := func(opts plugpolicy.Options) (*plugpolicy.Result, []plugpolicy.Written) {
		t.Helper()
		res, written, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
		require.NoError(t, err)
		assert.Empty(t, res.Files, "Update keeps no contents")
		assert.Equal(t, fullTree(t, infos, opts), testutil.ReadPolicyTree(t, root))
		return res, written
	}

	res, _ := update(opts)
	assert.Equal(t, map[string][]string{"provider": allBackends, "consumer": allBackends, "web": allBackends, "tool": allBackends}, rendered(res))
	record, err := os.Stat(filepath.Join(root, plugpolicy.StatePath))
	require.NoError(t, err)

	res, written := update(opts)
	assert.Empty(t, rendered(res), "nothing changed, nothing is rendered")
	for _, w := range written {
		assert.Empty(t, w.Changed, "%s %s", w.Snap, w.Backend)
		assert.Empty(t, w.Removed, "%s %s", w.Snap, w.Backend)
	}
	again, err := os.Stat(filepath.Join(root, plugpolicy.StatePath))
	require.NoError(t, err)
	assert.True(t, os.SameFile(record, again) && record.ModTime().Equal(again.ModTime()), "the record is not rewritten")

	connected := opts
	connected.Connect = append(slices.Clone(opts.Connect), "consumer:fonts=provider:fonts")
	res, _ = update(connected)
	assert.Equal(t, map[string][]string{"provider": allBackends, "consumer": allBackends}, rendered(res))
	// Of the consumer's apps only show plugs fonts: idle's files stay,
	// and content adds no system calls, so show's seccomp files do too.
	assert.Equal(t, map[string][]string{"apparmor": {"snap.consumer.idle"}, "seccomp": {"snap.consumer.idle", "snap.consumer.show"}},
		res.Snaps[1].ReusedTags)

	res, _ = update(opts)
	assert.Equal(t, map[string][]string{"provider": allBackends, "consumer": allBackends}, rendered(res))

	// A plug to the system snap: the plug's snap alone.
	more := opts
	more.Connect = append(slices.Clone(opts.Connect), "tool:home")
	res, _ = update(more)
	assert.Equal(t, map[string][]string{"tool": allBackends}, rendered(res))

	// Another snap.yaml for one snap: that snap alone.
	infos[2] = parse(t, strings.Replace(serverYAML, "version: \"1\"", "version: \"2\"", 1))
	res, _ = update(more)
	assert.Equal(t, map[string][]string{"web": allBackends}, rendered(res))

	// Other options: every snap.
	core := more
	core.Core = true
	res, _ = update(core)
	assert.Len(t, rendered(res), 4)
}

// TestUpdateRepairsWhatIsNotAsRecorded: a file changed, removed or added
// behind Update's back (same size, even) makes it render that snap's
// files of that backend again, and put them right.
func TestUpdateRepairsWhatIsNotAsRecorded(t *testing.T) {
	infos := world(t, serverYAML, toolYAML)
	opts := plugpolicy.Options{NoBPF: true, ConnectAll: true}
	root := t.TempDir()
	want := fullTree(t, infos, opts)
	_, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)

	for _, tamper := range []struct {
		name    string
		do      func(path string)
		snap    string
		backend string
	}{
		{"rewritten in place, same size", func(p string) {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			data[len(data)-2] = 'X'
			require.NoError(t, os.WriteFile(p, data, 0o644))
		}, "web", "apparmor"},
		{"removed", func(p string) { require.NoError(t, os.Remove(p)) }, "tool", "seccomp"},
	} {
		path := map[string]string{
			"apparmor": "var/lib/snapd/apparmor/profiles/snap.web.server",
			"seccomp":  "var/lib/snapd/seccomp/bpf/snap.tool.tool.src",
		}[tamper.backend]
		tamper.do(filepath.Join(root, path))
		res, written, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
		require.NoError(t, err)
		assert.Equal(t, map[string][]string{tamper.snap: {tamper.backend}}, rendered(res), tamper.name)
		assert.Contains(t, changedPaths(written), path, tamper.name)
		assert.Equal(t, want, testutil.ReadPolicyTree(t, root), tamper.name)
	}

	stray := filepath.Join(root, "var/lib/snapd/apparmor/profiles/snap.web.gone")
	require.NoError(t, os.WriteFile(stray, []byte("# an app the snap no longer has\n"), 0o644))
	res, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"web": {"apparmor"}}, rendered(res))
	assert.NoFileExists(t, stray)
	assert.Equal(t, want, testutil.ReadPolicyTree(t, root))

	res, _, err = plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{Full: true})
	require.NoError(t, err)
	assert.Len(t, rendered(res), 2, "Full renders everything")
}

func changedPaths(written []plugpolicy.Written) []string {
	var out []string
	for _, w := range written {
		out = append(out, w.Changed...)
	}
	return out
}

// TestUpdateRecordOnlySavesWork: a record that is stale (a run killed
// between putting its files in place and recording them), garbage, or of
// another format never makes Update leave wrong files: it renders more.
func TestUpdateRecordOnlySavesWork(t *testing.T) {
	v1 := world(t, serverYAML, toolYAML)
	v2 := world(t, strings.Replace(serverYAML, "[network-bind, network]", "[network-bind]", 1), toolYAML)
	opts := plugpolicy.Options{NoBPF: true, ConnectAll: true}
	root := t.TempDir()
	record := filepath.Join(root, plugpolicy.StatePath)
	_, _, err := plugpolicy.Update(root, v1, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	old, err := os.ReadFile(record)
	require.NoError(t, err)
	_, _, err = plugpolicy.Update(root, v2, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)

	// v2's files with v1's record: v1 again must find web's files are
	// not those recorded.
	require.NoError(t, os.WriteFile(record, old, 0o644))
	res, _, err := plugpolicy.Update(root, v1, opts, plugpolicy.WriteOptions{})
	require.NoError(t, err)
	assert.Contains(t, rendered(res), "web")
	assert.Equal(t, fullTree(t, v1, opts), testutil.ReadPolicyTree(t, root))

	for _, junk := range []string{"", "{", `{"format":99,"snaps":{}}`, `[1,2]`, "\x00\xff"} {
		require.NoError(t, os.WriteFile(record, []byte(junk), 0o644))
		res, _, err := plugpolicy.Update(root, v2, opts, plugpolicy.WriteOptions{})
		require.NoError(t, err, "%q", junk)
		assert.Len(t, rendered(res), 2, "%q: no record, everything rendered", junk)
		assert.Equal(t, fullTree(t, v2, opts), testutil.ReadPolicyTree(t, root), "%q", junk)
	}
}

// TestUpdateRefusesAHostileRecord: a symbolic link or a named pipe where
// the record goes is refused, naming it, and nothing is written.
func TestUpdateRefusesAHostileRecord(t *testing.T) {
	infos := world(t, serverYAML)
	opts := plugpolicy.Options{NoBPF: true, ConnectAll: true}
	for name, plant := range map[string]func(string) error{
		"symlink": func(p string) error { return os.Symlink("/etc/passwd", p) },
		"fifo":    func(p string) error { return unix.Mkfifo(p, 0o644) },
	} {
		root := t.TempDir()
		record := filepath.Join(root, plugpolicy.StatePath)
		require.NoError(t, os.MkdirAll(filepath.Dir(record), 0o755))
		require.NoError(t, plant(record))
		_, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "refusing "+plugpolicy.StatePath, name)
		assert.Empty(t, testutil.ReadPolicyTree(t, root), "%s: nothing written", name)
	}
}

// TestUpdateEqualsFullCompile drives Update through random changes of a
// small world (connections made and undone, snap.yaml edited, snaps
// added and removed, options changed) and checks after each that the
// files are byte for byte those a full compile writes to an empty root.
func TestUpdateEqualsFullCompile(t *testing.T) {
	docs := map[string]string{"provider": providerYAML, "consumer": consumerYAML, "web": serverYAML, "tool": toolYAML, "multi": multiYAML}
	connectable := []string{"consumer:fonts=provider:fonts", "consumer:network", "web:network", "web:network-bind", "tool:home", "tool:network-observe",
		"multi:network", "multi:docker-support", "multi:home"}
	r := rand.New(rand.NewPCG(14, 2026))
	root := t.TempDir()
	present := map[string]bool{"provider": true, "consumer": true, "web": true, "tool": true, "multi": true}
	conns := map[string]bool{}
	core := false
	steps := 40
	if testing.Short() {
		steps = 10
	}
	for step := range steps {
		switch r.IntN(5) {
		case 0, 1:
			c := connectable[r.IntN(len(connectable))]
			conns[c] = !conns[c]
		case 2:
			name := []string{"web", "tool"}[r.IntN(2)]
			docs[name] = strings.Replace(docs[name], "version: \"", fmt.Sprintf("version: \"%d.", step), 1)
		case 3:
			name := []string{"web", "tool"}[r.IntN(2)]
			present[name] = !present[name]
		case 4:
			core = !core
		}
		var infos []*snap.Info
		var connect []string
		for _, name := range []string{"provider", "consumer", "web", "tool", "multi"} {
			if present[name] {
				infos = append(infos, parse(t, docs[name]))
			}
		}
		for _, c := range connectable {
			snapName, _, _ := strings.Cut(c, ":")
			if conns[c] && present[snapName] {
				connect = append(connect, c)
			}
		}
		opts := plugpolicy.Options{NoBPF: true, NoAutoConnect: true, Dangerous: true, Core: core, Connect: connect}
		_, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
		require.NoError(t, err, "step %d", step)
		got := testutil.ReadPolicyTree(t, root)
		want := fullTree(t, infos, opts)
		// A snap no longer given is not Update's to remove (it owns the
		// files of the snaps it is given), as with Write.
		for name := range got {
			if _, ok := want[name]; !ok && !ownedByAny(name, infos) {
				delete(got, name)
			}
		}
		require.Equal(t, want, got, "step %d: %v, core %v", step, connect, core)
	}
}

// ownedByAny tells whether a path names one of the snaps.
func ownedByAny(path string, infos []*snap.Info) bool {
	for _, info := range infos {
		if strings.Contains(path, "."+info.InstanceName()+".") || strings.HasSuffix(path, "."+info.InstanceName()) ||
			strings.Contains(path, "-snap."+info.InstanceName()+".") {
			return true
		}
	}
	return false
}

// TestConcurrentUpdatesAreSerialised: two Updates of different policy
// into one root at once end with the files of one of them, and a third
// run of either converges on its own files.
func TestConcurrentUpdatesAreSerialised(t *testing.T) {
	v1 := world(t, serverYAML, toolYAML)
	v2 := world(t, strings.Replace(serverYAML, "[network-bind, network]", "[network-bind]", 1), strings.Replace(toolYAML, "home, ", "", 1))
	opts := plugpolicy.Options{NoBPF: true, ConnectAll: true}
	want1, want2 := fullTree(t, v1, opts), fullTree(t, v2, opts)
	for trial := range 5 {
		root := t.TempDir()
		errs := make(chan error, 2)
		for _, infos := range [][]*snap.Info{v1, v2} {
			go func() {
				_, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{})
				errs <- err
			}()
		}
		require.NoError(t, <-errs)
		require.NoError(t, <-errs)
		got := testutil.ReadPolicyTree(t, root)
		assert.True(t, equalTrees(got, want1) || equalTrees(got, want2), "trial %d: files of both runs", trial)
		_, _, err := plugpolicy.Update(root, v1, opts, plugpolicy.WriteOptions{})
		require.NoError(t, err)
		assert.Equal(t, want1, testutil.ReadPolicyTree(t, root), "trial %d", trial)
	}
}

// TestUpdateLoadsOnlyWhatChanged: with a runner, an unchanged re-run
// hands nothing to apparmor_parser (or any loader); a repaired profile is
// the only one loaded.
func TestUpdateLoadsOnlyWhatChanged(t *testing.T) {
	infos := world(t, serverYAML, toolYAML)
	opts := plugpolicy.Options{NoBPF: true, ConnectAll: true}
	root := t.TempDir()
	r := &testutil.Runner{}
	_, _, err := plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{Runner: r})
	require.NoError(t, err)
	assert.NotEmpty(t, r.Calls, "a fresh run loads its profiles")

	r.Calls = nil
	_, _, err = plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{Runner: r})
	require.NoError(t, err)
	assert.Empty(t, r.Calls, "nothing changed, nothing loaded")

	profile := filepath.Join(root, "var/lib/snapd/apparmor/profiles/snap.tool.tool")
	require.NoError(t, os.WriteFile(profile, []byte("# tampered\n"), 0o644))
	_, _, err = plugpolicy.Update(root, infos, opts, plugpolicy.WriteOptions{Runner: r})
	require.NoError(t, err)
	assert.Equal(t, []string{"apparmor_parser --replace " + profile}, r.Calls)
}
