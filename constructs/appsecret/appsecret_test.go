package appsecret

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/awsenv"
)

func TestValidateDefaults(t *testing.T) {
	s, err := Props{Name: "acme/dev/key", Slug: "acme-dev-key"}.validate()
	if err != nil {
		t.Fatal(err)
	}
	if s.RecoveryWindowDays != 30 || s.RotationDays != 30 || s.LogRetentionDays != 365 {
		t.Fatalf("defaults: %+v", s)
	}
	s, err = Props{Name: "k", Slug: "acme-k", RotationSchedule: "cron(0 4 ? * SUN *)"}.validate()
	if err != nil || s.RotationDays != 0 {
		t.Fatalf("schedule: %+v %v", s, err)
	}
}

func TestResourcePolicy(t *testing.T) {
	env := awsenv.Env{AccountID: "123456789012", Region: "eu-west-1", Partition: "aws"}
	for org, want := range map[string]string{"": `"aws:PrincipalAccount":"123456789012"`, "o-abcdefghij": `"aws:PrincipalOrgID":"o-abcdefghij"`} {
		doc := resourcePolicy(env, org)
		if err := doc.Validate(); err != nil {
			t.Fatal(err)
		}
		j := doc.JSON()
		if !strings.Contains(j, want) || !strings.Contains(j, `"Effect":"Deny"`) || strings.Contains(j, `"Effect":"Allow"`) {
			t.Errorf("org %q: %s", org, j)
		}
	}
	rp := rotationPolicy(env, "acme/k", "arn:aws:kms:eu-west-1:123456789012:key/x", "/aws/lambda/f").JSON()
	for _, want := range []string{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/k-??????", "secretsmanager.eu-west-1.amazonaws.com", "secretsmanager:UpdateSecretVersionStage"} {
		if !strings.Contains(rp, want) {
			t.Errorf("rotation policy lacks %q: %s", want, rp)
		}
	}
}
