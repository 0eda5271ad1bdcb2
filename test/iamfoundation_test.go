package test

import (
	"testing"

	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iamfoundation"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/securebucket"
)

const (
	iamSourceAccount = "111111111111"
	iamTargetAccount = "333333333333"
)

func TestServiceRole(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	bucket, err := securebucket.New(st, "app-data", securebucket.Props{Name: "acme-app-data-123456789012", AccessLogs: securebucket.AccessLogs{Disabled: true}})
	require.NoError(t, err)
	env, err := awsenv.New(testAccount, testRegion)
	require.NoError(t, err)
	secrets, err := iamfoundation.SecretReadStatements(env, "app/", "")
	require.NoError(t, err)
	var stmts []iampolicy.Statement
	stmts = append(stmts, bucket.ReadStatements("")...)
	stmts = append(stmts, bucket.WriteStatements("uploads/")...)
	stmts = append(stmts, iamfoundation.TableStatements(env.ARN("dynamodb", "table/users"), true)...)
	stmts = append(stmts, secrets...)

	r, err := iamfoundation.NewServiceRole(st, "app", iamfoundation.ServiceRoleProps{Name: "app-server", Statements: stmts})
	require.NoError(t, err)
	assert.Equal(t, "app-server", r.RoleName)
	assert.Equal(t, "arn:aws:iam::123456789012:role/app-server", r.RoleARN)
	assert.Equal(t, "app-server", r.InstanceProfileName)
	assert.Equal(t, "arn:aws:iam::123456789012:instance-profile/app-server", r.InstanceProfileARN)
	require.NotNil(t, r.Role)
	require.NotNil(t, r.InstanceProfileRef)
	s := synthStack(t, st)

	role := s.resources("aws_iam_role")["app"]
	assert.Equal(t, "app-server", role["name"])
	trust := policyDoc(t, role["assume_role_policy"])
	ts := trust["Statement"].([]any)
	require.Len(t, ts, 1)
	assert.Equal(t, map[string]any{"Service": "ec2.amazonaws.com"}, ts[0].(map[string]any)["Principal"])
	assert.Equal(t, "sts:AssumeRole", ts[0].(map[string]any)["Action"])

	perms := policyDoc(t, s.resources("aws_iam_role_policy")["app-policy-permissions"]["policy"])
	assertNoWildcardActions(t, perms)
	resources := map[string]bool{}
	for _, x := range perms["Statement"].([]any) {
		switch r := x.(map[string]any)["Resource"].(type) {
		case string:
			resources[r] = true
		case []any:
			for _, v := range r {
				resources[v.(string)] = true
			}
		}
	}
	for _, want := range []string{
		"arn:aws:s3:::acme-app-data-123456789012/*",
		"arn:aws:s3:::acme-app-data-123456789012/uploads/*",
		"arn:aws:dynamodb:eu-west-1:123456789012:table/users",
		"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/*",
	} {
		assert.True(t, resources[want], "permissions name %s", want)
	}

	// Session Manager without AmazonSSMManagedInstanceCore, which would
	// allow ssm:GetParameter(s) on every parameter (finding 27 of issue 15).
	assert.Empty(t, s.resources("aws_iam_role_policy_attachment"))
	ssm := policyDoc(t, s.resources("aws_iam_role_policy")["app-policy-session-manager"]["policy"])
	agent := statement(ssm, "SessionManagerAgent")
	require.NotNil(t, agent)
	assert.ElementsMatch(t, []any{
		"ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
		"ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
	}, agent["Action"])
	assert.NotContains(t, s.resources("aws_iam_role_policy")["app-policy-session-manager"]["policy"], "ssm:GetParameter")

	profile := s.resources("aws_iam_instance_profile")["app-profile"]
	assert.Equal(t, "app-server", profile["name"])
	assert.Equal(t, "app-server", profile["role"])
	assert.Equal(t, []any{"aws_iam_role.app", "aws_iam_role_policy.app-policy-permissions", "aws_iam_role_policy.app-policy-session-manager"}, profile["depends_on"], "the profile is made after its role and its permissions")
}

