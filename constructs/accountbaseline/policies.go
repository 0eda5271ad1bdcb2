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
)

// AutoScalingRoleARN is the ARN of the EC2 Auto Scaling service-linked role
// of env's account.
func AutoScalingRoleARN(env awsenv.Env) string {
	return env.ARNGlobal("iam", "role/aws-service-role/"+autoScalingService+"/AWSServiceRoleForAutoScaling")
}

// ConfigRoleARN is the ARN of the AWS Config service-linked role of env's
// account.
func ConfigRoleARN(env awsenv.Env) string {
	return env.ARNGlobal("iam", "role/aws-service-role/"+configService+"/AWSServiceRoleForConfig")
}

// launcherKeyStatements are the key-policy statements EC2 Auto Scaling
// documents for launching instances with volumes encrypted under a
// customer-managed key: the roles use the key, and create grants for the
// volumes they attach, only for AWS resources. Service-linked roles cannot
// be given the key by IAM policy (AWS owns their policies), so the key
// policy must name them.
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
