package iamfoundation

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
)

var testEnv = awsenv.Env{AccountID: "222222222222", Region: "eu-west-1", Partition: "aws"}

func TestEC2Trust(t *testing.T) {
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"ServiceAssumes","Effect":"Allow",` +
		`"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	assert.Equal(t, want, ec2Trust(testEnv).JSON())
	cn := awsenv.Env{AccountID: "222222222222", Region: "cn-north-1", Partition: "aws-cn"}
	assert.Contains(t, ec2Trust(cn).JSON(), `"ec2.amazonaws.com.cn"`)
}

func TestCrossAccountTrust(t *testing.T) {
	tests := []struct {
		name  string
		props CrossAccountRoleProps
		want  string
	}{
		{
			"with MFA",
			CrossAccountRoleProps{SourceAccountID: "111111111111", ExternalID: "dev-to-prod", MaxMFAAgeSeconds: 3600},
			`{"Version":"2012-10-17","Statement":[{"Sid":"SourceAccountAssumes","Effect":"Allow",` +
				`"Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",` +
				`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},` +
				`"StringEquals":{"sts:ExternalId":"dev-to-prod"}}}]}`,
		},
		{
			"automation",
			CrossAccountRoleProps{SourceAccountID: "111111111111", ExternalID: "ci", AllowWithoutMFA: true},
			`{"Version":"2012-10-17","Statement":[{"Sid":"SourceAccountAssumes","Effect":"Allow",` +
				`"Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",` +
				`"Condition":{"StringEquals":{"sts:ExternalId":"ci"}}}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := crossAccountTrust("aws", tt.props)
			require.NoError(t, doc.Validate())
			assert.Equal(t, tt.want, doc.JSON())
		})
	}
	gov := crossAccountTrust("aws-us-gov", CrossAccountRoleProps{SourceAccountID: "111111111111", ExternalID: "x1", MaxMFAAgeSeconds: 900})
	assert.Contains(t, gov.JSON(), `"arn:aws-us-gov:iam::111111111111:root"`)
	assert.Contains(t, gov.JSON(), `"aws:MultiFactorAuthAge":"900"`)
}

func TestCrossAccountTrustMFAOnly(t *testing.T) {
	doc := crossAccountTrust("aws", CrossAccountRoleProps{SourceAccountID: "111111111111", MFAOnly: true, MaxMFAAgeSeconds: 3600})
	require.NoError(t, doc.Validate())
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Sid":"SourceAccountAssumes","Effect":"Allow",`+
		`"Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",`+
		`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}`, doc.JSON())
}

// TestDataReadDeny pins finding 18 of issue 15: the reads that would let
// another environment's engineers see orders and customer emails are denied.
func TestDataReadDeny(t *testing.T) {
	s := DataReadDenyStatement()
	require.NoError(t, CheckPermissions([]iampolicy.Statement{s}))
	assert.Equal(t, iampolicy.Deny, s.Effect)
	assert.Equal(t, []string{"*"}, s.Resources)
	for _, a := range []string{"s3:GetObject", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "logs:GetLogEvents", "logs:FilterLogEvents", "sqs:ReceiveMessage", "secretsmanager:GetSecretValue", "kms:Decrypt"} {
		assert.Contains(t, s.Actions, a)
	}
	s.Actions[0] = "changed"
	assert.NotEqual(t, "changed", DataReadDenyStatement().Actions[0], "callers get a copy")
}

func TestAssumeRolesPolicy(t *testing.T) {
	roles := []string{"arn:aws:iam::333333333333:role/prod-readonly", "arn:aws:iam::444444444444:role/staging-readonly"}
	doc := assumeRolesPolicy(roles, false)
	require.NoError(t, doc.Validate())
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeTargetRoles","Effect":"Allow","Action":"sts:AssumeRole",`+
		`"Resource":["arn:aws:iam::333333333333:role/prod-readonly","arn:aws:iam::444444444444:role/staging-readonly"],`+
		`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, doc.JSON())
	assert.NotContains(t, assumeRolesPolicy(roles, true).JSON(), "Condition")
}

func TestCheckPermissions(t *testing.T) {
	ok := iampolicy.Statement{Effect: iampolicy.Allow, Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"}}
	tests := []struct {
		name  string
		stmts []iampolicy.Statement
		want  string
	}{
		{"valid", []iampolicy.Statement{ok}, ""},
		{"partial wildcard", []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"kms:GenerateDataKey*"}, Resources: []string{"arn:aws:kms:eu-west-1:1:key/k"}}}, ""},
		{"deny with service wildcard", []iampolicy.Statement{ok, {Effect: iampolicy.Deny, Actions: []string{"s3:*"}, Resources: []string{"*"}}}, ""},
		{"star action", []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"*"}, Resources: []string{"*"}}}, `Statements[0]: action "*": wildcard actions are not allowed`},
		{"service wildcard", []iampolicy.Statement{ok, {Sid: "All", Effect: iampolicy.Allow, Actions: []string{"s3:*"}, Resources: []string{"arn:aws:s3:::b"}}}, `Statements[1] (All): action "s3:*"`},
		{"not action", []iampolicy.Statement{{Effect: iampolicy.Allow, NotActions: []string{"iam:*"}, Resources: []string{"*"}}}, "Allow with NotActions"},
		{"not resource", []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"s3:GetObject"}, NotResources: []string{"arn:aws:s3:::b/*"}}}, "Allow with NotResources"},
		{"no resource", []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"s3:GetObject"}}}, "no Resources"},
		{"principal", []iampolicy.Statement{{Effect: iampolicy.Allow, Principals: []iampolicy.Principal{iampolicy.AWSPrincipals("arn:aws:iam::1:root")}, Actions: []string{"s3:GetObject"}, Resources: []string{"*"}}}, "identity policies name no principal"},
		{"invalid document", []iampolicy.Statement{{Effect: "Maybe", Actions: []string{"s3:GetObject"}, Resources: []string{"*"}}}, `effect "Maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPermissions(tt.stmts)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestTableStatements(t *testing.T) {
	arn := "arn:aws:dynamodb:eu-west-1:222222222222:table/users"
	read := TableStatements(arn, false)
	require.NoError(t, CheckPermissions(read))
	assert.Equal(t, []string{arn, arn + "/index/*"}, read[0].Resources)
	assert.NotContains(t, read[0].Actions, "dynamodb:PutItem")
	assert.NotContains(t, read[0].Actions, "dynamodb:Scan")
	write := TableStatements(arn, true)
	assert.Contains(t, write[0].Actions, "dynamodb:PutItem")
	assert.Contains(t, write[0].Actions, "dynamodb:GetItem")
}

func TestSecretReadStatements(t *testing.T) {
	stmts, err := SecretReadStatements(testEnv, "app/", "")
	require.NoError(t, err)
	require.NoError(t, CheckPermissions(stmts))
	require.Len(t, stmts, 1)
	assert.Equal(t, []string{"arn:aws:secretsmanager:eu-west-1:222222222222:secret:app/*"}, stmts[0].Resources)
	assert.Equal(t, []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}, stmts[0].Actions)

	key := "arn:aws:kms:eu-west-1:222222222222:key/abc"
	stmts, err = SecretReadStatements(testEnv, "app/", key)
	require.NoError(t, err)
	require.Len(t, stmts, 2)
	assert.Equal(t, []string{key}, stmts[1].Resources)
	assert.Equal(t, []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")}, stmts[1].Conditions)

	for _, bad := range []string{"", "app/*", "a?"} {
		_, err := SecretReadStatements(testEnv, bad, "")
		assert.ErrorContains(t, err, "must be a non-empty prefix without wildcards", bad)
	}
}

func TestCheckExternalID(t *testing.T) {
	for _, ok := range []string{"ab", "dev-to-prod", "a_b+c=d,e.f@g:h/i-j", strings.Repeat("x", 1224)} {
		assert.NoError(t, CheckExternalID(ok), ok)
	}
	for _, bad := range []string{"", "a", strings.Repeat("x", 1225), "has space", "star*", "émigré"} {
		assert.Error(t, CheckExternalID(bad), bad)
	}
}

func TestCheckARNs(t *testing.T) {
	for _, ok := range []string{
		"arn:aws:iam::333333333333:role/prod-readonly",
		"arn:aws:iam::333333333333:role/team/app/Deployer_1",
		"arn:aws-cn:iam::333333333333:role/r",
		"${TfToken[TOKEN.12]}",
	} {
		assert.NoError(t, CheckRoleARN(ok), ok)
	}
	for _, bad := range []string{
		"", "prod-readonly",
		"arn:aws:iam::333333333333:role/*",
		"arn:aws:iam::333333333333:role/prod-*",
		"arn:aws:iam::333333333333:user/alice",
		"arn:aws:iam::3333:role/r",
		"arn:aws:sts::333333333333:assumed-role/r/s",
		"arn:aws:iam::333333333333:role/" + strings.Repeat("r", 65),
	} {
		assert.Error(t, CheckRoleARN(bad), bad)
	}
	for _, ok := range []string{
		AWSManagedPolicyARN("aws", ReadOnlyAccess),
		AWSManagedPolicyARN("aws-us-gov", ViewOnlyAccess),
		"arn:aws:iam::333333333333:policy/boundaries/workload",
	} {
		assert.NoError(t, CheckPolicyARN(ok), ok)
	}
	for _, bad := range []string{"ReadOnlyAccess", "arn:aws:iam::aws:policy/*", "arn:aws:iam::333333333333:role/r"} {
		assert.Error(t, CheckPolicyARN(bad), bad)
	}
	assert.Equal(t, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", AWSManagedPolicyARN("aws", ViewOnlyAccess))
}

func TestPartitionOf(t *testing.T) {
	assert.Equal(t, "aws-cn", partitionOf("arn:aws-cn:iam::333333333333:role/r"))
	assert.Equal(t, "", partitionOf("${TfToken[TOKEN.3]}"))
	assert.Equal(t, "", partitionOf("nope"))
}