func TestServiceRoleWithManagedInstanceCore(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	_, err := iamfoundation.NewServiceRole(st, "fleet", iamfoundation.ServiceRoleProps{Name: "fleet", SSMManagedInstanceCore: true})
	require.NoError(t, err)
	s := synthStack(t, st)
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", s.resources("aws_iam_role_policy_attachment")["fleet-managed-0"]["policy_arn"])
	_, err = iamfoundation.NewServiceRole(st, "x", iamfoundation.ServiceRoleProps{Name: "x", SSMManagedInstanceCore: true, SkipSSM: true})
	assert.EqualError(t, err, "iamfoundation x: SSMManagedInstanceCore: not allowed with SkipSSM")
}

func TestServiceRoleWithoutSSM(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	_, err := iamfoundation.NewServiceRole(st, "batch", iamfoundation.ServiceRoleProps{Name: "batch-worker", SkipSSM: true})
	require.NoError(t, err)
	s := synthStack(t, st)
	assert.Len(t, s.resources("aws_iam_role"), 1)
	assert.Empty(t, s.resources("aws_iam_role_policy_attachment"))
	assert.Empty(t, s.resources("aws_iam_role_policy"), "no statements, no inline policy")
	assert.Len(t, s.resources("aws_iam_instance_profile"), 1)
}

func TestCrossAccountRole(t *testing.T) {
	st := newTestStack(t, iamTargetAccount, testRegion)
	ro, err := iamfoundation.NewCrossAccountRole(st, "from-dev", iamfoundation.CrossAccountRoleProps{
		Name: "prod-readonly-from-dev", SourceAccountID: iamSourceAccount, ExternalID: "acme-dev-to-prod",
	})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:iam::333333333333:role/prod-readonly-from-dev", ro.ARN)
	_, err = iamfoundation.NewCrossAccountRole(st, "ci", iamfoundation.CrossAccountRoleProps{
		Name: "prod-deploy-from-ci", SourceAccountID: iamSourceAccount, ExternalID: "acme-ci", AllowWithoutMFA: true,
		Statements: []iampolicy.Statement{{
			Effect: iampolicy.Allow, Actions: []string{"ecs:UpdateService"},
			Resources: []string{"arn:aws:ecs:eu-west-1:333333333333:service/prod/app"},
		}},
	})
	require.NoError(t, err)
	_, err = iamfoundation.NewCrossAccountRole(st, "oncall", iamfoundation.CrossAccountRoleProps{
		Name: "prod-view-from-dev", SourceAccountID: iamSourceAccount, ExternalID: "acme-oncall", MaxMFAAgeSeconds: 900,
		ManagedPolicyARNs: []string{iamfoundation.AWSManagedPolicyARN("aws", iamfoundation.ViewOnlyAccess)},
	})
	require.NoError(t, err)
	_, err = iamfoundation.NewCrossAccountRole(st, "reader", iamfoundation.CrossAccountRoleProps{
		Name: "prod-reader-from-dev", SourceAccountID: iamSourceAccount, ExternalID: "acme-reader", AllowDataReads: true,
	})
	require.NoError(t, err)
	_, err = iamfoundation.NewCrossAccountRole(st, "console", iamfoundation.CrossAccountRoleProps{
		Name: "prod-console-from-dev", SourceAccountID: iamSourceAccount, MFAOnly: true,
	})
	require.NoError(t, err)
	s := synthStack(t, st)
	roles := s.resources("aws_iam_role")
	attachments := s.resources("aws_iam_role_policy_attachment")

	t.Run("people with MFA, read-only", func(t *testing.T) {
		role := roles["from-dev"]
		assert.EqualValues(t, 3600, role["max_session_duration"])
		st := policyDoc(t, role["assume_role_policy"])["Statement"].([]any)
		require.Len(t, st, 1)
		trust := st[0].(map[string]any)
		assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, trust["Principal"])
		assert.Equal(t, "sts:AssumeRole", trust["Action"])
		assert.Equal(t, map[string]any{
			"StringEquals":    map[string]any{"sts:ExternalId": "acme-dev-to-prod"},
			"Bool":            map[string]any{"aws:MultiFactorAuthPresent": "true"},
			"NumericLessThan": map[string]any{"aws:MultiFactorAuthAge": "3600"},
		}, trust["Condition"])
		// View-only by default, and data reads denied (finding 18 of
		// issue 15): ReadOnlyAccess would read objects, items and logs.
		assert.Equal(t, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", attachments["from-dev-managed-0"]["policy_arn"])
		assert.NotContains(t, attachments, "from-dev-managed-1")
		deny := statement(policyDoc(t, s.resources("aws_iam_role_policy")["from-dev-policy-permissions"]["policy"]), "DenyDataReads")
		require.NotNil(t, deny)
		assert.Equal(t, "Deny", deny["Effect"])
		assert.Contains(t, deny["Action"], "s3:GetObject")
		assert.Contains(t, deny["Action"], "dynamodb:Scan")
	})
	t.Run("data reads as an explicit choice", func(t *testing.T) {
		assert.Equal(t, "arn:aws:iam::aws:policy/ReadOnlyAccess", attachments["reader-managed-0"]["policy_arn"])
		assert.NotContains(t, s.resources("aws_iam_role_policy"), "reader-policy-permissions", "no deny")
	})
	t.Run("console users, MFA only", func(t *testing.T) {
		trust := policyDoc(t, roles["console"]["assume_role_policy"])["Statement"].([]any)[0].(map[string]any)
		assert.Equal(t, map[string]any{
			"Bool":            map[string]any{"aws:MultiFactorAuthPresent": "true"},
			"NumericLessThan": map[string]any{"aws:MultiFactorAuthAge": "3600"},
		}, trust["Condition"], "no external id, which the console cannot send")
	})
	t.Run("automation with statements", func(t *testing.T) {
		trust := policyDoc(t, roles["ci"]["assume_role_policy"])["Statement"].([]any)[0].(map[string]any)
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"sts:ExternalId": "acme-ci"}}, trust["Condition"], "no MFA conditions")
		assert.NotContains(t, attachments, "ci-managed-0", "given statements replace ViewOnlyAccess")
		perms := policyDoc(t, s.resources("aws_iam_role_policy")["ci-policy-permissions"]["policy"])
		assertNoWildcardActions(t, perms)
		assert.NotNil(t, statement(perms, "DenyDataReads"), "given statements keep the deny")
		assert.EqualValues(t, 3600, roles["ci"]["max_session_duration"])
	})
	t.Run("managed policy and MFA age", func(t *testing.T) {
		trust := policyDoc(t, roles["oncall"]["assume_role_policy"])["Statement"].([]any)[0].(map[string]any)
		assert.Equal(t, map[string]any{"aws:MultiFactorAuthAge": "900"}, trust["Condition"].(map[string]any)["NumericLessThan"])
		assert.Equal(t, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", attachments["oncall-managed-0"]["policy_arn"])
		assert.NotContains(t, attachments, "oncall-managed-1")
	})
}

