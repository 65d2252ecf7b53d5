// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Validate checks an Info with snapd's rules. Parse calls it on every
// document; callers that build an Info in Go call it themselves. All
// problems are reported at once, in a *ValidationError; as a hand-built
// Info has no file behind it, they carry paths but no lines.
func (s *Info) Validate() error {
	ps := validate(s)
	if len(ps) == 0 {
		return nil
	}
	name := ""
	if ValidateName(s.Name) == nil {
		name = s.InstanceName()
	}
	return &ValidationError{Snap: name, Problems: sortProblems(ps)}
}

// validate returns every problem of s.
func validate(s *Info) []Problem {
	var ps problems
	validateHeader(s, &ps)
	validateSystemUsernames(s, &ps)
	for _, app := range s.SortedApps() {
		validateApp(app, &ps)
	}
	validateServiceOrder(s, &ps)
	validateAliasesAndIDs(s, &ps)
	for _, hook := range s.SortedHooks() {
		validateHook(hook, &ps)
	}
	validatePlugsAndSlots(s, &ps)
	validateLayouts(s, &ps)
	validateTagLengths(s, &ps)
	return ps.list
}

// MaxSecurityTagLength bounds the security tag of an app or hook, in
// bytes, so that every file named after it fits the 255 bytes a file name
// may have on Linux (NAME_MAX): the longest name plugpolicy writes for a
// tag adds a suffix of at most MaxTagSuffixLength bytes (".service.d",
// ".bin2", ".src"), and the writer's temporary names add at most
// MaxTempDecorationLength more (199 + 16 + 40 = 255). A longer tag would
// write files that cannot be renamed into place.
const MaxSecurityTagLength = 255 - MaxTagSuffixLength - MaxTempDecorationLength

// MaxTagSuffixLength and MaxTempDecorationLength are the parts of the
// file name budget that MaxSecurityTagLength leaves: the longest suffix a
// backend puts after a security tag, and what the writer adds to a file
// name for its temporary file.
const (
	MaxTagSuffixLength      = 16
	MaxTempDecorationLength = 40
)

// validateTagLengths refuses apps and hooks whose security tag, for this
// instance, is longer than MaxSecurityTagLength.
func validateTagLengths(s *Info, ps *problems) {
	if ValidateName(s.Name) != nil || s.InstanceKey != "" && ValidateInstanceKey(s.InstanceKey) != nil {
		return // reported already; the tag would be meaningless
	}
	for _, app := range s.SortedApps() {
		if tag := app.SecurityTag(); len(tag) > MaxSecurityTagLength {
			ps.add(path("apps").key(app.Name), 0, "app name is too long: its security tag %s is %d bytes, more than %d, and the file names made from it would not fit the file system", tag, len(tag), MaxSecurityTagLength)
		}
	}
	for _, hook := range s.SortedHooks() {
		if tag := hook.SecurityTag(); len(tag) > MaxSecurityTagLength {
			ps.add(path("hooks").key(hook.Name), 0, "hook name is too long: its security tag %s is %d bytes, more than %d, and the file names made from it would not fit the file system", tag, len(tag), MaxSecurityTagLength)
		}
	}
}

func validateHeader(s *Info, ps *problems) {
	if s.Name == "" {
		ps.add("name", 0, "snap name is required")
	} else if err := ValidateName(s.Name); err != nil {
		ps.add("name", 0, "%v", err)
	}
	if s.InstanceKey != "" {
		if err := ValidateInstanceKey(s.InstanceKey); err != nil {
			ps.add("", 0, "%v", err)
		}
	}
	if err := ValidateVersion(s.Version); err != nil {
		ps.add("version", 0, "%v", err)
	}
	switch s.Type {
	case TypeApp, TypeGadget, TypeKernel, TypeBase, TypeOS, TypeSnapd:
	default:
		ps.add("type", 0, "invalid snap type %q: must be one of app, base, gadget, kernel, os, snapd", s.Type)
	}
	switch s.Confinement {
	case StrictConfinement, DevModeConfinement, ClassicConfinement:
	default:
		ps.add("confinement", 0, "invalid confinement %q: must be one of strict, devmode, classic", s.Confinement)
	}
	switch s.Grade {
	case "", "stable", "devel":
	default:
		ps.add("grade", 0, "invalid grade %q: must be stable or devel", s.Grade)
	}
	if n := utf8.RuneCountInString(s.Title); n > 40 {
		ps.add("title", 0, "title is too long: at most 40 characters, got %d", n)
	}
	if n := utf8.RuneCountInString(s.Description); n > 4096 {
		ps.add("description", 0, "description is too long: at most 4096 characters, got %d", n)
	}
	validateBase(s, ps)
}

