// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"sort"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// Rules of one side of a connection often name the other side's programs
// by their AppArmor labels (peer=(label=...)). These helpers spell the
// labels as snapd does, so that the rules match snapd's byte for byte.

// labelExpr is the AppArmor label expression of the apps and hooks a plug
// or slot is bound to, quoted: "snap.NAME.APP" for one program,
// "snap.NAME.*" when it is bound to every app and hook of its snap, and
// "snap.NAME.{A,B,hook.H}" otherwise (sorted; hooks as hook.HOOK).
func labelExpr(info *snap.Info, apps map[string]*snap.AppInfo, hooks map[string]*snap.HookInfo) string {
	names := make([]string, 0, len(apps)+len(hooks))
	for name := range apps {
		names = append(names, name)
	}
	for name := range hooks {
		names = append(names, "hook."+name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(`"snap.` + info.InstanceName() + ".")
	switch {
	case len(names) == 1:
		b.WriteString(names[0])
	case len(apps) == len(info.Apps) && len(hooks) == len(info.Hooks):
		b.WriteString("*")
	case len(names) > 0:
		b.WriteString("{" + strings.Join(names, ",") + "}")
	}
	b.WriteString(`"`)
	return b.String()
}

// plugLabelExpr is the label expression of a connected plug's programs.
func plugLabelExpr(plug *interfaces.ConnectedPlug) string {
	info := plug.Info()
	return labelExpr(info.Snap, info.Apps, info.Hooks)
}

// slotLabelExpr is the label expression of a connected slot's programs.
func slotLabelExpr(slot *interfaces.ConnectedSlot) string {
	info := slot.Info()
	return labelExpr(info.Snap, info.Apps, info.Hooks)
}

// isSystemSlot tells whether a slot is the system's (the snapd or core
// snap's implicit slots): its services run unconfined on classic, and
// rules name them by label only on Ubuntu Core.
func isSystemSlot(slot *interfaces.ConnectedSlot) bool {
	switch slot.Snap().Type {
	case snap.TypeOS, snap.TypeSnapd:
		return true
	}
	return false
}

// withLabels replaces the placeholders ###PLUG_SECURITY_TAGS### and
// ###SLOT_SECURITY_TAGS### of a snippet with label expressions.
func withLabels(snippet, plugLabel, slotLabel string) string {
	return strings.NewReplacer("###PLUG_SECURITY_TAGS###", plugLabel, "###SLOT_SECURITY_TAGS###", slotLabel).Replace(snippet)
}
