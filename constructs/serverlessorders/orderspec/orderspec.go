// Package orderspec holds the rules for the serverless order system's
// settings (sender, authorizer, concurrency, throttling, retention, alarm
// thresholds) and their defaults, as plain Go.
//
// The serverlessorders construct and the organization model both check
// their input here, so that a file and a program get the same answer and
// neither has to load the AWS provider to get it. Errors describe the
// value's problem and what is allowed; callers prefix the field that held
// it.
package orderspec

import (
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/acme/landing-zone/constructs/dnsname"
)

// Function names. With the construct's Name they make the Lambda function,
// role and log group names.
const (
	CreateOrder     = "create-order"
	ProcessPayment  = "process-payment"
	UpdateInventory = "update-inventory"
	Notification    = "notification"
)

// Functions lists the functions in the order the flow runs them.
func Functions() []string {
	return []string{CreateOrder, ProcessPayment, UpdateInventory, Notification}
}

// MaxNameLength is the longest Name: Lambda function names are at most 64
// characters, and the longest is Name + "-update-inventory".
const MaxNameLength = 64 - len("-"+UpdateInventory)

// Defaults of the settings.
const (
	// DefaultReservedConcurrency is each function's reserved concurrency
	// outside production when the account's concurrency quota is declared
	// (ConcurrencyQuota): it caps what a runaway function can consume and
	// guarantees what it can use. Without a declared quota the default is
	// NoReservedConcurrency: new accounts often start with a quota of 10,
	// and Lambda refuses any reservation that leaves fewer than
	// MinUnreservedConcurrency unreserved.
	DefaultReservedConcurrency = 5
	// DefaultProductionReservedConcurrency is the same in production.
	DefaultProductionReservedConcurrency = 50
	// NoReservedConcurrency turns the reservation off.
	NoReservedConcurrency = -1
	// MinUnreservedConcurrency is what Lambda keeps unreserved in every
	// account and region for functions without a reservation. Source: AWS
	// Lambda API reference, PutFunctionConcurrency ("as long as you leave
	// at least 100 simultaneous executions unreserved"); Lambda Developer
	// Guide, "Configuring reserved concurrency for a function".
	MinUnreservedConcurrency = 100

	DefaultThrottleRateLimit            = 10.0
	DefaultThrottleBurstLimit           = 20
	DefaultProductionThrottleRateLimit  = 100.0
	DefaultProductionThrottleBurstLimit = 200

	// DefaultLogRetentionDays keeps logs 90 days outside production and
	// DefaultProductionLogRetentionDays (the production minimum) a year.
	DefaultLogRetentionDays           = 90
	DefaultProductionLogRetentionDays = 365

	// DefaultWAFRateLimit is the requests one client IP may make in five
	// minutes before the web ACL blocks it.
	DefaultWAFRateLimit = 1000

	// DefaultLatencyThresholdMillis is the p99 API latency that raises
	// an alarm.
	DefaultLatencyThresholdMillis = 2000
	// DefaultErrorThreshold is the count of API 5xx responses or function
	// errors in five minutes that raises an alarm: any.
	DefaultErrorThreshold = 1

	// DefaultSenderLocalPart is the local part of the default sender
	// address, orders@<sender domain>.
	DefaultSenderLocalPart = "orders"
)

// Limits of the settings.
const (
	// MaxReservedConcurrency is far below any account's quota but keeps a
	// typo from reserving the whole account.
	MaxReservedConcurrency = 1000
	// MinReservedConcurrency is 2 because SQS event source mappings scale
	// to at least two concurrent batches; fewer would throttle them.
	MinReservedConcurrency = 2
	MaxThrottleRateLimit   = 10000
	MaxThrottleBurstLimit  = 5000
	MinWAFRateLimit        = 10
	MaxWAFRateLimit        = 2_000_000_000
	// MaxLatencyThresholdMillis is API Gateway's integration timeout.
	MaxLatencyThresholdMillis = 29000
	MaxOrderRetentionDays     = 36500
)

// LogRetentionPeriods are the retention periods CloudWatch Logs accepts
// (the loggroup construct checks the same list when it creates a group).
var LogRetentionPeriods = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Settings are the tunable settings of one order system. Zero fields take
// the defaults of WithDefaults.
type Settings struct {
	SenderDomain       string
	SenderAddress      string
	CognitoUserPoolARN string
	// ConcurrencyQuota is the account's Lambda concurrent executions
	// quota in the region (Service Quotas, L-B99A9384), as the operator
	// declares it; 0: unknown, and then nothing is reserved by default.
	ConcurrencyQuota       int
	ReservedConcurrency    int
	ThrottleRateLimit      float64
	ThrottleBurstLimit     int
	LogRetentionDays       int
	WAFRateLimit           int
	OrderRetentionDays     int
	LatencyThresholdMillis int
	ServerErrorThreshold   int
	FunctionErrorThreshold int
}

