// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kubernetes

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v2"
)

// The security-profiles-operator's API, as its repository
// (kubernetes-sigs/security-profiles-operator) defines it:
//
//   - SeccompProfile, security-profiles-operator.x-k8s.io/v1beta1
//     (api/seccompprofile/v1beta1/seccompprofile_types.go): a namespaced
//     object whose spec has defaultAction, architectures and syscalls
//     (names, action, errnoRet as an integer, args of index, value,
//     valueTwo and op), the OCI profile's fields without
//     defaultErrnoRet. The operator writes it on every node as
//     /var/lib/kubelet/seccomp/operator/NAMESPACE/NAME.json, and its
//     status.localhostProfile says what a pod names
//     ("operator/NAMESPACE/NAME.json").
//   - AppArmorProfile, security-profiles-operator.x-k8s.io/v1alpha1
//     (api/apparmorprofile/v1alpha1/apparmorprofile_types.go): spec.policy
//     is the profile's text, which the operator loads on every node; its
//     documentation (installation-usage.md) requires the name of the
//     profile in the policy to be the object's metadata.name. The
//     operator's newer v1 API keeps only spec.abstract, structured
//     allow lists that cannot hold interfaces' rules, so v1alpha1 it is.
const (
	spoGroup           = "security-profiles-operator.x-k8s.io"
	spoSeccompVersion  = spoGroup + "/v1beta1"
	spoAppArmorVersion = spoGroup + "/v1alpha1"
)

// errnoEPERM is what OCI runtimes (runc, crun) return for SCMP_ACT_ERRNO
// without errnoRet, and so what a SeccompProfile, which has no
// defaultErrnoRet, denies with.
const errnoEPERM = 1

type spoMeta struct {
	Name        string            `yaml:"name"`
	Namespace   string            `yaml:"namespace,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

type spoSeccompProfile struct {
	APIVersion string         `yaml:"apiVersion"`
	Kind       string         `yaml:"kind"`
	Metadata   spoMeta        `yaml:"metadata"`
	Spec       spoSeccompSpec `yaml:"spec"`
}

type spoSeccompSpec struct {
	DefaultAction string       `yaml:"defaultAction"`
	Architectures []string     `yaml:"architectures,omitempty"`
	Syscalls      []spoSyscall `yaml:"syscalls,omitempty"`
}

type spoSyscall struct {
	Names    []string `yaml:"names,flow"`
	Action   string   `yaml:"action"`
	ErrnoRet *uint    `yaml:"errnoRet,omitempty"`
	Args     []spoArg `yaml:"args,omitempty"`
}

type spoArg struct {
	Index    uint   `yaml:"index"`
	Value    uint64 `yaml:"value"`
	ValueTwo uint64 `yaml:"valueTwo,omitempty"`
	Op       string `yaml:"op"`
}

type spoAppArmorProfile struct {
	APIVersion string          `yaml:"apiVersion"`
	Kind       string          `yaml:"kind"`
	Metadata   spoMeta         `yaml:"metadata"`
	Spec       spoAppArmorSpec `yaml:"spec"`
}

type spoAppArmorSpec struct {
	Policy string `yaml:"policy"`
}

// operatorResources are the app's SeccompProfile and AppArmorProfile,
// two documents of one YAML file.
func (a *App) operatorResources(opts Options) ([]byte, error) {
	sc := a.Seccomp
	if sc.DefaultErrnoRet != nil && *sc.DefaultErrnoRet != errnoEPERM {
		return nil, fmt.Errorf("snap %q: app %q: a SeccompProfile cannot hold defaultErrnoRet %d", a.Snap, a.App, *sc.DefaultErrnoRet)
	}
	if len(sc.Flags) > 0 || sc.ListenerPath != "" {
		return nil, fmt.Errorf("snap %q: app %q: a SeccompProfile of this exporter holds no flags or listener", a.Snap, a.App)
	}
	note := map[string]string{"description": fmt.Sprintf("app %s of snap %s (%s), by plugpolicy", a.App, a.Snap, a.Tag)}
	spec := spoSeccompSpec{DefaultAction: string(sc.DefaultAction)}
	for _, arch := range sc.Architectures {
		spec.Architectures = append(spec.Architectures, string(arch))
	}
	for _, call := range sc.Syscalls {
		s := spoSyscall{Names: call.Names, Action: string(call.Action), ErrnoRet: call.ErrnoRet}
		for _, arg := range call.Args {
			s.Args = append(s.Args, spoArg{Index: arg.Index, Value: arg.Value, ValueTwo: arg.ValueTwo, Op: string(arg.Op)})
		}
		spec.Syscalls = append(spec.Syscalls, s)
	}
	seccompDoc, err := yaml.Marshal(spoSeccompProfile{APIVersion: spoSeccompVersion, Kind: "SeccompProfile",
		Metadata: spoMeta{Name: a.Name, Namespace: opts.Namespace, Annotations: note}, Spec: spec})
	if err != nil {
		return nil, fmt.Errorf("snap %q: app %q: SeccompProfile: %v", a.Snap, a.App, err)
	}
	aaDoc, err := yaml.Marshal(spoAppArmorProfile{APIVersion: spoAppArmorVersion, Kind: "AppArmorProfile",
		Metadata: spoMeta{Name: a.Name, Namespace: opts.Namespace, Annotations: note}, Spec: spoAppArmorSpec{Policy: string(a.AppArmor)}})
	if err != nil {
		return nil, fmt.Errorf("snap %q: app %q: AppArmorProfile: %v", a.Snap, a.App, err)
	}
	var b strings.Builder
	ns := opts.Namespace
	if ns == "" {
		ns = "NAMESPACE"
	}
	fmt.Fprintf(&b, "# security-profiles-operator resources for app %q of snap %q\n", a.App, a.Snap)
	fmt.Fprintf(&b, "# (%s). A pod names the seccomp profile\n", a.Tag)
	fmt.Fprintf(&b, "# operator/%s/%s.json\n", ns, a.Name)
	fmt.Fprintf(&b, "# and the AppArmor profile %s.\n---\n", a.Name)
	b.Write(seccompDoc)
	b.WriteString("---\n")
	b.Write(aaDoc)
	return []byte(b.String()), nil
}
