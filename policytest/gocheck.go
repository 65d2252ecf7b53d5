// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest

import (
	"fmt"

	"gopkg.in/check.v1"
)

// MatchesGolden is the gopkg.in/check.v1 checker of Golden: it checks
// that the obtained value, a []byte or a string, is the content of the
// golden file whose path is its argument,
//
//	c.Assert(profile, policytest.MatchesGolden, "testdata/snap.kube-node.kubelet")
//
// failing with the same unified diff, and under -update writing the file
// when it differs and passing.
var MatchesGolden check.Checker = &goldenChecker{&check.CheckerInfo{
	Name:   "MatchesGolden",
	Params: []string{"obtained", "golden file"},
}}

type goldenChecker struct {
	*check.CheckerInfo
}

// Check compares params[0] with the file params[1]. On a failure it
// replaces the obtained value by its size, so that gocheck's report shows
// the diff and not the whole content.
func (*goldenChecker) Check(params []any, names []string) (bool, string) {
	path, ok := params[1].(string)
	if !ok {
		return false, fmt.Sprintf("golden file must be a path (string), not %T", params[1])
	}
	var got []byte
	switch v := params[0].(type) {
	case []byte:
		got = v
	case string:
		got = []byte(v)
	default:
		return false, fmt.Sprintf("obtained value must be []byte or string, not %T", params[0])
	}
	if problem := checkFile(path, got); problem != "" {
		params[0] = fmt.Sprintf("%d bytes", len(got))
		return false, problem
	}
	return true, ""
}