func TestAssumeRoleGroup(t *testing.T) {
	// The target role lives in prod; its ARN is plain, so the dev stack
	// names it without a cross-stack reference.
	prod := newTestStack(t, iamTargetAccount, testRegion)
	target, err := iamfoundation.NewCrossAccountRole(prod, "from-dev", iamfoundation.CrossAccountRoleProps{
		Name: "prod-readonly-from-dev", SourceAccountID: iamSourceAccount, ExternalID: "acme-dev-to-prod",
	})
	require.NoError(t, err)

	dev := newTestStack(t, iamSourceAccount, testRegion)
	g, err := iamfoundation.NewAssumeRoleGroup(dev, "engineers", iamfoundation.GroupProps{
		Name: "engineers", TargetRoleARNs: []string{target.ARN, "arn:aws:iam::444444444444:role/staging-readonly-from-dev"},
	})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:iam::111111111111:group/engineers", g.ARN)
	require.NotNil(t, g.Ref)
	// A role of the same stack, by reference.
	local, err := iamfoundation.NewServiceRole(dev, "tools", iamfoundation.ServiceRoleProps{Name: "tools", SkipSSM: true})
	require.NoError(t, err)
	_, err = iamfoundation.NewAssumeRoleGroup(dev, "robots", iamfoundation.GroupProps{
		Name: "robots", TargetRoleARNs: []string{*local.Role.ARN}, AllowWithoutMFA: true,
	})
	require.NoError(t, err)
	s := synthStack(t, dev)

	groups := s.resources("aws_iam_group")
	assert.Equal(t, "engineers", groups["engineers"]["name"])
	policies := s.resources("aws_iam_group_policy")
	p := policies["engineers-assume-roles"]
	assert.Equal(t, "${aws_iam_group.engineers.name}", p["group"])
	assert.Equal(t, "assume-roles", p["name"])
	doc := policyDoc(t, p["policy"])
	assertNoWildcardActions(t, doc)
	stmts := doc["Statement"].([]any)
	require.Len(t, stmts, 1)
	allow := stmts[0].(map[string]any)
	assert.Equal(t, "sts:AssumeRole", allow["Action"])
	assert.Equal(t, []any{"arn:aws:iam::333333333333:role/prod-readonly-from-dev", "arn:aws:iam::444444444444:role/staging-readonly-from-dev"}, allow["Resource"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"}}, allow["Condition"])

	robots := policyDoc(t, policies["robots-assume-roles"]["policy"])["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, "${aws_iam_role.tools.arn}", robots["Resource"])
	assert.NotContains(t, robots, "Condition")
}

func TestIAMFoundationRejects(t *testing.T) {
	role := "arn:aws:iam::333333333333:role/prod-readonly"
	tests := []struct {
		name string
		make func(st cdktf.TerraformStack) error
		want string
	}{
		{"service role name", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewServiceRole(st, "app", iamfoundation.ServiceRoleProps{Name: "App Server"})
			return err
		}, `iamfoundation app: Name: name part "App Server"`},
		{"service role wildcard", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewServiceRole(st, "app", iamfoundation.ServiceRoleProps{
				Name: "app", Statements: []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"*"}, Resources: []string{"*"}}},
			})
			return err
		}, `iamfoundation app: Statements[0]: action "*": wildcard actions are not allowed`},
		{"external id", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewCrossAccountRole(st, "x", iamfoundation.CrossAccountRoleProps{
				Name: "x", SourceAccountID: iamSourceAccount, ExternalID: "has spaces",
			})
			return err
		}, `iamfoundation x: ExternalID "has spaces": must be 2-1224 characters`},
		{"missing external id", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewCrossAccountRole(st, "x", iamfoundation.CrossAccountRoleProps{Name: "x", SourceAccountID: iamSourceAccount})
			return err
		}, `ExternalID ""`},
		{"source account", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewCrossAccountRole(st, "x", iamfoundation.CrossAccountRoleProps{Name: "x", SourceAccountID: "dev", ExternalID: "abc"})
			return err
		}, `SourceAccountID "dev": must be a 12-digit account id`},
		{"mfa age", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewCrossAccountRole(st, "x", iamfoundation.CrossAccountRoleProps{
				Name: "x", SourceAccountID: iamSourceAccount, ExternalID: "abc", MaxMFAAgeSeconds: 604800,
			})
			return err
		}, "MaxMFAAgeSeconds 604800: must be 60-129600 seconds"},
		{"group without targets", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewAssumeRoleGroup(st, "g", iamfoundation.GroupProps{Name: "engineers"})
			return err
		}, "iamfoundation g: TargetRoleARNs is required"},
		{"group wildcard", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewAssumeRoleGroup(st, "g", iamfoundation.GroupProps{Name: "engineers", TargetRoleARNs: []string{role, "arn:aws:iam::*:role/admin"}})
			return err
		}, `TargetRoleARNs[1] "arn:aws:iam::*:role/admin": not an IAM role ARN`},
		{"group partition", func(st cdktf.TerraformStack) error {
			_, err := iamfoundation.NewAssumeRoleGroup(st, "g", iamfoundation.GroupProps{Name: "engineers", TargetRoleARNs: []string{"arn:aws-cn:iam::333333333333:role/r"}})
			return err
		}, "partition aws-cn, but the stack is in aws"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStack(t, testAccount, testRegion)
			err := tt.make(st)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			s := synthStack(t, st)
			for _, typ := range []string{"aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_instance_profile", "aws_iam_group", "aws_iam_group_policy"} {
				assert.Empty(t, s.resources(typ), "no %s made before validation fails", typ)
			}
		})
	}
}
