package orgbaseline

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/iampolicy"
)

const deployRoleARN = "arn:aws:iam::*:role/OrganizationAccountAccessRole"

func baseline() Guardrails {
	return Guardrails{
		RegionDeny: true, AllowedRegions: []string{"us-west-2", "us-east-1"},
		DenyLeaveOrganization: true, ProtectSecurityServices: true, DenyRootUser: true, ProtectAccountDefaults: true,
		ProtectLogArchive: true, LogArchive: LogArchiveTarget{BucketName: "acme-logs-*-us-east-1", KeyAlias: "acme/logs"},
		ExemptRoleNames: []string{"OrganizationAccountAccessRole"},
	}
}

// statementsBySid renders g and indexes its statements.
func statementsBySid(t *testing.T, g Guardrails) map[string]iampolicy.Statement {
	t.Helper()
	stmts, err := g.Statements("aws")
	require.NoError(t, err)
	out := map[string]iampolicy.Statement{}
	for _, s := range stmts {
		out[s.Sid] = s
	}
	return out
}

// matchesAction reports whether an SCP action pattern (a wildcard only at
// the end, case-insensitive) matches action.
func matchesAction(pattern, action string) bool {
	pattern, action = strings.ToLower(pattern), strings.ToLower(action)
	if pattern == "*" {
		return true
	}
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(action, p)
	}
	return pattern == action
}

func denies(s iampolicy.Statement, action string) bool {
	return slices.ContainsFunc(s.Actions, func(p string) bool { return matchesAction(p, action) })
}

func condition(s iampolicy.Statement, test, variable string) []string {
	for _, c := range s.Conditions {
		if c.Test == test && c.Variable == variable {
			return c.Values
		}
	}
	return nil
}

func TestPackFitsTheBaselineWithinTheLimits(t *testing.T) {
	scps, err := baseline().Pack("root", "aws")
	require.NoError(t, err)
	require.Len(t, scps, 2, "the baseline needs two of the four places next to FullAWSAccess")
	var sids []string
	for i, s := range scps {
		assert.LessOrEqual(t, s.Document.Size(), MaxSCPSize, s.Name)
		require.NoError(t, s.Document.Validate(), s.Name)
		assert.Equal(t, "root-guardrails-"+string(rune('1'+i)), s.Name)
		for _, st := range s.Document.Statements {
			sids = append(sids, st.Sid)
		}
	}
	assert.Equal(t, []string{
		"DenyRootUser", "DenyLeaveOrganization", "ProtectExemptRoles", "ProtectSecurityServices", "DenySuppressingFindings",
		"ProtectAccountDefaults", "ProtectLogArchive", "ProtectLogArchiveKey", "DenyOutsideAllowedRegions",
	}, sids)
	js := scps[0].Document.JSON() + scps[1].Document.JSON()
	assert.Contains(t, js, `"aws:RequestedRegion":["us-east-1","us-west-2"]`)
	assert.Contains(t, js, `"ArnNotLike":{"aws:PrincipalARN":"`+deployRoleARN+`"}`)
}

func TestRegionDenyKeepsGlobalServices(t *testing.T) {
	for _, a := range []string{"iam:*", "organizations:*", "route53:*", "cloudfront:*", "budgets:*", "support:*", "sts:*", "globalaccelerator:*", "waf:*", "health:*"} {
		assert.Contains(t, GlobalServiceActions, a)
	}
}

