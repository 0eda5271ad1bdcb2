package test

import (
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/orgbaseline"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// rootGuardrails returns the statements of every guardrail SCP attached to
// the organization root of the example, by Sid, and checks each policy
// against AWS's limits.
func rootGuardrails(t *testing.T) map[string]map[string]any {
	t.Helper()
	_, parsed := exampleOrg(t)
	s := parsed[stacks.OrganizationStack]
	attachments := s.resources("aws_organizations_policy_attachment")
	out := map[string]map[string]any{}
	n := 0
	for name, p := range s.resources("aws_organizations_policy") {
		if p["type"] != "SERVICE_CONTROL_POLICY" || attachments[name+"-attachment"]["target_id"] != "${aws_organizations_organization.organization.roots[0].id}" {
			continue
		}
		n++
		content := p["content"].(string)
		assert.LessOrEqual(t, len(content), orgbaseline.MaxSCPSize, name)
		for _, st := range policyDoc(t, content)["Statement"].([]any) {
			m := st.(map[string]any)
			out[m["Sid"].(string)] = m
		}
	}
	assert.LessOrEqual(t, n+1, orgbaseline.MaxSCPsPerTarget, "root guardrails plus FullAWSAccess")
	return out
}

func policyStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = e.(string)
		}
		return out
	}
	return nil
}

func cond(st map[string]any, test, key string) []string {
	c, _ := st["Condition"].(map[string]any)
	m, _ := c[test].(map[string]any)
	return policyStrings(m[key])
}

// TestRootGuardrailsOfTheExample checks the organization stack's root SCPs
// for the four findings of issue 15 the guardrails own.
func TestRootGuardrailsOfTheExample(t *testing.T) {
	root := rootGuardrails(t)
	deploy := []string{"arn:aws:iam::*:role/OrganizationAccountAccessRole"}

	// Finding 7: centralized root access (enabled in the same stack) works.
	_, parsed := exampleOrg(t)
	require.NotEmpty(t, parsed[stacks.OrganizationStack].resources("aws_iam_organizations_features"), "centralized root access is on")
	assert.Equal(t, []string{"true"}, cond(root["DenyRootUser"], "Null", "aws:AssumedRoot"))

	// Finding 25: the exempt role is protected by itself.
	roles := root["ProtectExemptRoles"]
	require.NotNil(t, roles)
	protected := append(append([]string(nil), deploy...), "arn:aws:iam::*:role/stacksets-exec-*")
	assert.ElementsMatch(t, protected, policyStrings(roles["Resource"]))
	assert.ElementsMatch(t, protected, cond(roles, "ArnNotLike", "aws:PrincipalARN"))
	for _, a := range []string{"iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRole"} {
		assert.Contains(t, policyStrings(roles["Action"]), a)
	}

	// Finding 28: silencing findings is denied, suppression included.
	sec := policyStrings(root["ProtectSecurityServices"]["Action"])
	for _, a := range []string{"guardduty:CreateFilter", "guardduty:Update*", "guardduty:CreatePublishingDestination", "securityhub:CreateAutomationRule*", "access-analyzer:CreateArchiveRule", "config:DeleteOrganizationConfigRule", "config:PutRetentionConfiguration"} {
		assert.Contains(t, sec, a)
	}
	assert.Equal(t, []string{"SUPPRESSED"}, cond(root["DenySuppressingFindings"], "StringEquals", "securityhub:ASFFSyntaxPath/Workflow.Status"))

	// Finding 29: the central log bucket and key, by the names the
	// log-archive stack gives them.
	logs := root["ProtectLogArchive"]
	require.NotNil(t, logs)
	o := org.Example()
	res := policyStrings(logs["Resource"])
	require.Len(t, res, 2)
	ok, err := path.Match(strings.TrimPrefix(res[1], "arn:aws:s3:::"), stacks.LogBucketName(o))
	require.NoError(t, err)
	assert.True(t, ok, "%s matches the central log bucket %s", res[1], stacks.LogBucketName(o))
	assert.Equal(t, "arn:aws:kms:*:*:alias/"+stacks.LogKeyAlias(o), res[0])
	assert.Equal(t, []string{"alias/" + stacks.LogKeyAlias(o)}, cond(root["ProtectLogArchiveKey"], "ForAnyValue:StringEquals", "kms:ResourceAliases"))
	for _, sid := range []string{"ProtectSecurityServices", "DenySuppressingFindings", "ProtectAccountDefaults", "ProtectLogArchive", "ProtectLogArchiveKey", "DenyOutsideAllowedRegions"} {
		assert.Equal(t, deploy, cond(root[sid], "ArnNotLike", "aws:PrincipalARN"), sid)
	}
}

// TestLogArchiveGuardrailIsTheSameBeforeAndAfterBootstrap: the guardrail
// must not depend on the log-archive account id, which the organization
// file gets only after the organization stack's first apply.
func TestLogArchiveGuardrailIsTheSameBeforeAndAfterBootstrap(t *testing.T) {
	boot := org.Example()
	boot.ID = ""
	for i := range boot.Accounts {
		if boot.Accounts[i].Kind != org.KindManagement {
			boot.Accounts[i].ID = ""
		}
	}
	_, before := synthOrg(t, boot, stacks.Options{})
	_, after := exampleOrg(t)
	policies := func(s synthesized) map[string]any {
		out := map[string]any{}
		for name, p := range s.resources("aws_organizations_policy") {
			out[name] = p["content"]
		}
		return out
	}
	assert.Equal(t, policies(after[stacks.OrganizationStack]), policies(before[stacks.OrganizationStack]))
}
