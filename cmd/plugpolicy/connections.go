// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
)

// connRow is one row of "plugpolicy connections": a plug or slot of a
// compiled snap and what it is connected to, or why it is not.
type connRow struct {
	Interface string `json:"interface"`
	// Plug and Slot are SNAP:NAME, or "" (printed "-") for none.
	Plug string `json:"plug,omitempty"`
	Slot string `json:"slot,omitempty"`
	// Notes are "auto" or "manual" for a connection ("connect-all" for
	// one that --connect-all made), or why a plug is not connected.
	Notes     string `json:"notes"`
	Connected bool   `json:"connected"`
}

func runConnections(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("connections", "SNAP_YAML...", stdout, stderr)
	asJSON := fs.Bool("json", false, i18n.G("print the connections as a JSON array of objects"))
	flags := addCompileFlags(fs)
	files, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(files) == 0 {
		return fs.usageError(i18n.G("name at least one snap.yaml"))
	}
	opts, rev, status, ok := flags.options(stderr)
	if !ok {
		return status
	}
	// A dry run: the connections, nothing rendered.
	res, status := connectSnaps("connections", files, rev, opts, stderr)
	if res == nil {
		return status
	}
	rows := connectionRows(res, opts)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			fmt.Fprintf(stderr, "plugpolicy connections: %v\n", err)
			return exitInvalid
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", i18n.G("Interface"), i18n.G("Plug"), i18n.G("Slot"), i18n.G("Notes"))
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Interface, dash(r.Plug), dash(r.Slot), dash(r.Notes))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "plugpolicy connections: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// connectionRows lists every plug and slot of the compiled snaps: one row
// per connection, and one for each plug or slot without any, sorted by
// interface, plug and slot.
func connectionRows(res *plugpolicy.Result, opts plugpolicy.Options) []connRow {
	notes := connectionNotes(res, opts)
	why := map[interfaces.PlugRef]string{}
	for _, u := range res.Unconnected {
		why[u.Plug] = u.Reason
	}
	rows := []connRow{}
	connected := func(ref interfaces.ConnRef, iface string) {
		rows = append(rows, connRow{Interface: iface, Plug: ref.PlugRef.String(), Slot: ref.SlotRef.String(), Notes: notes[ref], Connected: true})
	}
	for _, s := range res.Snaps {
		for _, plug := range s.Info.SortedPlugs() {
			ref := interfaces.PlugRef{Snap: s.Name, Name: plug.Name}
			n := len(rows)
			for _, c := range s.Connections {
				if c.PlugRef == ref {
					connected(c, plug.Interface)
				}
			}
			if len(rows) == n {
				rows = append(rows, connRow{Interface: plug.Interface, Plug: ref.String(), Notes: why[ref]})
			}
		}
		for _, slot := range s.Info.SortedSlots() {
			ref := interfaces.SlotRef{Snap: s.Name, Name: slot.Name}
			n := len(rows)
			for _, c := range s.Connections {
				if c.SlotRef == ref {
					connected(c, slot.Interface)
				}
			}
			if len(rows) == n {
				rows = append(rows, connRow{Interface: slot.Interface, Slot: ref.String()})
			}
		}
		for _, l := range s.LeftOut {
			row := connRow{Interface: l.Interface, Notes: l.Reason}
			if l.UnknownInterface() {
				row.Notes = i18n.G("unknown interface")
			}
			if ref := s.Name + ":" + l.Name; l.Kind == "plug" {
				row.Plug = ref
			} else {
				row.Slot = ref
			}
			rows = append(rows, row)
		}
	}
	slices.SortFunc(rows, func(a, b connRow) int {
		if c := strings.Compare(a.Interface, b.Interface); c != 0 {
			return c
		}
		if c := strings.Compare(a.Plug, b.Plug); c != 0 {
			return c
		}
		return strings.Compare(a.Slot, b.Slot)
	})
	// A connection between two of the snaps is listed from both ends.
	return slices.Compact(rows)
}

// connectionNotes says how each connection was made: "auto" by
// auto-connection, "manual" for a plug --connect named, "connect-all"
// for the others --connect-all made.
func connectionNotes(res *plugpolicy.Result, opts plugpolicy.Options) map[interfaces.ConnRef]string {
	manual := map[string]bool{}
	for _, req := range opts.Connect {
		plug, _, _ := strings.Cut(req, "=")
		manual[plug] = true
	}
	notes := map[interfaces.ConnRef]string{}
	for _, ref := range res.Connected {
		switch {
		case slices.Contains(res.AutoConnected, ref):
			notes[ref] = i18n.G("auto")
		case opts.ConnectAll && !manual[ref.PlugRef.String()]:
			notes[ref] = i18n.G("connect-all")
		default:
			notes[ref] = i18n.G("manual")
		}
	}
	return notes
}
