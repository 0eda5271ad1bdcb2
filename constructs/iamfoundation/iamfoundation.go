// Package iamfoundation provides the IAM patterns of the architecture guide's
// IAM foundation: a role and instance profile for EC2 instances, a role in a
// target account that people of a source account assume with an external id
// and MFA, and the group in the source account allowed to assume it.
//
// Every policy is a typed iampolicy document built by the plain functions of
// this package, so that tests check them without synthesizing anything.
package iamfoundation

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/acme/landing-zone/constructs/naming"
)

// Names of AWS managed policies, for AWSManagedPolicyARN.
const (
	// ReadOnlyAccess reads the configuration and the data of nearly every
	// service (S3 objects and DynamoDB items included).
	ReadOnlyAccess = "ReadOnlyAccess"
	// ViewOnlyAccess is the job-function policy that lists resources and
	// reads their metadata, not their data.
	ViewOnlyAccess = "job-function/ViewOnlyAccess"
	// SecurityAudit is the job-function policy that reads security
	// configuration.
	SecurityAudit = "SecurityAudit"
	// SSMManagedInstanceCore is what the Systems Manager agent needs on an
	// instance for every Systems Manager feature: registration, Session
	// Manager channels, Run Command, inventory, patching; and
	// ssm:GetParameter(s) on every parameter of the account.
	SSMManagedInstanceCore = "AmazonSSMManagedInstanceCore"
)

// AWSManagedPolicyARN is the ARN of the AWS managed policy called name (with
// its path, such as "job-function/ViewOnlyAccess") in partition.
func AWSManagedPolicyARN(partition, name string) string {
	return fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition, name)
}

var (
	accountIDRE = regexp.MustCompile(`^[0-9]{12}$`)
	// externalIDRE is STS's pattern for ExternalId; AWS's \w is ASCII, as
	// is Go's. RE2 caps repeat counts at 1000, so the length is checked
	// apart.
	externalIDRE = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
	// roleARNRE accepts role ARNs with a path and refuses wildcards, which
	// would let a group assume roles created later.
	roleARNRE   = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)
	policyARNRE = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::(aws|[0-9]{12}):policy/([\w+=,.@-]+/)*[\w+=,.@-]{1,128}$`)
)

// DefaultMaxMFAAgeSeconds is how long after signing in with MFA a person may
// still assume a role: an hour, as the guide's cross-account pattern asks.
const DefaultMaxMFAAgeSeconds = 3600

// MFA age limits: a minute, since shorter ages fail calls made right after
// signing in, and 36 hours, the longest life of the MFA session credentials
// GetSessionToken gives IAM users, beyond which the check means nothing.
const (
	minMFAAgeSeconds = 60
	maxMFAAgeSeconds = 129600
)

// isToken reports whether s is an unresolved CDKTF token (a reference to
// another resource), whose value is only known at synth.
func isToken(s string) bool { return strings.Contains(s, "${TfToken[") }

// CheckExternalID checks an sts:ExternalId value against what STS accepts:
// 2-1224 characters of letters, digits and _+=,.@:/-.
func CheckExternalID(v string) error {
	if len(v) < 2 || len(v) > 1224 || !externalIDRE.MatchString(v) {
		return fmt.Errorf("must be 2-1224 characters of letters, digits and _+=,.@:/- (STS refuses others)")
	}
	return nil
}

// CheckRoleARN checks that v is the ARN of one IAM role, or a token that
// resolves to one.
func CheckRoleARN(v string) error {
	if isToken(v) || roleARNRE.MatchString(v) {
		return nil
	}
	return fmt.Errorf("not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>); wildcards are not allowed")
}

// CheckPolicyARN checks that v is the ARN of a managed policy, or a token.
func CheckPolicyARN(v string) error {
	if isToken(v) || policyARNRE.MatchString(v) {
		return nil
	}
	return fmt.Errorf("not a managed policy ARN (arn:<partition>:iam::aws:policy/<name> or arn:<partition>:iam::<account>:policy/<name>)")
}

// checkMFAAge checks a maximum MFA age in seconds.
func checkMFAAge(seconds int) error {
	if seconds < minMFAAgeSeconds || seconds > maxMFAAgeSeconds {
		return fmt.Errorf("must be %d-%d seconds", minMFAAgeSeconds, maxMFAAgeSeconds)
	}
	return nil
}

// checkName checks an IAM name against the project's lowercase-hyphen
// convention and AWS's length limit.
func checkName(max int, v string) error {
	_, err := naming.Name(max, v)
	return err
}

// partitionOf returns the partition of an ARN, or "" for tokens.
func partitionOf(arn string) string {
	if isToken(arn) {
		return ""
	}
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}
