// Package wafacl provides an AWS WAF web ACL with AWS managed rule groups
// and a per-IP rate rule, logging to an encrypted CloudWatch log group, and
// associated with regional resources (API Gateway stages, load balancers)
// or referenced by a CloudFront distribution.
package wafacl

import (
	"fmt"
	"regexp"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchlogresourcepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/wafv2webacl"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/wafv2webaclassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/wafv2webaclloggingconfiguration"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/tags"
)

// Scopes of a web ACL.
const (
	// Regional protects API Gateway stages, load balancers and the like
	// in the web ACL's region.
	Regional = "REGIONAL"
	// CloudFront protects distributions; such a web ACL must be made in
	// us-east-1 (WAF Developer Guide, "Using AWS WAF with Amazon
	// CloudFront").
	CloudFront = "CLOUDFRONT"
)

// Rule is one rule of the web ACL.
type Rule struct {
	Name string
	// ManagedGroup is an AWS managed rule group; empty for the rate rule.
	ManagedGroup string
	// CountOnly are rules of the managed group whose action is overridden
	// to count: they are logged and measured but block nothing
	// (rule_action_override; WAF Developer Guide, "Overriding rule group
	// actions").
	CountOnly []string
}

// DefaultRules are the rules in priority order: the rate limit first (the
// cheapest to evaluate and the one floods hit), then known bad IPs, then
// the managed rule groups that inspect requests (WAF Developer Guide,
// "AWS Managed Rules rule groups list": Amazon IP reputation list, core
// rule set, known bad inputs).
func DefaultRules() []Rule {
	return []Rule{
		{Name: "rate-limit"},
		{Name: "ip-reputation", ManagedGroup: "AWSManagedRulesAmazonIpReputationList"},
		{Name: "common", ManagedGroup: "AWSManagedRulesCommonRuleSet"},
		{Name: "known-bad-inputs", ManagedGroup: "AWSManagedRulesKnownBadInputsRuleSet"},
	}
}

// SQLiRule inspects requests for SQL injection (AWSManagedRulesSQLiRuleSet),
// for applications with a relational database behind them.
var SQLiRule = Rule{Name: "sqli", ManagedGroup: "AWSManagedRulesSQLiRuleSet"}

// Props configures a WebACL.
type Props struct {
	// Name names the web ACL and, prefixed with aws-waf-logs-, its log
	// group.
	Name        string
	Description string
	// Scope is Regional (default) or CloudFront.
	Scope string
	// Rules in priority order; nil means DefaultRules.
	Rules []Rule
	// RateLimit is the requests one IP may make in five minutes before the
	// rate rule blocks it: 10-2000000000.
	RateLimit int
	// LogKey encrypts the log group; its policy must admit CloudWatch
	// Logs (kmskey.CloudWatchLogsUse).
	LogKey           *kmskey.Key
	LogRetentionDays int
	// RedactedHeaders are kept out of the logs (credentials, tokens,
	// cookies).
	RedactedHeaders []string
	// Protect are the ARNs of regional resources to associate the web ACL
	// with; a CloudFront web ACL is named by the distribution instead.
	Protect []*string
	// ProtectReady orders the associations after these (a stage that
	// must exist before it can be associated).
	ProtectReady []cdktf.ITerraformDependable
	Tags         map[string]string
}

