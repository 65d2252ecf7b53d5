// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Command potgen writes the gettext template of plugpolicy's user-facing
// text, po/plugpolicy.pot, from the module's source:
//
//	go run ./internal/cmd/potgen [-root DIR] [-o FILE]
//
// It reads every non-test .go file of the module (not testdata, nor nested
// modules such as bench/libseccomp) and takes the text of each call of
// i18n.G(msgid) and i18n.NG(msgid, plural, n). The text must be a string
// literal, or literals joined with +: any other argument is an error that
// names its file and line, since text potgen cannot see cannot be
// translated. The template is sorted by msgid, each entry with its sorted
// references, and has no creation date, so the same source always gives
// the same file. po/update-pot runs it; a test fails when the template in
// the repository is out of date.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	root := flag.String("root", ".", "the module's root `DIR`")
	out := flag.String("o", "", "write the template to `FILE` (default: standard output)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "potgen: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	msgs, err := extractDir(*root)
	if err != nil {
		fmt.Fprintf(os.Stderr, "potgen: %v\n", err)
		os.Exit(1)
	}
	pot := render(msgs)
	if *out == "" {
		_, err = os.Stdout.Write(pot)
	} else {
		err = os.WriteFile(*out, pot, 0o644)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "potgen: %v\n", err)
		os.Exit(1)
	}
}