func validateBase(s *Info, ps *problems) {
	if s.Base == "" {
		return
	}
	if (s.Type == TypeOS || s.Type == TypeBase) && s.Base != "none" {
		ps.add("base", 0, "a snap of type %q cannot have a base other than \"none\"", s.Type)
	}
	if s.Base == "none" {
		if len(s.Apps) > 0 || len(s.Hooks) > 0 {
			ps.add("base", 0, "a snap with base \"none\" cannot have apps or hooks")
		}
		return
	}
	if strings.Contains(s.Base, "_") {
		ps.add("base", 0, "invalid base %q: a base cannot be a parallel-install instance", s.Base)
	} else if err := ValidateName(s.Base); err != nil {
		ps.add("base", 0, "invalid base: %v", err)
	}
}

func validateSystemUsernames(s *Info, ps *problems) {
	for _, name := range sortedKeys(s.SystemUsernames) {
		u := s.SystemUsernames[name]
		at := path("system-usernames").key(name)
		if !validSystemUsername.MatchString(name) {
			ps.add(at, 0, "invalid system username %q", name)
			continue
		}
		if _, ok := systemUsernameIDs[name]; !ok {
			ps.add(at, 0, "unsupported system username %q: must be one of %s", name, strings.Join(SystemUsernames(), ", "))
		}
		switch u.Scope {
		case "shared":
		case "":
			ps.add(at, 0, "system username %q has no scope; use \"shared\"", name)
		default:
			ps.add(at, 0, "unsupported scope %q for system username %q: only \"shared\" is supported", u.Scope, name)
		}
	}
}

// appText and chainText are the characters snapd allows in app commands
// (and the command chain, which has no spaces): quotes would confuse
// snap-exec, which splits the command itself
// (^[A-Za-z0-9/. _#:$-]*$ and ^[A-Za-z0-9/._#:$-]*$).
func isAppText(s string) bool { return onlyASCII(s, "/. _#:$-") }

func isChainText(s string) bool { return onlyASCII(s, "/._#:$-") }

