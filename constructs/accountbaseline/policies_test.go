package accountbaseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
)

func TestServiceLinkedRoleARNs(t *testing.T) {
	env := awsenv.Env{AccountID: "222222222222", Region: "eu-west-1", Partition: "aws"}
	assert.Equal(t, "arn:aws:iam::222222222222:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", AutoScalingRoleARN(env))
	assert.Equal(t, "arn:aws:iam::222222222222:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", ConfigRoleARN(env))
	gov := awsenv.Env{AccountID: "222222222222", Region: "us-gov-west-1", Partition: "aws-us-gov"}
	assert.Equal(t, "arn:aws-us-gov:iam::222222222222:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", AutoScalingRoleARN(gov))
}

// TestLauncherKeyStatements pins the statements EC2 Auto Scaling documents
// for customer-managed EBS keys.
func TestLauncherKeyStatements(t *testing.T) {
	asg := "arn:aws:iam::222222222222:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
	doc := iampolicy.Document{Statements: launcherKeyStatements([]string{asg})}
	require.NoError(t, doc.Validate())
	want := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"InstanceLaunchersUse","Effect":"Allow","Principal":{"AWS":"` + asg + `"},` +
		`"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey*","kms:ReEncrypt*"],"Resource":"*"},` +
		`{"Sid":"InstanceLaunchersCreateGrants","Effect":"Allow","Principal":{"AWS":"` + asg + `"},` +
		`"Action":"kms:CreateGrant","Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}`
	assert.Equal(t, want, doc.JSON())

	spot := "arn:aws:iam::222222222222:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"
	both := launcherKeyStatements([]string{asg, spot})
	assert.Equal(t, []string{asg, spot}, both[0].Principals[0].Identifiers)
	assert.Equal(t, []string{asg, spot}, both[1].Principals[0].Identifiers)
}
