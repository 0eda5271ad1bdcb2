package compliance

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/orgbaseline"
	"github.com/acme/landing-zone/constructs/policycheck"
)

// guardrailSids reads the Sids of the guardrail statements from the
// source, so that a statement added there without a mapping fails here.
func guardrailSids(t *testing.T) map[string]bool {
	t.Helper()
	src, err := os.ReadFile("../orgbaseline/guardrails.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`Sid:\s*"(\w+)"`).FindAllStringSubmatch(string(src), -1) {
		out[m[1]] = true
	}
	if len(out) < 10 {
		t.Fatalf("found %d Sids in guardrails.go; the pattern no longer matches", len(out))
	}
	return out
}

func TestMappingNamesExist(t *testing.T) {
	rules := map[string]bool{}
	for _, r := range policycheck.Rules() {
		rules[r.ID] = true
	}
	sids := guardrailSids(t)
	config := map[string]bool{}
	for _, c := range orgbaseline.DefaultConfigRules {
		config[c] = true
	}
	seen := map[string]bool{}
	for _, c := range controls {
		if seen[c.ID] {
			t.Errorf("control %s: listed twice", c.ID)
		}
		seen[c.ID] = true
		if !c.FSBP && c.CIS == "" {
			t.Errorf("control %s: in neither framework", c.ID)
		}
		if c.Title == "" {
			t.Errorf("control %s: no title", c.ID)
		}
		for _, r := range c.Rules {
			if !rules[r] {
				t.Errorf("control %s: rule %q is not in the policycheck pack", c.ID, r)
			}
		}
		for _, s := range c.SCPs {
			if !sids[s] {
				t.Errorf("control %s: SCP statement %q is not a guardrail Sid", c.ID, s)
			}
		}
		for _, cr := range c.Config {
			if !config[cr] {
				t.Errorf("control %s: Config rule %q is not in orgbaseline.DefaultConfigRules", c.ID, cr)
			}
		}
		if len(c.Rules)+len(c.SCPs)+len(c.Config)+len(c.Defaults) == 0 && c.Note == "" {
			t.Errorf("control %s: not covered and no note saying why", c.ID)
		}
	}
	for id := range unmapped {
		if !rules[id] {
			t.Errorf("unmapped rule %q is not in the pack", id)
		}
	}
	for sid := range unmappedSids {
		if !sids[sid] {
			t.Errorf("unmapped Sid %q is not a guardrail Sid", sid)
		}
	}
}

func TestEveryRuleAndSidMapped(t *testing.T) {
	mappedRules := map[string]bool{}
	mappedSids := map[string]bool{}
	for _, c := range controls {
		for _, r := range c.Rules {
			mappedRules[r] = true
		}
		for _, s := range c.SCPs {
			mappedSids[s] = true
		}
	}
	for _, r := range policycheck.Rules() {
		_, listed := unmapped[r.ID]
		switch {
		case !mappedRules[r.ID] && !listed:
			t.Errorf("rule %s maps to no control: add it to a control in controls.go, or to unmapped with the reason", r.ID)
		case mappedRules[r.ID] && listed:
			t.Errorf("rule %s is mapped and also listed in unmapped", r.ID)
		}
	}
	for sid := range guardrailSids(t) {
		_, listed := unmappedSids[sid]
		switch {
		case !mappedSids[sid] && !listed:
			t.Errorf("guardrail statement %s maps to no control: add it to a control, or to unmappedSids with the reason", sid)
		case mappedSids[sid] && listed:
			t.Errorf("guardrail statement %s is mapped and also listed in unmappedSids", sid)
		}
	}
}

func TestRulesFor(t *testing.T) {
	for _, f := range Frameworks {
		ids := RulesFor(f)
		if len(ids) == 0 {
			t.Fatalf("%s: no rules", f)
		}
		for _, id := range ids {
			found := false
			for _, c := range controls {
				if c.In(f) && contains(c.Rules, id) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: rule %s selected but maps to no control of it", f, id)
			}
		}
	}
	// KMS-1 maps to KMS.4 only, which is CIS and not FSBP.
	if !contains(RulesFor(CIS), "KMS-1") || contains(RulesFor(FSBP), "KMS-1") {
		t.Errorf("KMS-1: want in cis, not in fsbp")
	}
}

func TestParseFramework(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		err  bool
	}{{"", "all", false}, {"all", "all", false}, {"cis", "cis", false}, {"FSBP", "fsbp", false}, {"nist", "", true}} {
		f, err := ParseFramework(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("%q: err %v", tc.in, err)
			continue
		}
		got := "all"
		if f != nil {
			got = string(*f)
		}
		if !tc.err && got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestEvaluateStatuses(t *testing.T) {
	rep := &policycheck.Report{Stacks: []*policycheck.StackReport{{Stack: "s", Findings: []policycheck.Finding{
		{RuleID: "S3-3", Severity: policycheck.Warning},
		{RuleID: "VPC-1", Severity: policycheck.Warning, Suppressed: true},
	}}}}
	m := Evaluate(Inputs{Report: rep, ConfigRules: []string{"IAM_PASSWORD_POLICY"}, SCPs: []string{"DenyRootUser"}})
	want := map[string]Status{
		"S3.5":      FindingsAtSynth, // S3-3 has an open finding
		"EC2.6":     MetAtSynth,      // VPC-1's finding is suppressed
		"IAM.7":     MetAtSynth,      // construct default
		"Account.1": NotCovered,
		"IAM.4":     MetAtSynth, // DenyRootUser is attached
		"IAM.8":     NotCovered, // DenyIAMUsers is not
	}
	got := map[string]Status{}
	for _, r := range m.Rows {
		if r.Framework == FSBP {
			got[r.Control] = r.Status
		}
	}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("%s: status %q, want %q", id, got[id], s)
		}
	}
	// A control with only a Config rule is monitored when that rule is
	// deployed, not covered when it is not.
	c := controls
	defer func() { controls = c }()
	controls = []Control{{ID: "X.1", Title: "x", FSBP: true, Config: []string{"IAM_PASSWORD_POLICY"}}}
	if s := Evaluate(Inputs{ConfigRules: []string{"IAM_PASSWORD_POLICY"}}).Rows[0].Status; s != Monitored {
		t.Errorf("config only: %s", s)
	}
	if s := Evaluate(Inputs{}).Rows[0].Status; s != NotCovered {
		t.Errorf("config rule not deployed: %s", s)
	}
	var b strings.Builder
	if err := Evaluate(Inputs{}).WriteMarkdown(&b); err != nil || !strings.Contains(b.String(), "X.1") {
		t.Errorf("markdown: %v\n%s", err, b.String())
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestGuardrailSids(t *testing.T) {
	stack := []byte(`{"resource": {"aws_organizations_policy": {
		"root": {"type": "SERVICE_CONTROL_POLICY", "content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyRootUser\"},{\"Sid\":\"DenyIAMUsers\"}]}"},
		"tags": {"type": "TAG_POLICY", "content": "{\"Statement\":[{\"Sid\":\"NotAnSCP\"}]}"},
		"ref": {"type": "SERVICE_CONTROL_POLICY", "content": "${data.x.json}"}
	}}}`)
	got, err := GuardrailSids(map[string][]byte{"organization": stack, "other": []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "DenyIAMUsers,DenyRootUser" {
		t.Errorf("got %v", got)
	}
	if _, err := GuardrailSids(map[string][]byte{"bad": []byte("{")}); err == nil || !strings.Contains(err.Error(), "stack bad") {
		t.Errorf("bad JSON: %v", err)
	}
}
