// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package systemd

import (
	"fmt"
	"regexp"
	"strings"
)

// Service is a unit an interface runs on the snap's behalf, outside any
// app: a oneshot that exports a GPIO line or a PWM channel at boot and
// unexports it at shutdown, say. The backend writes it as
// etc/systemd/system/snap.INSTANCE.interface.NAME.service, in the layout
// snapd gives these units, and enables it.
type Service struct {
	// [Unit] settings, each left out when empty.
	Description string
	Wants       string
	After       string
	Before      string
	// [Service] settings.
	Type            string
	RemainAfterExit bool
	ExecStart       string
	ExecStop        string
	// WantedBy is a target that wants the unit besides
	// multi-user.target, which always does.
	WantedBy string
}

// String renders the unit file.
func (s *Service) String() string {
	var w strings.Builder
	if s.Description != "" || s.Wants != "" || s.After != "" || s.Before != "" {
		w.WriteString("[Unit]\n")
	}
	if s.Description != "" {
		// snapd leaves a blank line after the description.
		fmt.Fprintf(&w, "Description=%s\n\n", s.Description)
	}
	for _, kv := range [][2]string{{"Wants", s.Wants}, {"After", s.After}, {"Before", s.Before}} {
		if kv[1] != "" {
			fmt.Fprintf(&w, "%s=%s\n", kv[0], kv[1])
		}
	}
	w.WriteString("[Service]\n")
	if s.Type != "" {
		fmt.Fprintf(&w, "Type=%s\n", s.Type)
	}
	if s.RemainAfterExit {
		w.WriteString("RemainAfterExit=yes\n")
	}
	if s.ExecStart != "" {
		fmt.Fprintf(&w, "ExecStart=%s\n", s.ExecStart)
	}
	if s.ExecStop != "" {
		fmt.Fprintf(&w, "ExecStop=%s\n", s.ExecStop)
	}
	w.WriteString("\n[Install]\nWantedBy=multi-user.target\n")
	if s.WantedBy != "" {
		fmt.Fprintf(&w, "WantedBy=%s\n", s.WantedBy)
	}
	return w.String()
}

// check refuses values that would end their line and start another
// setting in the unit.
func (s *Service) check() error {
	for _, kv := range [][2]string{
		{"Description", s.Description}, {"Wants", s.Wants}, {"After", s.After}, {"Before", s.Before},
		{"Type", s.Type}, {"ExecStart", s.ExecStart}, {"ExecStop", s.ExecStop}, {"WantedBy", s.WantedBy},
	} {
		if strings.ContainsAny(kv[1], "\n\r") {
			return fmt.Errorf("invalid %s %q: no line breaks", kv[0], kv[1])
		}
	}
	return nil
}

// validServiceName is the NAME of snap.INSTANCE.interface.NAME.service:
// one file name component that systemd takes in a unit name.
var validServiceName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_:.-]*$`)
