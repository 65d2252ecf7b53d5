// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kubernetes

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/plugpolicy/plugpolicy"
	"github.com/plugpolicy/plugpolicy/apparmor"
	"github.com/plugpolicy/plugpolicy/seccomp"
	"github.com/plugpolicy/plugpolicy/seccomp/bpf"
)

// NamePrefix starts the name of every profile Export makes, and is the
// directory of the seccomp profiles below the kubelet's seccomp root.
const NamePrefix = "plugpolicy"

// Options tune Export.
type Options struct {
	// Namespace is the namespace of the security-profiles-operator
	// resources; "" leaves it out, for kubectl to fill in.
	Namespace string
}

// Output is what Export made.
type Output struct {
	// Apps are the apps exported, by snap and app name.
	Apps []App
	// Files are every app's files, sorted by path.
	Files []File
}

// File is one exported file.
type File struct {
	// Path is slash-separated and relative to the output directory
	// ("seccomp/plugpolicy/snap.NAME.APP.json").
	Path string
	Data []byte
	// Tag is the security tag of the app the file is for.
	Tag string
}

// App is one app's policy for Kubernetes.
type App struct {
	Snap, App, Tag string
	// Name names the app's profiles: the AppArmor profile (the
	// localhostProfile of appArmorProfile) and the
	// security-profiles-operator resources ("plugpolicy-SNAP-APP").
	Name string
	// SeccompProfile is the localhostProfile of seccompProfile, relative
	// to the kubelet's seccomp root ("plugpolicy/snap.NAME.APP.json").
	SeccompProfile string
	// Seccomp is the seccomp profile.
	Seccomp *specs.LinuxSeccomp
	// SeccompGaps are the system calls the profile denies more than the
	// policy does (see bpf.ExportOCIWithGaps).
	SeccompGaps []bpf.OCIGap
	// AppArmor is the AppArmor profile's text.
	AppArmor []byte
	// LeftOut are the rules of the app's interfaces that the AppArmor
	// profile leaves out because they name the snap's own paths, each on
	// one line.
	LeftOut []string
}

// The directories of the output, by kind of file.
const (
	dirSeccomp  = "seccomp"
	dirAppArmor = "apparmor"
	dirContext  = "security-context"
	dirSPO      = "security-profiles-operator"
)

// Export exports every app of the snaps res compiled. res must have
// rendered the apparmor and seccomp backends.
func Export(res *plugpolicy.Result, opts Options) (*Output, error) {
	var aa *apparmor.Backend
	var sc *seccomp.Backend
	for _, b := range res.Backends() {
		switch b := b.(type) {
		case *apparmor.Backend:
			aa = b
		case *seccomp.Backend:
			sc = b
		}
	}
	if aa == nil || sc == nil {
		return nil, fmt.Errorf("the compiled result lacks the apparmor or the seccomp backend: Kubernetes profiles need both")
	}
	out := &Output{}
	names := map[string]string{} // profile name -> tag
	for _, s := range res.Snaps {
		spec, ok := aa.NewSpecification(s.Info, s.Confinement).(*apparmor.Specification)
		if !ok {
			return nil, fmt.Errorf("snap %q: the apparmor backend made no AppArmor specification", s.Name)
		}
		if err := res.Repo.SnapSpecification(s.Name, spec); err != nil {
			return nil, fmt.Errorf("snap %q: %v", s.Name, err)
		}
		for _, app := range s.Info.SortedApps() {
			a := App{Snap: s.Name, App: app.Name, Tag: app.SecurityTag(), Name: ProfileName(s.Name, app.Name)}
			if other, ok := names[a.Name]; ok {
				return nil, fmt.Errorf("snap %q: app %q: profile name %q is also that of %s", s.Name, app.Name, a.Name, other)
			}
			names[a.Name] = a.Tag
			if err := a.exportSeccomp(res, sc); err != nil {
				return nil, err
			}
			var err error
			a.AppArmor, a.LeftOut, err = renderProfile(a.Name, s.Name, app.Name, a.Tag, apparmor.RenderRules(spec, a.Tag))
			if err != nil {
				return nil, err
			}
			files, err := a.files(opts)
			if err != nil {
				return nil, err
			}
			out.Apps = append(out.Apps, a)
			out.Files = append(out.Files, files...)
		}
	}
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Path < out.Files[j].Path })
	return out, nil
}

