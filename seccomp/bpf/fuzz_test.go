// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package bpf

import (
	"strings"
	"testing"
)

func fuzzSeeds(f *testing.F) []string {
	return []string{
		readFile(f, templateFixture), readFile(f, smallFixture), trickyPolicy, "@complain\n" + trickyPolicy, "@unrestricted\nread\n",
		"read >=2\n", "~ioctl - 4294967295|TIOCSTI\nioctl\n", "chown - u:root -1\n", "setns - CLONE_NEWNET\n",
		"socket AF_NETLINK - NETLINK_ROUTE\nsocket AF_INET\n", "write !1 >4294967295 <=18446744073709551615\n",
		"read 1|0\nread 0|1\n", "mknod - |S_IFREG -\n", "kill - 0 - - - - -\n", "~\n", "@x\n", "read #c\n",
	}
}

// FuzzParse checks that Parse never panics and that what it accepts
// renders back (Rule.String) into source that parses to the same rules.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse(src)
		if err != nil {
			return
		}
		var b strings.Builder
		if p.Complain {
			b.WriteString("@complain\n")
		}
		if p.Unrestricted {
			b.WriteString("@unrestricted\n")
		}
		for _, r := range p.Rules {
			b.WriteString(r.String() + "\n")
		}
		again, err := Parse([]byte(b.String()))
		if err != nil {
			t.Fatalf("rendered policy does not parse: %v\n%s", err, b.String())
		}
		if len(again.Rules) != len(p.Rules) || again.Complain != p.Complain || again.Unrestricted != p.Unrestricted {
			t.Fatalf("round trip changed the policy:\n%s", b.String())
		}
		for i := range p.Rules {
			if again.Rules[i].String() != p.Rules[i].String() {
				t.Fatalf("rule %d: %q became %q", i, p.Rules[i], again.Rules[i])
			}
		}
	})
}

// FuzzCompile checks that every policy Parse accepts compiles (unless it
// is too long for the kernel, or names a constant the architecture lacks)
// into a valid program that decides the fuzzed call, and calls derived
// from the policy's rules, as Policy.Decide does.
func FuzzCompile(f *testing.F) {
	for i, s := range fuzzSeeds(f) {
		f.Add([]byte(s), uint8(i), uint32(i*7), uint64(i), uint64(1)<<32, uint64(0x5412))
	}
	f.Fuzz(func(t *testing.T, src []byte, sel uint8, nr uint32, a0, a1, a2 uint64) {
		p, err := Parse(src)
		if err != nil || len(p.Rules) > 400 {
			return
		}
		opts := Options{Arch: Arches()[int(sel)%numArches], OtherArch: OtherArchAction(sel >> 7), NativeOnly: sel&0x40 != 0}
		prog, _, err := Compile(p, opts)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "more than the kernel's limit") || strings.Contains(msg, "is not defined on") {
				return
			}
			t.Fatalf("policy parses but does not compile: %v", err)
		}
		if err := prog.Validate(); err != nil {
			t.Fatalf("invalid program: %v", err)
		}
		arches, _ := opts.Arches()
		args := [6]uint64{a0, a1, a2, a0 ^ a1, a2 >> 32, ^a0}
		var calls []Data
		for _, a := range arches {
			calls = append(calls, Data{Nr: nr, Arch: a.AuditArch(), Args: args})
			for _, r := range p.Rules {
				n, ok := a.SyscallNumber(r.Syscall)
				if !ok {
					continue
				}
				w := args
				for _, c := range r.Conds {
					if v, _, err := c.resolve(opts.Arch); err == nil {
						w[c.Arg] = v
					}
				}
				calls = append(calls, Data{Nr: n, Arch: a.AuditArch(), Args: args}, Data{Nr: n, Arch: a.AuditArch(), Args: w})
			}
		}
		calls = append(calls, Data{Nr: nr, Arch: uint32(a0), Args: args})
		for _, d := range calls {
			want, err := p.Decide(opts, d)
			if err != nil {
				t.Fatal(err)
			}
			got, err := prog.Run(d)
			if err != nil {
				t.Fatal(err)
			}
			if got.Action != want {
				t.Fatalf("call %+v: filter says %s, policy says %s", d, got.Action, want)
			}
		}
	})
}

// FuzzParseSeccompSource runs arbitrary source, however long, through
// CompileSourceWithWarnings (Parse, then Compile) for the fuzzed
// architecture. It must never panic, an error must say something, and
// what compiles must be a whole number of BPF instructions.
func FuzzParseSeccompSource(f *testing.F) {
	for i, s := range fuzzSeeds(f) {
		f.Add([]byte(s), uint8(i))
	}
	f.Add([]byte(strings.Repeat("ioctl - TIOCSTI\nioctl - 1\n", 300)), uint8(1))
	f.Fuzz(func(t *testing.T, src []byte, sel uint8) {
		opts := Options{Arch: Arches()[int(sel)%numArches], OtherArch: OtherArchAction(sel >> 7), Strict: sel&0x40 != 0}
		bin, _, err := CompileSourceWithWarnings("fuzz.src", src, opts)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		if len(bin) == 0 || len(bin)%8 != 0 {
			t.Fatalf("program of %d bytes", len(bin))
		}
	})
}
