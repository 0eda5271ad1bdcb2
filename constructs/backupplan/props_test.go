package backupplan

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func TestValidate(t *testing.T) {
	base := func() Props {
		return Props{Name: "acme-prod", SelectionTag: Tag{"Backup", "daily"}, AdminPrincipalARNs: []string{"arn:aws:iam::123456789012:role/deployer"}}
	}
	const dr = "arn:aws:backup:eu-central-1:123456789012:backup-vault:acme-prod-dr"
	cases := []struct {
		name string
		mod  func(*Props)
		want []string
	}{
		{"defaults", func(*Props) {}, nil},
		{"production", func(p *Props) {
			p.Production, p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays, p.DRVaultARN = true, true, 7, 400, dr
		}, nil},
		{"cold", func(p *Props) { p.MonthlyColdStorageAfterDays, p.MonthlyRetentionDays = 30, 120 }, nil},
		{"cold too short", func(p *Props) { p.MonthlyColdStorageAfterDays = 300 }, []string{"MonthlyColdStorageAfterDays 300: cold storage lasts at least 90 days, so MonthlyRetentionDays 365 must be at least 390"}},
		{"cold negative", func(p *Props) { p.MonthlyColdStorageAfterDays = -1 }, []string{"MonthlyColdStorageAfterDays -1"}},
		{"name", func(p *Props) { p.Name = "a b" }, []string{`Name "a b"`}},
		{"missing", func(p *Props) { p.SelectionTag, p.AdminPrincipalARNs = Tag{}, nil }, []string{"SelectionTag", "AdminPrincipalARNs"}},
		{"resource type", func(p *Props) { p.ResourceTypes = []string{"efs", "s3"} }, []string{`ResourceTypes[1] "s3"`}},
		{"retention", func(p *Props) { p.DailyRetentionDays, p.MonthlyRetentionDays = -1, -2 }, []string{"DailyRetentionDays -1", "MonthlyRetentionDays -2"}},
		{"lock min", func(p *Props) { p.Lock = true }, []string{"LockMinRetentionDays 0"}},
		{"lock max", func(p *Props) { p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, 10, 5 }, []string{"LockMaxRetentionDays 5: 10-36500"}},
		{"lock too high", func(p *Props) { p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, 1, 36501 }, []string{"LockMaxRetentionDays 36501"}},
		{"lock range", func(p *Props) { p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, 40, 100 }, []string{"DailyRetentionDays 35: outside the vault lock's 40-100", "MonthlyRetentionDays 365: outside"}},
		{"lock fields without lock", func(p *Props) { p.LockMinRetentionDays = 7 }, []string{"set Lock"}},
		{"dr arn", func(p *Props) { p.DRVaultARN = "acme-dr" }, []string{`DRVaultARN "acme-dr": not a backup vault ARN`}},
		{"production bare", func(p *Props) { p.Production = true }, []string{"Lock: production", "DRVaultARN: production"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			err := p.Validate("b")
			validationtest.Lines(t, err, "", c.want)
		})
	}
}

func TestVaultPolicy(t *testing.T) {
	doc := VaultPolicy("arn:vault", []string{"arn:aws:iam::123456789012:role/deployer"})
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	js := doc.JSON()
	for _, w := range []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy", `"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/deployer"}`} {
		if !strings.Contains(js, w) {
			t.Errorf("policy lacks %s: %s", w, js)
		}
	}
}
