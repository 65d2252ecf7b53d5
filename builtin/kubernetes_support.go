// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"errors"

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
	_ interfaces.PlugSanitizer     = (*kubernetesSupportInterface)(nil)
	_ systemd.PermanentPlugDefiner = (*kubernetesSupportInterface)(nil)
)

// k8sFlavor is a value of the "flavor" attribute and the rule groups it
// gets. Every flavor gets the autobind-unix rules; the others add to them.
type k8sFlavor struct {
	name string // "" when the plug has no "flavor"
	// common: the rules every node service shares, the systemd_run child
	// profile, and Delegate=true on the plug's daemons, to manage the
	// cgroups of pods and containers.
	common bool
	// kubelet: kubelet's rules and system calls, its mounts through
	// systemd-run, tracing, and /dev/kmsg.
	kubelet bool
	// kubeproxy: kube-proxy's rules and kernel modules.
	kubeproxy bool
	// unknown: a flavor the table does not have, which gets the AppArmor
	// rules of every flavor but none of the system calls, devices and
	// modules beyond autobind-unix's, as in the seed.
	unknown bool
}

// kubeletElsewhere and kubeproxyElsewhere tell whether the flavor gets
// kubelet's (kube-proxy's) system calls, devices and modules.
func (f k8sFlavor) kubeletElsewhere() bool   { return f.kubelet && !f.unknown }
func (f k8sFlavor) kubeproxyElsewhere() bool { return f.kubeproxy && !f.unknown }

// k8sFlavors is the table of flavors. The privileged rules go to kubelet,
// kubeproxy and the plug without a flavor, which gets everything.
var k8sFlavors = []k8sFlavor{
	{name: "kubelet", common: true, kubelet: true},
	{name: "kubeproxy", common: true, kubeproxy: true},
	{name: "autobind-unix"},
	{name: "", common: true, kubelet: true, kubeproxy: true},
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
	return errors.New(`kubernetes-support plug requires "flavor" to be either "kubelet", "kubeproxy" or "autobind-unix"`)
}

// flavorOf returns the table entry of a plug's flavor. A value the table
// does not have (only a dynamic attribute, which sanitizing never sees, can
// have one) gets the AppArmor rules of the plug without a flavor, as in
// the seed's default case, and nothing else of kubelet's or kube-proxy's
// (the seed's other backends name "kubelet", "kubeproxy" and "").
func flavorOf(attr func(string, interface{}) error) k8sFlavor {
	var name string
	_ = attr("flavor", &name)
	for _, f := range k8sFlavors {
		if f.name == name {
			return f
		}
	}
	f := k8sFlavors[len(k8sFlavors)-1]
	f.unknown = true
	return f
}

// AppArmorConnectedPlug adds the flavor's rule groups and, for the flavors
// that run systemd-run, its child profile.
func (iface *kubernetesSupportInterface) AppArmorConnectedPlug(spec *apparmor.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	f := flavorOf(plug.Attr)
	if f.common {
		spec.AddSnippet(k8sAppArmorCommon)
		spec.AddChildProfileRules("systemd_run", k8sSystemdRunCommon)
	}
	if f.kubelet {
		spec.AddSnippet(k8sAppArmorKubelet)
		spec.AddChildProfileRules("systemd_run", k8sSystemdRunKubelet)
		spec.SetUsesPtraceTrace()
	}
	if f.kubeproxy {
		spec.AddSnippet(k8sAppArmorKubeproxy)
	}
	spec.AddSnippet(k8sAppArmorAutobind)
	return nil
}

// SecCompConnectedPlug adds the flavor's system calls.
func (iface *kubernetesSupportInterface) SecCompConnectedPlug(spec *seccomp.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	spec.AddSnippet(k8sSecCompAutobind)
	if flavorOf(plug.Attr).kubeletElsewhere() {
		spec.AddSnippet(k8sSecCompKubelet)
	}
	return nil
}

// UDevConnectedPlug tags the flavor's devices: kubelet reads /dev/kmsg.
func (iface *kubernetesSupportInterface) UDevConnectedPlug(spec *udev.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if flavorOf(plug.Attr).kubeletElsewhere() {
		spec.TagDevice(`KERNEL=="kmsg"`)
	}
	return nil
}

// KModConnectedPlug asks for the flavor's kernel modules.
func (iface *kubernetesSupportInterface) KModConnectedPlug(spec *kmod.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if !flavorOf(plug.Attr).kubeproxyElsewhere() {
		return nil
	}
	for _, m := range k8sKubeproxyModules {
		if err := spec.AddModule(m); err != nil {
			return err
		}
	}
	return nil
}

// SystemdPermanentPlug gives the plug's daemons Delegate=true, whether the
// plug is connected or not, as snapd writes it into the service unit.
func (iface *kubernetesSupportInterface) SystemdPermanentPlug(spec *systemd.Specification, plug *snap.PlugInfo) error {
	if flavorOf(plug.Attr).common {
		return spec.AddServiceSnippet("Delegate=true")
	}
	return nil
}

// k8sKubeproxyModules are the kernel modules of kube-proxy's IPVS mode and
// of the bridges pods are attached to.
var k8sKubeproxyModules = []string{"ip_vs_rr", "ip_vs_sh", "ip_vs_wrr", "libcrc32c", "llc", "stp"}
