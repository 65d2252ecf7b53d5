// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

// Package udev is plugpolicy's udev backend: interfaces tag the devices an
// app may use, and the backend writes the tagging rules of a snap to
// etc/udev/rules.d/70-snap.INSTANCE.rules. Each tagged device also runs
// snap-device-helper, which adds it to the app's device cgroup. The
// backend also writes var/lib/snapd/cgroup/snap.INSTANCE.device, which
// tells snap-confine whether to put the snap's apps in a device cgroup at
// all. Both files are snapd's, byte for byte.
package udev

import (
	"fmt"
	"slices"
	"strings"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/snap"
)

// The hooks an interface implements to add udev rules.
type (
	// ConnectedPlugDefiner adds rules for the apps of a connected plug.
	ConnectedPlugDefiner interface {
		UDevConnectedPlug(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// ConnectedSlotDefiner adds rules for the apps of a connected slot.
	ConnectedSlotDefiner interface {
		UDevConnectedSlot(spec *Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error
	}
	// PermanentPlugDefiner adds rules for the apps of a plug.
	PermanentPlugDefiner interface {
		UDevPermanentPlug(spec *Specification, plug *snap.PlugInfo) error
	}
	// PermanentSlotDefiner adds rules for the apps of a slot.
	PermanentSlotDefiner interface {
		UDevPermanentSlot(spec *Specification, slot *snap.SlotInfo) error
	}
)

// Specification collects the udev rules of one snap.
//
// Order: rules are sorted by the udev tag they are for (raw rules, which
// have none, first), then by text; a rule added twice appears once. This
// is snapd's order, so the files compare line for line.
type Specification struct {
	info       *snap.Info
	libexecDir string
	// rules are the rules as added, duplicates included: Rules sorts
	// them and leaves those out.
	rules []rule
	// controlsDeviceCgroup is set when an interface manages the snap's
	// device cgroup itself (docker-support): then no rule is written, as
	// tagging a device would make snapd's device cgroup take over.
	controlsDeviceCgroup bool
	// triggers are the subsystems whose devices must be replayed after
	// the rules change, in the order asked for.
	triggers []string
	// nonStrict is set for devmode and classic snaps (not in jailmode):
	// their rules are written commented out, and the device cgroup file
	// says non-strict=true.
	nonStrict bool
	// tags are the udev tags of the security tags TagDevice tagged
	// for, each with its snap-device-helper rule in rules.
	tags []udevTag

	interfaces.Scope // the hook being run
}

type rule struct {
	tag  string // the udev tag it is for; "" for raw rules
	text string
}

// compareRules orders rules by tag, then text.
func compareRules(a, b rule) int {
	if c := strings.Compare(a.tag, b.tag); c != 0 {
		return c
	}
	return strings.Compare(a.text, b.text)
}

// udevTag is a security tag and its udev tag.
type udevTag struct{ security, udev string }

var _ interfaces.Specification = (*Specification)(nil)

// NewSpecification returns an empty specification for a snap; libexecDir
// is where snap-device-helper is (/usr/lib/snapd on Debian and Ubuntu).
func NewSpecification(info *snap.Info, libexecDir string) *Specification {
	return &Specification{info: info, libexecDir: libexecDir}
}

// Snap is the snap the specification is for.
func (spec *Specification) Snap() *snap.Info { return spec.info }

// Tag converts a security tag into a udev tag, which may only hold letters,
// digits, "_" and "-": "." becomes "_" and "+" becomes "__", as snapd
// does ("snap.kube-node.kubelet" is "snap_kube-node_kubelet").
func Tag(securityTag string) string {
	return strings.ReplaceAll(strings.ReplaceAll(securityTag, "+", "__"), ".", "_")
}

// TagDevice tags the devices that match a udev rule (such as
// `KERNEL=="kmsg"`) for every app and hook in scope, and makes udev run
// snap-device-helper for them, so that the device enters the app's device
// cgroup when it appears. Each tagging rule is headed by a comment naming
// the interface, as in snapd; so two interfaces tagging the same device
// for an app give two rules, and one interface tagging it twice gives one.
func (spec *Specification) TagDevice(match string) {
	for _, securityTag := range spec.SecurityTags() {
		tag, helped := spec.udevTag(securityTag)
		spec.rules = append(spec.rules, rule{tag, "# " + spec.InterfaceName() + "\n" + match + ", TAG+=\"" + tag + "\""})
		if helped {
			continue
		}
		// Modules and subsystems send add events too; the helper wants
		// devices only.
		spec.rules = append(spec.rules, rule{tag, fmt.Sprintf("TAG==\"%s\", SUBSYSTEM!=\"module\", SUBSYSTEM!=\"subsystem\", RUN+=\"%s/snap-device-helper $env{ACTION} %s $devpath $major:$minor\"",
			tag, spec.libexecDir, tag)})
	}
}

// udevTag returns the udev tag of a security tag, and whether it was
// asked for before (and so has its snap-device-helper rule).
func (spec *Specification) udevTag(securityTag string) (string, bool) {
	for _, t := range spec.tags {
		if t.security == securityTag {
			return t.udev, true
		}
	}
	tag := Tag(securityTag)
	spec.tags = append(spec.tags, udevTag{securityTag, tag})
	return tag, false
}

// AddSnippet adds a raw rule.
func (spec *Specification) AddSnippet(text string) {
	spec.rules = append(spec.rules, rule{"", text})
}

// SetControlsDeviceCgroup says that an interface manages the snap's device
// cgroup itself, so the snap gets no tagging rules at all.
func (spec *Specification) SetControlsDeviceCgroup() {
	spec.controlsDeviceCgroup = true
}

// ControlsDeviceCgroup tells whether SetControlsDeviceCgroup was called.
func (spec *Specification) ControlsDeviceCgroup() bool { return spec.controlsDeviceCgroup }

// TriggerSubsystem asks for the devices of a subsystem to be replayed
// when the rules are loaded, so that devices present before the rules
// get their tags too. udev's input devices are not replayed by default
// (replaying them stalls keyboards and mice); an interface whose rules
// tag input devices asks for "input" (all of them), "input/key" (keys
// only, not keyboards) or "input/joystick" (joysticks, which are always
// replayed). As with snapd, the request holds while the interface is
// connected; once disconnected, nothing asks for it any more.
func (spec *Specification) TriggerSubsystem(subsystem string) {
	if subsystem == "" || slices.Contains(spec.triggers, subsystem) {
		return
	}
	spec.triggers = append(spec.triggers, subsystem)
}

// TriggeredSubsystems returns the subsystems TriggerSubsystem asked for,
// in the order asked.
func (spec *Specification) TriggeredSubsystems() []string { return slices.Clone(spec.triggers) }

// NonStrict tells whether the snap's rules are written disabled (devmode
// or classic confinement, not in jailmode).
func (spec *Specification) NonStrict() bool { return spec.nonStrict }

// Rules returns the rules, sorted by tag and text; none when the snap
// controls its own device cgroup.
func (spec *Specification) Rules() []string {
	if spec.controlsDeviceCgroup {
		return nil
	}
	rules := slices.Clone(spec.rules)
	slices.SortFunc(rules, compareRules)
	rules = slices.Compact(rules)
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.text
	}
	return out
}

// AddConnectedPlug runs the interface's ConnectedPlugDefiner hook, if any.
func (spec *Specification) AddConnectedPlug(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedPlugDefiner) error { return d.UDevConnectedPlug(spec, plug, slot) })
}

// AddConnectedSlot runs the interface's ConnectedSlotDefiner hook, if any.
func (spec *Specification) AddConnectedSlot(iface interfaces.Interface, tags []string, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d ConnectedSlotDefiner) error { return d.UDevConnectedSlot(spec, plug, slot) })
}

// AddPermanentPlug runs the interface's PermanentPlugDefiner hook, if any.
func (spec *Specification) AddPermanentPlug(iface interfaces.Interface, tags []string, plug *snap.PlugInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentPlugDefiner) error { return d.UDevPermanentPlug(spec, plug) })
}

// AddPermanentSlot runs the interface's PermanentSlotDefiner hook, if any.
func (spec *Specification) AddPermanentSlot(iface interfaces.Interface, tags []string, slot *snap.SlotInfo) error {
	return interfaces.RunHook(&spec.Scope, iface, tags, func(d PermanentSlotDefiner) error { return d.UDevPermanentSlot(spec, slot) })
}