// WithDefaults returns s with every zero field set to its default.
func (s Settings) WithDefaults(production bool) Settings {
	set := func(v *int, def, prodDef int) {
		if *v == 0 {
			*v = def
			if production {
				*v = prodDef
			}
		}
	}
	if s.ConcurrencyQuota > 0 {
		set(&s.ReservedConcurrency, DefaultReservedConcurrency, DefaultProductionReservedConcurrency)
	} else if s.ReservedConcurrency == 0 {
		s.ReservedConcurrency = NoReservedConcurrency
	}
	set(&s.ThrottleBurstLimit, DefaultThrottleBurstLimit, DefaultProductionThrottleBurstLimit)
	set(&s.LogRetentionDays, DefaultLogRetentionDays, DefaultProductionLogRetentionDays)
	set(&s.WAFRateLimit, DefaultWAFRateLimit, DefaultWAFRateLimit)
	set(&s.LatencyThresholdMillis, DefaultLatencyThresholdMillis, DefaultLatencyThresholdMillis)
	set(&s.ServerErrorThreshold, DefaultErrorThreshold, DefaultErrorThreshold)
	set(&s.FunctionErrorThreshold, DefaultErrorThreshold, DefaultErrorThreshold)
	if s.ThrottleRateLimit == 0 {
		s.ThrottleRateLimit = DefaultThrottleRateLimit
		if production {
			s.ThrottleRateLimit = DefaultProductionThrottleRateLimit
		}
	}
	if s.SenderAddress == "" && s.SenderDomain != "" {
		s.SenderAddress = DefaultSenderLocalPart + "@" + s.SenderDomain
	}
	return s
}

// Problem is one invalid setting: Field names it as the Settings field
// does, Value is the value, Msg says what is allowed.
type Problem = problem.Problem

// Check returns every problem of s (with defaults applied), in field order.
func (s Settings) Check(production bool) []Problem {
	var out []Problem
	add := func(field string, value any, err error) {
		if err != nil {
			out = append(out, Problem{Field: field, Value: value, Msg: err.Error()})
		}
	}
	domainErr := CheckSenderDomain(s.SenderDomain)
	add("SenderDomain", s.SenderDomain, domainErr)
	if domainErr == nil {
		add("SenderAddress", s.SenderAddress, CheckSenderAddress(s.SenderAddress, s.SenderDomain))
	}
	if s.CognitoUserPoolARN != "" {
		add("CognitoUserPoolARN", s.CognitoUserPoolARN, CheckCognitoUserPoolARN(s.CognitoUserPoolARN))
	}
	quotaErr := CheckConcurrencyQuota(s.ConcurrencyQuota)
	add("ConcurrencyQuota", s.ConcurrencyQuota, quotaErr)
	if quotaErr == nil {
		add("ReservedConcurrency", s.ReservedConcurrency, CheckReservedConcurrency(s.ReservedConcurrency, s.ConcurrencyQuota))
	}
	add("ThrottleRateLimit", s.ThrottleRateLimit, CheckThrottleRateLimit(s.ThrottleRateLimit))
	add("ThrottleBurstLimit", s.ThrottleBurstLimit, CheckThrottleBurstLimit(s.ThrottleBurstLimit))
	add("LogRetentionDays", s.LogRetentionDays, CheckLogRetention(s.LogRetentionDays, production))
	add("WAFRateLimit", s.WAFRateLimit, CheckWAFRateLimit(s.WAFRateLimit))
	add("OrderRetentionDays", s.OrderRetentionDays, CheckOrderRetention(s.OrderRetentionDays))
	add("LatencyThresholdMillis", s.LatencyThresholdMillis, CheckLatencyThreshold(s.LatencyThresholdMillis))
	add("ServerErrorThreshold", s.ServerErrorThreshold, checkCount(s.ServerErrorThreshold))
	add("FunctionErrorThreshold", s.FunctionErrorThreshold, checkCount(s.FunctionErrorThreshold))
	return out
}

