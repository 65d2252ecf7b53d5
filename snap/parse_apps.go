// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"strings"
)

// def is a plug or slot as declared at the top level of snap.yaml.
type def struct {
	name, iface, label string
	attrs              map[string]interface{}
	where              path
}

// defs reads the top-level "plugs" or "slots" mapping. Each entry is one
// of:
//
//	name:                        # interface = name
//	name: {}                     # interface = name
//	name: interface
//	name: {interface: X, label: L, attr: value, ...}
func (d *decoder) defs(n *node, section, what string) []def {
	p := path(section)
	if n != nil && n.kind == seqNode {
		d.errs.add(p, d.lineOf(p, n), "expected a mapping of %s names to definitions, got a list; list %ss by name under an app or hook instead", what, what)
		return nil
	}
	entries, _ := d.mapEntries(n, p, nameKeys)
	out := make([]def, 0, len(entries))
	for _, e := range entries {
		dp := p.key(e.key.text)
		df := def{name: e.key.text, iface: e.key.text, where: dp}
		switch v := e.value; {
		case v.isNull():
		case v.kind == scalarNode:
			if _, ok := v.value.(string); !ok {
				d.errs.add(dp, e.key.line, "expected an interface name or a mapping of attributes, got %s", v.describe())
				continue
			}
			df.iface = d.text(v)
		case v.kind == mapNode:
			if !d.defAttrs(v, dp, &df) {
				continue
			}
		default:
			d.errs.add(dp, e.key.line, "expected an interface name or a mapping of attributes, got %s", v.describe())
			continue
		}
		out = append(out, df)
	}
	return out
}

// defAttrs reads the mapping form of a plug or slot.
func (d *decoder) defAttrs(n *node, p path, df *def) bool {
	entries, ok := d.mapEntries(n, p, attrKeys)
	for _, a := range entries {
		ap := p.key(a.key.text)
		switch key := a.key.text; {
		case key == "":
			d.errs.add(p, a.key.line, "invalid attribute name \"\": attribute names cannot be empty")
			ok = false
		case strings.HasPrefix(key, "$"):
			d.errs.add(ap, a.key.line, "invalid attribute name %q: names starting with \"$\" are reserved", key)
			ok = false
		case key == "interface" || key == "label":
			if a.value.isNull() || a.value.kind != scalarNode {
				d.errs.add(ap, a.key.line, "expected a string, got %s", a.value.describe())
				ok = false
			} else if key == "interface" {
				df.iface = d.text(a.value)
			} else {
				df.label = d.text(a.value)
			}
		default:
			v, good := d.attrValue(a.value, ap, a.key.line)
			if df.attrs == nil {
				df.attrs = make(map[string]interface{})
			}
			df.attrs[key] = v
			ok = ok && good
		}
	}
	return ok
}

// bindLists are the plug, slot and activates-on names an app or hook lists,
// resolved by bind once every app and hook is read.
type bindLists struct {
	plugs, slots, activatesOn []string
	plugsAt, slotsAt, actAt   path
}

// appStrings are the string fields of an app.
var appStrings = map[string]func(*AppInfo, string){
	"command":           func(a *AppInfo, v string) { a.Command = v },
	"stop-command":      func(a *AppInfo, v string) { a.StopCommand = v },
	"reload-command":    func(a *AppInfo, v string) { a.ReloadCommand = v },
	"post-stop-command": func(a *AppInfo, v string) { a.PostStopCommand = v },
	"completer":         func(a *AppInfo, v string) { a.Completer = v },
	"autostart":         func(a *AppInfo, v string) { a.Autostart = v },
	"bus-name":          func(a *AppInfo, v string) { a.BusName = v },
	"common-id":         func(a *AppInfo, v string) { a.CommonID = v },
	"daemon":            func(a *AppInfo, v string) { a.Daemon = v },
	"daemon-scope":      func(a *AppInfo, v string) { a.DaemonScope = DaemonScope(v) },
	"restart-condition": func(a *AppInfo, v string) { a.RestartCondition = v },
	"stop-mode":         func(a *AppInfo, v string) { a.StopMode = v },
	"refresh-mode":      func(a *AppInfo, v string) { a.RefreshMode = v },
	"install-mode":      func(a *AppInfo, v string) { a.InstallMode = v },
	"timer":             func(a *AppInfo, v string) { a.Timer = v },
}

