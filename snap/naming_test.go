// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/plugpolicy/plugpolicy/snap"
)

// checkNames runs a validator over names that must pass and names that
// must fail, and checks that a failure quotes the offending name.
func checkNames(t *testing.T, validate func(string) error, good, bad []string) {
	t.Helper()
	for _, name := range good {
		assert.NoError(t, validate(name), "%q should be valid", name)
	}
	for _, name := range bad {
		err := validate(name)
		if assert.Error(t, err, "%q should be invalid", name) {
			assert.Contains(t, err.Error(), `"`+name+`"`)
		}
	}
}

func TestValidateName(t *testing.T) {
	checkNames(t, snap.ValidateName,
		[]string{"aa", "a0", "0a", "kube-node", "a-b-c", "k8s", "1-a", strings.Repeat("a", 40)},
		[]string{"", "a", "A", "Ab", "a--b", "-ab", "ab-", "12", "a_b", "a.b", "aé", strings.Repeat("a", 41)})
}

func TestValidateInstanceName(t *testing.T) {
	checkNames(t, snap.ValidateInstanceName,
		[]string{"kube-node", "kube-node_1", "kube-node_blue", "kube-node_" + strings.Repeat("a", 10)},
		[]string{"kube-node_", "kube-node_Blue", "kube-node_" + strings.Repeat("a", 11), "Kube_1", "kube_a_b"})
	name, key := snap.SplitInstanceName("kube-node_blue")
	assert.Equal(t, "kube-node", name)
	assert.Equal(t, "blue", key)
	assert.Equal(t, "kube-node_blue", snap.InstanceName("kube-node", "blue"))
	assert.Equal(t, "kube-node", snap.InstanceName("kube-node", ""))
}

func TestValidatePlugSlotInterfaceHookNames(t *testing.T) {
	good := []string{"a", "network", "kubernetes-support", "k8s-kubelet", "a1-b2"}
	bad := []string{"", "A", "1a", "-a", "a-", "a--b", "a_b", "a.b", "Network"}
	for _, validate := range []func(string) error{snap.ValidatePlugName, snap.ValidateSlotName, snap.ValidateInterfaceName, snap.ValidateHookName} {
		checkNames(t, validate, good, bad)
	}
	assert.EqualError(t, snap.ValidatePlugName("X"), `invalid plug name "X": use a-z, 0-9 and single "-" between them, starting with a letter`)
	assert.EqualError(t, snap.ValidateSlotName("X"), `invalid slot name "X": use a-z, 0-9 and single "-" between them, starting with a letter`)
	assert.EqualError(t, snap.ValidateInterfaceName("X"), `invalid interface name "X": use a-z, 0-9 and single "-" between them, starting with a letter`)
	assert.EqualError(t, snap.ValidateHookName("X"), `invalid hook name "X": use a-z, 0-9 and single "-" between them, starting with a letter`)
}

func TestValidateAppName(t *testing.T) {
	checkNames(t, snap.ValidateAppName,
		[]string{"a", "A", "kubelet", "kube-proxy", "Kube2", "0"},
		[]string{"", "-a", "a-", "a--b", "a_b", "a.b", "a b"})
}

func TestValidateAlias(t *testing.T) {
	checkNames(t, snap.ValidateAlias,
		[]string{"a", "kubectl", "k.ctl", "k_ctl", "K-1"},
		[]string{"", "-a", ".a", "_a", "a b", "a/b"})
}

func TestValidateSocketName(t *testing.T) {
	checkNames(t, snap.ValidateSocketName,
		[]string{"a", "unix", "sock-1"},
		[]string{"", "A", "-a", "a--b", "1"})
}

func TestValidateVersion(t *testing.T) {
	checkNames(t, snap.ValidateVersion,
		[]string{"1", "1.0", "git", "1.16.2+git", "20.2.1+snap79f99b5", "2025.1", "1~beta", "1:2.3", strings.Repeat("1", 32)},
		[]string{"-1", "1.", "1 0", "1_0", strings.Repeat("1", 33)})
	assert.EqualError(t, snap.ValidateVersion(""), "invalid snap version: cannot be empty")
	assert.EqualError(t, snap.ValidateVersion("v1\u20110"), `invalid snap version "v1\u20110": must be printable, non-whitespace ASCII`)
}

func TestRevision(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
	}{{"1", 1}, {"42", 42}, {"x1", -1}, {"x17", -17}} {
		r, err := snap.ParseRevision(tc.text)
		if assert.NoError(t, err, tc.text) {
			assert.Equal(t, tc.n, r.N)
			assert.Equal(t, tc.text, r.String())
			assert.Equal(t, tc.n < 0, r.Local())
			assert.False(t, r.Unset())
		}
	}
	for _, bad := range []string{"", "0", "x0", "-1", "x", "01", "+1", "1x", "x-1"} {
		_, err := snap.ParseRevision(bad)
		assert.EqualError(t, err, `invalid revision "`+bad+`": use a positive number, or "x" and a positive number for a local revision`)
	}
	assert.True(t, snap.Revision{}.Unset())
	assert.Equal(t, "unset", snap.Revision{}.String())
}
