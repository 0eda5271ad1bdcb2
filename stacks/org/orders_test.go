package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrdersDefaults(t *testing.T) {
	o := Example()
	dev, _ := o.Environment("dev")
	prod, _ := o.Environment("prod")
	assert.Equal(t, Orders{
		SenderDomain: "dev.shop.acme.example", SenderAddress: "orders@dev.shop.acme.example",
		ThrottleRateLimit: 10, ThrottleBurstLimit: 20, LogRetentionDays: 90, WAFRateLimit: 1000,
		Alarms: OrdersAlarms{LatencyP99Millis: 2000, ServerErrors: 1, FunctionErrors: 1},
	}, dev.Orders)
	assert.Equal(t, Orders{
		SenderDomain: "shop.acme.example", SenderAddress: "orders@shop.acme.example",
		ThrottleRateLimit: 100, ThrottleBurstLimit: 200, LogRetentionDays: 365, WAFRateLimit: 1000,
		Alarms: OrdersAlarms{LatencyP99Millis: 2000, ServerErrors: 1, FunctionErrors: 1},
	}, prod.Orders)

	domain, address := dev.Orders.Sender()
	assert.Equal(t, "dev.shop.acme.example", domain)
	assert.Equal(t, "orders@dev.shop.acme.example", address)
}

func TestOrdersDefaultReservationNeedsQuota(t *testing.T) {
	d := Orders{SenderDomain: "shop.example.com"}
	d.applyDefaults(true)
	assert.Equal(t, 0, d.ReservedConcurrency, "no quota: no reservation, and nothing pinned")
	d = Orders{SenderDomain: "shop.example.com", LambdaConcurrencyQuota: 1000}
	d.applyDefaults(true)
	assert.Equal(t, 50, d.ReservedConcurrency)
}

func TestOrdersDefaultsKeepWhatIsSet(t *testing.T) {
	d := Orders{SenderDomain: "shop.example.com", ReservedConcurrency: -1, LogRetentionDays: 30, Alarms: OrdersAlarms{ServerErrors: 5}}
	d.applyDefaults(false)
	assert.Equal(t, "orders@shop.example.com", d.SenderAddress)
	assert.Equal(t, -1, d.ReservedConcurrency)
	assert.Equal(t, 30, d.LogRetentionDays)
	assert.Equal(t, OrdersAlarms{LatencyP99Millis: 2000, ServerErrors: 5, FunctionErrors: 1}, d.Alarms)
	domain, address := d.Sender()
	assert.Equal(t, "shop.example.com", domain)
	assert.Equal(t, "orders@shop.example.com", address)
}

