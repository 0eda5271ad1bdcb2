package iamfoundation

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acme/landing-zone/constructs/iampolicy"
)

func TestServiceRolePropsValidate(t *testing.T) {
	read := iampolicy.Statement{Effect: iampolicy.Allow, Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"}}
	tests := []struct {
		name  string
		props ServiceRoleProps
		want  string
	}{
		{"minimal", ServiceRoleProps{Name: "app-server"}, ""},
		{"with permissions", ServiceRoleProps{Name: "app-server", Statements: []iampolicy.Statement{read}}, ""},
		{"no name", ServiceRoleProps{}, "iamfoundation app: Name: empty name"},
		{"bad name", ServiceRoleProps{Name: "App_Server"}, `iamfoundation app: Name: name part "App_Server"`},
		{"wildcard", ServiceRoleProps{Name: "app-server", Statements: []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"s3:*"}, Resources: []string{"*"}}}}, `iamfoundation app: Statements[0]: action "s3:*"`},
		{"boundary", ServiceRoleProps{Name: "app-server", PermissionsBoundaryARN: "boundary"}, `PermissionsBoundaryARN "boundary": not a managed policy ARN`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.props.validate("app")
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestCrossAccountRolePropsValidate(t *testing.T) {
	base := func(f func(*CrossAccountRoleProps)) CrossAccountRoleProps {
		p := CrossAccountRoleProps{Name: "prod-readonly", SourceAccountID: "111111111111", ExternalID: "dev-to-prod"}
		f(&p)
		return p
	}
	tests := []struct {
		name  string
		props CrossAccountRoleProps
		want  string
	}{
		{"minimal", base(func(*CrossAccountRoleProps) {}), ""},
		{"mfa age", base(func(p *CrossAccountRoleProps) { p.MaxMFAAgeSeconds = 900 }), ""},
		{"automation", base(func(p *CrossAccountRoleProps) { p.AllowWithoutMFA = true }), ""},
		{"console, MFA only", base(func(p *CrossAccountRoleProps) { p.MFAOnly, p.ExternalID = true, "" }), ""},
		{"MFA only with external id", base(func(p *CrossAccountRoleProps) { p.MFAOnly = true }), `ExternalID "dev-to-prod": must be empty with MFAOnly`},
		{"MFA only without MFA", base(func(p *CrossAccountRoleProps) { p.MFAOnly, p.ExternalID, p.AllowWithoutMFA = true, "", true }), "MFAOnly: not allowed with AllowWithoutMFA"},
		{"managed", base(func(p *CrossAccountRoleProps) {
			p.ManagedPolicyARNs = []string{AWSManagedPolicyARN("aws", ViewOnlyAccess)}
		}), ""},
		{"no source", base(func(p *CrossAccountRoleProps) { p.SourceAccountID = "" }), `iamfoundation x: SourceAccountID "": must be a 12-digit account id`},
		{"short source", base(func(p *CrossAccountRoleProps) { p.SourceAccountID = "1111" }), `SourceAccountID "1111"`},
		{"no external id", base(func(p *CrossAccountRoleProps) { p.ExternalID = "" }), `iamfoundation x: ExternalID "": must be 2-1224 characters`},
		{"external id with space", base(func(p *CrossAccountRoleProps) { p.ExternalID = "dev to prod" }), `ExternalID "dev to prod"`},
		{"mfa age too short", base(func(p *CrossAccountRoleProps) { p.MaxMFAAgeSeconds = 10 }), "MaxMFAAgeSeconds 10: must be 60-129600 seconds"},
		{"mfa age too long", base(func(p *CrossAccountRoleProps) { p.MaxMFAAgeSeconds = 200000 }), "MaxMFAAgeSeconds 200000: must be 60-129600 seconds"},
		{"mfa age negative", base(func(p *CrossAccountRoleProps) { p.MaxMFAAgeSeconds = -1 }), "MaxMFAAgeSeconds -1"},
		{"mfa age without mfa", base(func(p *CrossAccountRoleProps) { p.AllowWithoutMFA, p.MaxMFAAgeSeconds = true, 900 }), "not allowed with AllowWithoutMFA"},
		{"bad name", base(func(p *CrossAccountRoleProps) { p.Name = "Prod" }), `Name: name part "Prod"`},
		{"bad managed", base(func(p *CrossAccountRoleProps) { p.ManagedPolicyARNs = []string{"ReadOnlyAccess"} }), `ManagedPolicyARNs[0] "ReadOnlyAccess": not a managed policy ARN`},
		{"wildcard", base(func(p *CrossAccountRoleProps) {
			p.Statements = []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"*"}, Resources: []string{"*"}}}
		}), "wildcard actions are not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.props.validate("x")
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestGroupPropsValidate(t *testing.T) {
	role := "arn:aws:iam::333333333333:role/prod-readonly"
	tests := []struct {
		name  string
		props GroupProps
		want  string
	}{
		{"minimal", GroupProps{Name: "engineers", TargetRoleARNs: []string{role}}, ""},
		{"no name", GroupProps{TargetRoleARNs: []string{role}}, "iamfoundation g: Name: empty name"},
		{"no targets", GroupProps{Name: "engineers"}, "iamfoundation g: TargetRoleARNs is required"},
		{"wildcard target", GroupProps{Name: "engineers", TargetRoleARNs: []string{role, "arn:aws:iam::333333333333:role/*"}}, `TargetRoleARNs[1] "arn:aws:iam::333333333333:role/*": not an IAM role ARN`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.props.validate("g")
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}
