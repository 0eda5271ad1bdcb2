package policycheck

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestOptionsRulesSelectThePack(t *testing.T) {
	// noLogging fails S3-1 only; with S3-1 left out nothing is found.
	rep := mustCheck(t, Options{Rules: []string{"S3-2", "S3-3"}}, noLogging(nil)...)
	if len(rep.Findings) != 0 {
		t.Errorf("S3-1 not selected, got %v", rep.Findings)
	}
	rep = mustCheck(t, Options{Rules: []string{"S3-1"}}, noLogging(nil)...)
	if len(findings(rep, "S3-1")) != 1 || rep.RulesRun != 1 {
		t.Errorf("S3-1 selected: findings %v, rules run %d", rep.Findings, rep.RulesRun)
	}
	// Suppressions work the same: a construct suppression of a rule that
	// did not run is not stale, and one of a rule that ran still is.
	rs := replace(goodBucket(), "aws_s3_bucket", "b", obj{"bucket": "acme-b", "//": obj{"suppressions": obj{"S3-1": "logs elsewhere"}}})
	if got := findings(mustCheck(t, Options{Rules: []string{"S3-2"}}, rs...), ruleSuppressStale); len(got) != 0 {
		t.Errorf("unselected rule's suppression reported stale: %v", got)
	}
	if got := findings(mustCheck(t, Options{Rules: []string{"S3-1"}}, rs...), ruleSuppressStale); len(got) != 1 {
		t.Errorf("selected rule's stale suppression not reported: %v", got)
	}
	rep = mustCheck(t, Options{Rules: []string{"S3-1"}}, noLogging(obj{"suppressions": obj{"S3-1": "receives the trail's logs only"}})...)
	if f := findings(rep, "S3-1"); len(f) != 1 || !f[0].Suppressed {
		t.Errorf("construct suppression under a selection: %v", rep.Findings)
	}
}

func TestOptionsRulesUnknownID(t *testing.T) {
	_, err := Check("test", tf(t, goodBucket()...), Options{Rules: []string{"S3-1", "NOPE-1"}})
	if err == nil || !strings.Contains(err.Error(), `Options.Rules[1] "NOPE-1"`) {
		t.Errorf("error %v", err)
	}
}

func TestSARIFCarriesControls(t *testing.T) {
	rep := sampleReport(t)
	rep.Controls = map[string][]string{"S3-1": {"FSBP:S3.9"}}
	var buf bytes.Buffer
	if err := rep.WriteSARIF(&buf); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string `json:"id"`
						Properties struct {
							Tags []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID     string `json:"ruleId"`
				Properties struct {
					Stack string   `json:"stack"`
					Tags  []string `json:"tags"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if r.ID == "S3-1" && strings.Join(r.Properties.Tags, ",") != "security,terraform,aws,FSBP:S3.9" {
			t.Errorf("S3-1 rule tags %v", r.Properties.Tags)
		}
	}
	found := false
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "S3-1" {
			found = true
			if len(r.Properties.Tags) != 1 || r.Properties.Tags[0] != "FSBP:S3.9" || r.Properties.Stack != "test" {
				t.Errorf("S3-1 result properties %+v", r.Properties)
			}
		}
	}
	if !found {
		t.Error("no S3-1 result")
	}
}
