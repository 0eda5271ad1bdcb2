package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/compliance"
	"github.com/acme/landing-zone/constructs/policycheck"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// The example's compliance matrix, pinned like the cost estimate.
var complianceGoldenMD = filepath.Join("testdata", "compliance", "example.md")

const (
	readmeComplianceBegin = "<!-- compliance:begin (generated: go test ./test -run TestCompliance -update) -->\n"
	readmeComplianceEnd   = "<!-- compliance:end -->"
)

// publishExample publishes the once-synthesized example stacks (no second
// synth) through stacks.Publish with the given rule pack, as main does.
func publishExample(t *testing.T, fw *compliance.Framework) (*policycheck.Report, *compliance.Matrix, string) {
	t.Helper()
	raw, _ := exampleOrg(t)
	outdir := filepath.Join(t.TempDir(), "cdktf.out")
	staging, err := stacks.StagingDir(outdir)
	require.NoError(t, err)
	for name, data := range raw {
		dir := filepath.Join(staging, "stacks", name)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cdk.tf.json"), []byte(data), 0o644))
	}
	model := org.Example()
	var m *compliance.Matrix
	rep, err := stacks.Publish(staging, outdir, stacks.PublishOptions{
		CostAssumptions: model.CostAssumptions,
		Framework:       fw,
		ConfigRules:     stacks.ConfigRules(model.ConfigRules),
		Compliance:      func(x *compliance.Matrix) { m = x },
	})
	require.NoError(t, err)
	require.NotNil(t, m)
	return rep, m, outdir
}

// TestCompliance: every synth writes compliance.md and compliance.json;
// the example's matrix is pinned in testdata and its totals and uncovered
// controls in the README (`go test ./test -run TestCompliance -update`
// rewrites both); SARIF results carry their rule's controls.
func TestCompliance(t *testing.T) {
	_, m, outdir := publishExample(t, nil)
	for _, f := range []string{stacks.ComplianceReport, stacks.ComplianceMarkdown} {
		assert.FileExists(t, filepath.Join(outdir, f))
	}
	var js struct {
		Rows   []compliance.Row                                   `json:"rows"`
		Totals map[compliance.Framework]map[compliance.Status]int `json:"totals"`
	}
	data, err := os.ReadFile(filepath.Join(outdir, stacks.ComplianceReport))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &js))
	assert.Equal(t, len(m.Rows), len(js.Rows))
	for _, r := range js.Rows {
		assert.NotEqual(t, compliance.FindingsAtSynth, r.Status, "the example passes the checks: %s %s", r.Framework, r.Control)
	}
	// A rule mapped to a control the example meets at synth.
	for _, r := range m.Rows {
		if r.Framework == compliance.CIS && r.Control == "S3.5" {
			assert.Equal(t, compliance.MetAtSynth, r.Status)
			assert.Equal(t, "2.1.1", r.Requirement)
		}
		// The example's SCPs contain DenyRootUser, read from the
		// synthesized organization stack.
		if r.Control == "IAM.4" {
			assert.Contains(t, r.SCPs, "DenyRootUser", r.Framework)
		}
	}

	// SARIF: the S3-3 rule carries its controls.
	sarifData, err := os.ReadFile(filepath.Join(outdir, stacks.PolicySARIF))
	require.NoError(t, err)
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Properties struct{ Tags []string } `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(sarifData, &sarif))
	for _, r := range sarif.Runs[0].Tool.Driver.Rules {
		if r.ID == "S3-3" {
			assert.Contains(t, r.Properties.Tags, "CIS-3.0:2.1.1")
			assert.Contains(t, r.Properties.Tags, "FSBP:S3.5")
		}
	}

	gotMD, err := os.ReadFile(filepath.Join(outdir, stacks.ComplianceMarkdown))
	require.NoError(t, err)
	checkREADMECompliance(t, m)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(complianceGoldenMD), 0o755))
		require.NoError(t, os.WriteFile(complianceGoldenMD, gotMD, 0o644))
		return
	}
	want, err := os.ReadFile(complianceGoldenMD)
	require.NoError(t, err, "run `go test ./test -run TestCompliance -update` to create it")
	if string(want) != string(gotMD) {
		t.Errorf("compliance.md of the example differs from %s (if intended: go test ./test -run TestCompliance -update; review the diff)", complianceGoldenMD)
	}
}

func checkREADMECompliance(t *testing.T, m *compliance.Matrix) {
	t.Helper()
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(data)
	begin := strings.Index(readme, readmeComplianceBegin)
	end := strings.Index(readme, readmeComplianceEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README.md lacks the compliance markers %q ... %q", readmeComplianceBegin, readmeComplianceEnd)
	}
	begin += len(readmeComplianceBegin)
	want := "```\n" + m.Summary() + "```\n"
	if readme[begin:end] == want {
		return
	}
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(readme[:begin]+want+readme[end:]), 0o644))
		return
	}
	t.Errorf("README.md's compliance totals are stale; regenerate them: go test ./test -run TestCompliance -update\nwant:\n%s", want)
}

// TestRulesByFramework: -rules cis and -rules fsbp run only the rules
// mapped to that framework, on the example with its suppressions, and the
// example still passes with neither errors nor stale-suppression warnings.
func TestRulesByFramework(t *testing.T) {
	allRep, _, _ := publishExample(t, nil)
	allRun := 0
	for _, s := range allRep.Stacks {
		allRun += s.RulesRun
	}
	for _, fw := range compliance.Frameworks {
		fw := fw
		selected := compliance.RulesFor(fw)
		rep, m, outdir := publishExample(t, &fw)
		assert.Equal(t, 0, rep.Errors(), "%s: %s", fw, rep.Summary())
		run := 0
		for _, s := range rep.Stacks {
			run += s.RulesRun
			assert.Equal(t, 0, s.Warnings(), "%s: %s", fw, s.Summary())
			for _, f := range s.Findings {
				if !strings.HasPrefix(f.RuleID, "LZ-SUPPRESS-") {
					assert.True(t, slices.Contains(selected, f.RuleID), "%s: finding of unselected rule %s", fw, f.RuleID)
				}
			}
		}
		assert.Less(t, run, allRun, "%s runs fewer rules than the whole pack", fw)
		assert.Equal(t, string(fw), m.RulesSelected)
		assert.Equal(t, []compliance.Framework{fw}, m.Frameworks, "only the selected framework is listed")
		for _, r := range m.Rows {
			assert.Equal(t, fw, r.Framework)
			assert.NotEqual(t, compliance.FindingsAtSynth, r.Status)
		}
		data, err := os.ReadFile(filepath.Join(outdir, stacks.ComplianceReport))
		require.NoError(t, err)
		assert.Contains(t, string(data), `"rulesSelected": "`+string(fw)+`"`)
	}
}