// onlyASCII tells whether s has only letters, digits and bytes of extra.
func onlyASCII(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnumASCII(c) && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

var restartConditions = oneOf("always", "on-success", "on-failure", "on-abnormal", "on-abort", "on-watchdog", "never")
var stopModes = oneOf("sigterm", "sigterm-all", "sighup", "sighup-all", "sigusr1", "sigusr1-all", "sigusr2", "sigusr2-all", "sigint", "sigint-all")
var daemonTypes = oneOf("simple", "forking", "oneshot", "notify", "dbus")

// choices is a closed set of values with the list for error messages.
type choices struct {
	set  map[string]bool
	list string
}

func oneOf(values ...string) choices {
	c := choices{set: make(map[string]bool, len(values)), list: strings.Join(values, ", ")}
	for _, v := range values {
		c.set[v] = true
	}
	return c
}

func validateApp(app *AppInfo, ps *problems) {
	at := path("apps").key(app.Name)
	if err := ValidateAppName(app.Name); err != nil {
		ps.add(at, 0, "%v", err)
	}
	if app.Daemon != "" && !daemonTypes.set[app.Daemon] {
		ps.add(at.key("daemon"), 0, "invalid daemon type %q: must be one of %s", app.Daemon, daemonTypes.list)
	}
	switch app.DaemonScope {
	case "", SystemDaemon, UserDaemon:
		if app.DaemonScope != "" && !app.IsService() {
			ps.add(at.key("daemon-scope"), 0, "daemon-scope applies to daemons only")
		}
	default:
		ps.add(at.key("daemon-scope"), 0, "invalid daemon scope %q: must be system or user", app.DaemonScope)
	}
	for _, f := range []struct{ key, value string }{
		{"command", app.Command}, {"stop-command", app.StopCommand}, {"reload-command", app.ReloadCommand},
		{"post-stop-command", app.PostStopCommand}, {"bus-name", app.BusName},
	} {
		if !isAppText(f.value) {
			ps.add(at.key(f.key), 0, "invalid %s %q: only letters, digits, spaces and /._#:$- are allowed", f.key, f.value)
		}
	}
	for i, c := range app.CommandChain {
		if !isChainText(c) {
			ps.add(at.key("command-chain").index(i), 0, "invalid command-chain entry %q: only letters, digits and /._#:$- are allowed", c)
		}
	}
	validateAppSockets(app, at, ps)
	validateActivatesOn(app, at, ps)
	validateServiceFields(app, at, ps)
	validateAppOrderNames(app, at, "before", app.Before, ps)
	validateAppOrderNames(app, at, "after", app.After, ps)
}

// validateServiceFields checks the fields that only daemons may have.
func validateServiceFields(app *AppInfo, at path, ps *problems) {
	serviceOnly := func(key string, set bool) {
		if set && !app.IsService() {
			ps.add(at.key(key), 0, "%s applies to daemons only", key)
		}
	}
	for _, t := range []struct {
		key string
		set bool
		neg bool
	}{
		{"start-timeout", app.StartTimeout != 0, app.StartTimeout < 0},
		{"stop-timeout", app.StopTimeout != 0, app.StopTimeout < 0},
		{"watchdog-timeout", app.WatchdogTimeout != 0, app.WatchdogTimeout < 0},
		{"restart-delay", app.RestartDelay != 0, app.RestartDelay < 0},
	} {
		serviceOnly(t.key, t.set)
		if t.neg {
			ps.add(at.key(t.key), 0, "%s cannot be negative", t.key)
		}
	}
	if app.RestartCondition != "" && !restartConditions.set[app.RestartCondition] {
		ps.add(at.key("restart-condition"), 0, "invalid restart condition %q: must be one of %s", app.RestartCondition, restartConditions.list)
	}
	serviceOnly("restart-condition", app.RestartCondition != "")
	if app.StopMode != "" && !stopModes.set[app.StopMode] {
		ps.add(at.key("stop-mode"), 0, "invalid stop mode %q: must be one of %s", app.StopMode, stopModes.list)
	}
	serviceOnly("stop-mode", app.StopMode != "")
	switch app.InstallMode {
	case "", "enable", "disable":
		serviceOnly("install-mode", app.InstallMode != "")
	default:
		ps.add(at.key("install-mode"), 0, "invalid install mode %q: must be enable or disable", app.InstallMode)
	}
	switch app.RefreshMode {
	case "":
	case "endure", "restart":
		serviceOnly("refresh-mode", true)
	case "ignore-running":
		if app.IsService() {
			ps.add(at.key("refresh-mode"), 0, "refresh mode \"ignore-running\" applies to commands only, not daemons")
		}
	default:
		ps.add(at.key("refresh-mode"), 0, "invalid refresh mode %q: must be one of endure, restart, ignore-running", app.RefreshMode)
	}
	serviceOnly("timer", app.Timer != "")
}

func validateAppOrderNames(app *AppInfo, at path, key string, names []string, ps *problems) {
	if len(names) > 0 && !app.IsService() {
		ps.add(at.key(key), 0, "%s applies to daemons only", key)
		return
	}
	for i, name := range names {
		other := app.Snap.Apps[name]
		switch {
		case other == nil:
			ps.add(at.key(key).index(i), 0, "%s names app %q, which the snap does not have", key, name)
		case !other.IsService():
			ps.add(at.key(key).index(i), 0, "%s names app %q, which is not a daemon", key, name)
		case scopeOf(other) != scopeOf(app):
			ps.add(at.key(key).index(i), 0, "%s names daemon %q, which has another daemon-scope", key, name)
		}
	}
}

func scopeOf(app *AppInfo) DaemonScope {
	if app.DaemonScope == "" {
		return SystemDaemon
	}
	return app.DaemonScope
}

func validateAppSockets(app *AppInfo, at path, ps *problems) {
	if len(app.Sockets) == 0 {
		return
	}
	if app.Plugs["network-bind"] == nil {
		ps.add(at.key("sockets"), 0, "an app with sockets needs the network-bind plug")
	}
	for _, name := range sortedKeys(app.Sockets) {
		sock := app.Sockets[name]
		sp := at.key("sockets").key(name)
		if err := ValidateSocketName(name); err != nil {
			ps.add(sp, 0, "%v", err)
		}
		if sock.SocketMode > 0o777 {
			ps.add(sp.key("socket-mode"), 0, "invalid socket mode %#o: must be at most 0777", sock.SocketMode)
		}
		if msg := listenStreamProblem(app, sock.ListenStream); msg != "" {
			ps.add(sp.key("listen-stream"), 0, "invalid listen-stream %q: %s", sock.ListenStream, msg)
		}
	}
}

// listenStreamProblem checks a socket address: a path in the snap's own
// writable directories, an abstract socket named after the snap, or a port
// on a loopback or wildcard address.
func listenStreamProblem(app *AppInfo, addr string) string {
	if addr == "" {
		return "cannot be empty"
	}
	switch addr[0] {
	case '/', '$':
		if strings.Contains(addr, "//") || strings.Contains(addr, "/./") || strings.Contains(addr, "/../") ||
			strings.HasSuffix(addr, "/") || strings.HasSuffix(addr, "/.") || strings.HasSuffix(addr, "/..") {
			return "must be a clean path"
		}
		prefixes := []string{"$SNAP_DATA/", "$SNAP_COMMON/", "$XDG_RUNTIME_DIR/"}
		if scopeOf(app) == UserDaemon {
			prefixes = []string{"$SNAP_USER_DATA/", "$SNAP_USER_COMMON/", "$XDG_RUNTIME_DIR/"}
		}
		for _, p := range prefixes {
			if strings.HasPrefix(addr, p) {
				return ""
			}
		}
		return "must start with one of " + strings.Join(prefixes, ", ")
	case '@':
		if want := "@snap." + app.Snap.Name + "."; !strings.HasPrefix(addr, want) {
			return fmt.Sprintf("an abstract socket must start with %q", want)
		}
		return ""
	}
	host, port := "", addr
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		host, port = addr[:i], addr[i+1:]
		if host != "127.0.0.1" && host != "[::1]" && host != "[::]" {
			return "the address must be one of 127.0.0.1, [::1], [::]"
		}
	}
	n := 0
	for _, r := range port {
		if r < '0' || r > '9' || n > 65535 {
			return "invalid port number"
		}
		n = n*10 + int(r-'0')
	}
	if port == "" || n < 1 || n > 65535 {
		return "invalid port number"
	}
	return ""
}

