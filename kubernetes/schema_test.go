// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kubernetes_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v2"

	"github.com/plugpolicy/plugpolicy/kubernetes"
)

// The Kubernetes API's SecurityContext, as far as the export writes it
// (k8s.io/api core/v1 types.go: SeccompProfile and AppArmorProfile, both
// {type, localhostProfile}). k8s.io/api itself would bring 28 modules
// into go.sum, so the test checks the published schema instead: the
// field names, the enum of type, and localhostProfile set if and only if
// type is Localhost.
type profileRef struct {
	Type             string  `yaml:"type"`
	LocalhostProfile *string `yaml:"localhostProfile"`
}

type securityContext struct {
	SeccompProfile  *profileRef `yaml:"seccompProfile"`
	AppArmorProfile *profileRef `yaml:"appArmorProfile"`
}

func checkProfileRef(t *testing.T, what string, ref *profileRef) {
	t.Helper()
	require.NotNil(t, ref, what)
	assert.Contains(t, []string{"Localhost", "RuntimeDefault", "Unconfined"}, ref.Type, what)
	if ref.Type == "Localhost" {
		require.NotNil(t, ref.LocalhostProfile, "%s: localhostProfile is required for Localhost", what)
		assert.NotEmpty(t, *ref.LocalhostProfile, what)
	} else {
		assert.Nil(t, ref.LocalhostProfile, "%s: localhostProfile is only for Localhost", what)
	}
}

func TestSecurityContextSchema(t *testing.T) {
	out := exportKubeNode(t, kubernetes.Options{})
	files := fileMap(out)
	for _, a := range out.Apps {
		data := files["security-context/"+a.Tag+".yaml"]
		require.NotNil(t, data, a.Tag)
		var doc struct {
			SecurityContext securityContext `yaml:"securityContext"`
		}
		// Strict: a misspelt or unknown field fails, as the API server's
		// strict field validation would.
		require.NoError(t, yaml.UnmarshalStrict(data, &doc), a.Tag)
		sc := doc.SecurityContext
		checkProfileRef(t, a.Tag+": seccompProfile", sc.SeccompProfile)
		checkProfileRef(t, a.Tag+": appArmorProfile", sc.AppArmorProfile)
		// Each names a file the export wrote: the seccomp profile below
		// the kubelet's seccomp root, the profile the AppArmor file loads.
		assert.Contains(t, files, "seccomp/"+*sc.SeccompProfile.LocalhostProfile, a.Tag)
		aa := files["apparmor/"+*sc.AppArmorProfile.LocalhostProfile]
		require.NotNil(t, aa, a.Tag)
		assert.Contains(t, string(aa), "\nprofile "+*sc.AppArmorProfile.LocalhostProfile+" flags=", a.Tag)
	}
}

// spoSeccomp is SeccompProfile v1beta1 as the operator's API defines it
// (see spo.go).
type spoSeccomp struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Annotations map[string]string `yaml:"annotations"`
	} `yaml:"metadata"`
	Spec struct {
		DefaultAction string   `yaml:"defaultAction"`
		Architectures []string `yaml:"architectures"`
		Syscalls      []struct {
			Names    []string `yaml:"names"`
			Action   string   `yaml:"action"`
			ErrnoRet *uint    `yaml:"errnoRet"`
			Args     []struct {
				Index    uint   `yaml:"index"`
				Value    uint64 `yaml:"value"`
				ValueTwo uint64 `yaml:"valueTwo"`
				Op       string `yaml:"op"`
			} `yaml:"args"`
		} `yaml:"syscalls"`
	} `yaml:"spec"`
}

// spoAppArmor is AppArmorProfile v1alpha1 with its policy text.
type spoAppArmor struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Annotations map[string]string `yaml:"annotations"`
	} `yaml:"metadata"`
	Spec struct {
		Policy string `yaml:"policy"`
	} `yaml:"spec"`
}

// dnsSubdomain is what a Kubernetes object name must be (RFC 1123).
var dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

func TestOperatorResources(t *testing.T) {
	out := exportKubeNode(t, kubernetes.Options{Namespace: "kube-system"})
	files := fileMap(out)
	for _, a := range out.Apps {
		data := files["security-profiles-operator/"+a.Tag+".yaml"]
		require.NotNil(t, data, a.Tag)
		docs := strings.Split(string(data), "\n---\n")
		require.Len(t, docs, 3, "%s: a comment, then two documents", a.Tag)

		var sp spoSeccomp
		require.NoError(t, yaml.UnmarshalStrict([]byte(docs[1]), &sp), a.Tag)
		assert.Equal(t, "security-profiles-operator.x-k8s.io/v1beta1", sp.APIVersion)
		assert.Equal(t, "SeccompProfile", sp.Kind)
		assert.Equal(t, a.Name, sp.Metadata.Name)
		assert.Equal(t, "kube-system", sp.Metadata.Namespace)
		assert.Regexp(t, dnsSubdomain, sp.Metadata.Name)
		// The spec is the JSON profile without defaultErrnoRet, which is
		// EPERM, what runtimes return for SCMP_ACT_ERRNO without one.
		require.NotNil(t, a.Seccomp.DefaultErrnoRet)
		assert.Equal(t, uint(1), *a.Seccomp.DefaultErrnoRet)
		want := *a.Seccomp
		want.DefaultErrnoRet = nil
		assert.Empty(t, cmp.Diff(&want, asOCI(t, docs[1])), a.Tag)

		var ap spoAppArmor
		require.NoError(t, yaml.UnmarshalStrict([]byte(docs[2]), &ap), a.Tag)
		assert.Equal(t, "security-profiles-operator.x-k8s.io/v1alpha1", ap.APIVersion)
		assert.Equal(t, "AppArmorProfile", ap.Kind)
		assert.Equal(t, a.Name, ap.Metadata.Name)
		assert.Equal(t, string(a.AppArmor), ap.Spec.Policy)
		// The operator requires the profile in the policy to be named as
		// the object.
		assert.Contains(t, ap.Spec.Policy, "\nprofile "+ap.Metadata.Name+" flags=")
	}
}

// asOCI reads the spec of a SeccompProfile document as the OCI profile it
// stands for: the spec's field names are the OCI profile's, which a JSON
// round trip into the OCI type, refusing unknown fields, checks.
func asOCI(t *testing.T, doc string) *specs.LinuxSeccomp {
	t.Helper()
	var generic map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(doc), &generic))
	spec, err := json.Marshal(jsonable(generic["spec"]))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(spec))
	dec.DisallowUnknownFields()
	var got specs.LinuxSeccomp
	require.NoError(t, dec.Decode(&got))
	return &got
}

// jsonable turns what yaml.v2 decodes (maps keyed by any) into what
// encoding/json encodes.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[any]any:
		m := map[string]any{}
		for k, e := range v {
			m[k.(string)] = jsonable(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = jsonable(e)
		}
		return v
	}
	return v
}
