package auroracluster

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
)

func TestConnectPolicy(t *testing.T) {
	env, err := awsenv.New("123456789012", "eu-west-1")
	require.NoError(t, err)
	doc := connectPolicy(env, "cluster-ABCDEFGHIJ", "orders_app")
	require.NoError(t, doc.Validate())
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"ConnectWithIAM","Effect":"Allow","Action":"rds-db:connect",
		"Resource":"arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-ABCDEFGHIJ/orders_app"}]}`, doc.JSON())
}

func TestSecretReadPolicy(t *testing.T) {
	env, err := awsenv.New("123456789012", "cn-north-1")
	require.NoError(t, err)
	doc := secretReadPolicy(env, "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:rds!cluster-1", "arn:aws-cn:kms:cn-north-1:123456789012:key/1")
	require.NoError(t, doc.Validate())
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[
		{"Sid":"ReadMasterSecret","Effect":"Allow","Action":["secretsmanager:DescribeSecret","secretsmanager:GetSecretValue"],
		 "Resource":"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:rds!cluster-1"},
		{"Sid":"DecryptMasterSecret","Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws-cn:kms:cn-north-1:123456789012:key/1",
		 "Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.cn-north-1.amazonaws.com.cn"}}}]}`, doc.JSON())
}

func TestCheckZones(t *testing.T) {
	assert.NoError(t, checkZones("db", []string{"us-east-1a", "us-east-1b"}, "us-east-1"))
	assert.EqualError(t, checkZones("db", []string{"us-east-1a", "eu-west-1b"}, "us-east-1"),
		`auroracluster db: AvailabilityZones[1] "eu-west-1b": not an availability zone of us-east-1`)
	assert.Error(t, checkZones("db", []string{"us-east-1"}, "us-east-1"))
	// The subnets' zone names are tokens until apply.
	assert.NoError(t, checkZones("db", []string{"${TfToken[TOKEN.12]}", "${TfToken[TOKEN.13]}"}, "us-east-1"))
}
