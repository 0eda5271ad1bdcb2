package securebucket

import (
	"github.com/aws/jsii-runtime-go"
	lc "github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketlifecycleconfiguration"
)

// rules renders the lifecycle as provider rules, one per concern so that each
// can be read and switched off on its own.
func (l *Lifecycle) rules(unversioned bool) []*lc.S3BucketLifecycleConfigurationRule {
	all := []*lc.S3BucketLifecycleConfigurationRuleFilter{{}}
	enabled := jsii.String("Enabled")
	var out []*lc.S3BucketLifecycleConfigurationRule
	var transitions []*lc.S3BucketLifecycleConfigurationRuleTransition
	if l.InfrequentAccessDays > 0 {
		transitions = append(transitions, &lc.S3BucketLifecycleConfigurationRuleTransition{Days: jsii.Number(l.InfrequentAccessDays), StorageClass: jsii.String("STANDARD_IA")})
	}
	if l.GlacierDays > 0 {
		transitions = append(transitions, &lc.S3BucketLifecycleConfigurationRuleTransition{Days: jsii.Number(l.GlacierDays), StorageClass: jsii.String("GLACIER")})
	}
	if len(transitions) > 0 {
		out = append(out, &lc.S3BucketLifecycleConfigurationRule{Id: jsii.String("transition"), Status: enabled, Filter: all, Transition: transitions})
	}
	if l.ExpirationDays > 0 {
		out = append(out, &lc.S3BucketLifecycleConfigurationRule{Id: jsii.String("expire"), Status: enabled, Filter: all,
			Expiration: []*lc.S3BucketLifecycleConfigurationRuleExpiration{{Days: jsii.Number(l.ExpirationDays)}}})
	}
	if l.NoncurrentExpirationDays > 0 && !unversioned {
		out = append(out, &lc.S3BucketLifecycleConfigurationRule{Id: jsii.String("noncurrent-versions"), Status: enabled, Filter: all,
			NoncurrentVersionExpiration: []*lc.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration{{NoncurrentDays: jsii.Number(l.NoncurrentExpirationDays)}}})
	}
	if l.AbortMultipartDays > 0 {
		out = append(out, &lc.S3BucketLifecycleConfigurationRule{Id: jsii.String("abort-multipart"), Status: enabled, Filter: all,
			AbortIncompleteMultipartUpload: []*lc.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload{{DaysAfterInitiation: jsii.Number(l.AbortMultipartDays)}}})
	}
	return out
}