var (
	labelRE      = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	userPoolARNs = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:cognito-idp:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:userpool/[a-z]{2}(-[a-z]+)+-[0-9]_[A-Za-z0-9]+$`)
)

// CheckSenderDomain checks the domain SES sends from: a lowercase DNS name
// of at least two labels.
func CheckSenderDomain(d string) error {
	if d == "" {
		return fmt.Errorf("is required: the domain SES sends receipts from (a domain identity with DKIM is made for it)")
	}
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return fmt.Errorf("not a domain name like shop.example.com")
	}
	for _, l := range labels {
		if !labelRE.MatchString(l) {
			return fmt.Errorf("not a domain name: each label is 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen")
		}
	}
	return nil
}

// CheckHostedZoneID checks a Route 53 hosted zone id; see
// dnsname.CheckHostedZoneID.
func CheckHostedZoneID(id string) error { return dnsname.CheckHostedZoneID(id) }

// CheckZoneName checks a hosted zone's domain name; see
// dnsname.CheckZoneName.
func CheckZoneName(name string) error { return dnsname.CheckZoneName(name) }

// InZone reports whether domain is zone or a name below it.
func InZone(domain, zone string) bool { return dnsname.InZone(domain, zone) }

// CheckSenderAddress checks the From address: a plain address in domain,
// because the functions may send only as that domain's identity.
func CheckSenderAddress(addr, domain string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" {
		return fmt.Errorf("not an email address like orders@%s", domain)
	}
	if at := strings.LastIndex(addr, "@"); !strings.EqualFold(addr[at+1:], domain) {
		return fmt.Errorf("must be an address in the sender domain %s (SES sends only as that identity)", domain)
	}
	return nil
}

// CheckCognitoUserPoolARN checks a Cognito user pool ARN.
func CheckCognitoUserPoolARN(arn string) error {
	if !userPoolARNs.MatchString(arn) {
		return fmt.Errorf("not a Cognito user pool ARN like arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123")
	}
	return nil
}

// CheckConcurrencyQuota checks a declared Lambda concurrency quota: 0
// (unknown) or positive.
func CheckConcurrencyQuota(q int) error {
	if q < 0 {
		return fmt.Errorf("must be the account's Lambda concurrent executions quota in the region (Service Quotas, L-B99A9384), or 0 if unknown")
	}
	return nil
}

// CheckReservedConcurrency checks a function's reserved concurrency against
// the account's declared concurrency quota (0: unknown). Every function of
// the order system reserves n, and Lambda refuses reservations that leave
// fewer than MinUnreservedConcurrency unreserved, with "Specified
// ReservedConcurrentExecutions for function decreases account's
// UnreservedConcurrentExecution below its minimum value". Reservations of
// other functions in the account are not known here: the check is a floor.
func CheckReservedConcurrency(n, quota int) error {
	fns := len(Functions())
	switch {
	case n == NoReservedConcurrency:
		return nil
	case n < MinReservedConcurrency || n > MaxReservedConcurrency:
		return fmt.Errorf("must be %d-%d, or %d for no reservation (SQS event sources scale to at least %d concurrent batches)",
			MinReservedConcurrency, MaxReservedConcurrency, NoReservedConcurrency, MinReservedConcurrency)
	case quota == 0:
		return fmt.Errorf("a reservation needs the account's Lambda concurrency quota declared, so that it can be checked: new accounts often have a quota of 10, and Lambda keeps %d unreserved", MinUnreservedConcurrency)
	case fns*n > quota-MinUnreservedConcurrency:
		return fmt.Errorf("%d functions x %d leave fewer than %d of the declared concurrency quota %d unreserved, which Lambda refuses; at most %d, or request a quota increase",
			fns, n, MinUnreservedConcurrency, quota, max(0, (quota-MinUnreservedConcurrency)/fns))
	}
	return nil
}

// CheckThrottleRateLimit checks the API stage's steady-state request rate.
func CheckThrottleRateLimit(r float64) error {
	if r <= 0 || r > MaxThrottleRateLimit {
		return fmt.Errorf("must be more than 0 and at most %d requests per second (the account's default quota)", MaxThrottleRateLimit)
	}
	return nil
}

// CheckThrottleBurstLimit checks the API stage's burst.
func CheckThrottleBurstLimit(b int) error {
	if b < 1 || b > MaxThrottleBurstLimit {
		return fmt.Errorf("must be 1-%d requests (the account's default burst quota)", MaxThrottleBurstLimit)
	}
	return nil
}

// CheckLogRetention checks a log retention period.
func CheckLogRetention(days int, production bool) error {
	if !slices.Contains(LogRetentionPeriods, days) {
		return fmt.Errorf("CloudWatch Logs accepts %v", LogRetentionPeriods)
	}
	if production && days < DefaultProductionLogRetentionDays {
		return fmt.Errorf("must be at least %d in production", DefaultProductionLogRetentionDays)
	}
	return nil
}

// CheckWAFRateLimit checks the web ACL's per-IP limit per five minutes.
func CheckWAFRateLimit(n int) error {
	if n < MinWAFRateLimit || n > MaxWAFRateLimit {
		return fmt.Errorf("must be %d-%d requests per five minutes (AWS WAF's limits)", MinWAFRateLimit, MaxWAFRateLimit)
	}
	return nil
}

// CheckOrderRetention checks how long orders are kept; 0 keeps them.
func CheckOrderRetention(days int) error {
	if days < 0 || days > MaxOrderRetentionDays {
		return fmt.Errorf("must be 0 (keep orders) to %d days", MaxOrderRetentionDays)
	}
	return nil
}

// CheckLatencyThreshold checks the p99 latency alarm threshold.
func CheckLatencyThreshold(ms int) error {
	if ms < 1 || ms > MaxLatencyThresholdMillis {
		return fmt.Errorf("must be 1-%d milliseconds (API Gateway's integration timeout)", MaxLatencyThresholdMillis)
	}
	return nil
}

func checkCount(n int) error {
	if n < 1 {
		return fmt.Errorf("must be at least 1")
	}
	return nil
}
