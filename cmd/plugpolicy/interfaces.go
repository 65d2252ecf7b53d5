// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/plugpolicy/plugpolicy/builtin"
	"github.com/plugpolicy/plugpolicy/internal/i18n"
)

// interfaceRow is one interface of "plugpolicy interfaces --json".
type interfaceRow struct {
	Name              string `json:"name"`
	Summary           string `json:"summary"`
	ImplicitOnClassic bool   `json:"implicit-on-classic"`
	ImplicitOnCore    bool   `json:"implicit-on-core"`
	// AutoConnectClassic and AutoConnectCore say whether a plug without
	// attributes on an app snap auto-connects to the system's slot by
	// the base declaration; null where the interface refuses such a
	// plug (its answer depends on the attributes).
	AutoConnectClassic *bool `json:"auto-connect-classic"`
	AutoConnectCore    *bool `json:"auto-connect-core"`
	// Backends are the backends whose hooks the interface implements
	// (see hooksOf).
	Backends []string `json:"backends"`
}

// runInterfaces lists the builtin catalog, one interface a line, sorted
// by name.
func runInterfaces(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("interfaces", "", stdout, stderr)
	fs.about = i18n.G(`Lists the builtin catalog, sorted by name. IMPLICIT-CLASSIC and
IMPLICIT-CORE say whether the system snap offers a slot of the interface on
a classic system and on Ubuntu Core; AUTO-CLASSIC and AUTO-CORE whether a
plug of it without attributes, on an app snap without a snap declaration,
auto-connects to that slot by the base declaration ("?" where the interface
refuses a plug without attributes). The JSON output adds the backends whose
hooks each interface implements.
`)
	asJSON := fs.Bool("json", false, i18n.G("print a JSON array of objects with the keys name, summary, implicit-on-classic, implicit-on-core, auto-connect-classic, auto-connect-core (null where a plug needs attributes) and backends"))
	rest, status, ok := fs.parse(args)
	if !ok {
		return status
	}
	if len(rest) > 0 {
		return fs.usageError(fmt.Sprintf(i18n.G("unexpected argument %q"), rest[0]))
	}
	rows, err := catalogRows()
	if err != nil {
		fmt.Fprintf(stderr, "plugpolicy interfaces: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		data, err := json.MarshalIndent(rows, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "plugpolicy interfaces: %v\n", err)
			return exitInvalid
		}
		fmt.Fprintf(stdout, "%s\n", data)
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.G("INTERFACE\tIMPLICIT-CLASSIC\tIMPLICIT-CORE\tAUTO-CLASSIC\tAUTO-CORE\tSUMMARY"))
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, yesNo(r.ImplicitOnClassic), yesNo(r.ImplicitOnCore),
			maybeYesNo(r.AutoConnectClassic), maybeYesNo(r.AutoConnectCore), r.Summary)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "plugpolicy interfaces: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// catalogRows describes every interface of the builtin catalog.
func catalogRows() ([]interfaceRow, error) {
	catalog := builtin.Interfaces()
	ac, err := autoConnectOf(catalog)
	if err != nil {
		return nil, err
	}
	rows := make([]interfaceRow, 0, len(catalog))
	for _, iface := range catalog {
		info := iface.StaticInfo()
		rows = append(rows, interfaceRow{
			Name: iface.Name(), Summary: info.Summary,
			ImplicitOnClassic: info.ImplicitOnClassic, ImplicitOnCore: info.ImplicitOnCore,
			AutoConnectClassic: ac.classic[iface.Name()], AutoConnectCore: ac.core[iface.Name()],
			Backends: backendNames(hooksOf(iface)),
		})
	}
	return rows, nil
}

func yesNo(b bool) string {
	if b {
		return i18n.G("yes")
	}
	return i18n.G("no")
}

// maybeYesNo is yesNo, or "?" for an answer that depends on attributes.
func maybeYesNo(b *bool) string {
	if b == nil {
		return "?"
	}
	return yesNo(*b)
}
