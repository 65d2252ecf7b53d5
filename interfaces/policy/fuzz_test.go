// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policy

import (
	"strings"
	"testing"
)

// FuzzSnapDeclaration feeds arbitrary documents to ParseSnapDeclaration.
// It must never panic; an error names the file; the same input gives the
// same result again; an accepted declaration has a valid snap name and a
// rule for every interface it lists.
func FuzzSnapDeclaration(f *testing.F) {
	for _, s := range []string{
		"snap-name: kube-node\nplugs:\n  kubernetes-support:\n    allow-installation: true\n    allow-auto-connection: true\n",
		"snap-name: app\npublisher-id: acme\nplugs:\n  priv:\n    allow-installation: true\nslots:\n  priv:\n    allow-installation:\n      slot-snap-type: [app]\n",
		"type: snap-declaration\nsnap-name: a-b\nsnap-id: x\nslots:\n  content:\n    allow-connection:\n      plug-attributes:\n        content: $SLOT(content)\n",
		"snap-name: ab\nplugs:\n  network:\n    deny-auto-connection:\n      - on-classic: false\n      - plug-snap-id: [a, b]\n",
		"snap-name: ab\nplugs:\n  x:\n    allow-auto-connection:\n      slots-per-plug: '*'\n      plug-attributes: {a: /x.*, b: [1, 2]}\n",
		"snap-name: a\n---\nsnap-name: b\n", "snap-name: a\nsnap-name: b\n", "{snap-name: a, snap-name: b}\n",
		"snap-name: a\nplugs: &x {n: *x}\n", "", "~\n", "[1]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := ParseSnapDeclaration("f.yaml", data)
		again, err2 := ParseSnapDeclaration("f.yaml", data)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("parsing twice gave %v, then %v", err, err2)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "snap declaration f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if sd.SnapName == "" || again.SnapName != sd.SnapName {
			t.Fatalf("snap name %q, then %q", sd.SnapName, again.SnapName)
		}
		for _, iface := range sd.Interfaces() {
			if sd.PlugRule(iface) == nil && sd.SlotRule(iface) == nil {
				t.Fatalf("interface %q is listed without a rule", iface)
			}
		}
	})
}