// ProfileName is the name of the profiles of an app of a snap instance,
// fit for an AppArmor profile and a Kubernetes object name (a DNS
// subdomain): "plugpolicy-SNAP-APP", lower case, with the instance key's
// "_" as "-".
func ProfileName(instanceName, app string) string {
	return strings.ToLower(NamePrefix + "-" + strings.ReplaceAll(instanceName, "_", "-") + "-" + app)
}

// exportSeccomp exports the app's seccomp policy source, as the seccomp
// backend rendered it, for the backend's architecture.
func (a *App) exportSeccomp(res *plugpolicy.Result, sc *seccomp.Backend) error {
	src := path.Join(seccompDir(sc), a.Tag+".src")
	f := res.File(src)
	if f == nil {
		return fmt.Errorf("snap %q: app %q: the result has no seccomp policy %s", a.Snap, a.App, src)
	}
	p, err := bpf.Parse(f.Data)
	if err != nil {
		return fmt.Errorf("%s: %v", src, err)
	}
	a.Seccomp, a.SeccompGaps, err = bpf.ExportOCIWithGaps(p, bpf.Options{Arch: sc.Options.Arch, Name: a.Tag})
	if err != nil {
		return fmt.Errorf("%s: %v", src, err)
	}
	a.SeccompProfile = NamePrefix + "/" + a.Tag + ".json"
	return nil
}

// seccompDir is where the seccomp backend puts its sources.
func seccompDir(sc *seccomp.Backend) string {
	if sc.Options.Dir != "" {
		return sc.Options.Dir
	}
	return "var/lib/snapd/seccomp/bpf"
}

// files are the app's files.
func (a *App) files(opts Options) ([]File, error) {
	profile, err := json.MarshalIndent(a.Seccomp, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("snap %q: app %q: seccomp profile: %v", a.Snap, a.App, err)
	}
	spo, err := a.operatorResources(opts)
	if err != nil {
		return nil, err
	}
	return []File{
		{Path: path.Join(dirSeccomp, a.SeccompProfile), Data: append(profile, '\n'), Tag: a.Tag},
		{Path: path.Join(dirAppArmor, a.Name), Data: a.AppArmor, Tag: a.Tag},
		{Path: path.Join(dirContext, a.Tag+".yaml"), Data: a.securityContext(opts), Tag: a.Tag},
		{Path: path.Join(dirSPO, a.Tag+".yaml"), Data: spo, Tag: a.Tag},
	}, nil
}

// securityContext is the securityContext fragment of a container that
// runs the app (Kubernetes 1.30 or later, for appArmorProfile), with the
// seccomp reference to use with the security-profiles-operator.
func (a *App) securityContext(opts Options) []byte {
	ns := opts.Namespace
	if ns == "" {
		ns = "NAMESPACE"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# securityContext of a container running app %q of snap %q\n", a.App, a.Snap)
	fmt.Fprintf(&b, "# (%s), for Kubernetes 1.30 or later.\n", a.Tag)
	b.WriteString("# On the node, copy seccomp/ to /var/lib/kubelet/seccomp/ and load\n")
	fmt.Fprintf(&b, "# apparmor/%s first. With the security-profiles-operator's\n", a.Name)
	b.WriteString("# resources instead, the seccomp profile's localhostProfile is\n")
	fmt.Fprintf(&b, "# operator/%s/%s.json.\n", ns, a.Name)
	b.WriteString("securityContext:\n")
	b.WriteString("  seccompProfile:\n    type: Localhost\n")
	fmt.Fprintf(&b, "    localhostProfile: %s\n", a.SeccompProfile)
	b.WriteString("  appArmorProfile:\n    type: Localhost\n")
	fmt.Fprintf(&b, "    localhostProfile: %s\n", a.Name)
	return []byte(b.String())
}