// TestActionWildcardsOnlyAtTheEnd: SCPs accept * (and ?) in an action only
// alone or at the end of the name; AWS rejects the policy otherwise.
func TestActionWildcardsOnlyAtTheEnd(t *testing.T) {
	g := baseline()
	g.DenyIAMUsers, g.DenyAll = true, true
	stmts, err := g.Statements("aws")
	require.NoError(t, err)
	for _, s := range stmts {
		for _, a := range append(append([]string(nil), s.Actions...), s.NotActions...) {
			body := strings.TrimSuffix(a, "*")
			assert.NotContains(t, body, "*", "%s: %s", s.Sid, a)
			assert.NotContains(t, a, "?", "%s: %s", s.Sid, a)
			if a != "*" {
				assert.Regexp(t, `^[a-z0-9-]+:[A-Za-z0-9]*\*?$`, a, s.Sid)
			}
		}
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
	assert.Len(t, scps, 2, "everything but the large region deny, then the region deny alone")
	for _, s := range scps {
		assert.LessOrEqual(t, s.Document.Size(), MaxSCPSize)
	}

	tests := []struct {
		name string
		g    Guardrails
		want string
	}{
		{"region deny without regions", Guardrails{RegionDeny: true}, "RegionDeny needs AllowedRegions"},
		{"log archive without names", Guardrails{ProtectLogArchive: true}, "ProtectLogArchive needs LogArchive.BucketName and LogArchive.KeyAlias"},
		{"key alias with prefix", Guardrails{ProtectLogArchive: true, LogArchive: LogArchiveTarget{BucketName: "b", KeyAlias: "alias/acme/logs"}}, `LogArchive.KeyAlias "alias/acme/logs": give the alias without the alias/ prefix`},
		{"wildcard exempt role", Guardrails{DenyIAMUsers: true, ExemptRoleNames: []string{"Admin*"}}, `ExemptRoleNames "Admin*": a role name without wildcards or path`},
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

// TestDenyRootUserLetsCentralizedRootAccessThrough covers finding 7: the
// root deny must not block the sts:AssumeRoot sessions that centralized
// root access opens, which carry aws:AssumedRoot.
func TestDenyRootUserLetsCentralizedRootAccessThrough(t *testing.T) {
	stmts, err := Guardrails{DenyAll: true, DenyRootUser: true, ExemptRoleNames: []string{"Deployer"}}.Statements("aws-us-gov")
	require.NoError(t, err)
	require.Len(t, stmts, 2, "neither guardrail exempts the deployment role, so it needs no protection here")
	assert.Equal(t, "DenyAll", stmts[0].Sid)
	assert.Empty(t, stmts[0].Conditions, "nothing escapes DenyAll")
	root := stmts[1]
	assert.Equal(t, []string{"arn:aws-us-gov:iam::*:root"}, condition(root, "StringLike", "aws:PrincipalArn"))
	assert.Equal(t, []string{"true"}, condition(root, "Null", "aws:AssumedRoot"), "root sessions from sts:AssumeRoot are let through")
	assert.Len(t, root.Conditions, 2, "the deployment role does not exempt the root user")
	assert.Contains(t, iampolicy.Document{Statements: []iampolicy.Statement{root}}.JSON(),
		`"Condition":{"Null":{"aws:AssumedRoot":"true"},"StringLike":{"aws:PrincipalArn":"arn:aws-us-gov:iam::*:root"}}`)
}

// TestExemptRolesAreProtected covers finding 25: wherever a guardrail
// exempts the deployment roles by ARN, nobody but those roles (and
// StackSets' execution roles) may create, delete or change them.
func TestExemptRolesAreProtected(t *testing.T) {
	roles := []string{"OrganizationAccountAccessRole", "LandingZoneDeploy"}
	tests := []struct {
		name    string
		g       Guardrails
		protect bool
	}{
		{"security services", Guardrails{ProtectSecurityServices: true}, true},
		{"account defaults", Guardrails{ProtectAccountDefaults: true}, true},
		{"IAM users", Guardrails{DenyIAMUsers: true}, true},
		{"region deny", Guardrails{RegionDeny: true, AllowedRegions: []string{"us-east-1"}}, true},
		{"log archive", Guardrails{ProtectLogArchive: true, LogArchive: LogArchiveTarget{BucketName: "b", KeyAlias: "k"}}, true},
		{"root user, leave, deny all: no exemption", Guardrails{DenyRootUser: true, DenyLeaveOrganization: true, DenyAll: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.g
			g.ExemptRoleNames = roles
			s, ok := statementsBySid(t, g)["ProtectExemptRoles"]
			require.Equal(t, tt.protect, ok)
			if !ok {
				return
			}
			want := []string{
				"arn:aws:iam::*:role/OrganizationAccountAccessRole", "arn:aws:iam::*:role/LandingZoneDeploy",
				"arn:aws:iam::*:role/stacksets-exec-*",
			}
			assert.Equal(t, want, s.Resources)
			assert.Equal(t, want, condition(s, "ArnNotLike", "aws:PrincipalARN"), "only the roles themselves change them")
			for _, a := range []string{
				"iam:CreateRole", "iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
				"iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
				"iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:TagRole", "iam:UntagRole",
			} {
				assert.True(t, denies(s, a), a)
			}
			assert.False(t, denies(s, "sts:AssumeRole"), "using the role stays possible for whom its trust policy names")

			g.ExemptRoleNames = nil
			_, ok = statementsBySid(t, g)["ProtectExemptRoles"]
			assert.False(t, ok, "no exemption, nothing to protect")
		})
	}
}

// TestSecurityServicesCannotBeSilenced covers finding 28: the guardrail
// denies stopping, deleting and reconfiguring the security services,
// including silencing or redirecting findings, and leaves triage open.
func TestSecurityServicesCannotBeSilenced(t *testing.T) {
	g := Guardrails{ProtectSecurityServices: true, ExemptRoleNames: []string{"OrganizationAccountAccessRole"}}
	by := statementsBySid(t, g)
	s := by["ProtectSecurityServices"]
	tests := []struct {
		action string
		denied bool
	}{
		// Stopping and deleting.
		{"cloudtrail:StopLogging", true}, {"cloudtrail:DeleteTrail", true},
		{"config:StopConfigurationRecorder", true}, {"config:DeleteDeliveryChannel", true},
		{"guardduty:DeleteDetector", true}, {"guardduty:UpdateDetector", true},
		{"securityhub:DisableSecurityHub", true}, {"securityhub:BatchDisableStandards", true},
		{"access-analyzer:DeleteAnalyzer", true},
		// GuardDuty: suppression rules (filters), trusted lists, export,
		// organization auto-enable, membership.
		{"guardduty:CreateFilter", true}, {"guardduty:UpdateFilter", true}, {"guardduty:DeleteFilter", true},
		{"guardduty:CreateIPSet", true}, {"guardduty:UpdateIPSet", true}, {"guardduty:CreateTrustedEntitySet", true},
		{"guardduty:CreatePublishingDestination", true}, {"guardduty:UpdatePublishingDestination", true},
		{"guardduty:DeletePublishingDestination", true}, {"guardduty:UpdateOrganizationConfiguration", true},
		{"guardduty:UpdateMemberDetectors", true}, {"guardduty:UpdateMalwareScanSettings", true},
		{"guardduty:DisassociateMembers", true}, {"guardduty:StopMonitoringMembers", true},
		// Security Hub: automation rules, legacy finding archive, controls,
		// aggregation, organization and central configuration, GuardDuty's
		// product integration.
		{"securityhub:CreateAutomationRule", true}, {"securityhub:CreateAutomationRuleV2", true},
		{"securityhub:BatchUpdateAutomationRules", true}, {"securityhub:UpdateAutomationRuleV2", true},
		{"securityhub:BatchDeleteAutomationRules", true}, {"securityhub:DeleteAutomationRuleV2", true},
		{"securityhub:UpdateFindings", true}, {"securityhub:UpdateStandardsControl", true},
		{"securityhub:BatchUpdateStandardsControlAssociations", true}, {"securityhub:UpdateSecurityControl", true},
		{"securityhub:UpdateFindingAggregator", true}, {"securityhub:DeleteFindingAggregator", true},
		{"securityhub:UpdateOrganizationConfiguration", true}, {"securityhub:UpdateConfigurationPolicy", true},
		{"securityhub:StartConfigurationPolicyDisassociation", true}, {"securityhub:DisableImportFindingsForProduct", true},
		{"securityhub:DisassociateMembers", true},
		// Access Analyzer archive rules; Config organization rules and
		// retention.
		{"access-analyzer:CreateArchiveRule", true}, {"access-analyzer:UpdateArchiveRule", true},
		{"access-analyzer:ApplyArchiveRule", true},
		{"config:DeleteOrganizationConfigRule", true}, {"config:PutOrganizationConfigRule", true},
		{"config:PutRetentionConfiguration", true}, {"config:DeleteRetentionConfiguration", true},
		{"config:PutConfigurationAggregator", true}, {"config:DeleteEvaluationResults", true},
		// Triage and reading stay open.
		{"securityhub:BatchUpdateFindings", false}, {"securityhub:GetFindings", false},
		{"securityhub:CreateInsight", false}, {"securityhub:UpdateInsight", false}, {"securityhub:DeleteInsight", false},
		{"guardduty:ArchiveFindings", false}, {"guardduty:GetFindings", false}, {"guardduty:CreateSampleFindings", false},
		{"access-analyzer:UpdateFindings", false}, {"config:PutResourceConfig", false}, {"config:DeleteStoredQuery", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.denied, denies(s, tt.action), tt.action)
	}
	assert.Equal(t, []string{deployRoleARN}, condition(s, "ArnNotLike", "aws:PrincipalARN"))

	suppress := by["DenySuppressingFindings"]
	assert.Equal(t, []string{"securityhub:BatchUpdateFindings"}, suppress.Actions)
	assert.Equal(t, []string{"SUPPRESSED"}, condition(suppress, "StringEquals", "securityhub:ASFFSyntaxPath/Workflow.Status"))
	assert.Equal(t, []string{deployRoleARN}, condition(suppress, "ArnNotLike", "aws:PrincipalARN"))
}

// TestProtectLogArchive covers finding 29: the central log bucket's
// configuration and its key can be changed only by the deployment roles.
func TestProtectLogArchive(t *testing.T) {
	by := statementsBySid(t, baseline())
	bucket := by["ProtectLogArchive"]
	assert.Equal(t, []string{"arn:aws:s3:::acme-logs-*-us-east-1", "arn:aws:kms:*:*:alias/acme/logs"}, bucket.Resources)
	for _, a := range []string{
		"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning",
		"s3:PutEncryptionConfiguration", "s3:PutBucketLogging", "s3:PutReplicationConfiguration", "s3:DeleteBucket",
		"s3:PutBucketOwnershipControls", "s3:PutBucketPublicAccessBlock", "s3:PutBucketAcl",
		"kms:DeleteAlias", "kms:UpdateAlias",
	} {
		assert.True(t, denies(bucket, a), a)
	}
	for _, a := range []string{"s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:GetBucketPolicy"} {
		assert.False(t, denies(bucket, a), "%s: deliveries and reads go on", a)
	}
	assert.Equal(t, []string{deployRoleARN}, condition(bucket, "ArnNotLike", "aws:PrincipalARN"))

	key := by["ProtectLogArchiveKey"]
	assert.Equal(t, []string{"*"}, key.Resources)
	assert.ElementsMatch(t, []string{"kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"}, key.Actions)
	assert.Equal(t, []string{"alias/acme/logs"}, condition(key, "ForAnyValue:StringEquals", "kms:ResourceAliases"))
	assert.Equal(t, []string{deployRoleARN}, condition(key, "ArnNotLike", "aws:PrincipalARN"))
}