// apps reads the "apps" mapping.
func (d *decoder) apps(s *Info, n *node) {
	p := path("apps")
	entries, _ := d.mapEntries(n, p, nameKeys)
	d.appLists = make(map[*AppInfo]*bindLists, len(entries))
	for _, e := range entries {
		app := &AppInfo{Snap: s, Name: e.key.text,
			Plugs: make(map[string]*PlugInfo), Slots: make(map[string]*SlotInfo)}
		s.Apps[app.Name] = app
		d.appLists[app] = d.app(app, e.value, p.key(app.Name))
		// Daemons are system daemons unless they say otherwise.
		if app.Daemon != "" && app.DaemonScope == "" {
			app.DaemonScope = SystemDaemon
		}
	}
}

// app reads one app's mapping.
func (d *decoder) app(app *AppInfo, n *node, p path) *bindLists {
	lists := &bindLists{plugsAt: p.key("plugs"), slotsAt: p.key("slots"), actAt: p.key("activates-on")}
	entries, _ := d.mapEntries(n, p, nameKeys)
	for _, e := range entries {
		kp := p.key(e.key.text)
		if set, ok := appStrings[e.key.text]; ok {
			set(app, d.str(e.value, kp))
			continue
		}
		switch e.key.text {
		case "plugs":
			lists.plugs = d.strList(e.value, kp)
		case "slots":
			lists.slots = d.strList(e.value, kp)
		case "activates-on":
			lists.activatesOn = d.strList(e.value, kp)
		case "command-chain":
			app.CommandChain = d.strList(e.value, kp)
		case "aliases":
			app.Aliases = d.strList(e.value, kp)
		case "before":
			app.Before = d.strList(e.value, kp)
		case "after":
			app.After = d.strList(e.value, kp)
		case "environment":
			app.Environment = d.env(e.value, kp)
		case "start-timeout":
			app.StartTimeout = d.duration(e.value, kp)
		case "stop-timeout":
			app.StopTimeout = d.duration(e.value, kp)
		case "watchdog-timeout":
			app.WatchdogTimeout = d.duration(e.value, kp)
		case "restart-delay":
			app.RestartDelay = d.duration(e.value, kp)
		case "sockets":
			app.Sockets = d.sockets(app, e.value, kp)
		default:
			d.unknownKey(p, e)
		}
	}
	return lists
}

// sockets reads an app's "sockets" mapping.
func (d *decoder) sockets(app *AppInfo, n *node, p path) map[string]*SocketInfo {
	entries, _ := d.mapEntries(n, p, nameKeys)
	if len(entries) == 0 {
		return nil
	}
	out := make(map[string]*SocketInfo, len(entries))
	for _, e := range entries {
		sp := p.key(e.key.text)
		sock := &SocketInfo{App: app, Name: e.key.text}
		fields, _ := d.mapEntries(e.value, sp, nameKeys)
		for _, f := range fields {
			fp := sp.key(f.key.text)
			switch f.key.text {
			case "listen-stream":
				sock.ListenStream = d.str(f.value, fp)
			case "socket-mode":
				sock.SocketMode = d.fileMode(f.value, fp)
			default:
				d.unknownKey(sp, f)
			}
		}
		out[sock.Name] = sock
	}
	return out
}

// hooks reads the "hooks" mapping.
func (d *decoder) hooks(s *Info, n *node) {
	p := path("hooks")
	entries, _ := d.mapEntries(n, p, nameKeys)
	d.hookLists = make(map[*HookInfo]*bindLists, len(entries))
	for _, e := range entries {
		hp := p.key(e.key.text)
		hook := &HookInfo{Snap: s, Name: e.key.text,
			Plugs: make(map[string]*PlugInfo), Slots: make(map[string]*SlotInfo)}
		s.Hooks[hook.Name] = hook
		lists := &bindLists{plugsAt: hp.key("plugs"), slotsAt: hp.key("slots")}
		d.hookLists[hook] = lists
		fields, _ := d.mapEntries(e.value, hp, nameKeys)
		for _, f := range fields {
			fp := hp.key(f.key.text)
			switch f.key.text {
			case "plugs":
				lists.plugs = d.strList(f.value, fp)
			case "slots":
				lists.slots = d.strList(f.value, fp)
			case "command-chain":
				hook.CommandChain = d.strList(f.value, fp)
			case "environment":
				hook.Environment = d.env(f.value, fp)
			default:
				d.unknownKey(hp, f)
			}
		}
	}
}

