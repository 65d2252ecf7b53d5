// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// printReport prints one fleet size's tables: the breakdown of compiling,
// then each run's phases, fresh and re-run, side by side.
func printReport(w io.Writer, rep sizeReport) {
	fmt.Fprintf(w, "## N=%d: %d apps, %d connections, %d files\n\n", rep.N, rep.Apps, rep.Connections, rep.Files)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "compile breakdown\twall ms\tcpu ms\tmallocs\tMB alloc\t")
	var total, totalCPU float64
	for _, p := range rep.Breakdown {
		total, totalCPU = total+p.Seconds, totalCPU+p.CPUSeconds
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%d\t%.1f\t\n", p.Name, ms(p.Seconds), ms(p.CPUSeconds), p.Mallocs, mb(p.Bytes))
	}
	fmt.Fprintf(tw, "total\t%.1f\t%.1f\t\t\t\n", ms(total), ms(totalCPU))
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"run"}
	for _, r := range rep.Runs {
		head = append(head, r.What+" "+r.FS+" fresh", r.What+" "+r.FS+" rerun")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, name := range []string{"parse", "update"} {
		row := []string{name + " wall/cpu ms"}
		for _, r := range rep.Runs {
			row = append(row, phaseMS(r.Fresh, name), phaseMS(r.Rerun, name))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	rows := []struct {
		name string
		f    func(measurement) string
	}{
		{"process wall ms", func(m measurement) string { return fmt.Sprintf("%.1f", ms(m.Seconds)) }},
		{"user+sys ms", func(m measurement) string { return fmt.Sprintf("%.1f", ms(m.UserSeconds+m.SysSeconds)) }},
		{"cpu ms per snap", func(m measurement) string { return fmt.Sprintf("%.3f", ms(m.UserSeconds+m.SysSeconds)/float64(rep.N)) }},
		{"mallocs", func(m measurement) string {
			return sumPhases(m, func(p phase) float64 { return float64(p.Mallocs) }, "%.0f")
		}},
		{"MB alloc", func(m measurement) string { return sumPhases(m, func(p phase) float64 { return mb(p.Bytes) }, "%.1f") }},
		{"peak RSS MiB", func(m measurement) string { return fmt.Sprintf("%.1f", float64(m.MaxRSSKiB)/1024) }},
	}
	for _, row := range rows {
		cells := []string{row.name}
		for _, r := range rep.Runs {
			cells = append(cells, row.f(r.Fresh), row.f(r.Rerun))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// printPerSnap prints the cost per snap of each run across the sizes, so
// that growth that is not linear shows.
func printPerSnap(w io.Writer, reps []sizeReport) {
	if len(reps) == 0 || len(reps[0].Runs) == 0 {
		return
	}
	fmt.Fprintln(w, "## ms per snap: process wall / user+sys time, divided by N")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"N"}
	for _, r := range reps[0].Runs {
		head = append(head, r.What+" "+r.FS+" fresh", r.What+" "+r.FS+" rerun")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, rep := range reps {
		cells := []string{fmt.Sprint(rep.N)}
		for _, r := range rep.Runs {
			cells = append(cells, perSnap(r.Fresh, rep.N), perSnap(r.Rerun, rep.N))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

func phaseMS(m measurement, name string) string {
	for _, p := range m.Phases {
		if p.Name == name {
			return fmt.Sprintf("%.1f/%.1f", ms(p.Seconds), ms(p.CPUSeconds))
		}
	}
	return "-"
}

func sumPhases(m measurement, f func(phase) float64, format string) string {
	if len(m.Phases) == 0 {
		return "-"
	}
	var sum float64
	for _, p := range m.Phases {
		sum += f(p)
	}
	return fmt.Sprintf(format, sum)
}

func ms(seconds float64) float64 { return seconds * 1000 }

func mb(bytes uint64) float64 { return float64(bytes) / (1 << 20) }

func perSnap(m measurement, n int) string {
	return fmt.Sprintf("%.3f/%.3f", ms(m.Seconds)/float64(n), ms(m.UserSeconds+m.SysSeconds)/float64(n))
}
