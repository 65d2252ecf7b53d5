// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package interfaces_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/interfaces/ifacetest"
	"github.com/plugpolicy/plugpolicy/snap"
)

// TestConcurrentUse connects, disconnects, reads and builds specifications
// from many goroutines at once. Run under -race (as run-checks does), it
// shows the repository's locking is complete; the final state shows that
// no operation was lost.
func TestConcurrentUse(t *testing.T) {
	repo := newRepo(t)
	const workers = 8
	const rounds = 50
	// Each worker owns one parallel instance of the consumer, so its
	// connects and disconnects do not collide with the others'.
	for w := 0; w < workers; w++ {
		info, err := snap.Parse([]byte(consumerYAML), snap.Options{InstanceKey: fmt.Sprintf("w%d", w)})
		require.NoError(t, err)
		_, err = repo.AddSnap(info)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*4)
	for w := 0; w < workers; w++ {
		wg.Add(2)
		name := fmt.Sprintf("consumer_w%d", w)
		go func() {
			defer wg.Done()
			ref := interfaces.ConnRef{PlugRef: interfaces.PlugRef{Snap: name, Name: "db"}, SlotRef: interfaces.SlotRef{Snap: "provider", Name: "db"}}
			for i := 0; i < rounds; i++ {
				conn, err := repo.Connect(ref, map[string]interface{}{"round": i}, nil)
				if err != nil {
					errs <- err
					continue
				}
				var round int
				if err := conn.Plug.Attr("round", &round); err != nil || round != i {
					errs <- fmt.Errorf("round %d: got %d, %v", i, round, err)
				}
				if err := repo.Disconnect(ref); err != nil {
					errs <- err
				}
			}
			// Leave one connection per worker behind.
			if _, err := repo.Connect(ref, nil, nil); err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				if _, err := repo.Connections("provider"); err != nil {
					errs <- err
				}
				if err := repo.SnapSpecification("provider", &ifacetest.RecordingSpec{}); err != nil {
					errs <- err
				}
				_ = repo.AllSlots("db")
				_ = repo.Snaps()
				if _, err := repo.ResolveConnect(name, "net", "", ""); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	refs, err := repo.Connections("provider")
	require.NoError(t, err)
	assert.Len(t, refs, workers)
}