// bind binds plugs and slots to apps and hooks with snapd's rules:
//
//   - a name an app or hook lists binds the plug (slot) of that name to
//     it; if the snap declares none, it declares one whose interface is
//     the name;
//   - a plug (slot) that no app or hook lists is bound to every app and
//     every hook (it is "unscoped").
func (d *decoder) bind(s *Info) {
	scopedPlugs := make(map[*PlugInfo]bool)
	scopedSlots := make(map[*SlotInfo]bool)
	plugs := func(l []string, at path, bind func(*PlugInfo)) {
		for i, name := range l {
			if plug := d.listedPlug(s, name, at.index(i)); plug != nil {
				scopedPlugs[plug] = true
				bind(plug)
			}
		}
	}
	slots := func(l []string, at path, bind func(*SlotInfo)) {
		for i, name := range l {
			if slot := d.listedSlot(s, name, at.index(i)); slot != nil {
				scopedSlots[slot] = true
				bind(slot)
			}
		}
	}
	for _, app := range s.SortedApps() {
		l := d.appLists[app]
		plugs(l.plugs, l.plugsAt, func(p *PlugInfo) { bindAppPlug(app, p) })
		slots(l.slots, l.slotsAt, func(sl *SlotInfo) { bindAppSlot(app, sl) })
	}
	for _, hook := range s.SortedHooks() {
		l := d.hookLists[hook]
		plugs(l.plugs, l.plugsAt, func(p *PlugInfo) { bindHookPlug(hook, p) })
		slots(l.slots, l.slotsAt, func(sl *SlotInfo) { bindHookSlot(hook, sl) })
	}
	// activates-on names a slot (of any app) that the app then also binds.
	for _, app := range s.SortedApps() {
		l := d.appLists[app]
		for i, name := range l.activatesOn {
			slot := s.Slots[name]
			if slot == nil {
				d.errs.add(l.actAt.index(i), d.locate(l.actAt.index(i)), "activates-on names slot %q, which the snap does not have", name)
				continue
			}
			scopedSlots[slot] = true
			app.ActivatesOn = append(app.ActivatesOn, slot)
			bindAppSlot(app, slot)
		}
	}
	for _, plug := range s.Plugs {
		if !scopedPlugs[plug] {
			plug.Unscoped = true
			for _, app := range s.Apps {
				bindAppPlug(app, plug)
			}
			for _, hook := range s.Hooks {
				bindHookPlug(hook, plug)
			}
		}
	}
	for _, slot := range s.Slots {
		if !scopedSlots[slot] {
			slot.Unscoped = true
			for _, app := range s.Apps {
				bindAppSlot(app, slot)
			}
			for _, hook := range s.Hooks {
				bindHookSlot(hook, slot)
			}
		}
	}
}

func bindAppPlug(app *AppInfo, plug *PlugInfo) { app.Plugs[plug.Name], plug.Apps[app.Name] = plug, app }
func bindAppSlot(app *AppInfo, slot *SlotInfo) { app.Slots[slot.Name], slot.Apps[app.Name] = slot, app }
func bindHookPlug(hook *HookInfo, plug *PlugInfo) {
	hook.Plugs[plug.Name], plug.Hooks[hook.Name] = plug, hook
}
func bindHookSlot(hook *HookInfo, slot *SlotInfo) {
	hook.Slots[slot.Name], slot.Hooks[hook.Name] = slot, hook
}

// listedPlug returns the plug an app or hook lists at p, declaring it when
// the snap does not. A name that is one of the snap's slots is refused:
// snapd would declare a plug of the same name and then fail, because plug
// and slot names must differ.
func (d *decoder) listedPlug(s *Info, name string, p path) *PlugInfo {
	if plug := s.Plugs[name]; plug != nil {
		return plug
	}
	if s.Slots[name] != nil {
		d.errs.add(p, d.locate(p), "%q is a slot of this snap, not a plug; list it under slots", name)
		return nil
	}
	plug := &PlugInfo{Snap: s, Name: name, Interface: name,
		Apps: make(map[string]*AppInfo), Hooks: make(map[string]*HookInfo), where: p}
	s.Plugs[name] = plug
	return plug
}

// listedSlot is listedPlug for slots.
func (d *decoder) listedSlot(s *Info, name string, p path) *SlotInfo {
	if slot := s.Slots[name]; slot != nil {
		return slot
	}
	if s.Plugs[name] != nil {
		d.errs.add(p, d.locate(p), "%q is a plug of this snap, not a slot; list it under plugs", name)
		return nil
	}
	slot := &SlotInfo{Snap: s, Name: name, Interface: name,
		Apps: make(map[string]*AppInfo), Hooks: make(map[string]*HookInfo), where: p}
	s.Slots[name] = slot
	return slot
}
