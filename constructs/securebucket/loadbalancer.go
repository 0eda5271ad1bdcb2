package securebucket

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketserversideencryptionconfiguration"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// elbAccounts are the Elastic Load Balancing accounts that deliver access
// logs in the Regions available before August 2022; Regions opened since
// deliver as the service principal
// logdelivery.elasticloadbalancing.amazonaws.com (Elastic Load Balancing
// User Guide, "Enable access logs for your Application Load Balancer",
// step 2, "Attach a policy to your S3 bucket",
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
var elbAccounts = map[string]string{
	"us-east-1":      "127311923021",
	"us-east-2":      "033677994240",
	"us-west-1":      "027434742980",
	"us-west-2":      "797873946194",
	"af-south-1":     "098369216593",
	"ap-east-1":      "754344448648",
	"ap-southeast-3": "589379963580",
	"ap-south-1":     "718504428378",
	"ap-northeast-3": "383597477331",
	"ap-northeast-2": "600734575887",
	"ap-southeast-1": "114774131450",
	"ap-southeast-2": "783225319266",
	"ap-northeast-1": "582318560864",
	"ca-central-1":   "985666609251",
	"eu-central-1":   "054676820928",
	"eu-west-1":      "156460612806",
	"eu-west-2":      "652711504416",
	"eu-south-1":     "635631232127",
	"eu-west-3":      "009996457667",
	"eu-north-1":     "897822967062",
	"me-south-1":     "076674570225",
	"sa-east-1":      "507241528517",
}

// ELBLogPrincipal is who writes a Region's ALB access logs: the Region's
// Elastic Load Balancing account, or the log delivery service principal
// in Regions that have none.
func ELBLogPrincipal(env awsenv.Env) iampolicy.Principal {
	if acct, ok := elbAccounts[env.Region]; ok {
		return iampolicy.AWSPrincipals(env.AccountARN(acct))
	}
	return iampolicy.ServicePrincipals("logdelivery.elasticloadbalancing.amazonaws.com")
}

// loadBalancerLogStatement admits the Region's ELB log delivery to write
// the logs of env's account only, under prefix/AWSLogs/<account>/, as the
// ELB guide's policy does.
func loadBalancerLogStatement(env awsenv.Env, bucketARN, prefix string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:        "ELBAccessLogsDelivery",
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{ELBLogPrincipal(env)},
		Actions:    []string{"s3:PutObject"},
		Resources:  []string{bucketARN + "/" + prefix + "/AWSLogs/" + env.AccountID + "/*"},
	}
}

// defaultEncryption is the bucket's default encryption: its KMS key, or
// SSE-S3 for a load balancer log bucket ("The only server-side encryption
// option that's supported is Amazon S3-managed keys (SSE-S3)", ELB User
// Guide, "Enable access logs for your Application Load Balancer", bucket
// requirements).
func defaultEncryption(p Props, key *kmskey.Key) *s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA {
	if p.LoadBalancerLogs != nil {
		return &s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA{
			SseAlgorithm: jsii.String("AES256"),
		}
	}
	return &s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA{
		SseAlgorithm:   jsii.String("aws:kms"),
		KmsMasterKeyId: key.ARN,
	}
}
