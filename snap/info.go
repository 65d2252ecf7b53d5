// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"sort"
	"time"
)

// Type is the type of a snap.
type Type string

// The snap types snap.yaml may declare.
const (
	TypeApp    Type = "app"
	TypeGadget Type = "gadget"
	TypeKernel Type = "kernel"
	TypeBase   Type = "base"
	TypeOS     Type = "os"
	TypeSnapd  Type = "snapd"
)

// Confinement is how a snap is confined.
type Confinement string

// The confinement modes. Strict is enforced; devmode renders the same
// policy in complain mode; classic runs (almost) unconfined.
const (
	StrictConfinement  Confinement = "strict"
	DevModeConfinement Confinement = "devmode"
	ClassicConfinement Confinement = "classic"
)

// DaemonScope says whether a daemon is a system service or a per-user one.
type DaemonScope string

// The daemon scopes.
const (
	SystemDaemon DaemonScope = "system"
	UserDaemon   DaemonScope = "user"
)

// Info is a snap as its snap.yaml describes it, validated, with plugs and
// slots bound to apps and hooks. Later layers read it; nothing changes it
// after Parse returns it.
//
// Maps are keyed by name. For a deterministic order use the sorted
// accessors (AppNames, HookNames, PlugNames, SlotNames, ...).
type Info struct {
	Name          string
	Version       string
	Summary       string
	Description   string
	Title         string
	Type          Type
	Base          string
	Confinement   Confinement
	Grade         string
	License       string
	Architectures []string
	Assumes       []string
	Environment   []EnvVar

	SystemUsernames map[string]*SystemUsernameInfo
	Layout          map[string]*Layout
	Apps            map[string]*AppInfo
	Hooks           map[string]*HookInfo
	Plugs           map[string]*PlugInfo
	Slots           map[string]*SlotInfo

	// InstanceKey is the KEY of a parallel install NAME_KEY; empty for
	// the default instance. It is not in snap.yaml: the caller sets it.
	InstanceKey string
	// Revision is the revision being installed; not in snap.yaml.
	Revision Revision

	// Warnings are observations that do not make the document invalid,
	// such as keys that snapd ignores.
	Warnings []Problem

	// SourceDigest is "sha256:" and the hex SHA-256 of the snap.yaml
	// Parse read the Info from, or empty for an Info made otherwise. A
	// run that skips snaps whose inputs did not change (plugpolicy.Update)
	// takes the digest for the Info: whoever changes a parsed Info must
	// clear it, and an Info without one is always compiled again.
	SourceDigest string
}

// EnvVar is one entry of an "environment" mapping, kept in file order.
type EnvVar struct {
	Key   string
	Value string
}

// SystemUsernameInfo is a "system-usernames" entry.
type SystemUsernameInfo struct {
	Name  string
	Scope string
	Attrs map[string]interface{}
}

// AppInfo is an app: a command, and maybe a daemon.
type AppInfo struct {
	Snap *Info
	Name string

	Command         string
	CommandChain    []string
	StopCommand     string
	ReloadCommand   string
	PostStopCommand string
	Completer       string
	Autostart       string
	BusName         string
	CommonID        string
	Aliases         []string
	Environment     []EnvVar

	// Daemon is the service type ("simple", "forking", "oneshot",
	// "notify", "dbus") or empty for a plain command.
	Daemon      string
	DaemonScope DaemonScope // SystemDaemon for daemons unless set

	StartTimeout     time.Duration
	StopTimeout      time.Duration
	WatchdogTimeout  time.Duration
	RestartDelay     time.Duration
	RestartCondition string
	StopMode         string
	RefreshMode      string
	InstallMode      string
	Timer            string
	Before           []string
	After            []string
	Sockets          map[string]*SocketInfo
	ActivatesOn      []*SlotInfo

	Plugs map[string]*PlugInfo
	Slots map[string]*SlotInfo
}

// SocketInfo is a socket that activates an app.
type SocketInfo struct {
	App          *AppInfo
	Name         string
	ListenStream string
	SocketMode   uint32
}

// HookInfo is a hook the snap ships.
type HookInfo struct {
	Snap         *Info
	Name         string
	CommandChain []string
	Environment  []EnvVar

	Plugs map[string]*PlugInfo
	Slots map[string]*SlotInfo
}

// PlugInfo is a plug: something the snap consumes through an interface.
type PlugInfo struct {
	Snap      *Info
	Name      string
	Interface string
	Label     string
	// Attrs are the plug's attributes in canonical types: string, bool,
	// int64, float64, []interface{} and map[string]interface{}.
	Attrs map[string]interface{}
	Apps  map[string]*AppInfo
	Hooks map[string]*HookInfo
	// Unscoped is set when no app or hook lists the plug, so it is bound
	// to all of them.
	Unscoped bool

	where path // where snap.yaml declares it, for errors
}

