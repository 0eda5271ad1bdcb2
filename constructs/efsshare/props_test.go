package efsshare

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func TestValidate(t *testing.T) {
	base := func() Props {
		return Props{
			Name: "acme-dev-share", VPCID: jsii.String("vpc-1"),
			SubnetIDs:              *jsii.Strings("subnet-a", "subnet-b"),
			SourceSecurityGroupIDs: *jsii.Strings("sg-app"),
			ClientRoleARNs:         *jsii.Strings("arn:aws:iam::123456789012:role/app"),
		}
	}
	cases := []struct {
		name string
		mod  func(*Props)
		want []string
	}{
		{"defaults", func(*Props) {}, nil},
		// The settings' rules are efsspec's; one case shows they apply.
		{"transition", func(p *Props) { p.TransitionToIA = "AFTER_2_DAYS" }, []string{`TransitionToIA "AFTER_2_DAYS"`}},
		{"missing", func(p *Props) { p.VPCID, p.SubnetIDs, p.SourceSecurityGroupIDs, p.ClientRoleARNs = nil, nil, nil, nil }, []string{"VPCID", "SubnetIDs", "SourceSecurityGroupIDs", "ClientRoleARNs"}},
		{"nil entries", func(p *Props) { p.SubnetIDs = append(p.SubnetIDs, nil) }, []string{"SubnetIDs[2] is nil"}},
		{"name", func(p *Props) { p.Name = "" }, []string{`Name ""`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			err := p.Validate("s")
			validationtest.Lines(t, err, "", c.want)
		})
	}
}

func TestPolicy(t *testing.T) {
	doc := Policy("arn:fs", "arn:ap", []string{"arn:role"})
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	js := doc.JSON()
	for _, w := range []string{`"DenyOtherPrincipals"`, `"ArnNotEquals":{"aws:PrincipalArn":"arn:role"}`, `"DenyWithoutAccessPoint"`, `"StringNotEquals":{"elasticfilesystem:AccessPointArn":"arn:ap"}`, `"aws:SecureTransport":"false"`, `"elasticfilesystem:AccessPointArn":"arn:ap"`, `"elasticfilesystem:AccessedViaMountTarget":"true"`, `"Effect":"Deny"`} {
		if !strings.Contains(js, w) {
			t.Errorf("policy lacks %s: %s", w, js)
		}
	}
	for _, st := range doc.Statements {
		if st.Effect == iampolicy.Allow && slices.Contains(st.Actions, "elasticfilesystem:ClientRootAccess") {
			t.Errorf("clients get no root access: %s", js)
		}
	}
}

// TestValidatePrepare checks Prepare's props: no ClientRoleARNs, which
// Share.Admit takes once the roles exist.
func TestValidatePrepare(t *testing.T) {
	p := Props{
		Name: "acme-dev-share", VPCID: jsii.String("vpc-1"),
		SubnetIDs: *jsii.Strings("subnet-a"), SourceSecurityGroupIDs: *jsii.Strings("sg-app"),
	}
	validationtest.Lines(t, p.validate("s", false), "", nil)
	p.ClientRoleARNs = *jsii.Strings("arn:aws:iam::123456789012:role/app")
	validationtest.Lines(t, p.validate("s", false), "", []string{"ClientRoleARNs: 1 given to Prepare"})
}
