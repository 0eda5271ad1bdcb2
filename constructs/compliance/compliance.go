// Package compliance maps the controls of the CIS AWS Foundations Benchmark
// v3.0.0 and the AWS Foundational Security Best Practices standard (FSBP
// v1.0.0), by their Security Hub control ids, to what implements each in
// this landing zone: an SCP guardrail statement (its Sid), a rule of the
// synth-time pack (constructs/policycheck), an AWS Config organization
// managed rule, a construct default, and the Security Hub standard that
// checks it after deploy. Evaluate turns the mapping and one synth's policy
// report into the compliance matrix (compliance.md and compliance.json).
//
// It is plain Go: no jsii, no AWS calls.
package compliance

import (
	"fmt"
	"sort"
	"strings"

	"github.com/acme/landing-zone/constructs/policycheck"
)

// Framework names a standard of the matrix; the values are what -rules
// accepts.
type Framework string

// The frameworks of the matrix.
const (
	CIS  Framework = "cis"
	FSBP Framework = "fsbp"
)

// Frameworks lists the frameworks in report order.
var Frameworks = []Framework{CIS, FSBP}

// Title is the framework's full name and version.
func (f Framework) Title() string {
	switch f {
	case CIS:
		return "CIS AWS Foundations Benchmark v3.0.0"
	case FSBP:
		return "AWS Foundational Security Best Practices v1.0.0"
	}
	return string(f)
}

// ParseFramework reads a -rules value: "cis", "fsbp", or "" / "all" (nil:
// the whole pack).
func ParseFramework(s string) (*Framework, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "all":
		return nil, nil
	case string(CIS):
		f := CIS
		return &f, nil
	case string(FSBP):
		f := FSBP
		return &f, nil
	}
	return nil, fmt.Errorf("%q: must be all, cis or fsbp", s)
}

// Control is one Security Hub control and what implements it here.
type Control struct {
	// ID is the Security Hub control id, such as "S3.1".
	ID    string
	Title string
	// CIS is the control's CIS v3.0.0 requirement number ("2.1.4"), empty
	// when the control is not part of that benchmark.
	CIS string
	// FSBP is true when the control belongs to FSBP v1.0.0.
	FSBP bool
	// Rules are the policycheck rule ids that check it at synth.
	Rules []string
	// SCPs are the guardrail statement Sids that prevent its violation.
	SCPs []string
	// Config are the AWS Config managed rule identifiers of
	// orgbaseline.DefaultConfigRules that evaluate it after deploy.
	Config []string
	// Defaults describe construct defaults that implement it (for controls
	// no rule checks, such as GuardDuty features).
	Defaults []string
	// Note says what is missing or why, for controls not fully covered.
	Note string
}

// In reports whether c belongs to framework f.
func (c Control) In(f Framework) bool {
	if f == CIS {
		return c.CIS != ""
	}
	return c.FSBP
}

// Label is the control's name in framework f, as SARIF tags carry it:
// "CIS-3.0:2.1.4" or "FSBP:S3.8".
func (c Control) Label(f Framework) string {
	if f == CIS {
		return "CIS-3.0:" + c.CIS
	}
	return "FSBP:" + c.ID
}

// Controls returns the mapping, in table order.
func Controls() []Control { return append([]Control(nil), controls...) }

// RulesFor returns the ids of the policycheck rules that map to at least
// one control of framework f, in pack order.
func RulesFor(f Framework) []string {
	want := map[string]bool{}
	for _, c := range controls {
		if c.In(f) {
			for _, r := range c.Rules {
				want[r] = true
			}
		}
	}
	var out []string
	for _, r := range policycheck.Rules() {
		if want[r.ID] {
			out = append(out, r.ID)
		}
	}
	return out
}

// RuleControls returns, per policycheck rule id, the labels of the
// controls it maps to (both frameworks), sorted: the SARIF report's tags.
func RuleControls() map[string][]string {
	out := map[string][]string{}
	for _, c := range controls {
		for _, r := range c.Rules {
			for _, f := range Frameworks {
				if c.In(f) {
					out[r] = append(out[r], c.Label(f))
				}
			}
		}
	}
	for r, labels := range out {
		sort.Strings(labels)
		out[r] = dedup(labels)
	}
	return out
}

func dedup(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// SecurityHubSource is where the controls are described.
const SecurityHubSource = "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html"

// Sources of the framework control lists.
var Sources = map[Framework]string{
	CIS:  "https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html#cis3v0-standard",
	FSBP: "https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
}
