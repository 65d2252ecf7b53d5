// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package policytest_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/check.v1"

	"github.com/plugpolicy/plugpolicy/policytest"
)

// TestGocheck runs the gocheck suites registered with check.Suite.
func TestGocheck(t *testing.T) { check.TestingT(t) }

// passingSuite is a gocheck suite as a user writes one: it checks a
// rendered profile against a golden file of testdata/.
type passingSuite struct{}

var _ = check.Suite(&passingSuite{})

func (*passingSuite) TestProfileMatches(c *check.C) {
	c.Assert(profile(rules(3)...), policytest.MatchesGolden, filepath.Join("testdata", "gocheck.golden"))
	c.Assert([]byte(profile(rules(3)...)), policytest.MatchesGolden, filepath.Join("testdata", "gocheck.golden"))
}

// mixedSuite has one test that matches its golden file and two that do
// not; TestGocheckChecker runs it with gocheck's runner.
type mixedSuite struct{ dir string }

func (s *mixedSuite) TestMatches(c *check.C) {
	c.Check(profile(rules(3)...), policytest.MatchesGolden, filepath.Join(s.dir, "same.golden"))
}

func (s *mixedSuite) TestDiffers(c *check.C) {
	changed := rules(3)
	changed[1] = "/usr/lib/demo/lib01.so r,"
	c.Check([]byte(profile(changed...)), policytest.MatchesGolden, filepath.Join(s.dir, "differs.golden"))
}

func (s *mixedSuite) TestNotBytes(c *check.C) {
	c.Check(42, policytest.MatchesGolden, filepath.Join(s.dir, "same.golden"))
}

func TestGocheckChecker(t *testing.T) {
	setUpdate(t, false)
	dir := t.TempDir()
	writeOld(t, filepath.Join(dir, "same.golden"), profile(rules(3)...))
	writeOld(t, filepath.Join(dir, "differs.golden"), profile(rules(3)...))
	var out bytes.Buffer
	result := check.Run(&mixedSuite{dir}, &check.RunConf{Output: &out})
	assert.Equal(t, 1, result.Succeeded, out.String())
	assert.Equal(t, 2, result.Failed, out.String())
	differs := filepath.Join(dir, "differs.golden")
	assert.Contains(t, out.String(), "\n... "+differs+" differs from what was rendered (run go test with -update to accept):\n"+
		"--- "+differs+" (golden)\n"+
		"+++ "+differs+" (rendered)\n"+
		"@@ -2,6 +2,6 @@\n"+
		" \n"+
		" profile \"snap.demo.app\" (attach_disconnected) {\n"+
		"   /usr/lib/demo/lib00.so mr,\n"+
		"-  /usr/lib/demo/lib01.so mr,\n"+
		"+  /usr/lib/demo/lib01.so r,\n"+
		"   /usr/lib/demo/lib02.so mr,\n"+
		" }\n")
	// The report names the obtained value by its size, not its content.
	assert.Contains(t, out.String(), `... obtained string = "164 bytes"`)
	assert.Contains(t, out.String(), "obtained value must be []byte or string, not int")

	setUpdate(t, true)
	out.Reset()
	result = check.Run(&mixedSuite{dir}, &check.RunConf{Output: &out})
	assert.Equal(t, 2, result.Succeeded, out.String())
	assert.Equal(t, 1, result.Failed, "only the int fails under -update:\n%s", out.String())
	content, _ := readFile(t, differs)
	require.Contains(t, content, "lib01.so r,\n")
}
