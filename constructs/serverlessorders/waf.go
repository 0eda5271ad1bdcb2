package serverlessorders

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/wafv2webacl"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/wafv2webaclassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/wafv2webaclloggingconfiguration"

	"github.com/acme/landing-zone/constructs/loggroup"
)

// wafRule is one rule of the web ACL.
type wafRule struct {
	Name string
	// ManagedGroup is an AWS managed rule group; empty for the rate rule.
	ManagedGroup string
}

// wafRules are the web ACL's rules in priority order: the rate limit first
// (the cheapest to evaluate and the one floods hit), then known bad IPs,
// then the managed rule groups that inspect requests.
func wafRules() []wafRule {
	return []wafRule{
		{Name: "rate-limit"},
		{Name: "ip-reputation", ManagedGroup: "AWSManagedRulesAmazonIpReputationList"},
		{Name: "common", ManagedGroup: "AWSManagedRulesCommonRuleSet"},
		{Name: "known-bad-inputs", ManagedGroup: "AWSManagedRulesKnownBadInputsRuleSet"},
	}
}

// wafStatement is a rule's statement in the provider's schema: the
// bindings type the recursive statement block as an untyped value.
func wafStatement(r wafRule, rateLimit int) map[string]any {
	if r.ManagedGroup == "" {
		return map[string]any{"rate_based_statement": map[string]any{
			// Requests per IP over WAF's default five-minute window.
			"limit":              rateLimit,
			"aggregate_key_type": "IP",
		}}
	}
	return map[string]any{"managed_rule_group_statement": map[string]any{
		"name":        r.ManagedGroup,
		"vendor_name": "AWS",
	}}
}

// wafRedactedHeaders are kept out of WAF logs: with IAM authorization they
// carry a signature and a session token, with Cognito a bearer token.
var wafRedactedHeaders = []string{"authorization", "x-amz-security-token"}

// waf makes the web ACL, associates it with the stage and logs it.
func (b *build) waf() error {
	n := b.s.names
	visibility := func(metric string) *wafv2webacl.Wafv2WebAclRuleVisibilityConfig {
		return &wafv2webacl.Wafv2WebAclRuleVisibilityConfig{
			CloudwatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(metric),
			SampledRequestsEnabled:   jsii.Bool(true),
		}
	}
	var rules []*wafv2webacl.Wafv2WebAclRule
	for i, r := range wafRules() {
		rule := &wafv2webacl.Wafv2WebAclRule{
			Name:             jsii.String(r.Name),
			Priority:         jsii.Number(i),
			Statement:        wafStatement(r, b.s.WAFRateLimit),
			VisibilityConfig: visibility(n.webACL() + "-" + r.Name),
		}
		if r.ManagedGroup == "" {
			rule.Action = &wafv2webacl.Wafv2WebAclRuleAction{Block: &wafv2webacl.Wafv2WebAclRuleActionBlock{}}
		} else {
			// none: the group's own actions (block) apply.
			rule.OverrideAction = &wafv2webacl.Wafv2WebAclRuleOverrideAction{None: &wafv2webacl.Wafv2WebAclRuleOverrideActionNone{}}
		}
		rules = append(rules, rule)
	}
	acl := wafv2webacl.NewWafv2WebAcl(b.scope, b.rid("waf"), &wafv2webacl.Wafv2WebAclConfig{
		Name:          jsii.String(n.webACL()),
		Description:   jsii.String("Protects the orders API of " + b.props.Name),
		Scope:         jsii.String("REGIONAL"),
		DefaultAction: &wafv2webacl.Wafv2WebAclDefaultAction{Allow: &wafv2webacl.Wafv2WebAclDefaultActionAllow{}},
		Rule:          rules,
		VisibilityConfig: &wafv2webacl.Wafv2WebAclVisibilityConfig{
			CloudwatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(n.webACL()),
			SampledRequestsEnabled:   jsii.Bool(true),
		},
		Tags: b.tags,
	})
	wafv2webaclassociation.NewWafv2WebAclAssociation(b.scope, b.rid("waf", "association"), &wafv2webaclassociation.Wafv2WebAclAssociationConfigA{
		ResourceArn: b.out.API.StageARN,
		WebAclArn:   acl.Arn(),
	})
	logs, err := loggroup.New(b.scope, *b.rid("waf", "logs"), loggroup.Props{
		Name: n.wafLogGroup(), Key: b.out.Key, RetentionDays: b.s.LogRetentionDays, Tags: b.props.Tags,
	})
	if err != nil {
		return err
	}
	var redacted []*wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationRedactedFields
	for _, h := range wafRedactedHeaders {
		redacted = append(redacted, &wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationRedactedFields{
			SingleHeader: &wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader{Name: jsii.String(h)},
		})
	}
	wafv2webaclloggingconfiguration.NewWafv2WebAclLoggingConfiguration(b.scope, b.rid("waf", "logging"), &wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationConfig{
		ResourceArn:           acl.Arn(),
		LogDestinationConfigs: &[]*string{logs.ARN},
		RedactedFields:        redacted,
	})
	b.out.WebACLARN = acl.Arn()
	return nil
}
