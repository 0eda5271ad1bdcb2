package backupplan

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

// TestValidate checks that Validate applies planspec's rules (its tests
// hold the cases) with the construct's prefix and sets the defaults.
func TestValidate(t *testing.T) {
	p := Props{Name: "acme-prod", SelectionTag: Tag{Key: "Backup", Value: "daily"}, AdminPrincipalARNs: []string{"arn:aws:iam::123456789012:role/deployer"}}
	validationtest.Lines(t, p.Validate("b"), "", nil)
	if p.DailyRetentionDays != DefaultDailyRetentionDays || p.MonthlyRetentionDays != DefaultMonthlyRetentionDays || len(p.ResourceTypes) != len(DefaultResourceTypes) {
		t.Errorf("defaults not applied: %+v", p)
	}
	p = Props{Name: "a b", AdminPrincipalARNs: []string{"x"}, Production: true}
	validationtest.Lines(t, p.Validate("b"), "backupplan b: ", []string{`Name "a b"`, `SelectionTag ""=""`, "Lock: production", "DRVaultARN: production"})
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
