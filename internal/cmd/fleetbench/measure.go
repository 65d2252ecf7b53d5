// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/plugpolicy/plugpolicy/internal/fleet"
)

// sizeReport is everything measured for one fleet size.
type sizeReport struct {
	N           int     `json:"n"`
	Apps        int     `json:"apps"`
	Connections int     `json:"connections"`
	Files       int     `json:"files"`
	Breakdown   []phase `json:"breakdown"`
	Runs        []runReport
}

// runReport is one way of compiling (the library in a child process, or
// a CLI binary) on one directory, fresh and re-run unchanged.
type runReport struct {
	What  string      `json:"what"`
	FS    string      `json:"fs"`
	Dir   string      `json:"dir"`
	Fresh measurement `json:"fresh"`
	Rerun measurement `json:"rerun"`
}

// measurement is one child process: its phases (the library's) and what
// the kernel says it used.
type measurement struct {
	Phases      []phase `json:"phases,omitempty"`
	Seconds     float64 `json:"seconds"`
	UserSeconds float64 `json:"user-seconds"`
	SysSeconds  float64 `json:"sys-seconds"`
	MaxRSSKiB   int64   `json:"max-rss-kib"`
}

func measureSize(cfg config, n int) (sizeReport, error) {
	rep := sizeReport{N: n, Apps: n * fleet.Apps}
	var br childResult
	if _, err := best(cfg.count, func() (measurement, error) {
		return runSelf("breakdown", n, "", &br)
	}); err != nil {
		return rep, err
	}
	rep.Breakdown, rep.Files, rep.Connections = br.Phases, br.Files, br.Conns
	yamlDir, err := os.MkdirTemp(cfg.dirs[0], "fleetbench-yaml-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(yamlDir)
	yamls, err := writeFleetFiles(yamlDir, n)
	if err != nil {
		return rep, err
	}
	for _, dir := range cfg.dirs {
		r, err := measureDir("library", dir, cfg.count, func(root string) (measurement, error) {
			var res childResult
			return runSelf("run", n, root, &res)
		})
		if err != nil {
			return rep, err
		}
		rep.Runs = append(rep.Runs, r)
		for _, c := range cfg.clis {
			r, err := measureDir(c.Name, dir, cfg.count, func(root string) (measurement, error) {
				return runCLI(c.Path, root, yamls)
			})
			if err != nil {
				return rep, err
			}
			rep.Runs = append(rep.Runs, r)
		}
	}
	return rep, nil
}

// measureDir runs f on a fresh root below dir, then again on the root it
// wrote; with count > 1 it does so count times, on new roots, and keeps
// the fastest of each.
func measureDir(what, dir string, count int, f func(root string) (measurement, error)) (runReport, error) {
	r := runReport{What: what, Dir: dir, FS: fsKind(dir)}
	for i := 0; i < count; i++ {
		root, err := os.MkdirTemp(dir, "fleetbench-root-")
		if err != nil {
			return r, err
		}
		// Roots are removed when the program ends, not now: on ext4,
		// creating files soon after deleting many costs much more
		// (find_inode_bit skips inodes deleted in the last minutes), and
		// the next fresh run would pay for this one's cleanup.
		garbage = append(garbage, root)
		fresh, err := f(root)
		if err != nil {
			return r, err
		}
		rerun, err := f(root)
		if err != nil {
			return r, err
		}
		if i == 0 || fresh.Seconds < r.Fresh.Seconds {
			r.Fresh = fresh
		}
		if i == 0 || rerun.Seconds < r.Rerun.Seconds {
			r.Rerun = rerun
		}
	}
	return r, nil
}

// garbage are the roots measured, removed by removeGarbage.
var garbage []string

func removeGarbage() {
	for _, root := range garbage {
		os.RemoveAll(root)
	}
	garbage = nil
}

func best(count int, f func() (measurement, error)) (measurement, error) {
	var out measurement
	for i := 0; i < count; i++ {
		m, err := f()
		if err != nil {
			return m, err
		}
		if i == 0 || m.Seconds < out.Seconds {
			out = m
		}
	}
	return out, nil
}

// runSelf runs this program as a child measuring mode, decoding what it
// prints into res.
func runSelf(mode string, n int, root string, res *childResult) (measurement, error) {
	self, err := os.Executable()
	if err != nil {
		return measurement{}, err
	}
	var out bytes.Buffer
	m, err := runMeasured(exec.Command(self, "--child", mode, "--n", strconv.Itoa(n), "--root", root), &out)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(out.Bytes(), res); err != nil {
		return m, fmt.Errorf("child %s: %w", mode, err)
	}
	m.Phases = res.Phases
	return m, nil
}

// runCLI runs "plugpolicy compile" on the fleet's files, its report
// discarded.
func runCLI(bin, root string, yamls []string) (measurement, error) {
	args := append([]string{"compile", "--connect-all", "--dangerous", "--out", root}, yamls...)
	return runMeasured(exec.Command(bin, args...), nil)
}

func runMeasured(cmd *exec.Cmd, stdout *bytes.Buffer) (measurement, error) {
	var stderr bytes.Buffer
	if stdout != nil {
		cmd.Stdout = stdout
	}
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := measurement{Seconds: time.Since(start).Seconds()}
	if err != nil {
		return m, fmt.Errorf("%s: %w: %s", cmd.Path, err, lastLines(stderr.String()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.MaxRSSKiB = ru.Maxrss
		m.UserSeconds = time.Duration(ru.Utime.Nano()).Seconds()
		m.SysSeconds = time.Duration(ru.Stime.Nano()).Seconds()
	}
	return m, nil
}

func lastLines(s string) string {
	if len(s) > 2000 {
		s = "..." + s[len(s)-2000:]
	}
	return s
}

// fsKind says whether dir is on tmpfs.
func fsKind(dir string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err == nil && st.Type == unix.TMPFS_MAGIC {
		return "tmpfs"
	}
	return "disk"
}

// goBuild builds the CLI of this module into bin.
func goBuild(bin string) error {
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/plugpolicy")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("cannot build the CLI (run fleetbench from the module's root, or pass --cli): %w", err)
	}
	_, err := os.Stat(bin)
	return err
}
