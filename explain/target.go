// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package explain

import (
	"fmt"
	"strings"

	"github.com/plugpolicy/plugpolicy"
)

// Target is an app or hook of a compiled snap.
type Target struct {
	// Snap is the snap's instance name.
	Snap string
	// Name is the app's name, or "hook.NAME".
	Name string
}

// FindTarget finds the app or hook that arg names among the result's
// snaps: "APP" or "hook.NAME" of any snap (it must be unique), or
// "SNAP.APP" and "SNAP.hook.NAME" of one. Snap, app and hook names have
// no dots, so the forms do not overlap unless a snap is named "hook";
// then a name both forms match is ambiguous, and an error.
func FindTarget(res *plugpolicy.Result, arg string) (Target, error) {
	var found []Target
	for _, s := range res.Snaps {
		if _, err := securityTag(&s, arg); err == nil {
			found = append(found, Target{s.Name, arg})
		}
		if name, rest, ok := strings.Cut(arg, "."); ok && name == s.Name {
			if _, err := securityTag(&s, rest); err == nil {
				found = append(found, Target{s.Name, rest})
			}
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		var names []string
		for _, t := range found {
			names = append(names, t.Snap+"."+t.Name)
		}
		return Target{}, fmt.Errorf("%q is ambiguous: it names %s; use SNAP.APP", arg, strings.Join(names, " and "))
	case len(res.Snaps) == 1:
		_, err := securityTag(&res.Snaps[0], arg)
		return Target{}, err
	}
	var all []string
	for _, s := range res.Snaps {
		all = append(all, fmt.Sprintf("snap %q: %s", s.Name, strings.Join(targetNames(&s), ", ")))
	}
	return Target{}, fmt.Errorf("no snap has an app or hook %q (%s)", arg, strings.Join(all, "; "))
}

// securityTag returns the security tag of the app or "hook.NAME" of the
// snap, or an error naming the snap and listing its apps and hooks.
func securityTag(s *plugpolicy.SnapResult, target string) (string, error) {
	if name, ok := strings.CutPrefix(target, "hook."); ok {
		if hook := s.Info.Hooks[name]; hook != nil {
			return hook.SecurityTag(), nil
		}
	} else if app := s.Info.Apps[target]; app != nil {
		return app.SecurityTag(), nil
	}
	return "", fmt.Errorf("snap %q has no app or hook %q: it has %s", s.Name, target, strings.Join(targetNames(s), ", "))
}

// targetNames are the snap's apps and hooks, as targets, sorted.
func targetNames(s *plugpolicy.SnapResult) []string {
	var out []string
	for _, app := range s.Info.SortedApps() {
		out = append(out, app.Name)
	}
	for _, hook := range s.Info.SortedHooks() {
		out = append(out, "hook."+hook.Name)
	}
	if len(out) == 0 {
		return []string{"no apps or hooks"}
	}
	return out
}
