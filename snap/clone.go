// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

// Clone returns a deep copy of the Info: its apps, hooks, plugs, slots and
// their bindings are new values linked to each other as in the original,
// and attributes are copied. A consumer that adjusts what it was given
// (a repository sanitizing plugs, say) works on a clone, so that one parsed
// snap.yaml can be handed to several consumers.
func (s *Info) Clone() *Info {
	c := *s
	c.Architectures = append([]string(nil), s.Architectures...)
	c.Assumes = append([]string(nil), s.Assumes...)
	c.Environment = append([]EnvVar(nil), s.Environment...)
	c.Warnings = append([]Problem(nil), s.Warnings...)

	c.SystemUsernames = make(map[string]*SystemUsernameInfo, len(s.SystemUsernames))
	for name, u := range s.SystemUsernames {
		cu := *u
		cu.Attrs = CopyAttrs(u.Attrs)
		c.SystemUsernames[name] = &cu
	}
	c.Layout = make(map[string]*Layout, len(s.Layout))
	for p, l := range s.Layout {
		cl := *l
		cl.Snap = &c
		c.Layout[p] = &cl
	}

	plugs := make(map[*PlugInfo]*PlugInfo, len(s.Plugs))
	c.Plugs = make(map[string]*PlugInfo, len(s.Plugs))
	for name, p := range s.Plugs {
		cp := *p
		cp.Snap, cp.Attrs = &c, CopyAttrs(p.Attrs)
		cp.Apps, cp.Hooks = make(map[string]*AppInfo, len(p.Apps)), make(map[string]*HookInfo, len(p.Hooks))
		plugs[p], c.Plugs[name] = &cp, &cp
	}
	slots := make(map[*SlotInfo]*SlotInfo, len(s.Slots))
	c.Slots = make(map[string]*SlotInfo, len(s.Slots))
	for name, sl := range s.Slots {
		cs := *sl
		cs.Snap, cs.Attrs = &c, CopyAttrs(sl.Attrs)
		cs.Apps, cs.Hooks = make(map[string]*AppInfo, len(sl.Apps)), make(map[string]*HookInfo, len(sl.Hooks))
		slots[sl], c.Slots[name] = &cs, &cs
	}

	c.Apps = make(map[string]*AppInfo, len(s.Apps))
	for name, app := range s.Apps {
		c.Apps[name] = cloneApp(app, &c, plugs, slots)
	}
	c.Hooks = make(map[string]*HookInfo, len(s.Hooks))
	for name, hook := range s.Hooks {
		ch := *hook
		ch.Snap = &c
		ch.CommandChain = append([]string(nil), hook.CommandChain...)
		ch.Environment = append([]EnvVar(nil), hook.Environment...)
		ch.Plugs, ch.Slots = make(map[string]*PlugInfo, len(hook.Plugs)), make(map[string]*SlotInfo, len(hook.Slots))
		for pn, p := range hook.Plugs {
			ch.Plugs[pn] = plugs[p]
			plugs[p].Hooks[name] = &ch
		}
		for sn, sl := range hook.Slots {
			ch.Slots[sn] = slots[sl]
			slots[sl].Hooks[name] = &ch
		}
		c.Hooks[name] = &ch
	}
	return &c
}

func cloneApp(app *AppInfo, c *Info, plugs map[*PlugInfo]*PlugInfo, slots map[*SlotInfo]*SlotInfo) *AppInfo {
	ca := *app
	ca.Snap = c
	ca.CommandChain = append([]string(nil), app.CommandChain...)
	ca.Aliases = append([]string(nil), app.Aliases...)
	ca.Environment = append([]EnvVar(nil), app.Environment...)
	ca.Before = append([]string(nil), app.Before...)
	ca.After = append([]string(nil), app.After...)
	if app.Sockets != nil {
		ca.Sockets = make(map[string]*SocketInfo, len(app.Sockets))
		for n, sock := range app.Sockets {
			cs := *sock
			cs.App = &ca
			ca.Sockets[n] = &cs
		}
	}
	ca.ActivatesOn = nil
	for _, sl := range app.ActivatesOn {
		ca.ActivatesOn = append(ca.ActivatesOn, slots[sl])
	}
	ca.Plugs, ca.Slots = make(map[string]*PlugInfo, len(app.Plugs)), make(map[string]*SlotInfo, len(app.Slots))
	for pn, p := range app.Plugs {
		ca.Plugs[pn] = plugs[p]
		plugs[p].Apps[app.Name] = &ca
	}
	for sn, sl := range app.Slots {
		ca.Slots[sn] = slots[sl]
		slots[sl].Apps[app.Name] = &ca
	}
	return &ca
}

// RemovePlug removes a plug from the snap and from every app and hook it is
// bound to. It is for consumers of a Clone that drop plugs they cannot use.
func (s *Info) RemovePlug(name string) {
	plug := s.Plugs[name]
	if plug == nil {
		return
	}
	for _, app := range plug.Apps {
		delete(app.Plugs, name)
	}
	for _, hook := range plug.Hooks {
		delete(hook.Plugs, name)
	}
	delete(s.Plugs, name)
}

// RemoveSlot removes a slot from the snap and from every app and hook it is
// bound to.
func (s *Info) RemoveSlot(name string) {
	slot := s.Slots[name]
	if slot == nil {
		return
	}
	for _, app := range slot.Apps {
		delete(app.Slots, name)
		for i, act := range app.ActivatesOn {
			if act == slot {
				app.ActivatesOn = append(app.ActivatesOn[:i:i], app.ActivatesOn[i+1:]...)
				break
			}
		}
	}
	for _, hook := range slot.Hooks {
		delete(hook.Slots, name)
	}
	delete(s.Slots, name)
}
