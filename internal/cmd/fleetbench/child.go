// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/fleet"
	"github.com/plugpolicy/plugpolicy/internal/par"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
)

// phase is one measured step: wall time and what it allocated.
type phase struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	// CPUSeconds is the process's user and system time in the phase,
	// which other load on the machine inflates less than wall time.
	CPUSeconds float64 `json:"cpu-seconds"`
	Mallocs    uint64  `json:"mallocs"`
	Bytes      uint64  `json:"alloc-bytes"`
}

// childResult is what a child process measured, printed as JSON.
type childResult struct {
	Phases []phase `json:"phases"`
	Files  int     `json:"files"`
	Conns  int     `json:"connections"`
}

// meter measures phases one after the other.
type meter struct {
	phases []phase
	start  time.Time
	cpu    time.Duration
	ms     runtime.MemStats
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	return rusageTime(syscall.RUSAGE_SELF)
}

// threadCPUTime is the calling thread's user and system time so far.
func threadCPUTime() time.Duration {
	return rusageTime(unix.RUSAGE_THREAD)
}

func rusageTime(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (m *meter) begin() {
	runtime.ReadMemStats(&m.ms)
	m.start, m.cpu = time.Now(), cpuTime()
}

func (m *meter) end(name string) {
	d, cpu := time.Since(m.start), cpuTime()-m.cpu
	before := m.ms
	runtime.ReadMemStats(&m.ms)
	m.phases = append(m.phases, phase{Name: name, Seconds: d.Seconds(), CPUSeconds: cpu.Seconds(),
		Mallocs: m.ms.Mallocs - before.Mallocs, Bytes: m.ms.TotalAlloc - before.TotalAlloc})
}

// runChild runs one measurement in this process: "run" parses, compiles
// and writes the fleet below root, as the CLI does (fresh or unchanged
// depending on what root holds); "breakdown" times connecting and each
// backend's rendering and the BPF compiler apart, and writes nothing.
func runChild(mode string, n int, root string, stdout io.Writer) error {
	docs := fleet.Generate(n)
	var res childResult
	var m meter
	var err error
	switch mode {
	case "run":
		err = measureRun(&m, &res, docs, root)
	case "breakdown":
		err = measureBreakdown(&m, &res, docs)
	default:
		err = fmt.Errorf("unknown child mode %q", mode)
	}
	if err != nil {
		return err
	}
	res.Phases = m.phases
	return json.NewEncoder(stdout).Encode(res)
}

func parseFleet(docs [][]byte) ([]*snap.Info, error) {
	infos := make([]*snap.Info, len(docs))
	errs := make([]error, len(docs))
	par.Do(len(docs), func(i int) { infos[i], errs[i] = snap.Parse(docs[i], snap.Options{Revision: snap.R(1)}) })
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("fleet snap %d: %w", i, err)
		}
	}
	return infos, nil
}

func measureRun(m *meter, res *childResult, docs [][]byte, root string) error {
	m.begin()
	infos, err := parseFleet(docs)
	if err != nil {
		return err
	}
	m.end("parse")
	// What the CLI's compile does: render what the record below root
	// does not vouch for, and write it.
	m.begin()
	r, written, err := plugpolicy.Update(root, infos, fleet.Options(), plugpolicy.WriteOptions{})
	if err != nil {
		return err
	}
	m.end("update")
	for _, w := range written {
		res.Files += len(w.Changed) + len(w.Unchanged)
	}
	res.Conns = len(r.Connected)
	return nil
}

// timedCompiler times the seccomp compiler, keeping its cache key so that
// the backend's cache works as it does without it.
type timedCompiler struct {
	c   seccomp.CachingCompiler
	bpf *bpfTime
}

// bpfTime is the wall and thread CPU time the compiler took, and how
// often it ran.
type bpfTime struct {
	wall, cpu time.Duration
	calls     int
}

func (t timedCompiler) Compile(name string, src []byte) ([]byte, error) {
	start, cpu := time.Now(), threadCPUTime()
	defer func() {
		t.bpf.wall += time.Since(start)
		t.bpf.cpu += threadCPUTime() - cpu
		t.bpf.calls++
	}()
	return t.c.Compile(name, src)
}

func (t timedCompiler) CacheKey() string { return t.c.CacheKey() }

func measureBreakdown(m *meter, res *childResult, docs [][]byte) error {
	infos, err := parseFleet(docs)
	if err != nil {
		return err
	}
	m.begin()
	r, err := plugpolicy.Connect(infos, fleet.Options())
	if err != nil {
		return err
	}
	m.end("connect")
	// The compiler runs on this goroutine: locked to its thread, the
	// thread's CPU time is the compiler's.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var bt bpfTime
	for _, b := range r.Backends() {
		if sb, ok := b.(*seccomp.Backend); ok {
			b = &seccomp.Backend{Options: sb.Options, Compiler: timedCompiler{seccomp.BPFCompiler{Arch: sb.Options.Arch}, &bt}}
		}
		m.begin()
		for _, s := range r.Snaps {
			files, err := interfaces.Render(b, r.Repo, s.Name, s.Confinement)
			if err != nil {
				return err
			}
			res.Files += len(files)
		}
		m.end("render " + b.Name())
		if b.Name() == "seccomp" {
			last := &m.phases[len(m.phases)-1]
			last.Seconds -= bt.wall.Seconds()
			last.CPUSeconds -= bt.cpu.Seconds()
			m.phases = append(m.phases, phase{Name: fmt.Sprintf("bpf compile (%d compiles)", bt.calls), Seconds: bt.wall.Seconds(), CPUSeconds: bt.cpu.Seconds()})
		}
	}
	res.Conns = len(r.Connected)
	return nil
}
