package planspec

import (
	"errors"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func TestCheck(t *testing.T) {
	base := func() Plan {
		return Plan{Name: "acme-prod", SelectionTag: Tag{Key: "Backup", Value: "daily"}, AdminPrincipalARNs: []string{"arn:aws:iam::123456789012:role/deployer"}}
	}
	const dr = "arn:aws:backup:eu-central-1:123456789012:backup-vault:acme-prod-dr"
	cases := []struct {
		name string
		mod  func(*Plan)
		want []string
	}{
		{"defaults", func(*Plan) {}, nil},
		{"production", func(p *Plan) {
			p.Production, p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays, p.DRVaultARN = true, true, 7, 400, dr
		}, nil},
		{"schedules", func(p *Plan) { p.DailySchedule, p.MonthlySchedule = "cron(30 2 ? * * *)", "cron(0 3 ? * 1#1 *)" }, nil},
		{"bad schedules", func(p *Plan) { p.DailySchedule, p.MonthlySchedule = "rate(1 day)", "cron(0 5 1 * ?)" }, []string{`DailySchedule "rate(1 day)"`, `MonthlySchedule "cron(0 5 1 * ?)"`}},
		{"cold", func(p *Plan) { p.MonthlyColdStorageAfterDays, p.MonthlyRetentionDays = 30, 120 }, nil},
		{"cold too short", func(p *Plan) { p.MonthlyColdStorageAfterDays = 300 }, []string{"MonthlyColdStorageAfterDays 300: cold storage lasts at least 90 days, so MonthlyRetentionDays 365 must be at least 390"}},
		{"cold negative", func(p *Plan) { p.MonthlyColdStorageAfterDays = -1 }, []string{"MonthlyColdStorageAfterDays -1"}},
		{"name", func(p *Plan) { p.Name = "a b" }, []string{`Name "a b"`}},
		{"missing", func(p *Plan) { p.SelectionTag, p.AdminPrincipalARNs = Tag{}, nil }, []string{"SelectionTag", "AdminPrincipalARNs"}},
		{"resource type", func(p *Plan) { p.ResourceTypes = []string{"efs", "s3"} }, []string{`ResourceTypes[1] "s3"`}},
		{"retention", func(p *Plan) { p.DailyRetentionDays, p.MonthlyRetentionDays = -1, -2 }, []string{"DailyRetentionDays -1", "MonthlyRetentionDays -2"}},
		{"lock min", func(p *Plan) { p.Lock = true }, []string{"LockMinRetentionDays 0"}},
		{"lock max", func(p *Plan) { p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, 10, 5 }, []string{"LockMaxRetentionDays 5: 10-36500"}},
		{"lock too high", func(p *Plan) { p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, 1, 36501 }, []string{"LockMaxRetentionDays 36501"}},
		{"lock range", func(p *Plan) { p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, 40, 100 }, []string{"DailyRetentionDays 35: outside the vault lock's 40-100", "MonthlyRetentionDays 365: outside"}},
		{"lock fields without lock", func(p *Plan) { p.LockMinRetentionDays = 7 }, []string{"set Lock"}},
		{"dr arn", func(p *Plan) { p.DRVaultARN = "acme-dr" }, []string{`DRVaultARN "acme-dr": not a backup vault ARN`}},
		{"production with a DR scope", func(p *Plan) {
			p.Production, p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays, p.HasDRScope = true, true, 7, 400, true
		}, nil},
		{"dr arn and scope", func(p *Plan) { p.DRVaultARN, p.HasDRScope = dr, true }, []string{"give DRVaultARN or DRScope, not both"}},
		{"production bare", func(p *Plan) { p.Production = true }, []string{"Lock: production", "DRVaultARN: production"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			validationtest.Lines(t, errors.Join(p.WithDefaults().Check().Errors()...), "", c.want)
		})
	}
}

func TestResourceARNs(t *testing.T) {
	got := ResourceARNs("aws", DefaultResourceTypes)
	want := []string{"arn:aws:rds:*:*:cluster:*", "arn:aws:dynamodb:*:*:table/*", "arn:aws:elasticfilesystem:*:*:file-system/*", "arn:aws:ec2:*:*:volume/*"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
