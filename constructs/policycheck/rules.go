package policycheck

import lztags "github.com/acme/landing-zone/constructs/tags"

// The rule ids of the findings about suppressions themselves.
const (
	ruleSuppressNoReason = "LZ-SUPPRESS-1"
	ruleSuppressUnknown  = "LZ-SUPPRESS-2"
	ruleSuppressStale    = "LZ-SUPPRESS-3"
)

// InternetFacingTag marks a security group that is meant to be reached
// from the internet, such as the group of an internet-facing load
// balancer: with the value "true", HTTP and HTTPS from 0.0.0.0/0 or ::/0
// are expected on it rather than reported (rule VPC-5).
const InternetFacingTag = lztags.InternetFacing

// pack is the rule pack in table order; it is never modified.
var pack = concat(
	s3Rules,
	vpcRules,
	rdsRules,
	apigwRules,
	lambdaRules,
	dynamodbRules,
	sqsSNSRules,
	logsKMSRules,
	iamRules,
	auditRules,
	computeRules,
	webRules,
	cacheRules,
	ecsRules,
	cloudfrontRules,
	analyticsRules,
	storageRules,
	storageARules,
	conflictRules,
)

// metaRules judge suppressions. They run on every stack and cannot be
// suppressed.
var metaRules = []Rule{
	{
		ID:          ruleSuppressNoReason,
		Severity:    Error,
		Description: "Every suppression says why the rule does not apply.",
		Fix:         `give the reason: AddOverride("//.suppressions.<RULE-ID>", "<why the rule does not apply here>")`,
	},
	{
		ID:          ruleSuppressUnknown,
		Severity:    Error,
		Description: "Every suppression names a rule of the pack.",
		Fix:         "use a rule id from RULES.md; the LZ-SUPPRESS rules cannot be suppressed",
	},
	{
		ID:          ruleSuppressStale,
		Severity:    Warning,
		Description: "Every suppression suppresses a finding.",
		Fix:         "remove the suppression: the resource passes the rule, and a stale suppression would hide its next real finding",
	},
}

var (
	ruleByID  = index(pack)
	metaByID  = index(metaRules)
	ruleOrder = order(append(append([]Rule(nil), pack...), metaRules...))
)

// Rules returns the rule pack in table order.
func Rules() []Rule { return append([]Rule(nil), pack...) }

// MetaRules returns the rules about suppressions.
func MetaRules() []Rule { return append([]Rule(nil), metaRules...) }

func concat(groups ...[]Rule) []Rule {
	var out []Rule
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func index(rules []Rule) map[string]*Rule {
	out := map[string]*Rule{}
	for i := range rules {
		out[rules[i].ID] = &rules[i]
	}
	return out
}

func order(rules []Rule) map[string]int {
	out := map[string]int{}
	for i, r := range rules {
		out[r.ID] = i
	}
	return out
}