// WebACL is the result of New.
type WebACL struct {
	ARN  *string
	Name string
	// LogGroup is where the requests are logged.
	LogGroup *loggroup.LogGroup
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,115}$`)

func (p *Props) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("wafacl %s: "+format, append([]any{id}, args...)...)
	}
	switch {
	case !nameRE.MatchString(p.Name):
		// WAF: 1-128 characters; the log group name adds aws-waf-logs-
		// and must stay within 512.
		return fail("Name %q: 1-115 letters, digits, hyphens and underscores", p.Name)
	case p.Scope != Regional && p.Scope != CloudFront:
		return fail("Scope %q: %s or %s", p.Scope, Regional, CloudFront)
	case p.RateLimit < 10 || p.RateLimit > 2000000000:
		return fail("RateLimit %d: must be 10-2000000000", p.RateLimit)
	case p.LogKey == nil:
		return fail("LogKey is required: the request logs are encrypted")
	case p.Scope == CloudFront && len(p.Protect) > 0:
		return fail("Protect: a CloudFront web ACL is named by the distribution (web_acl_id), not associated")
	}
	if err := loggroup.CheckRetention(p.LogRetentionDays); err != nil {
		return fail("LogRetentionDays %v", err)
	}
	return nil
}

// statement is a rule's statement in the provider's schema: the bindings
// type the recursive statement block as an untyped value.
func statement(r Rule, rateLimit int) map[string]any {
	if r.ManagedGroup == "" {
		return map[string]any{"rate_based_statement": map[string]any{
			// Requests per IP over WAF's default five-minute window.
			"limit":              rateLimit,
			"aggregate_key_type": "IP",
		}}
	}
	group := map[string]any{
		"name":        r.ManagedGroup,
		"vendor_name": "AWS",
	}
	if len(r.CountOnly) > 0 {
		var overrides []any
		for _, name := range r.CountOnly {
			overrides = append(overrides, map[string]any{"name": name, "action_to_use": map[string]any{"count": map[string]any{}}})
		}
		group["rule_action_override"] = overrides
	}
	return map[string]any{"managed_rule_group_statement": group}
}

// LogGroupName is the log group of the web ACL called name: WAF logs only
// to log groups whose names start with aws-waf-logs- (WAF Developer
// Guide, "Sending web ACL traffic logs to an Amazon CloudWatch Logs log
// group").
func LogGroupName(name string) string { return "aws-waf-logs-" + name }

// New validates props and creates the web ACL, its log group, the log
// group's resource policy and the logging configuration, and the
// associations. Resource ids are id, id-association (id-association-<n>
// from the second), id-logs, id-logs-policy and id-logging.
func New(scope constructs.Construct, id string, props Props) (*WebACL, error) {
	if props.Scope == "" {
		props.Scope = Regional
	}
	if props.Rules == nil {
		props.Rules = DefaultRules()
	}
	if err := props.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("wafacl %s: %w", id, err)
	}
	visibility := func(metric string) *wafv2webacl.Wafv2WebAclRuleVisibilityConfig {
		return &wafv2webacl.Wafv2WebAclRuleVisibilityConfig{
			CloudwatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(metric),
			SampledRequestsEnabled:   jsii.Bool(true),
		}
	}
	var rules []*wafv2webacl.Wafv2WebAclRule
	for i, r := range props.Rules {
		rule := &wafv2webacl.Wafv2WebAclRule{
			Name:             jsii.String(r.Name),
			Priority:         jsii.Number(i),
			Statement:        statement(r, props.RateLimit),
			VisibilityConfig: visibility(props.Name + "-" + r.Name),
		}
		if r.ManagedGroup == "" {
			rule.Action = &wafv2webacl.Wafv2WebAclRuleAction{Block: &wafv2webacl.Wafv2WebAclRuleActionBlock{}}
		} else {
			// none: the group's own actions (block) apply.
			rule.OverrideAction = &wafv2webacl.Wafv2WebAclRuleOverrideAction{None: &wafv2webacl.Wafv2WebAclRuleOverrideActionNone{}}
		}
		rules = append(rules, rule)
	}
	acl := wafv2webacl.NewWafv2WebAcl(scope, jsii.String(id), &wafv2webacl.Wafv2WebAclConfig{
		Name:          jsii.String(props.Name),
		Description:   jsii.String(props.Description),
		Scope:         jsii.String(props.Scope),
		DefaultAction: &wafv2webacl.Wafv2WebAclDefaultAction{Allow: &wafv2webacl.Wafv2WebAclDefaultActionAllow{}},
		Rule:          rules,
		VisibilityConfig: &wafv2webacl.Wafv2WebAclVisibilityConfig{
			CloudwatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(props.Name),
			SampledRequestsEnabled:   jsii.Bool(true),
		},
		Tags: tags.Ptrs(props.Tags),
	})
	for i, arn := range props.Protect {
		aid := id + "-association"
		if i > 0 {
			aid = fmt.Sprintf("%s-%d", aid, i+1)
		}
		cfg := &wafv2webaclassociation.Wafv2WebAclAssociationConfigA{ResourceArn: arn, WebAclArn: acl.Arn()}
		if len(props.ProtectReady) > 0 {
			cfg.DependsOn = &props.ProtectReady
		}
		wafv2webaclassociation.NewWafv2WebAclAssociation(scope, jsii.String(aid), cfg)
	}
	logName := LogGroupName(props.Name)
	logs, err := loggroup.New(scope, id+"-logs", loggroup.Props{
		Name: logName, Key: props.LogKey, RetentionDays: props.LogRetentionDays, Tags: props.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("wafacl %s: %w", id, err)
	}
	// WAF delivers through CloudWatch Logs' log delivery, which needs a
	// resource policy admitting delivery.logs.amazonaws.com for this
	// account; made here, scoped to this log group, rather than left for
	// WAF to add an account-wide one outside Terraform (CloudWatch Logs
	// User Guide, "Logs sent to CloudWatch Logs", log group resource
	// policy, https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html).
	policy := cloudwatchlogresourcepolicy.NewCloudwatchLogResourcePolicy(scope, jsii.String(id+"-logs-policy"), &cloudwatchlogresourcepolicy.CloudwatchLogResourcePolicyConfig{
		PolicyName:     jsii.String(logName),
		PolicyDocument: jsii.String(LogDeliveryPolicy(env, logName).JSON()),
	})
	var redacted []*wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationRedactedFields
	for _, h := range props.RedactedHeaders {
		redacted = append(redacted, &wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationRedactedFields{
			SingleHeader: &wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader{Name: jsii.String(h)},
		})
	}
	wafv2webaclloggingconfiguration.NewWafv2WebAclLoggingConfiguration(scope, jsii.String(id+"-logging"), &wafv2webaclloggingconfiguration.Wafv2WebAclLoggingConfigurationConfig{
		ResourceArn:           acl.Arn(),
		LogDestinationConfigs: &[]*string{logs.ARN},
		RedactedFields:        redacted,
		DependsOn:             &[]cdktf.ITerraformDependable{policy},
	})
	return &WebACL{ARN: acl.Arn(), Name: props.Name, LogGroup: logs}, nil
}

// LogDeliveryPolicy is the log group resource policy that lets CloudWatch
// Logs' log delivery write the web ACL's logs into the group called
// logGroup, for env's account only: the statement AWS would add itself,
// narrowed to the one group.
func LogDeliveryPolicy(env awsenv.Env, logGroup string) iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{{
		Sid:        "AWSLogDeliveryWrite",
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.ServicePrincipals("delivery.logs.amazonaws.com")},
		Actions:    []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resources:  []string{env.ARN("logs", "log-group:"+logGroup+":log-stream:*")},
		Conditions: []iampolicy.Condition{
			iampolicy.Cond("StringEquals", "aws:SourceAccount", env.AccountID),
			iampolicy.Cond("ArnLike", "aws:SourceArn", env.ARN("logs", "*")),
		},
	}}}
}
