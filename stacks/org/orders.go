package org

import (
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// Orders configures an environment's serverless order system. Every field
// is optional: applyDefaults fills what a file leaves out, with stricter
// values in production. The construct's fixed guarantees (authorization,
// request validation, WAF, encryption, least-privilege roles, dead-letter
// queues, alarms) are not knobs here.
type Orders struct {
	// SenderDomain is the domain receipts are emailed from; SES gets a
	// domain identity with DKIM for it. Required. With the environment's
	// dns block (a hosted zone containing this domain) the stack publishes
	// the DKIM records; otherwise publish the records of the stack's
	// orders-dkim-records output in the domain's DNS.
	SenderDomain string `yaml:"sender_domain,omitempty"`
	// SenderAddress is the From address, in SenderDomain; default
	// orders@<sender_domain>.
	SenderAddress string `yaml:"sender_address,omitempty"`
	// CognitoUserPoolARN, when set, makes the API accept this user pool's
	// tokens instead of IAM-signed requests.
	CognitoUserPoolARN string `yaml:"cognito_user_pool_arn,omitempty"`
	// LambdaConcurrencyQuota is the account's Lambda concurrent executions
	// quota in the environment's region (Service Quotas, code
	// L-B99A9384). Leave it out until you know it: new accounts often
	// start with 10, Lambda keeps 100 unreserved, and without a declared
	// quota the functions reserve nothing.
	LambdaConcurrencyQuota int `yaml:"lambda_concurrency_quota,omitempty"`
	// ReservedConcurrency is each function's reserved concurrency when
	// lambda_concurrency_quota is set: 5 outside production, 50 in
	// production, -1 for none; the four functions' reservations must leave
	// 100 of the quota unreserved. Without a quota: none.
	ReservedConcurrency int `yaml:"reserved_concurrency,omitempty"`
	// ThrottleRateLimit and ThrottleBurstLimit throttle the API stage:
	// 10/20 requests per second outside production, 100/200 in production.
	ThrottleRateLimit  float64 `yaml:"throttle_rate_limit,omitempty"`
	ThrottleBurstLimit int     `yaml:"throttle_burst_limit,omitempty"`
	// LogRetentionDays keeps the logs 90 days outside production, 365 (at
	// least) in production.
	LogRetentionDays int `yaml:"log_retention_days,omitempty"`
	// WAFRateLimit is the requests one IP may make in five minutes before
	// the web ACL blocks it; default 1000.
	WAFRateLimit int `yaml:"waf_rate_limit,omitempty"`
	// OrderRetentionDays, when set, deletes orders that many days after
	// they were placed; by default orders are kept.
	OrderRetentionDays int `yaml:"order_retention_days,omitempty"`
	// Alarms tunes the alarm thresholds.
	Alarms OrdersAlarms `yaml:"alarms,omitempty"`
}

// OrdersAlarms are the order system's alarm thresholds.
type OrdersAlarms struct {
	// LatencyP99Millis is the API's p99 latency that raises an alarm;
	// default 2000.
	LatencyP99Millis int `yaml:"latency_p99_ms,omitempty"`
	// ServerErrors is the count of API 5xx responses in five minutes that
	// raises an alarm; default 1.
	ServerErrors int `yaml:"server_errors,omitempty"`
	// FunctionErrors is the count of a function's errors in five minutes
	// that raises an alarm; default 1.
	FunctionErrors int `yaml:"function_errors,omitempty"`
}

// Sender returns the sender domain and address: the address defaults to
// orders@ the domain.
func (d Orders) Sender() (domain, address string) {
	domain, address = d.SenderDomain, d.SenderAddress
	if address == "" {
		address = orderspec.DefaultSenderLocalPart + "@" + domain
	}
	return domain, address
}

// settings converts d to the construct's settings, with defaults.
func (d Orders) settings(production bool) orderspec.Settings {
	return orderspec.Settings{
		SenderDomain:           d.SenderDomain,
		SenderAddress:          d.SenderAddress,
		CognitoUserPoolARN:     d.CognitoUserPoolARN,
		ConcurrencyQuota:       d.LambdaConcurrencyQuota,
		ReservedConcurrency:    d.ReservedConcurrency,
		ThrottleRateLimit:      d.ThrottleRateLimit,
		ThrottleBurstLimit:     d.ThrottleBurstLimit,
		LogRetentionDays:       d.LogRetentionDays,
		WAFRateLimit:           d.WAFRateLimit,
		OrderRetentionDays:     d.OrderRetentionDays,
		LatencyThresholdMillis: d.Alarms.LatencyP99Millis,
		ServerErrorThreshold:   d.Alarms.ServerErrors,
		FunctionErrorThreshold: d.Alarms.FunctionErrors,
	}.WithDefaults(production)
}

func (d *Orders) applyDefaults(production bool) {
	s := d.settings(production)
	d.SenderAddress = s.SenderAddress
	// Without a declared quota the default is no reservation, left as 0
	// so that a printed example does not pin it: declaring the quota
	// later then brings the default reservation.
	if d.LambdaConcurrencyQuota > 0 || d.ReservedConcurrency != 0 {
		d.ReservedConcurrency = s.ReservedConcurrency
	}
	d.ThrottleRateLimit = s.ThrottleRateLimit
	d.ThrottleBurstLimit = s.ThrottleBurstLimit
	d.LogRetentionDays = s.LogRetentionDays
	d.WAFRateLimit = s.WAFRateLimit
	d.Alarms = OrdersAlarms{
		LatencyP99Millis: s.LatencyThresholdMillis,
		ServerErrors:     s.ServerErrorThreshold,
		FunctionErrors:   s.FunctionErrorThreshold,
	}
}

// ordersFields maps orderspec's field names to the file's.
var ordersFields = map[string]string{
	"SenderDomain":           "sender_domain",
	"SenderAddress":          "sender_address",
	"CognitoUserPoolARN":     "cognito_user_pool_arn",
	"ConcurrencyQuota":       "lambda_concurrency_quota",
	"ReservedConcurrency":    "reserved_concurrency",
	"ThrottleRateLimit":      "throttle_rate_limit",
	"ThrottleBurstLimit":     "throttle_burst_limit",
	"LogRetentionDays":       "log_retention_days",
	"WAFRateLimit":           "waf_rate_limit",
	"OrderRetentionDays":     "order_retention_days",
	"LatencyThresholdMillis": "alarms.latency_p99_ms",
	"ServerErrorThreshold":   "alarms.server_errors",
	"FunctionErrorThreshold": "alarms.function_errors",
}

// validateOrders checks e.Orders; field is the path of e, such as
// environments[prod].
func validateOrders(c *collector, field string, e Environment) {
	f := field + ".orders"
	d := e.Orders
	if d.SenderDomain == "" {
		c.add(f+".sender_domain", nil, "is required: the domain order receipts are emailed from, verified in SES with DKIM")
		return
	}
	s := d.settings(e.Production)
	for _, p := range s.Check(e.Production) {
		c.add(f+"."+ordersFields[p.Field], p.Value, "%s", p.Msg)
	}
}
