package serverlessorders

import (
	"fmt"
	"strings"

	"github.com/acme/landing-zone/constructs/dnsname"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// settings are the props with defaults applied.
type settings struct {
	orderspec.Settings
	names names
}

// fieldNames maps orderspec's field names to the Props fields that hold
// them, for error messages.
var fieldNames = map[string]string{
	"ConcurrencyQuota":       "LambdaConcurrencyQuota",
	"LatencyThresholdMillis": "Alarms.LatencyP99Millis",
	"ServerErrorThreshold":   "Alarms.ServerErrors",
	"FunctionErrorThreshold": "Alarms.FunctionErrors",
}

// validate checks props in plain Go, before anything exists, and returns
// the effective settings.
func (p Props) validate(id string) (settings, error) {
	fail := func(format string, args ...any) (settings, error) {
		return settings{}, fmt.Errorf("serverlessorders %s: "+format, append([]any{id}, args...)...)
	}
	if _, err := naming.Name(orderspec.MaxNameLength, p.Name); err != nil {
		return fail("Name %q: %v (it prefixes every resource name)", p.Name, err)
	}
	s := orderspec.Settings{
		SenderDomain:           p.SenderDomain,
		SenderAddress:          p.SenderAddress,
		CognitoUserPoolARN:     p.CognitoUserPoolARN,
		ConcurrencyQuota:       p.LambdaConcurrencyQuota,
		ReservedConcurrency:    p.ReservedConcurrency,
		ThrottleRateLimit:      p.ThrottleRateLimit,
		ThrottleBurstLimit:     p.ThrottleBurstLimit,
		LogRetentionDays:       p.LogRetentionDays,
		WAFRateLimit:           p.WAFRateLimit,
		OrderRetentionDays:     p.OrderRetentionDays,
		LatencyThresholdMillis: p.Alarms.LatencyP99Millis,
		ServerErrorThreshold:   p.Alarms.ServerErrors,
		FunctionErrorThreshold: p.Alarms.FunctionErrors,
	}.WithDefaults(p.Production)
	if problems := s.Check(p.Production); len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, pr := range problems {
			field := pr.Field
			if f, ok := fieldNames[field]; ok {
				field = f
			}
			msgs[i] = fmt.Sprintf("%s %v: %s", field, quoteString(pr.Value), pr.Msg)
		}
		return fail("%s", strings.Join(msgs, "; "))
	}
	if hz := p.HostedZone; hz != (HostedZone{}) {
		// A reference is a zone made in the same stack, which AWS names.
		if err := orderspec.CheckHostedZoneID(hz.ID); err != nil && !dnsname.IsReference(hz.ID) {
			return fail("HostedZone.ID %q: %v", hz.ID, err)
		}
		if err := orderspec.CheckZoneName(hz.Name); err != nil {
			return fail("HostedZone.Name %q: %v", hz.Name, err)
		}
		if !orderspec.InZone(s.SenderDomain, hz.Name) {
			return fail("HostedZone.Name %q: the sender domain %s is not in this zone, so its DKIM records cannot be published there", hz.Name, s.SenderDomain)
		}
	}
	if p.ReceiptsBucketName != "" {
		if err := naming.CheckBucket(p.ReceiptsBucketName); err != nil {
			return fail("ReceiptsBucketName: %v", err)
		}
	}
	return settings{Settings: s, names: newNames(p.Name)}, nil
}

func quoteString(v any) any {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return v
}

// names are the names of the resources, derived from Props.Name.
type names struct {
	prefix string
}

func newNames(prefix string) names { return names{prefix: prefix} }

func (n names) of(parts ...string) string {
	return naming.Join(append([]string{n.prefix}, parts...)...)
}

// function is a function's name, which is also its role's name.
func (n names) function(fn string) string { return n.of(fn) }

// logGroup is where Lambda writes a function's logs.
func (n names) logGroup(fn string) string { return "/aws/lambda/" + n.function(fn) }

func (n names) table() string            { return n.prefix }
func (n names) topic() string            { return n.of("events") }
func (n names) alarmTopic() string       { return n.of("alarms") }
func (n names) queue(role string) string { return n.of(role) }
func (n names) api() string              { return n.prefix }
func (n names) accessLogGroup() string   { return "/aws/apigateway/" + n.prefix + "/access" }
func (n names) webACL() string           { return n.prefix }

// wafLogGroup must start with aws-waf-logs-: WAF logs only to groups so
// named.
func (n names) wafLogGroup() string      { return "aws-waf-logs-" + n.prefix }
func (n names) configurationSet() string { return n.prefix }
func (n names) keyAlias() string         { return n.prefix }
func (n names) apiGatewayRole() string   { return n.of("apigw-logs") }

// receiptsBucket is the default receipts bucket name.
func (n names) receiptsBucket(accountID, region string) (string, error) {
	name, err := naming.Bucket(n.prefix, "receipts", accountID, region)
	if err != nil {
		return "", fmt.Errorf("ReceiptsBucketName: the default name does not fit (%v); set ReceiptsBucketName", err)
	}
	return name, nil
}
