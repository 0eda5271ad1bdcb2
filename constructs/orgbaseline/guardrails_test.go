package orgbaseline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func baseline() Guardrails {
	return Guardrails{
		RegionDeny: true, AllowedRegions: []string{"us-west-2", "us-east-1"},
		DenyLeaveOrganization: true, ProtectSecurityServices: true, DenyRootUser: true, ProtectAccountDefaults: true,
		ExemptRoleNames: []string{"OrganizationAccountAccessRole"},
	}
}

func TestPackFitsTheBaselineInOnePolicy(t *testing.T) {
	scps, err := baseline().Pack("root", "aws")
	require.NoError(t, err)
	require.Len(t, scps, 1)
	assert.LessOrEqual(t, scps[0].Document.Size(), MaxSCPSize)
	assert.Equal(t, "root-guardrails-1", scps[0].Name)
	assert.Equal(t, "Guardrails: DenyRootUser, DenyLeaveOrganization, ProtectSecurityServices, ProtectAccountDefaults, DenyOutsideAllowedRegions", scps[0].Description)
	js := scps[0].Document.JSON()
	assert.Contains(t, js, `"aws:RequestedRegion":["us-east-1","us-west-2"]`)
	assert.Contains(t, js, `"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/OrganizationAccountAccessRole"}`)
	require.NoError(t, scps[0].Document.Validate())
}

func TestRegionDenyKeepsGlobalServices(t *testing.T) {
	for _, a := range []string{"iam:*", "organizations:*", "route53:*", "cloudfront:*", "budgets:*", "support:*", "sts:*", "globalaccelerator:*", "waf:*", "health:*"} {
		assert.Contains(t, GlobalServiceActions, a)
	}
}

func TestPackSplitsAndLimits(t *testing.T) {
	g := baseline()
	g.DenyIAMUsers = true
	// Many regions make the region statement large, forcing a split.
	for i := 0; i < 120; i++ {
		g.AllowedRegions = append(g.AllowedRegions, "xx-test-"+strings.Repeat("a", i%10)+string(rune('a'+i%26)))
	}
	scps, err := g.Pack("ou", "aws")
	require.NoError(t, err)
	assert.Len(t, scps, 2)
	for _, s := range scps {
		assert.LessOrEqual(t, s.Document.Size(), MaxSCPSize)
	}

	tests := []struct {
		name string
		g    Guardrails
		want string
	}{
		{"region deny without regions", Guardrails{RegionDeny: true}, "RegionDeny needs AllowedRegions"},
		{"one statement too large", func() Guardrails {
			g := Guardrails{RegionDeny: true}
			for i := 0; i < 400; i++ {
				g.AllowedRegions = append(g.AllowedRegions, "region-"+strings.Repeat("x", 10)+string(rune('a'+i%26))+string(rune('a'+i/26)))
			}
			return g
		}(), "guardrail DenyOutsideAllowedRegions renders to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.g.Pack("x", "aws")
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestDenyAllAndRootUser(t *testing.T) {
	stmts, err := Guardrails{DenyAll: true, DenyRootUser: true, ExemptRoleNames: []string{"Deployer"}}.Statements("aws-us-gov")
	require.NoError(t, err)
	require.Len(t, stmts, 2)
	assert.Equal(t, "DenyAll", stmts[0].Sid)
	assert.Empty(t, stmts[0].Conditions, "nothing escapes DenyAll")
	assert.Equal(t, []string{"arn:aws-us-gov:iam::*:root"}, stmts[1].Conditions[0].Values)
	assert.Len(t, stmts[1].Conditions, 1, "the deploy role does not exempt the root user")
}
