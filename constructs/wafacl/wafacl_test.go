package wafacl

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/kmskey"
)

func TestDefaultRules(t *testing.T) {
	var groups []string
	for _, r := range DefaultRules() {
		st := statement(r, 500)
		if r.ManagedGroup == "" {
			assert.Equal(t, 500, st["rate_based_statement"].(map[string]any)["limit"])
			continue
		}
		groups = append(groups, r.ManagedGroup)
	}
	for _, g := range []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"} {
		assert.True(t, slices.Contains(groups, g), "no %s", g)
	}
	assert.Equal(t, "rate-limit", DefaultRules()[0].Name, "the rate rule is evaluated first")
}

func TestValidate(t *testing.T) {
	good := Props{Name: "acme-prod-web", Scope: Regional, RateLimit: 2000, LogKey: &kmskey.Key{}, LogRetentionDays: 365}
	require.NoError(t, good.validate("waf"))
	for _, tc := range []struct {
		name   string
		mutate func(p *Props)
		want   string
	}{
		{"name", func(p *Props) { p.Name = "a b" }, `Name "a b"`},
		{"scope", func(p *Props) { p.Scope = "GLOBAL" }, `Scope "GLOBAL"`},
		{"rate", func(p *Props) { p.RateLimit = 5 }, "RateLimit 5"},
		{"key", func(p *Props) { p.LogKey = nil }, "LogKey is required"},
		{"retention", func(p *Props) { p.LogRetentionDays = 10 }, "LogRetentionDays 10"},
		{"cloudfront association", func(p *Props) { p.Scope = CloudFront; p.Protect = []*string{new(string)} }, "Protect: a CloudFront web ACL is named by the distribution"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := good
			tc.mutate(&p)
			err := p.validate("waf")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "wafacl waf: "+tc.want)
		})
	}
}

func TestLogDeliveryPolicy(t *testing.T) {
	env, err := awsenv.New("123456789012", "us-east-1")
	require.NoError(t, err)
	doc := LogDeliveryPolicy(env, LogGroupName("acme-prod-web"))
	require.NoError(t, doc.Validate())
	s := doc.Statements[0]
	assert.Equal(t, []string{"arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-acme-prod-web:log-stream:*"}, s.Resources, "this log group only")
	assert.Equal(t, []string{"delivery.logs.amazonaws.com"}, s.Principals[0].Identifiers)
}
