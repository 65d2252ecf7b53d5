// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package apparmor

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
	mountspec "github.com/plugpolicy/plugpolicy/mount"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The hooks an interface implements to add AppArmor rules. A builtin
// interface asserts the ones it implements at compile time
// (var _ apparmor.ConnectedPlugDefiner = ...), so that a misspelt method
// fails to build instead of silently adding nothing.
type (
	// ConnectedPlugDefiner adds rules for the apps of a connected plug.
	ConnectedPlugDefiner interface {
		AppArmorConnectedPlug(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// ConnectedSlotDefiner adds rules for the apps of a connected slot.
	ConnectedSlotDefiner interface {
		AppArmorConnectedSlot(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// PermanentPlugDefiner adds rules for the apps of a plug, connected
	// or not.
	PermanentPlugDefiner interface {
		AppArmorPermanentPlug(spec *Specification, plug *snap.PlugInfo) error
	}
	// PermanentSlotDefiner adds rules for the apps of a slot, connected
	// or not.
	PermanentSlotDefiner interface {
		AppArmorPermanentSlot(spec *Specification, slot *snap.SlotInfo) error
	}
)

// Specification collects the AppArmor rules interfaces add for one snap,
// per security tag (one profile per app and hook).
//
// Order: the snippets of a profile keep the order in which they were added
// (which the repository's driver fixes: slots then plugs, by name), and a
// snippet added twice to one profile appears once.
type Specification struct {
	info *snap.Info
	opts interfaces.ConfinementOptions
	host Options // the target system, with defaults filled in

	snippets    map[string][]snippet
	children    map[string]map[string][]snippet        // tag → child profile name → rules
	prioritized map[string]map[PriorityKey]prioritized // tag → key → what wins
	deferred    map[string][]deferredSnippet

	// Snap-wide switches: an interface that takes a grant away takes it
	// away from every profile of the snap, as snapd does.
	suppressHomeIx      bool
	suppressPycacheDeny bool
	usesPtraceTrace     bool
	suppressPtraceTrace bool
	usesSysModule       bool
	suppressSysModule   bool
	unconfined          bool

	// updateNS collects what the interfaces' mount hooks add, for the
	// snap-update-ns profile (see updatens.go).
	updateNS *mountspec.Specification

	interfaces.Scope // the hook being run
}

// snippet is rules an interface added to a profile.
type snippet struct {
	iface string
	text  string
}

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns an empty specification for a snap; host says
// what the target system is like (its parser and kernel features, classic
// or Core), so that interfaces can choose their rules.
func NewSpecification(info *snap.Info, opts interfaces.ConfinementOptions, host Options) *Specification {
	return &Specification{
		info:        info,
		opts:        opts,
		host:        host.withDefaults(),
		snippets:    make(map[string][]snippet),
		children:    make(map[string]map[string][]snippet),
		prioritized: make(map[string]map[PriorityKey]prioritized),
		deferred:    make(map[string][]deferredSnippet),
		updateNS:    mountspec.NewSpecification(info),
	}
}

// Snap is the snap the specification is for.
func (spec *Specification) Snap() *snap.Info { return spec.info }

// Features says what the target apparmor_parser understands.
func (spec *Specification) Features() ParserFeatures { return spec.host.Parser }

// KernelFeatures says what the target kernel's AppArmor supports.
func (spec *Specification) KernelFeatures() KernelFeatures { return spec.host.Kernel }

// OnCore tells whether the target is Ubuntu Core rather than a classic
// distribution.
func (spec *Specification) OnCore() bool { return spec.host.Core }

// Host is the target system the profiles are rendered for.
func (spec *Specification) Host() Options { return spec.host }

// AddSnippet adds rules to the profile of every app and hook in scope.
func (spec *Specification) AddSnippet(snippet string) {
	for _, tag := range spec.SecurityTags() {
		spec.addSnippetTo(tag, snippet)
	}
}

func (spec *Specification) addSnippetTo(tag, text string) {
	spec.snippets[tag] = appendSnippet(spec.snippets[tag], snippet{iface: spec.InterfaceName(), text: text})
}

// appendSnippet appends s unless a snippet of the same text is there.
func appendSnippet(list []snippet, s snippet) []snippet {
	for _, old := range list {
		if old.text == s.text {
			return list
		}
	}
	return append(list, s)
}

// AddChildProfileRules adds rules to the child profile called name of every
// profile in scope: a profile nested in the app's, which its programs enter
// with an "Cx -> name" rule. The rules every interface adds for one name go
// into one child profile (with the flags attach_disconnected and
// mediate_deleted), so that two interfaces that need the same helper, such
// as kubernetes-support's systemd_run, never define it twice (which
// apparmor_parser refuses).
func (spec *Specification) AddChildProfileRules(name, rules string) {
	for _, tag := range spec.SecurityTags() {
		if spec.children[tag] == nil {
			spec.children[tag] = make(map[string][]snippet)
		}
		spec.children[tag][name] = appendSnippet(spec.children[tag][name], snippet{iface: spec.InterfaceName(), text: rules})
	}
}

// PriorityKey names a set of rules of which a profile keeps one version:
// the one added with the highest priority.
type PriorityKey string

// MountInfoKey is the key of the rules for /proc/PID/mountinfo: the
// default template denies reading it ("deny @{PROC}/self/mountinfo r,"
// and the same for @{pid}) in every enforcing profile, as snapd does, and
// interfaces that need it (mount-observe, docker-support, browser-support,
// ...) add their rules for it under this key, with any priority (snapd's
// interfaces use 1): any rules under the key replace the denial. An allow
// rule for mountinfo added any other way stays denied.
const MountInfoKey PriorityKey = "mountinfo"

type prioritized struct {
	priority int
	snippets []snippet
}

// AddPrioritizedSnippet adds rules under a key to every profile in scope.
// Of all the rules added under one key to a profile, only those of the
// highest priority are rendered (rules of equal priority all are).
func (spec *Specification) AddPrioritizedSnippet(key PriorityKey, priority int, text string) {
	for _, tag := range spec.SecurityTags() {
		spec.addPrioritized(tag, key, priority, snippet{iface: spec.InterfaceName(), text: text})
	}
}

func (spec *Specification) addPrioritized(tag string, key PriorityKey, priority int, s snippet) {
	if spec.prioritized[tag] == nil {
		spec.prioritized[tag] = make(map[PriorityKey]prioritized)
	}
	p, ok := spec.prioritized[tag][key]
	switch {
	case !ok || priority > p.priority:
		p = prioritized{priority: priority, snippets: []snippet{s}}
	case priority == p.priority:
		p.snippets = appendSnippet(p.snippets, s)
	}
	spec.prioritized[tag][key] = p
}

// deferredSnippet is rules that can only be written once every interface
// has run, because they depend on what the snap as a whole asks for.
type deferredSnippet struct {
	iface  string
	render func(*Specification) string
}

// AddDeferredSnippet adds rules to every profile in scope that render
// calls for when the specification is complete, so that they may depend
// on snap-wide switches that interfaces run later may set (such as
// SuppressHomeIx).
func (spec *Specification) AddDeferredSnippet(render func(*Specification) string) {
	for _, tag := range spec.SecurityTags() {
		spec.deferred[tag] = append(spec.deferred[tag], deferredSnippet{iface: spec.InterfaceName(), render: render})
	}
}

// SetSuppressHomeIx takes the rules that let programs in the user's home
// run with the profile ("ix") away from the home interface, for every
// profile of the snap.
func (spec *Specification) SetSuppressHomeIx() { spec.suppressHomeIx = true }

// SuppressHomeIx tells whether an interface asked for SetSuppressHomeIx.
func (spec *Specification) SuppressHomeIx() bool { return spec.suppressHomeIx }

// SetSuppressPycacheDeny leaves out, for every profile of the snap, the
// template's silent denial of writing Python bytecode caches.
func (spec *Specification) SetSuppressPycacheDeny() { spec.suppressPycacheDeny = true }

// SuppressPycacheDeny tells whether an interface asked for
// SetSuppressPycacheDeny.
func (spec *Specification) SuppressPycacheDeny() bool { return spec.suppressPycacheDeny }

// Prompt is the prefix of the rules an interface lets the user decide
// on: "prompt " when the target has AppArmor prompting on and its parser
// reads prompt rules, "" otherwise.
func (spec *Specification) Prompt() string {
	if spec.host.Prompting && spec.host.Parser.Prompt {
		return "prompt "
	}
	return ""
}

// Snippets returns the snippets added for a security tag, in order.
func (spec *Specification) Snippets(tag string) []string {
	out := make([]string, len(spec.snippets[tag]))
	for i, s := range spec.snippets[tag] {
		out[i] = s.text
	}
	return out
}

// The ptrace and sys_module switches are snap-wide, as snapd's are: one
// interface's suppression request adds the denial to every profile of the
// snap, and one interface's use, in any profile, keeps it out of all.

// SetUsesPtraceTrace records that the snap traces other processes (its
// rules allow ptrace (trace)), so no "deny ptrace (trace)," may silence
// that.
func (spec *Specification) SetUsesPtraceTrace() { spec.usesPtraceTrace = true }

// SetSuppressPtraceTrace asks for "deny ptrace (trace)," and "deny
// capability sys_ptrace," in the snap's profiles: its programs try to
// trace (reading other processes' files does) without needing to, and
// the denial should not be logged. It has no effect on a snap whose rules
// use ptrace trace (SetUsesPtraceTrace).
func (spec *Specification) SetSuppressPtraceTrace() { spec.suppressPtraceTrace = true }

// SetUsesSysModuleCapability records that the snap loads kernel modules
// (its rules allow capability sys_module).
func (spec *Specification) SetUsesSysModuleCapability() { spec.usesSysModule = true }

// SetSuppressSysModuleCapability asks for "deny capability sys_module," in
// the snap's profiles, unless its rules use the capability.
func (spec *Specification) SetSuppressSysModuleCapability() { spec.suppressSysModule = true }

// SetUnconfinedEnabled asks for the "unconfined" profile flag on every
// profile of the snap: the profile keeps its name, and its transitions
// and stacking, but confines nothing (lxd-support with
// enable-unconfined-mode, for LXD to manage its containers' profiles).
// The flag is written only where the target's parser reads it (parser
// feature "unconfined") and its kernel restricts unconfined profiles
// (kernel feature "policy:unconfined_restrictions"); elsewhere the
// profiles stay confined as they are.
func (spec *Specification) SetUnconfinedEnabled() { spec.unconfined = true }

// denyRules returns the deny rules the switches ask for.
func (spec *Specification) denyRules() []string {
	var rules []string
	if spec.suppressPtraceTrace && !spec.usesPtraceTrace {
		rules = append(rules, ptraceTraceDeny)
	}
	if spec.suppressSysModule && !spec.usesSysModule {
		rules = append(rules, sysModuleDeny)
	}
	return rules
}

// AddConnectedPlug runs the interface's ConnectedPlugDefiner hook, if
// any, and its mount hook (for the snap-update-ns profile).
func (spec *Specification) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if err := interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error { return d.AppArmorConnectedPlug(spec, plug, slot) }); err != nil {
		return err
	}
	return spec.updateNS.AddConnectedPlug(iface, tags, plug, slot)
}

// AddConnectedSlot runs the interface's ConnectedSlotDefiner hook, if
// any, and its mount hook.
func (spec *Specification) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if err := interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedSlotDefiner) error { return d.AppArmorConnectedSlot(spec, plug, slot) }); err != nil {
		return err
	}
	return spec.updateNS.AddConnectedSlot(iface, tags, plug, slot)
}

// AddPermanentPlug runs the interface's PermanentPlugDefiner hook, if
// any, and its mount hook.
func (spec *Specification) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	if err := interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentPlugDefiner) error { return d.AppArmorPermanentPlug(spec, plug) }); err != nil {
		return err
	}
	return spec.updateNS.AddPermanentPlug(iface, tags, plug)
}

// AddPermanentSlot runs the interface's PermanentSlotDefiner hook, if
// any, and its mount hook.
func (spec *Specification) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	if err := interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentSlotDefiner) error { return d.AppArmorPermanentSlot(spec, slot) }); err != nil {
		return err
	}
	return spec.updateNS.AddPermanentSlot(iface, tags, slot)
}
