// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces/ifacetest"
)

func TestSnapSpecificationOrderAndTags(t *testing.T) {
	repo := newRepo(t)
	for _, id := range []string{"consumer:db provider:db2", "consumer:db provider:db", "consumer:net core:network", "consumer:checked provider:checked"} {
		_, err := repo.Connect(connRef(t, id), nil, nil)
		require.NoError(t, err)
	}
	spec := &ifacetest.RecordingSpec{}
	require.NoError(t, repo.SnapSpecification("consumer", spec))
	assert.Equal(t, []string{
		"permanent-plug checked [snap.consumer.app] checked",
		"connected-plug checked [snap.consumer.app] consumer:checked provider:checked",
		"permanent-plug db [snap.consumer.app snap.consumer.hook.install] db",
		"connected-plug db [snap.consumer.app snap.consumer.hook.install] consumer:db provider:db",
		"connected-plug db [snap.consumer.app snap.consumer.hook.install] consumer:db provider:db2",
		"permanent-plug checked [snap.consumer.app] denied",
		"permanent-plug network [snap.consumer.app snap.consumer.other] net",
		"connected-plug network [snap.consumer.app snap.consumer.other] consumer:net core:network",
		"permanent-plug picky [snap.consumer.app] picky-ok",
	}, spec.Calls)

	spec = &ifacetest.RecordingSpec{}
	require.NoError(t, repo.SnapSpecification("provider", spec))
	assert.Equal(t, []string{
		"permanent-slot checked [snap.provider.server] checked",
		"connected-slot checked [snap.provider.server] consumer:checked provider:checked",
		"permanent-slot db [snap.provider.server] db",
		"connected-slot db [snap.provider.server] consumer:db provider:db",
		"permanent-slot db [snap.provider.server] db2",
		"connected-slot db [snap.provider.server] consumer:db provider:db2",
	}, spec.Calls)

	spec = &ifacetest.RecordingSpec{}
	require.NoError(t, repo.SnapSpecification("core", spec))
	assert.Equal(t, []string{
		"permanent-slot network [] network",
		"connected-slot network [] consumer:net core:network",
		"permanent-slot picky [] picky",
	}, spec.Calls)
}

func TestSnapSpecificationErrors(t *testing.T) {
	repo := newRepo(t)
	_, err := repo.Connect(connRef(t, "consumer:db provider:db"), nil, nil)
	require.NoError(t, err)
	assert.EqualError(t, repo.SnapSpecification("ghost", &ifacetest.RecordingSpec{}), `cannot build the specification of snap "ghost": the repository has no such snap`)
	for _, tc := range []struct{ snap, failOn, err string }{
		{"consumer", "permanent-plug db", `cannot add the rules of plug consumer:db (interface "db"): refused by the recording specification`},
		{"consumer", "connected-plug db", `cannot add the rules of connection consumer:db provider:db (interface "db"): refused by the recording specification`},
		{"provider", "permanent-slot db", `cannot add the rules of slot provider:db (interface "db"): refused by the recording specification`},
		{"provider", "connected-slot db", `cannot add the rules of connection consumer:db provider:db (interface "db"): refused by the recording specification`},
	} {
		spec := &ifacetest.RecordingSpec{FailOn: tc.failOn}
		assert.EqualError(t, repo.SnapSpecification(tc.snap, spec), tc.err)
	}
}
