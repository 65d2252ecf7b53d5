// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package kubernetes

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDropSnapPaths(t *testing.T) {
	rules := `  # Interface demo
  #include <abstractions/nameservice>
  /etc/demo.conf r,  # a comment naming /snap/ is no rule
  @{SNAP}/bin/demo ix,
  dbus send
       bus=system
       path="/org/example"
       peer=(label=snap.@{SNAP_INSTANCE_NAME}.*),
  dbus send
       bus=system
       path="/org/example",
  /var/snap/@{SNAP_INSTANCE_NAME}/common/** rw,
  profile child (attach_disconnected) {
    /usr/bin/child rm,
    /snap/core24/current/usr/bin/x ix,
  }
  profile snap-update-ns.demo {
    /** r,
  }
  /{,usr/}bin/true ixr,`
	kept, dropped, err := dropSnapPaths(strings.Split(rules, "\n"))
	require.NoError(t, err)
	assert.Equal(t, `  # Interface demo
  #include <abstractions/nameservice>
  /etc/demo.conf r,  # a comment naming /snap/ is no rule
  dbus send
       bus=system
       path="/org/example",
  profile child (attach_disconnected) {
    /usr/bin/child rm,
  }
  /{,usr/}bin/true ixr,`, strings.Join(kept, "\n"))
	assert.Equal(t, []string{
		"@{SNAP}/bin/demo ix,",
		`dbus send bus=system path="/org/example" peer=(label=snap.@{SNAP_INSTANCE_NAME}.*),`,
		"/var/snap/@{SNAP_INSTANCE_NAME}/common/** rw,",
		"/snap/core24/current/usr/bin/x ix,",
		"profile snap-update-ns.demo { ... }",
	}, dropped)
}

func TestDropSnapPathsUnclosedBlock(t *testing.T) {
	_, _, err := dropSnapPaths([]string{"  profile child {", "  /a r,"})
	assert.ErrorContains(t, err, `the block opened by "profile child {" is not closed`)
}

func TestProfileName(t *testing.T) {
	assert.Equal(t, "plugpolicy-kube-node-kubelet", ProfileName("kube-node", "kubelet"))
	assert.Equal(t, "plugpolicy-kube-node-foo-kubectl", ProfileName("kube-node_foo", "Kubectl"))
}

func TestLeftOutSummary(t *testing.T) {
	assert.Equal(t, "0 rules that name the snap's own paths", LeftOutSummary(0))
	assert.Equal(t, "1 rule that names the snap's own paths", LeftOutSummary(1))
	assert.Equal(t, "15 rules that name the snap's own paths", LeftOutSummary(15))
}
