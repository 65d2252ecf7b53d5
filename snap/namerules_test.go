// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package snap

import (
	"regexp"
	"strings"
	"testing"
)

// The name checks are written byte by byte; these are the regular
// expressions they stand for.
var nameRules = []struct {
	name  string
	check func(string) bool
	re    *regexp.Regexp
	extra func(string) bool
}{
	{"snap name", isValidSnapName, regexp.MustCompile(`^[a-z0-9-]*[a-z][a-z0-9-]*$`), func(s string) bool {
		return s != "" && s[0] != '-' && s[len(s)-1] != '-' && !strings.Contains(s, "--")
	}},
	{"plug, slot, interface or hook name", isPlugSlotIfaceName, regexp.MustCompile(`^[a-z](?:-?[a-z0-9])*$`), nil},
	{"app name", isValidAppName, regexp.MustCompile(`^[a-zA-Z0-9](?:-?[a-zA-Z0-9])*$`), nil},
	{"version", isValidVersion, regexp.MustCompile(`^[a-zA-Z0-9](?:[a-zA-Z0-9:.+~-]{0,30}[a-zA-Z0-9+~])?$`), nil},
	{"command", isAppText, regexp.MustCompile(`^[A-Za-z0-9/. _#:$-]*$`), nil},
	{"command chain", isChainText, regexp.MustCompile(`^[A-Za-z0-9/._#:$-]*$`), nil},
}

func checkNameRules(t *testing.T, s string) {
	for _, rule := range nameRules {
		want := rule.re.MatchString(s) && (rule.extra == nil || rule.extra(s))
		if got := rule.check(s); got != want {
			t.Fatalf("%s %q: got %v, the regular expression says %v", rule.name, s, got, want)
		}
	}
}

// TestNameRulesMatchTheirExpressions tries every string of up to four
// characters of an alphabet that has each class the rules tell apart, and
// versions around the length limit.
func TestNameRulesMatchTheirExpressions(t *testing.T) {
	alphabet := []string{"a", "Q", "0", "-", "_", ".", "+", "~", " ", "\xc3\xa9", "\xff"}
	all := []string{""}
	last := []string{""}
	for n := 0; n < 4; n++ {
		var longer []string
		for _, w := range last {
			for _, c := range alphabet {
				longer = append(longer, w+c)
			}
		}
		all, last = append(all, longer...), longer
	}
	checked := 0
	for _, n := range []int{30, 31, 32, 33} {
		all = append(all, strings.Repeat("a", n), "1"+strings.Repeat(".", n-2)+"~", strings.Repeat("a", n-1)+"-")
	}
	for _, w := range all {
		checkNameRules(t, w)
		checked++
	}
	if checked != 1+11+121+1331+14641+12 {
		t.Fatalf("only %d strings checked", checked)
	}
}

func FuzzNameRules(f *testing.F) {
	for _, s := range []string{"", "a", "a-b", "a--b", "-a", "a-", "1a", "A-1", "kube-node", "network-bind", "1.2.3+git~1", "bin/app --x"} {
		f.Add(s)
	}
	f.Fuzz(checkNameRules)
}