// TestOrdersFile parses order settings as a user writes them.
func TestOrdersFile(t *testing.T) {
	doc := `
name: tiny
home_region: us-east-1
allowed_regions: [us-east-1, us-west-2]
tags: {owner: me, cost_center: cc-1}
accounts:
  - {name: management, email: m@tiny.example, kind: management, id: "123456789012"}
  - {name: logs, email: l@tiny.example, kind: log-archive, ou: Security}
  - {name: audit, email: a@tiny.example, kind: security, ou: Security}
  - {name: net, email: n@tiny.example, kind: network, ou: Infrastructure}
  - {name: app, email: app@tiny.example, kind: workload, ou: Workloads/Prod}
environments:
  - name: prod
    account: app
    production: true
    dr_region: us-west-2
    vpc: {cidr: 10.0.0.0/20}
    orders:
      sender_domain: shop.example.com
      sender_address: receipts@shop.example.com
      cognito_user_pool_arn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123
      lambda_concurrency_quota: 1000
      reserved_concurrency: 100
      log_retention_days: 731
      alarms:
        latency_p99_ms: 1500
`
	o, err := Parse("tiny.yaml", []byte(doc))
	require.NoError(t, err)
	prod, _ := o.Environment("prod")
	assert.Equal(t, Orders{
		SenderDomain: "shop.example.com", SenderAddress: "receipts@shop.example.com",
		CognitoUserPoolARN:     "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123",
		LambdaConcurrencyQuota: 1000, ReservedConcurrency: 100, ThrottleRateLimit: 100, ThrottleBurstLimit: 200, LogRetentionDays: 731, WAFRateLimit: 1000,
		Alarms: OrdersAlarms{LatencyP99Millis: 1500, ServerErrors: 1, FunctionErrors: 1},
	}, prod.Orders)

	_, err = Parse("tiny.yaml", []byte(strings.Replace(doc, "latency_p99_ms", "latency_ms", 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown field latency_ms")
}

func TestOrdersRejects(t *testing.T) {
	tests := []struct {
		name   string
		env    int
		mutate func(d *Orders)
		want   string
	}{
		{"bad domain", 0, func(d *Orders) { d.SenderDomain = "Shop.Example" }, `environments[dev].orders.sender_domain "Shop.Example": not a domain name`},
		{"address elsewhere", 0, func(d *Orders) { d.SenderDomain = "eu.dev.shop.acme.example"; d.SenderAddress = "a@b.example" }, `environments[dev].orders.sender_address "a@b.example": must be an address in the sender domain eu.dev.shop.acme.example`},
		{"address outside the domain", 0, func(d *Orders) { d.SenderAddress = "a@b.example" }, `environments[dev].orders.sender_address "a@b.example": must be an address in the sender domain dev.shop.acme.example`},
		{"no domain", 0, func(d *Orders) { d.SenderDomain = "" }, `environments[dev].orders.sender_domain: is required`},
		{"user pool", 0, func(d *Orders) { d.CognitoUserPoolARN = "my-pool" }, `environments[dev].orders.cognito_user_pool_arn "my-pool": not a Cognito user pool ARN`},
		{"concurrency", 0, func(d *Orders) { d.ReservedConcurrency = 1 }, `environments[dev].orders.reserved_concurrency 1: must be 2-1000`},
		{"reservation without quota", 2, func(d *Orders) { d.ReservedConcurrency = 50 }, `environments[prod].orders.reserved_concurrency 50: a reservation needs the account's Lambda concurrency quota declared`},
		{"quota too small", 2, func(d *Orders) { d.LambdaConcurrencyQuota = 10; d.ReservedConcurrency = 0 }, `environments[prod].orders.reserved_concurrency 50: 4 functions x 50 leave fewer than 100 of the declared concurrency quota 10 unreserved, which Lambda refuses; at most 0, or request a quota increase`},
		{"negative quota", 0, func(d *Orders) { d.LambdaConcurrencyQuota = -1 }, `environments[dev].orders.lambda_concurrency_quota -1: must be`},
		{"retention", 0, func(d *Orders) { d.LogRetentionDays = 10 }, `environments[dev].orders.log_retention_days 10: CloudWatch Logs accepts`},
		{"short retention in production", 2, func(d *Orders) { d.LogRetentionDays = 180 }, `environments[prod].orders.log_retention_days 180: must be at least 365 in production`},
		{"throttle", 0, func(d *Orders) { d.ThrottleRateLimit = 20000 }, `environments[dev].orders.throttle_rate_limit 20000: must be more than 0`},
		{"waf", 0, func(d *Orders) { d.WAFRateLimit = 3 }, `environments[dev].orders.waf_rate_limit 3: must be 10-2000000000`},
		{"order retention", 0, func(d *Orders) { d.OrderRetentionDays = -5 }, `environments[dev].orders.order_retention_days -5: must be 0`},
		{"latency", 0, func(d *Orders) { d.Alarms.LatencyP99Millis = 40000 }, `environments[dev].orders.alarms.latency_p99_ms 40000: must be 1-29000`},
		{"errors", 0, func(d *Orders) { d.Alarms.FunctionErrors = -1 }, `environments[dev].orders.alarms.function_errors -1: must be at least 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			tt.mutate(&o.Environments[tt.env].Orders)
			err := o.Validate("org.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "org.yaml: "+tt.want)
			assert.Len(t, strings.Split(err.Error(), "\n"), 1, "one problem, one line: %v", err)
		})
	}
}
