// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package plugpolicy_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces/policy"
	"github.com/plugpolicy/plugpolicy/snap"
)

const webYAML = `name: web
version: "1.0"
apps:
  server:
    command: bin/server
    daemon: simple
    plugs: [network-bind]
`

// Compile one snap: the base declaration lets network-bind auto-connect,
// and every backend renders its files.
func ExampleCompile() {
	info, err := snap.Parse([]byte(webYAML), snap.Options{Revision: snap.R(7)})
	if err != nil {
		log.Fatal(err)
	}
	res, err := plugpolicy.Compile([]*snap.Info{info}, plugpolicy.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.AutoConnected {
		fmt.Println("auto-connected", c.ID())
	}
	for _, f := range res.Files {
		fmt.Printf("%-8s %-15s %s\n", f.Backend, f.Tag, f.Path)
	}
	// Output:
	// auto-connected web:network-bind snapd:network-bind
	// apparmor                 var/lib/snapd/apparmor/profiles/snap-update-ns.web
	// apparmor snap.web.server var/lib/snapd/apparmor/profiles/snap.web.server
	// udev                     var/lib/snapd/cgroup/snap.web.device
	// seccomp  snap.web.server var/lib/snapd/seccomp/bpf/snap.web.server.bin
	// seccomp  snap.web.server var/lib/snapd/seccomp/bpf/snap.web.server.bin2
	// seccomp  snap.web.server var/lib/snapd/seccomp/bpf/snap.web.server.src
}

// Look at one profile: the seccomp policy of the server, where
// network-bind's calls are.
func ExampleResult_File() {
	res, err := plugpolicy.CompileYAML(plugpolicy.Options{NoBPF: true}, []byte(webYAML))
	if err != nil {
		log.Fatal(err)
	}
	src := res.File("var/lib/snapd/seccomp/bpf/snap.web.server.src")
	for _, line := range strings.Split(string(src.Data), "\n") {
		if line == "accept4" || line == "listen" {
			fmt.Println(line)
		}
	}
	// Output:
	// listen
	// accept4
}

// Write to a root: the directory must be given; files land at the paths
// snapd uses below it, and a second write changes nothing.
func ExampleResult_Write() {
	root, err := os.MkdirTemp("", "plugpolicy-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	res, err := plugpolicy.CompileYAML(plugpolicy.Options{}, []byte(webYAML))
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		written, err := res.Write(root, plugpolicy.WriteOptions{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("run %d: %s wrote %d, kept %d\n", i+1, written[0].Backend, len(written[0].Changed), len(written[0].Unchanged))
	}
	_, err = os.Stat(filepath.Join(root, "var/lib/snapd/apparmor/profiles/snap.web.server"))
	fmt.Println(err == nil)
	// Output:
	// run 1: apparmor wrote 2, kept 0
	// run 2: apparmor wrote 0, kept 2
	// true
}

// Compile a fleet: many snaps in one repository, one of them granted a
// privileged interface by its snap declaration.
func ExampleCompile_fleet() {
	var docs [][]byte
	for _, name := range []string{"alpha", "beta", "gamma"} {
		docs = append(docs, []byte(strings.ReplaceAll(webYAML, "name: web", "name: "+name)))
	}
	docs = append(docs, []byte(`name: node
version: "1"
plugs:
  kubelet: {interface: kubernetes-support, flavor: kubelet}
apps:
  kubelet: {command: kubelet, daemon: simple, plugs: [kubelet, network]}
`))
	grant, err := policy.ParseSnapDeclaration("node.assert", []byte(`snap-name: node
plugs:
  kubernetes-support:
    allow-installation: true
    allow-auto-connection: true
`))
	if err != nil {
		log.Fatal(err)
	}
	res, err := plugpolicy.CompileYAML(plugpolicy.Options{SnapDeclarations: []*policy.SnapDeclaration{grant}, NoBPF: true}, docs...)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range res.Snaps {
		fmt.Printf("%s: %d connections, %d files\n", s.Name, len(s.Connections), len(res.FilesOf(s.Name, "")))
	}
	// Output:
	// alpha: 1 connections, 4 files
	// beta: 1 connections, 4 files
	// gamma: 1 connections, 4 files
	// node: 2 connections, 6 files
}

// Update renders only what changed since the last run below a root: the
// second run renders nothing and writes nothing.
func ExampleUpdate() {
	root, err := os.MkdirTemp("", "plugpolicy-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	info, err := snap.Parse([]byte(webYAML), snap.Options{Revision: snap.R(1)})
	if err != nil {
		log.Fatal(err)
	}
	for run := 1; run <= 2; run++ {
		res, written, err := plugpolicy.Update(root, []*snap.Info{info}, plugpolicy.Options{NoBPF: true}, plugpolicy.WriteOptions{})
		if err != nil {
			log.Fatal(err)
		}
		changed := 0
		for _, w := range written {
			changed += len(w.Changed)
		}
		fmt.Printf("run %d: rendered %v, %d files written\n", run, res.Snaps[0].Rendered, changed)
	}
	// Output:
	// run 1: rendered [apparmor seccomp udev kmod systemd mount], 4 files written
	// run 2: rendered [], 0 files written
}
