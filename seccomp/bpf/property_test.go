// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"os"
	"strconv"
	"testing"
)

// trickyPolicy exercises every filter form, 64-bit constants, 32-bit ids,
// explicit denials with and without allow lines, and aliases. It is a
// file because bench/libseccomp uses it too.
var trickyPolicy = func() string {
	b, err := os.ReadFile("testdata/tricky.src")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func TestProperty(t *testing.T) {
	policies := map[string]*Policy{"fixture": loadFixture(t)}
	for name, src := range map[string]string{
		"tricky":       trickyPolicy,
		"complain":     "@complain\n" + trickyPolicy,
		"unrestricted": "@unrestricted\n" + trickyPolicy,
	} {
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		policies[name] = p
	}
	for name, p := range policies {
		for _, a := range Arches() {
			for _, opts := range []Options{
				{Arch: a},
				{Arch: a, NativeOnly: true, OtherArch: OtherArchDeny},
				{Arch: a, X32: true, OtherArch: OtherArchKillProcess},
			} {
				if opts.X32 && a != ArchAMD64 {
					continue
				}
				t.Run(name+"/"+a.String(), func(t *testing.T) {
					prog, _, err := Compile(p, opts)
					if err != nil {
						t.Fatal(err)
					}
					if err := prog.Validate(); err != nil {
						t.Fatal(err)
					}
					budget := 0
					if testing.Short() {
						budget = 8
					}
					checkAgainstDecide(t, p, prog, opts, budget)
				})
			}
		}
	}
}

// TestPropertyLongJumps compiles a policy with big argument blocks, so
// that jumps exceed 255 instructions and need trampolines, and checks it.
func TestPropertyLongJumps(t *testing.T) {
	src := "getpid\n"
	for i := range 80 {
		src += "ioctl - " + strconv.Itoa(3*i+1) + " " + strconv.Itoa(i) + "\n"
		src += "fcntl " + strconv.Itoa(i) + " >" + strconv.Itoa(i*7) + "\n"
	}
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Arch: ArchAMD64, NativeOnly: true}
	prog, stats, err := Compile(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if stats.LongJumps == 0 {
		t.Fatalf("expected the program of %d instructions to need long jumps", stats.Instructions)
	}
	checkAgainstDecide(t, p, prog, opts, 64)
}
