package accountbaseline

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
)

// Props configures a Baseline. The zero value plus DeliveryBucketName is the
// secure baseline: an account analyzer, the password policy, EBS encryption
// by default with a key made for it, the account's S3 public access block
// and a Config recorder delivering to the central bucket.
//
// Some pieces are account-wide (the password policy, the S3 public access
// block, the service-linked roles) while the others are regional. An
// account runs the baseline once per region it may use: the first one
// makes the account-wide pieces, and each other region's baseline names
// it in Home, which leaves those pieces to it. RecordGlobalResources is
// set in exactly one of them (the organization's home region).
type Props struct {
	// Home is the baseline of the same account in another region, made
	// first in the same stack. When set, the account-wide pieces (password
	// policy, S3 public access block, service-linked roles) are left to it
	// and SkipPasswordPolicy, SkipS3PublicAccessBlock,
	// AutoScalingRoleExists and ConfigRoleExists are implied; this region's
	// EBS key policy and Config recorder refer to Home's service-linked
	// roles, so that Terraform creates the roles first.
	Home *Baseline

	// SkipAccessAnalyzer leaves out the IAM Access Analyzer of the account
	// (type ACCOUNT), which reports resources shared outside the account.
	// Skip it only where an organization analyzer already covers the
	// region and nobody looks at per-account findings.
	SkipAccessAnalyzer bool
	// AnalyzerName names the analyzer; default DefaultAnalyzerName.
	AnalyzerName string

	// SkipPasswordPolicy leaves the account's IAM password policy alone:
	// in the stacks of an account's other regions (it is account-wide), or
	// where the policy is managed elsewhere.
	SkipPasswordPolicy bool
	// PasswordPolicy tunes the password policy within the secure bounds.
	PasswordPolicy PasswordPolicy

	// SkipEBSEncryption leaves EBS encryption by default and the default
	// EBS key of the region alone. Unencrypted volumes and snapshots then
	// become possible again.
	SkipEBSEncryption bool
	// EBSKey is the region's default EBS key; nil makes one with the alias
	// EBSKeyAlias. A given key's policy gets the statements letting
	// EC2 Auto Scaling, EC2 Spot and EC2 Fleet (and EBSKeyUserARNs)
	// launch instances with it.
	EBSKey *kmskey.Key
	// EBSKeyUserARNs are more roles that launch instances with encrypted
	// volumes but cannot be given the key through IAM policies: other
	// service-linked roles. Principals of the account whose IAM policies
	// allow the key (AWS Backup's and Data Lifecycle Manager's service
	// roles among them) need nothing here.
	EBSKeyUserARNs []string
	// SkipSpotAndFleetRoles leaves the EC2 Spot and EC2 Fleet
	// service-linked roles (AWSServiceRoleForEC2Spot,
	// AWSServiceRoleForEC2Fleet) out of the EBS key policy and does not
	// make them. Instances launched by RequestSpotInstances, a Spot Fleet
	// or an EC2 Fleet then fail to start with encrypted volumes
	// (Client.InvalidKMSKey.InvalidState). Auto Scaling groups, Spot
	// capacity in them included, use the Auto Scaling role and are not
	// affected.
	SkipSpotAndFleetRoles bool
	// SpotRoleExists and FleetRoleExists say the account already has the
	// EC2 Spot or EC2 Fleet service-linked role (EC2 makes them on first
	// use), so it is not made here; as for AutoScalingRoleExists, KMS
	// refuses a key policy naming a role that does not exist.
	SpotRoleExists, FleetRoleExists bool
	// AutoScalingRoleExists says the account already has the EC2 Auto
	// Scaling service-linked role (AWSServiceRoleForAutoScaling: AWS makes
	// it with the account's first Auto Scaling group), so it is not made
	// here. KMS refuses a key policy naming a role that does not exist,
	// which is why the role is made by default.
	AutoScalingRoleExists bool

	// SkipS3PublicAccessBlock leaves the account-level S3 public access
	// block alone: in the stacks of an account's other regions (it is
	// account-wide), or for an account that serves public buckets on
	// purpose.
	SkipS3PublicAccessBlock bool

	// SkipConfigRecorder leaves out the AWS Config recorder and delivery
	// channel, for accounts where another tool (Control Tower) records.
	// The Config fields below are then ignored.
	SkipConfigRecorder bool
	// ConfigRoleExists says the account already has the AWS Config
	// service-linked role (AWSServiceRoleForConfig), so it is not made
	// here: set it in the stacks of an account's other regions, and in
	// accounts where Config was set up before.
	ConfigRoleExists bool
	// RecorderName names the recorder and the delivery channel; default
	// DefaultRecorderName (AWS's own default, so that one made in the
	// console can be imported).
	RecorderName string
	// RecordGlobalResources records the global resource types (IAM users,
	// groups, roles, policies) too. Set it in the account's home region
	// only: otherwise every region records every IAM change again.
	RecordGlobalResources bool
	// DeliveryBucketName is the central Config bucket, usually in the
	// log-archive account. Required unless SkipConfigRecorder. Its policy
	// must let config.amazonaws.com check it and write under
	// AWSLogs/<account>/Config/ with aws:SourceAccount of this account.
	DeliveryBucketName string
	// DeliveryReady are resources the delivery channel must wait for when
	// the delivery bucket is made in the same stack (the log-archive
	// account's own baseline): give the bucket's policy. Config checks the
	// bucket when the channel is put, and a bucket that does not exist yet
	// fails with NoSuchBucketException, which the provider does not retry
	// (it retries InsufficientDeliveryPolicyException only:
	// internal/service/configservice/delivery_channel.go).
	DeliveryReady []cdktf.ITerraformDependable
	// DeliveryKeyPrefix is a prefix for Config's objects in the bucket.
	DeliveryKeyPrefix string
	// DeliveryKeyARN is the KMS key Config encrypts its objects with
	// (s3_kms_key_arn); it must be in the bucket's region and let Config
	// use it. Empty uses the bucket's default encryption.
	DeliveryKeyARN string
	// SnapshotFrequency is how often Config delivers a snapshot of every
	// recorded resource: one of SnapshotFrequencies, default
	// TwentyFourHours.
	SnapshotFrequency string

	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// PasswordPolicy tunes the IAM password policy. Zero fields take the
// defaults; values weaker than them are refused. Passwords always need
// upper- and lowercase letters, digits and symbols, the last
// PasswordReusePrevention passwords cannot be reused, and users may change
// their own passwords.
type PasswordPolicy struct {
	// MinimumLength is 14-128 characters; default 14 (CIS AWS
	// Foundations).
	MinimumLength int
	// MaxAgeDays is how long a password lasts: 1-90 days, default 90.
	MaxAgeDays int
}

// Names the baseline gives by default.
const (
	DefaultAnalyzerName = "account-analyzer"
	DefaultRecorderName = "default"
	// EBSKeyAlias is the alias of the EBS key made for the region.
	EBSKeyAlias = "ebs/default"
)

// Password policy bounds.
const (
	// MinPasswordLength is the shortest minimum length allowed, and the
	// default.
	MinPasswordLength = 14
	// MaxPasswordAgeDays is the longest password life allowed, and the
	// default.
	MaxPasswordAgeDays = 90
	// PasswordReusePrevention is how many previous passwords cannot be
	// reused: the most AWS remembers.
	PasswordReusePrevention = 24
	// maxPasswordLength is the longest minimum length IAM accepts.
	maxPasswordLength = 128
)

// Snapshot delivery frequencies AWS Config accepts.
const (
	OneHour         = "One_Hour"
	ThreeHours      = "Three_Hours"
	SixHours        = "Six_Hours"
	TwelveHours     = "Twelve_Hours"
	TwentyFourHours = "TwentyFour_Hours"
)

// SnapshotFrequencies lists the values of Props.SnapshotFrequency.
var SnapshotFrequencies = []string{OneHour, ThreeHours, SixHours, TwelveHours, TwentyFourHours}

var (
	analyzerNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,254}$`)
	kmsKeyARNRE    = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+$`)
	roleARNRE      = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)
)

