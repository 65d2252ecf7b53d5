// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package explain_test

import (
	"fmt"
	"log"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/explain"
)

// Explain the seccomp policy of one app: the template's lines, then what
// each interface adds.
func ExampleExplain() {
	res, err := plugpolicy.CompileYAML(plugpolicy.Options{NoBPF: true}, []byte(`name: web
version: "1"
apps:
  server: {command: server, daemon: simple, plugs: [network-bind]}
`))
	if err != nil {
		log.Fatal(err)
	}
	ex, err := explain.Explain(res, "web", "server", explain.Options{Backends: []string{"seccomp"}})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range ex.Files {
		fmt.Printf("%s: %d lines, %d from the template, exact: %v\n", f.Path, f.Lines, len(f.Template), f.Exact())
		for _, s := range f.Sections {
			fmt.Printf("  %s: %d lines\n", s.Source, len(s.Lines))
		}
	}
	// Output:
	// var/lib/snapd/seccomp/bpf/snap.web.server.src: 529 lines, 521 from the template, exact: true
	//   interface network-bind via plug web:network-bind, connected to snapd:network-bind: 8 lines
}