func validateActivatesOn(app *AppInfo, at path, ps *problems) {
	if len(app.ActivatesOn) == 0 {
		return
	}
	ap := at.key("activates-on")
	if !app.IsService() {
		ps.add(ap, 0, "activates-on applies to daemons only")
		return
	}
	for i, slot := range app.ActivatesOn {
		if slot.Interface != "dbus" {
			ps.add(ap.index(i), 0, "slot %q cannot activate the app: only dbus slots can", slot.Name)
			continue
		}
		bus, _ := slot.Attrs["bus"].(string)
		if want := map[DaemonScope]string{SystemDaemon: "system", UserDaemon: "session"}[scopeOf(app)]; bus != want {
			ps.add(ap.index(i), 0, "slot %q is on the %q bus; a %s daemon is activated from the %q bus", slot.Name, bus, scopeOf(app), want)
		}
		for _, other := range slot.Apps {
			if other == app {
				continue
			}
			for _, o := range other.ActivatesOn {
				if o == slot {
					ps.add(ap.index(i), 0, "slot %q also activates app %q; a slot can activate one app only", slot.Name, other.Name)
				}
			}
		}
	}
}

// validateServiceOrder finds before/after cycles among the daemons.
func validateServiceOrder(s *Info, ps *problems) {
	// after[a] lists the services a starts after.
	after := make(map[string][]string)
	for _, app := range s.Services() {
		for _, b := range app.Before {
			if other := s.Apps[b]; other != nil && other.IsService() {
				after[b] = append(after[b], app.Name)
			}
		}
		for _, a := range app.After {
			if other := s.Apps[a]; other != nil && other.IsService() {
				after[app.Name] = append(after[app.Name], a)
			}
		}
	}
	// Kahn's algorithm: what cannot be ordered is on or behind a cycle.
	pending := make(map[string]int)
	for _, app := range s.Services() {
		pending[app.Name] = len(after[app.Name])
	}
	ready := []string{}
	for name, n := range pending {
		if n == 0 {
			ready = append(ready, name)
		}
	}
	for len(ready) > 0 {
		done := ready[0]
		ready = ready[1:]
		delete(pending, done)
		for name, deps := range after {
			for _, dep := range deps {
				if dep == done {
					pending[name]--
					if pending[name] == 0 {
						ready = append(ready, name)
					}
				}
			}
		}
	}
	if len(pending) > 0 {
		ps.add("apps", 0, "daemons %s are ordered in a before/after cycle", strings.Join(sortedKeys(pending), ", "))
	}
}