// SlotInfo is a slot: something the snap offers through an interface.
type SlotInfo struct {
	Snap      *Info
	Name      string
	Interface string
	Label     string
	Attrs     map[string]interface{}
	Apps      map[string]*AppInfo
	Hooks     map[string]*HookInfo
	Unscoped  bool

	where path
}

// InstanceName is the snap name, with "_KEY" for a parallel install.
func (s *Info) InstanceName() string {
	return InstanceName(s.Name, s.InstanceKey)
}

// AppNames returns the names of the apps, sorted.
func (s *Info) AppNames() []string { return sortedKeys(s.Apps) }

// HookNames returns the names of the hooks, sorted.
func (s *Info) HookNames() []string { return sortedKeys(s.Hooks) }

// PlugNames returns the names of the plugs, sorted.
func (s *Info) PlugNames() []string { return sortedKeys(s.Plugs) }

// SlotNames returns the names of the slots, sorted.
func (s *Info) SlotNames() []string { return sortedKeys(s.Slots) }

// SortedApps returns the apps sorted by name.
func (s *Info) SortedApps() []*AppInfo { return sortedValues(s.Apps) }

// SortedHooks returns the hooks sorted by name.
func (s *Info) SortedHooks() []*HookInfo { return sortedValues(s.Hooks) }

// SortedPlugs returns the plugs sorted by name.
func (s *Info) SortedPlugs() []*PlugInfo { return sortedValues(s.Plugs) }

// SortedSlots returns the slots sorted by name.
func (s *Info) SortedSlots() []*SlotInfo { return sortedValues(s.Slots) }

// Services returns the apps that are daemons, sorted by name.
func (s *Info) Services() []*AppInfo {
	var out []*AppInfo
	for _, app := range s.SortedApps() {
		if app.IsService() {
			out = append(out, app)
		}
	}
	return out
}

// SecurityTags returns the security tags of every app and hook, sorted.
func (s *Info) SecurityTags() []string {
	tags := make([]string, 0, len(s.Apps)+len(s.Hooks))
	for _, app := range s.Apps {
		tags = append(tags, app.SecurityTag())
	}
	for _, hook := range s.Hooks {
		tags = append(tags, hook.SecurityTag())
	}
	sort.Strings(tags)
	return tags
}

// AppSecurityTag is the security tag of an app: snap.INSTANCE.APP.
func AppSecurityTag(instanceName, app string) string {
	return "snap." + instanceName + "." + app
}

// HookSecurityTag is the security tag of a hook: snap.INSTANCE.hook.HOOK.
func HookSecurityTag(instanceName, hook string) string {
	return "snap." + instanceName + ".hook." + hook
}

// IsService tells whether the app is a daemon.
func (app *AppInfo) IsService() bool {
	return app.Daemon != ""
}

// SecurityTag is the app's security tag, snap.INSTANCE.APP: the name of its
// AppArmor profile and seccomp filter.
func (app *AppInfo) SecurityTag() string {
	return AppSecurityTag(app.Snap.InstanceName(), app.Name)
}

// PlugNames returns the names of the plugs bound to the app, sorted.
func (app *AppInfo) PlugNames() []string { return sortedKeys(app.Plugs) }

// SlotNames returns the names of the slots bound to the app, sorted.
func (app *AppInfo) SlotNames() []string { return sortedKeys(app.Slots) }

// SecurityTag is the hook's security tag, snap.INSTANCE.hook.HOOK.
func (hook *HookInfo) SecurityTag() string {
	return HookSecurityTag(hook.Snap.InstanceName(), hook.Name)
}

// PlugNames returns the names of the plugs bound to the hook, sorted.
func (hook *HookInfo) PlugNames() []string { return sortedKeys(hook.Plugs) }

// SlotNames returns the names of the slots bound to the hook, sorted.
func (hook *HookInfo) SlotNames() []string { return sortedKeys(hook.Slots) }

// SecurityTags returns the security tags of the apps and hooks the plug is
// bound to, sorted: the profiles its interface's rules go into.
func (plug *PlugInfo) SecurityTags() []string {
	return securityTags(plug.Snap, plug.Apps, plug.Hooks)
}

// SecurityTags returns the security tags of the apps and hooks the slot is
// bound to, sorted.
func (slot *SlotInfo) SecurityTags() []string {
	return securityTags(slot.Snap, slot.Apps, slot.Hooks)
}

func securityTags(s *Info, apps map[string]*AppInfo, hooks map[string]*HookInfo) []string {
	tags := make([]string, 0, len(apps)+len(hooks))
	for name := range apps {
		tags = append(tags, AppSecurityTag(s.InstanceName(), name))
	}
	for name := range hooks {
		tags = append(tags, HookSecurityTag(s.InstanceName(), name))
	}
	sort.Strings(tags)
	return tags
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedValues[V any](m map[string]V) []V {
	out := make([]V, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}
