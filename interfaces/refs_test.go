// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
)

func TestParseAndPrintRefs(t *testing.T) {
	ref, err := interfaces.ParseConnRef("kube-node_blue:k8s-kubelet  core:kubernetes-support")
	require.NoError(t, err)
	assert.Equal(t, interfaces.ConnRef{
		PlugRef: interfaces.PlugRef{Snap: "kube-node_blue", Name: "k8s-kubelet"},
		SlotRef: interfaces.SlotRef{Snap: "core", Name: "kubernetes-support"},
	}, ref)
	assert.Equal(t, "kube-node_blue:k8s-kubelet core:kubernetes-support", ref.ID())
	assert.Equal(t, ref.ID(), ref.String())
	assert.Equal(t, "kube-node_blue:k8s-kubelet", ref.PlugRef.String())
	assert.Equal(t, "core:kubernetes-support", ref.SlotRef.String())

	p, err := interfaces.ParsePlugRef("a1:p")
	require.NoError(t, err)
	assert.Equal(t, interfaces.PlugRef{Snap: "a1", Name: "p"}, p)
	s, err := interfaces.ParseSlotRef("a1:s")
	require.NoError(t, err)
	assert.Equal(t, interfaces.SlotRef{Snap: "a1", Name: "s"}, s)
}

func TestParseRefErrors(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"a:p", `invalid connection "a:p": expected "SNAP:PLUG SNAP:SLOT"`},
		{"ab:p cd:s ef:x", `invalid connection "ab:p cd:s ef:x": expected "SNAP:PLUG SNAP:SLOT"`},
		{"ab cd:s", `invalid connection "ab cd:s": invalid plug reference "ab": expected "SNAP:PLUG"`},
		{"ab:p cd", `invalid connection "ab:p cd": invalid slot reference "cd": expected "SNAP:SLOT"`},
		{"AB:p cd:s", `invalid connection "AB:p cd:s": invalid plug reference "AB:p": invalid snap name "AB": use 2 to 40 characters of a-z, 0-9 and "-", with at least one letter and no "-" at either end or next to another`},
		{"ab:P cd:s", `invalid connection "ab:P cd:s": invalid plug reference "ab:P": invalid plug name "P": use a-z, 0-9 and single "-" between them, starting with a letter`},
		{"ab:p cd:S", `invalid connection "ab:p cd:S": invalid slot reference "cd:S": invalid slot name "S": use a-z, 0-9 and single "-" between them, starting with a letter`},
		{"ab_X:p cd:s", `invalid connection "ab_X:p cd:s": invalid plug reference "ab_X:p": invalid instance name "ab_X": invalid instance key "X": use 1 to 10 characters of a-z and 0-9`},
	} {
		_, err := interfaces.ParseConnRef(tc.in)
		assert.EqualError(t, err, tc.err)
	}
}

func TestRefOrder(t *testing.T) {
	refs := []interfaces.ConnRef{}
	for _, id := range []string{"bb:p cc:s", "aa:q cc:s", "aa:p dd:s", "aa:p cc:t", "aa:p cc:s"} {
		ref, err := interfaces.ParseConnRef(id)
		require.NoError(t, err)
		refs = append(refs, ref)
	}
	interfaces.SortConnRefs(refs)
	assert.Equal(t, []string{"aa:p cc:s", "aa:p cc:t", "aa:p dd:s", "aa:q cc:s", "bb:p cc:s"}, ids(refs))
	assert.True(t, interfaces.SlotRef{Snap: "a", Name: "z"}.Less(interfaces.SlotRef{Snap: "b", Name: "a"}))
}