func validateAliasesAndIDs(s *Info, ps *problems) {
	aliasOwner := make(map[string]string)
	idOwner := make(map[string]string)
	for _, app := range s.SortedApps() {
		at := path("apps").key(app.Name)
		for i, alias := range app.Aliases {
			if err := ValidateAlias(alias); err != nil {
				ps.add(at.key("aliases").index(i), 0, "%v", err)
			}
			if other, dup := aliasOwner[alias]; dup {
				ps.add(at.key("aliases").index(i), 0, "alias %q is already used by app %q", alias, other)
			}
			aliasOwner[alias] = app.Name
		}
		if app.CommonID != "" {
			if other, dup := idOwner[app.CommonID]; dup {
				ps.add(at.key("common-id"), 0, "common-id %q is already used by app %q", app.CommonID, other)
			}
			idOwner[app.CommonID] = app.Name
		}
	}
}

func validateHook(hook *HookInfo, ps *problems) {
	at := path("hooks").key(hook.Name)
	if err := ValidateHookName(hook.Name); err != nil {
		ps.add(at, 0, "%v", err)
	} else if !IsHookSupported(hook.Name) {
		ps.add(at, 0, "unsupported hook %q: snapd would never run it", hook.Name)
	}
	if hook.Name == "default-configure" && hook.Snap.Hooks["configure"] == nil {
		ps.add(at, 0, "a default-configure hook needs a configure hook too")
	}
	for i, c := range hook.CommandChain {
		if !isChainText(c) {
			ps.add(at.key("command-chain").index(i), 0, "invalid command-chain entry %q: only letters, digits and /._#:$- are allowed", c)
		}
	}
}

// supportedHooks are the hook names snapd runs.
var supportedHooks = regexp.MustCompile(`^(?:` +
	`prepare-device|prepare-serial-request|install-device|default-configure|configure|install|` +
	`pre-refresh|post-refresh|remove|check-health|fde-setup|gate-auto-refresh|` +
	`(?:prepare|unprepare|connect|disconnect)-(?:plug|slot)-[-a-z0-9]+|` +
	`(?:change|save|query|load|observe)-view-.+)$`)

// IsHookSupported tells whether snapd runs a hook of that name. snapd
// silently ignores other hooks in snap.yaml; Parse refuses them instead, as
// a misspelt hook would otherwise get no policy without a word.
func IsHookSupported(name string) bool {
	return supportedHooks.MatchString(name)
}

func validatePlugsAndSlots(s *Info, ps *problems) {
	for _, plug := range s.SortedPlugs() {
		at := plug.where
		if at == "" {
			at = path("plugs").key(plug.Name)
		}
		validatePlugSlot(at, plug.Name, plug.Interface, ValidatePlugName, ps)
		if s.Slots[plug.Name] != nil {
			ps.add(at, 0, "%q is the name of a plug and of a slot; plug and slot names must differ", plug.Name)
		}
	}
	for _, slot := range s.SortedSlots() {
		at := slot.where
		if at == "" {
			at = path("slots").key(slot.Name)
		}
		validatePlugSlot(at, slot.Name, slot.Interface, ValidateSlotName, ps)
	}
}

func validatePlugSlot(at path, name, iface string, validateName func(string) error, ps *problems) {
	if err := validateName(name); err != nil {
		ps.add(at, 0, "%v", err)
		if iface == name {
			return // the interface name is the same mistake
		}
	}
	if err := ValidateInterfaceName(iface); err != nil {
		ps.add(at, 0, "%v", err)
	}
}
