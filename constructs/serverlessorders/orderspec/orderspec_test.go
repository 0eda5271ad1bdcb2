package orderspec

import (
	"strings"
	"testing"
)

func TestWithDefaults(t *testing.T) {
	dev := Settings{SenderDomain: "shop.example.com"}.WithDefaults(false)
	want := Settings{
		SenderDomain: "shop.example.com", SenderAddress: "orders@shop.example.com",
		ReservedConcurrency: NoReservedConcurrency, ThrottleRateLimit: 10, ThrottleBurstLimit: 20, LogRetentionDays: 90,
		WAFRateLimit: 1000, LatencyThresholdMillis: 2000, ServerErrorThreshold: 1, FunctionErrorThreshold: 1,
	}
	if dev != want {
		t.Errorf("dev defaults:\n got %+v\nwant %+v", dev, want)
	}
	// Reservations only when the account's quota is declared (finding 10
	// of issue 15): a new account's quota of 10 refuses any.
	if dev := (Settings{SenderDomain: "shop.example.com", ConcurrencyQuota: 1000}).WithDefaults(false); dev.ReservedConcurrency != 5 {
		t.Errorf("dev with a quota reserves %d", dev.ReservedConcurrency)
	}
	if p := (Settings{SenderDomain: "shop.example.com"}).WithDefaults(true); p.ReservedConcurrency != NoReservedConcurrency {
		t.Errorf("production without a quota reserves %d", p.ReservedConcurrency)
	}
	prod := Settings{SenderDomain: "shop.example.com", ConcurrencyQuota: 1000}.WithDefaults(true)
	if prod.ReservedConcurrency != 50 || prod.ThrottleRateLimit != 100 || prod.ThrottleBurstLimit != 200 || prod.LogRetentionDays != 365 {
		t.Errorf("production defaults: %+v", prod)
	}
	kept := Settings{SenderDomain: "d.example", SenderAddress: "shop@d.example", ReservedConcurrency: NoReservedConcurrency, LogRetentionDays: 30}.WithDefaults(false)
	if kept.SenderAddress != "shop@d.example" || kept.ReservedConcurrency != -1 || kept.LogRetentionDays != 30 {
		t.Errorf("set values were replaced: %+v", kept)
	}
	for _, s := range []Settings{dev, prod} {
		if p := s.Check(s == prod); len(p) != 0 {
			t.Errorf("defaults are invalid: %+v", p)
		}
	}
}

func TestCheck(t *testing.T) {
	valid := func() Settings { return Settings{SenderDomain: "shop.example.com"}.WithDefaults(false) }
	tests := []struct {
		name       string
		mutate     func(*Settings)
		production bool
		field, msg string
	}{
		{"missing domain", func(s *Settings) { s.SenderDomain = "" }, false, "SenderDomain", "is required"},
		{"one label", func(s *Settings) { s.SenderDomain = "localhost" }, false, "SenderDomain", "not a domain name like"},
		{"upper case", func(s *Settings) { s.SenderDomain = "Shop.example.com" }, false, "SenderDomain", "lowercase"},
		{"hyphen edge", func(s *Settings) { s.SenderDomain = "-shop.example.com" }, false, "SenderDomain", "not starting or ending with a hyphen"},
		{"address elsewhere", func(s *Settings) { s.SenderAddress = "orders@other.example" }, false, "SenderAddress", "must be an address in the sender domain shop.example.com"},
		{"address with name", func(s *Settings) { s.SenderAddress = "Shop <orders@shop.example.com>" }, false, "SenderAddress", "not an email address"},
		{"user pool", func(s *Settings) { s.CognitoUserPoolARN = "arn:aws:cognito-idp:us-east-1:123:userpool/x" }, false, "CognitoUserPoolARN", "not a Cognito user pool ARN"},
		{"concurrency 1", func(s *Settings) { s.ReservedConcurrency = 1 }, false, "ReservedConcurrency", "must be 2-1000, or -1 for no reservation"},
		{"reservation without quota", func(s *Settings) { s.ReservedConcurrency = 5 }, false, "ReservedConcurrency", "needs the account's Lambda concurrency quota declared"},
		{"new account quota", func(s *Settings) { s.ReservedConcurrency = 5; s.ConcurrencyQuota = 10 }, false, "ReservedConcurrency", "4 functions x 5 leave fewer than 100 of the declared concurrency quota 10 unreserved, which Lambda refuses; at most 0"},
		{"quota just short", func(s *Settings) { s.ReservedConcurrency = 50; s.ConcurrencyQuota = 299 }, false, "ReservedConcurrency", "at most 49"},
		{"negative quota", func(s *Settings) { s.ConcurrencyQuota = -1 }, false, "ConcurrencyQuota", "or 0 if unknown"},
		{"rate", func(s *Settings) { s.ThrottleRateLimit = -1 }, false, "ThrottleRateLimit", "more than 0"},
		{"burst", func(s *Settings) { s.ThrottleBurstLimit = 6000 }, false, "ThrottleBurstLimit", "1-5000"},
		{"retention value", func(s *Settings) { s.LogRetentionDays = 100 }, false, "LogRetentionDays", "CloudWatch Logs accepts"},
		{"retention in production", func(s *Settings) { s.LogRetentionDays = 90 }, true, "LogRetentionDays", "at least 365 in production"},
		{"waf", func(s *Settings) { s.WAFRateLimit = 5 }, false, "WAFRateLimit", "10-2000000000"},
		{"order retention", func(s *Settings) { s.OrderRetentionDays = -1 }, false, "OrderRetentionDays", "must be 0"},
		{"latency", func(s *Settings) { s.LatencyThresholdMillis = 30000 }, false, "LatencyThresholdMillis", "1-29000"},
		{"5xx", func(s *Settings) { s.ServerErrorThreshold = -1 }, false, "ServerErrorThreshold", "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.mutate(&s)
			problems := s.Check(tt.production)
			if len(problems) != 1 {
				t.Fatalf("problems %+v, want one", problems)
			}
			if p := problems[0]; p.Field != tt.field || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("got %s: %s, want %s: ...%s...", p.Field, p.Msg, tt.field, tt.msg)
			}
		})
	}
}

func TestValidUserPoolARNs(t *testing.T) {
	for _, arn := range []string{
		"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123",
		"arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_X1",
	} {
		if err := CheckCognitoUserPoolARN(arn); err != nil {
			t.Errorf("%s: %v", arn, err)
		}
	}
}

func TestMaxNameLength(t *testing.T) {
	if MaxNameLength != 47 {
		t.Errorf("MaxNameLength = %d", MaxNameLength)
	}
}

func TestHostedZone(t *testing.T) {
	for _, ok := range []string{"Z1D633PJN98FT9", "Z0123456789ABCDEFGHIJ"} {
		if err := CheckHostedZoneID(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "/hostedzone/Z1D633PJN98FT9", "z1d633", "Z", "Z1D633-PJN"} {
		if CheckHostedZoneID(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if err := CheckZoneName("example.com"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", "example.com.", "Example.com", "com"} {
		if CheckZoneName(bad) == nil {
			t.Errorf("zone name %q accepted", bad)
		}
	}
	for _, tt := range []struct {
		domain, zone string
		in           bool
	}{
		{"example.com", "example.com", true},
		{"shop.example.com", "example.com", true},
		{"badexample.com", "example.com", false},
		{"example.org", "example.com", false},
	} {
		if InZone(tt.domain, tt.zone) != tt.in {
			t.Errorf("InZone(%s, %s) != %v", tt.domain, tt.zone, tt.in)
		}
	}
}
