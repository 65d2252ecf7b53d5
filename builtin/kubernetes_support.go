// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/kmod"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/snap"
	"github.com/plugpolicy/plugpolicy/systemd"
	"github.com/plugpolicy/plugpolicy/udev"
)

// kubernetes-support: running the services of a Kubernetes node. The plug
// attribute "flavor" picks which: "kubelet", "kubeproxy", "autobind-unix"
// (for daemons that only need to bind automatically named unix sockets,
// such as journald clients), or none, which grants all the privileged
// rules.
type kubernetesSupportInterface struct {
	commonInterface
}

var (
	_ interfaces.PlugSanitizer      = (*kubernetesSupportInterface)(nil)
	_ apparmor.ConnectedPlugDefiner = (*kubernetesSupportInterface)(nil)
	_ seccomp.ConnectedPlugDefiner  = (*kubernetesSupportInterface)(nil)
	_ udev.ConnectedPlugDefiner     = (*kubernetesSupportInterface)(nil)
	_ kmod.ConnectedPlugDefiner     = (*kubernetesSupportInterface)(nil)
	_ systemd.PermanentPlugDefiner  = (*kubernetesSupportInterface)(nil)
)

// k8sFlavor is what one flavor grants, backend by backend.
type k8sFlavor struct {
	name string // the "flavor" attribute; "" when there is none
	// AppArmor rule groups of the app's own profile, in order.
	appArmor []string
	// systemdRun is the systemd_run child profile's extra rules beyond
	// k8sSystemdRunCommon; only flavors with the common rules get the
	// child profile at all.
	systemdRun      bool
	systemdRunMount bool
	usesPtraceTrace bool
	seccomp         []string
	udev            []string
	kmod            []string
	// delegate gives the plug's daemons their own cgroup subtree
	// (Delegate=true), to manage the cgroups of pods and containers.
	delegate bool
}

// k8sFlavors is the table of flavors. Every flavor gets the autobind-unix
// rules; the privileged ones go to kubelet, kubeproxy and the plug without
// a flavor, which gets everything.
var k8sFlavors = []k8sFlavor{
	{
		name:       "kubelet",
		appArmor:   []string{k8sAppArmorCommon, k8sAppArmorKubelet, k8sAppArmorAutobind},
		systemdRun: true, systemdRunMount: true, usesPtraceTrace: true,
		seccomp:  []string{k8sSecCompAutobind, k8sSecCompKubelet},
		udev:     []string{`KERNEL=="kmsg"`},
		delegate: true,
	},
	{
		name:       "kubeproxy",
		appArmor:   []string{k8sAppArmorCommon, k8sAppArmorKubeproxy, k8sAppArmorAutobind},
		systemdRun: true,
		seccomp:    []string{k8sSecCompAutobind},
		kmod:       k8sKubeproxyModules,
		delegate:   true,
	},
	{
		name:     "autobind-unix",
		appArmor: []string{k8sAppArmorAutobind},
		seccomp:  []string{k8sSecCompAutobind},
	},
	{
		name:       "",
		appArmor:   []string{k8sAppArmorCommon, k8sAppArmorKubelet, k8sAppArmorKubeproxy, k8sAppArmorAutobind},
		systemdRun: true, systemdRunMount: true, usesPtraceTrace: true,
		seccomp:  []string{k8sSecCompAutobind, k8sSecCompKubelet},
		udev:     []string{`KERNEL=="kmsg"`},
		kmod:     k8sKubeproxyModules,
		delegate: true,
	},
}

func newKubernetesSupport() interfaces.Interface {
	return &kubernetesSupportInterface{commonInterface{
		name:              "kubernetes-support",
		summary:           "allows operating as the Kubernetes service",
		docURL:            "https://snapcraft.io/docs/kubernetes-support-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Super-privileged: a snap may only plug it with the store's
		// approval (its snap declaration), and never connects it
		// automatically; only the system offers the slot.
		baseDeclarationPlugs: `
  kubernetes-support:
    allow-installation: false
    deny-auto-connection: true
`,
		baseDeclarationSlots: `
  kubernetes-support:
    allow-installation:
      slot-snap-type:
        - core
    deny-auto-connection: true
`,
	}}
}

// flavorError is the error for a "flavor" the table does not have; its
// list of values comes from the table.
func flavorError() error {
	var names []string
	for _, f := range k8sFlavors {
		if f.name != "" {
			names = append(names, strconv.Quote(f.name))
		}
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return fmt.Errorf(`kubernetes-support plug requires "flavor" to be either %s`, list)
}

// BeforePreparePlug accepts a plug without "flavor", or with one of the
// table's flavors; anything else, a non-string included, is refused.
func (iface *kubernetesSupportInterface) BeforePreparePlug(plug *snap.PlugInfo) error {
	v, ok := plug.Attrs["flavor"]
	if !ok {
		return nil
	}
	if name, isString := v.(string); isString && name != "" {
		for _, f := range k8sFlavors {
			if f.name == name {
				return nil
			}
		}
	}
	return flavorError()
}

// flavorOf returns the table entry of a plug's flavor; sanitizing made sure
// there is one.
func flavorOf(attr func(string, interface{}) error) k8sFlavor {
	var name string
	_ = attr("flavor", &name)
	for _, f := range k8sFlavors {
		if f.name == name {
			return f
		}
	}
	return k8sFlavors[len(k8sFlavors)-1]
}

// AppArmorConnectedPlug adds the flavor's rule groups and, for the flavors
// that run systemd-run, its child profile.
func (iface *kubernetesSupportInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	f := flavorOf(plug.Attr)
	for _, rules := range f.appArmor {
		spec.AddSnippet(rules)
	}
	if f.systemdRun {
		spec.AddChildProfileRules("systemd_run", k8sSystemdRunCommon)
	}
	if f.systemdRunMount {
		spec.AddChildProfileRules("systemd_run", k8sSystemdRunKubelet)
	}
	if f.usesPtraceTrace {
		spec.SetUsesPtraceTrace()
	}
	return nil
}

// SecCompConnectedPlug adds the flavor's system calls.
func (iface *kubernetesSupportInterface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, rules := range flavorOf(plug.Attr).seccomp {
		spec.AddSnippet(rules)
	}
	return nil
}

// UDevConnectedPlug tags the flavor's devices.
func (iface *kubernetesSupportInterface) UDevConnectedPlug(spec *udev.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, match := range flavorOf(plug.Attr).udev {
		spec.TagDevice(match)
	}
	return nil
}

// KModConnectedPlug asks for the flavor's kernel modules.
func (iface *kubernetesSupportInterface) KModConnectedPlug(spec *kmod.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	for _, m := range flavorOf(plug.Attr).kmod {
		if err := spec.AddModule(m); err != nil {
			return err
		}
	}
	return nil
}

// SystemdPermanentPlug gives the plug's daemons Delegate=true, whether the
// plug is connected or not, as snapd writes it into the service unit.
func (iface *kubernetesSupportInterface) SystemdPermanentPlug(spec *systemd.Specification, plug *snap.PlugInfo) error {
	if flavorOf(plug.Attr).delegate {
		return spec.AddServiceSnippet("Delegate=true")
	}
	return nil
}

// k8sKubeproxyModules are the kernel modules of kube-proxy's IPVS mode and
// of the bridges pods are attached to.
var k8sKubeproxyModules = []string{"ip_vs_rr", "ip_vs_sh", "ip_vs_wrr", "libcrc32c", "llc", "stp"}
