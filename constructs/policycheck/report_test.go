package policycheck

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleReport has an error, a warning and a suppressed finding.
func sampleReport(t *testing.T) *Report {
	t.Helper()
	rs := replace(noLogging(nil), "aws_s3_bucket_lifecycle_configuration", "b-lifecycle", nil)
	rs = append(rs, R("aws_sqs_queue", "q", obj{"kms_master_key_id": keyARN, "policy": doc(tlsDeny("sqs:*")),
		"//": obj{"suppressions": obj{"SQS-2": "consumers delete poison messages themselves"}}}))
	return &Report{Stacks: []*StackReport{mustCheck(t, Options{}, rs...)}}
}

func TestJSONReport(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleReport(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Tool    string
		Summary struct{ Stacks, Rules, Errors, Warnings, Suppressed int }
		Stacks  []struct {
			Stack, File                                       string
			Resources, RulesRun, Errors, Warnings, Suppressed int
			Findings                                          []map[string]any
			Suppressions                                      []map[string]any
		}
		Rules []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Tool != toolName || got.Summary.Stacks != 1 || got.Summary.Rules != len(pack) ||
		got.Summary.Errors != 1 || got.Summary.Warnings != 1 || got.Summary.Suppressed != 1 {
		t.Errorf("summary %+v", got.Summary)
	}
	s := got.Stacks[0]
	if s.Stack != "test" || s.File != "stacks/test/cdk.tf.json" || s.Resources != 7 || s.Errors != 1 || len(s.Findings) != 3 {
		t.Errorf("stack %+v", s)
	}
	for _, f := range s.Findings {
		for _, k := range []string{"ruleId", "severity", "stack", "path", "address", "message", "fix", "suppressed"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding without %s: %v", k, f)
			}
		}
	}
	sup := s.Suppressions[0]
	if sup["ruleId"] != "SQS-2" || sup["reason"] != "consumers delete poison messages themselves" || sup["source"] != "construct" || sup["suppressed"] != 1.0 {
		t.Errorf("suppression %v", sup)
	}
	if len(got.Rules) != len(pack)+len(metaRules) || got.Rules[0]["id"] != "S3-1" || got.Rules[0]["checkov"] == nil {
		t.Errorf("rules: %d, first %v", len(got.Rules), got.Rules[0])
	}
}

// TestSARIF checks the fields SARIF 2.1.0 requires and code scanning reads.
func TestSARIF(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleReport(t).WriteSARIF(&buf); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log["version"] != "2.1.0" || !strings.Contains(log["$schema"].(string), "sarif-schema-2.1.0.json") {
		t.Errorf("version %v, $schema %v", log["version"], log["$schema"])
	}
	runs := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != toolName {
		t.Errorf("driver name %v", driver["name"])
	}
	rules := driver["rules"].([]any)
	ids := map[string]int{}
	for i, r := range rules {
		r := r.(map[string]any)
		id, _ := r["id"].(string)
		text, _ := r["shortDescription"].(map[string]any)["text"].(string)
		if id == "" || text == "" {
			t.Errorf("rule %d: id %q, shortDescription %q", i, id, text)
		}
		ids[id] = i
	}
	if len(rules) != len(pack)+len(metaRules) {
		t.Errorf("%d rules", len(rules))
	}
	results := run["results"].([]any)
	if len(results) != 3 {
		t.Fatalf("%d results, want 3", len(results))
	}
	levels := map[string]int{}
	for _, r := range results {
		r := r.(map[string]any)
		id := r["ruleId"].(string)
		if int(r["ruleIndex"].(float64)) != ids[id] {
			t.Errorf("%s: ruleIndex %v, want %d", id, r["ruleIndex"], ids[id])
		}
		levels[r["level"].(string)]++
		if r["message"].(map[string]any)["text"] == "" {
			t.Errorf("%s: no message", id)
		}
		loc := r["locations"].([]any)[0].(map[string]any)
		phys := loc["physicalLocation"].(map[string]any)
		if uri := phys["artifactLocation"].(map[string]any)["uri"]; uri != "stacks/test/cdk.tf.json" {
			t.Errorf("%s: uri %v", id, uri)
		}
		if line := phys["region"].(map[string]any)["startLine"].(float64); line < 1 {
			t.Errorf("%s: startLine %v", id, line)
		}
		logical := loc["logicalLocations"].([]any)[0].(map[string]any)
		if !strings.HasPrefix(logical["fullyQualifiedName"].(string), "test/") {
			t.Errorf("%s: logical location %v", id, logical)
		}
		if id == "SQS-2" {
			sup := r["suppressions"].([]any)[0].(map[string]any)
			if sup["kind"] != "inSource" || sup["justification"] != "consumers delete poison messages themselves" {
				t.Errorf("suppression %v", sup)
			}
		} else if r["suppressions"] != nil {
			t.Errorf("%s: unexpected suppressions", id)
		}
	}
	if levels["error"] != 2 || levels["warning"] != 1 { // the suppressed SQS-2 keeps its level
		t.Errorf("levels %v", levels)
	}
}

func TestCheckOutdirAndWriteFiles(t *testing.T) {
	dir := t.TempDir()
	for name, rs := range map[string][]res{"b-stack": noLogging(nil), "a-stack": goodBucket()} {
		if err := os.MkdirAll(filepath.Join(dir, "stacks", name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "stacks", name, "cdk.tf.json"), tf(t, rs...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := CheckOutdir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "a-stack: 12 rules, 0 errors, 0 warnings, 0 suppressed\nb-stack: 12 rules, 1 errors, 0 warnings, 0 suppressed\n"
	if rep.Summary() != want || rep.Errors() != 1 {
		t.Errorf("summary %q", rep.Summary())
	}
	if err := rep.Err(); err == nil || !strings.Contains(err.Error(), "stack b-stack: test/b") {
		t.Errorf("Err %v", err)
	}
	if err := rep.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{JSONReportName, SARIFReportName} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !json.Valid(data) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := CheckOutdir(t.TempDir(), Options{}); err == nil {
		t.Error("no error for an output directory without stacks")
	}
}