// withDefaults returns p with its zero fields set to the defaults.
func (p Props) withDefaults() Props {
	if p.AnalyzerName == "" {
		p.AnalyzerName = DefaultAnalyzerName
	}
	if p.PasswordPolicy.MinimumLength == 0 {
		p.PasswordPolicy.MinimumLength = MinPasswordLength
	}
	if p.PasswordPolicy.MaxAgeDays == 0 {
		p.PasswordPolicy.MaxAgeDays = MaxPasswordAgeDays
	}
	if p.RecorderName == "" {
		p.RecorderName = DefaultRecorderName
	}
	if p.SnapshotFrequency == "" {
		p.SnapshotFrequency = TwentyFourHours
	}
	if p.Home != nil {
		p.SkipPasswordPolicy = true
		p.SkipS3PublicAccessBlock = true
		p.AutoScalingRoleExists = true
		p.SpotRoleExists = true
		p.FleetRoleExists = true
		p.ConfigRoleExists = true
	}
	return p
}

// validate checks props that have their defaults applied. Fields of skipped
// pieces are not checked.
func (p *Props) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("accountbaseline %s: "+format, append([]any{id}, args...)...)
	}
	if id == "" {
		return fmt.Errorf("accountbaseline: id is required (it prefixes the resource names)")
	}
	if !p.SkipAccessAnalyzer && !analyzerNameRE.MatchString(p.AnalyzerName) {
		return fail("AnalyzerName %q: must be 1-255 letters, digits and _.-, starting with a letter", p.AnalyzerName)
	}
	if !p.SkipPasswordPolicy {
		pp := p.PasswordPolicy
		if pp.MinimumLength < MinPasswordLength || pp.MinimumLength > maxPasswordLength {
			return fail("PasswordPolicy.MinimumLength %d: must be %d-%d characters", pp.MinimumLength, MinPasswordLength, maxPasswordLength)
		}
		if pp.MaxAgeDays < 1 || pp.MaxAgeDays > MaxPasswordAgeDays {
			return fail("PasswordPolicy.MaxAgeDays %d: must be 1-%d days", pp.MaxAgeDays, MaxPasswordAgeDays)
		}
	}
	if !p.SkipEBSEncryption {
		for i, arn := range p.EBSKeyUserARNs {
			if !roleARNRE.MatchString(arn) {
				return fail("EBSKeyUserARNs[%d] %q: not an IAM role ARN (arn:<partition>:iam::<account>:role/<path/name>); wildcards are not allowed", i, arn)
			}
		}
	}
	if p.SkipConfigRecorder {
		return nil
	}
	if _, err := naming.Name(256, p.RecorderName); err != nil {
		return fail("RecorderName: %v", err)
	}
	if p.DeliveryBucketName == "" {
		return fail("DeliveryBucketName is required: name the central Config bucket, or set SkipConfigRecorder")
	}
	if err := naming.CheckBucket(p.DeliveryBucketName); err != nil {
		return fail("DeliveryBucketName: %v", err)
	}
	if p.DeliveryKeyARN != "" && !kmsKeyARNRE.MatchString(p.DeliveryKeyARN) {
		return fail("DeliveryKeyARN %q: not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)", p.DeliveryKeyARN)
	}
	if !slices.Contains(SnapshotFrequencies, p.SnapshotFrequency) {
		return fail("SnapshotFrequency %q: must be one of %v", p.SnapshotFrequency, SnapshotFrequencies)
	}
	return nil
}
