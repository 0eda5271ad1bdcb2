package accountbaseline

import (
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// Service names of the service-linked roles the baseline relies on. IAM
// takes them with the amazonaws.com suffix in every partition.
const (
	autoScalingService = "autoscaling.amazonaws.com"
	configService      = "config.amazonaws.com"
	spotService        = "spot.amazonaws.com"
	fleetService       = "ec2fleet.amazonaws.com"
)

// AutoScalingRoleARN is the ARN of the EC2 Auto Scaling service-linked role
// of env's account.
func AutoScalingRoleARN(env awsenv.Env) string {
	return env.ARNGlobal("iam", "role/aws-service-role/"+autoScalingService+"/AWSServiceRoleForAutoScaling")
}

// SpotRoleARN is the ARN of the EC2 Spot service-linked role
// (AWSServiceRoleForEC2Spot) of env's account, which launches Spot
// Instances requested with RequestSpotInstances or by a Spot Fleet.
func SpotRoleARN(env awsenv.Env) string {
	return env.ARNGlobal("iam", "role/aws-service-role/"+spotService+"/AWSServiceRoleForEC2Spot")
}

// FleetRoleARN is the ARN of the EC2 Fleet service-linked role
// (AWSServiceRoleForEC2Fleet) of env's account.
func FleetRoleARN(env awsenv.Env) string {
	return env.ARNGlobal("iam", "role/aws-service-role/"+fleetService+"/AWSServiceRoleForEC2Fleet")
}

// ConfigRoleARN is the ARN of the AWS Config service-linked role of env's
// account.
func ConfigRoleARN(env awsenv.Env) string {
	return env.ARNGlobal("iam", "role/aws-service-role/"+configService+"/AWSServiceRoleForConfig")
}

// launcherKeyStatements are the key-policy statements EC2 Auto Scaling
// documents for launching instances with volumes encrypted under a
// customer-managed key ("Required AWS KMS key policy for use with
// encrypted volumes", Amazon EC2 Auto Scaling User Guide: the
// service-linked role gets kms:Encrypt, Decrypt, ReEncrypt*,
// GenerateDataKey* and DescribeKey, and kms:CreateGrant with
// kms:GrantIsForAWSResource): the roles use the key, and create grants for
// the volumes they attach, only for AWS resources. The EC2 Spot and EC2
// Fleet service-linked roles launch instances the same way and need the
// same statements. Service-linked roles cannot be given the key by IAM
// policy (AWS owns their policies, "The permissions for SLR are hardcoded
// and therefore can't be changed", AWS re:Post knowledge center
// "kms-launch-ec2-instance"), so the key policy must name them. Ordinary
// service roles (AWS Backup's AWSBackupDefaultServiceRole, Data Lifecycle
// Manager's AWSDataLifecycleManagerDefaultRole) get the key through their
// IAM policies, which the key policy's account statement admits.
//
// In a key policy, "*" as resource means this key: there is no other
// resource to name.
func launcherKeyStatements(roleARNs []string) []iampolicy.Statement {
	who := []iampolicy.Principal{iampolicy.AWSPrincipals(roleARNs...)}
	return []iampolicy.Statement{
		{
			Sid:        "InstanceLaunchersUse",
			Effect:     iampolicy.Allow,
			Principals: who,
			Actions:    kmskey.UsageActions,
			Resources:  []string{"*"},
		},
		{
			Sid:        "InstanceLaunchersCreateGrants",
			Effect:     iampolicy.Allow,
			Principals: who,
			Actions:    []string{"kms:CreateGrant"},
			Resources:  []string{"*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "kms:GrantIsForAWSResource", "true")},
		},
	}
}
