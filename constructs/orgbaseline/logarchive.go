package orgbaseline

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/securebucket"
)

// MaxBucketPolicySize is S3's limit on the size of a bucket policy, in bytes
// (Amazon S3 User Guide, "Bucket policies for Amazon S3": "Bucket policies are
// limited to 20 KB in size").
const MaxBucketPolicySize = 20 * 1024

// LogArchiveAccess says who may deliver to and read from the central log
// bucket and its key: exactly the organization trail, AWS Config of the
// listed accounts, VPC flow logs of the listed accounts, and the security
// account (read only).
type LogArchiveAccess struct {
	Partition string
	// TrailARN is the organization trail's ARN; ManagementAccountID owns it.
	TrailARN            string
	ManagementAccountID string
	// OrganizationID is where the organization trail writes the member
	// accounts' logs and digests (AWSLogs/<o-id>/<account>/...).
	OrganizationID string
	// ConfigAccountIDs are the accounts whose AWS Config delivery channel
	// writes here, each under AWSLogs/<account>/Config/ only.
	ConfigAccountIDs []string
	// FlowLogAccountIDs are the accounts whose VPC flow logs write here,
	// each under vpc-flow-logs/AWSLogs/<account>/ only; empty admits none.
	FlowLogAccountIDs []string
	// SecurityAccountID may read logs for investigations.
	SecurityAccountID string
}

var accountIDRE = regexp.MustCompile(`^[0-9]{12}$`)

func (a LogArchiveAccess) validate() error {
	if a.Partition == "" || a.TrailARN == "" || a.ManagementAccountID == "" || a.OrganizationID == "" || a.SecurityAccountID == "" {
		return fmt.Errorf("log archive access: partition, trail ARN, management account, organization id and security account are all required")
	}
	if len(a.ConfigAccountIDs) == 0 {
		return fmt.Errorf("log archive access: ConfigAccountIDs is empty: name every account whose AWS Config delivers to the log archive")
	}
	for field, ids := range map[string][]string{"ConfigAccountIDs": a.ConfigAccountIDs, "FlowLogAccountIDs": a.FlowLogAccountIDs} {
		for _, id := range ids {
			if !accountIDRE.MatchString(id) {
				return fmt.Errorf("log archive access: %s %q: not a 12-digit account id", field, id)
			}
		}
	}
	return nil
}

func service(name string) []iampolicy.Principal {
	return []iampolicy.Principal{iampolicy.ServicePrincipals(name + ".amazonaws.com")}
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// flowLogSources are the aws:SourceArn patterns of flow-log deliveries from
// accounts: any region, that account's CloudWatch Logs delivery.
func (a LogArchiveAccess) flowLogSources(accounts ...string) []string {
	var out []string
	for _, id := range accounts {
		out = append(out, fmt.Sprintf("arn:%s:logs:*:%s:*", a.Partition, id))
	}
	return out
}

// SSES3Uploads are the central bucket's exceptions to "KMS only": the
// organization trail's digest files. CloudTrail's guide says that with
// SSE-KMS on a trail "Digest files are encrypted with Amazon S3-managed
// encryption keys (SSE-S3)" (AWS CloudTrail User Guide, "Encrypting CloudTrail
// log files with AWS KMS keys (SSE-KMS)",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html;
// newer pages of the same guide say digests use the trail's key too, so the
// exception admits SSE-S3 there without requiring it). Digests go to
// AWSLogs/<account>/CloudTrail-Digest/ and, for an organization trail,
// AWSLogs/<o-id>/<account>/CloudTrail-Digest/ ("CloudTrail digest file
// structure", Digest file location,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
// Only cloudtrail.amazonaws.com may use them; Config and flow logs deliver
// with the bucket's default (KMS) encryption.
func (a LogArchiveAccess) SSES3Uploads() []securebucket.SSES3Upload {
	trail := []string{"cloudtrail.amazonaws.com"}
	return []securebucket.SSES3Upload{
		{Prefix: "AWSLogs/" + a.ManagementAccountID + "/CloudTrail-Digest/", Services: trail},
		{Prefix: "AWSLogs/" + a.OrganizationID + "/*/CloudTrail-Digest/", Services: trail},
	}
}

// BucketStatements are the bucket-policy statements for the central log
// bucket with ARN bucketARN.
func (a LogArchiveAccess) BucketStatements(bucketARN string) ([]iampolicy.Statement, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	fromTrail := []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceArn", a.TrailARN)}
	out := []iampolicy.Statement{
		{Sid: "CloudTrailAclCheck", Effect: iampolicy.Allow, Principals: service("cloudtrail"), Actions: []string{"s3:GetBucketAcl"}, Resources: []string{bucketARN}, Conditions: fromTrail},
		{
			Sid: "CloudTrailWrite", Effect: iampolicy.Allow, Principals: service("cloudtrail"), Actions: []string{"s3:PutObject"},
			// An organization trail writes the management account's events
			// under its id and every member's under the organization id.
			Resources:  []string{bucketARN + "/AWSLogs/" + a.ManagementAccountID + "/*", bucketARN + "/AWSLogs/" + a.OrganizationID + "/*"},
			Conditions: fromTrail,
		},
	}
	// AWS Config writes with the config.amazonaws.com service principal
	// when it uses its service-linked role, which the baseline does. The
	// guide's policy for that case conditions on AWS:SourceAccount with the
	// account's own AWSLogs/<account>/Config/ prefix, and says that for
	// organization-wide delivery with organization condition keys, IAM
	// roles must be used instead of the service-linked role (AWS Config
	// Developer Guide, "Permissions for the Amazon S3 Bucket for the AWS
	// Config Delivery Channel",
	// https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html).
	// So: one write statement per account, which also keeps each account
	// out of every other account's prefix.
	configAccounts := sorted(a.ConfigAccountIDs)
	out = append(out, iampolicy.Statement{
		Sid: "ConfigAclCheck", Effect: iampolicy.Allow, Principals: service("config"),
		Actions: []string{"s3:GetBucketAcl", "s3:ListBucket"}, Resources: []string{bucketARN},
		Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", configAccounts...)},
	})
	for _, id := range configAccounts {
		out = append(out, iampolicy.Statement{
			Sid: "ConfigWrite" + id, Effect: iampolicy.Allow, Principals: service("config"),
			Actions: []string{"s3:PutObject"}, Resources: []string{bucketARN + "/AWSLogs/" + id + "/Config/*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", id)},
		})
	}
	out = append(out, iampolicy.Statement{
		Sid: "SecurityAccountReads", Effect: iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.SecurityAccountID))},
		Actions:    []string{"s3:GetObject", "s3:ListBucket"}, Resources: []string{bucketARN, bucketARN + "/*"},
	})
	// VPC flow logs to S3 are delivered by delivery.logs.amazonaws.com;
	// the documented policy conditions on aws:SourceAccount and an
	// aws:SourceArn of the account's logs ARNs, with the account's own
	// AWSLogs/<account>/ prefix (Amazon VPC User Guide, "Permissions for
	// flow logs published to Amazon S3";
	// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html).
	flowAccounts := sorted(a.FlowLogAccountIDs)
	if len(flowAccounts) > 0 {
		out = append(out, iampolicy.Statement{
			Sid: "FlowLogsAclCheck", Effect: iampolicy.Allow, Principals: service("delivery.logs"),
			Actions: []string{"s3:GetBucketAcl", "s3:ListBucket"}, Resources: []string{bucketARN},
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", "aws:SourceAccount", flowAccounts...),
				iampolicy.Cond("ArnLike", "aws:SourceArn", a.flowLogSources(flowAccounts...)...),
			},
		})
		for _, id := range flowAccounts {
			out = append(out, iampolicy.Statement{
				Sid: "FlowLogsWrite" + id, Effect: iampolicy.Allow, Principals: service("delivery.logs"),
				Actions: []string{"s3:PutObject"}, Resources: []string{bucketARN + "/vpc-flow-logs/AWSLogs/" + id + "/*"},
				Conditions: []iampolicy.Condition{
					iampolicy.Cond("StringEquals", "aws:SourceAccount", id),
					iampolicy.Cond("ArnLike", "aws:SourceArn", a.flowLogSources(id)...),
				},
			})
		}
	}
	return out, nil
}

// CheckBucketPolicySize returns an error naming the account lists when the
// bucket policy is over S3's limit: each account adds a statement, so a very
// large organization can outgrow it.
func (a LogArchiveAccess) CheckBucketPolicySize(doc iampolicy.Document) error {
	if n := doc.Size(); n > MaxBucketPolicySize {
		return fmt.Errorf("log archive bucket policy is %d bytes, over S3's %d-byte limit: ConfigAccountIDs (%d accounts) and FlowLogAccountIDs (%d accounts) each add a statement per account",
			n, MaxBucketPolicySize, len(sorted(a.ConfigAccountIDs)), len(sorted(a.FlowLogAccountIDs)))
	}
	return nil
}

// KeyStatements are the key-policy statements for the central log key.
func (a LogArchiveAccess) KeyStatements() ([]iampolicy.Statement, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	trailContext := fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", a.Partition, a.ManagementAccountID)
	fromTrail := iampolicy.Cond("StringEquals", "aws:SourceArn", a.TrailARN)
	out := []iampolicy.Statement{
		{
			Sid: "CloudTrailEncrypts", Effect: iampolicy.Allow, Principals: service("cloudtrail"),
			Actions: []string{"kms:GenerateDataKey*"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{
				fromTrail,
				iampolicy.Cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", trailContext),
			},
		},
		{
			Sid: "CloudTrailDescribes", Effect: iampolicy.Allow, Principals: service("cloudtrail"),
			Actions: []string{"kms:DescribeKey"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{fromTrail},
		},
		{
			// The central bucket uses an S3 Bucket Key, and CloudTrail's
			// guide says: "If you are using an existing S3 bucket with an S3
			// Bucket Key, kms:Decrypt permissions are required to create or
			// update a trail with SSE-KMS encryption enabled"; its section
			// "Granting decrypt permissions" gives this statement for the
			// cloudtrail.amazonaws.com principal, narrowed here to our
			// trail by aws:SourceArn as the guide recommends (AWS CloudTrail
			// User Guide, "Configure AWS KMS key policies for CloudTrail";
			// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
			Sid: "CloudTrailDecryptsForBucketKey", Effect: iampolicy.Allow, Principals: service("cloudtrail"),
			Actions: []string{"kms:Decrypt"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{fromTrail},
		},
		{
			// Config's guide conditions its KMS statement on
			// AWS:SourceAccount too ("Permissions for the KMS Key",
			// https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html).
			Sid: "ConfigEncrypts", Effect: iampolicy.Allow, Principals: service("config"),
			Actions: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", sorted(a.ConfigAccountIDs)...)},
		},
		{
			Sid: "SecurityAccountDecrypts", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.SecurityAccountID))},
			Actions:    []string{"kms:Decrypt", "kms:DescribeKey"}, Resources: []string{"*"},
		},
	}
	if flowAccounts := sorted(a.FlowLogAccountIDs); len(flowAccounts) > 0 {
		out = append(out, iampolicy.Statement{
			Sid: "FlowLogsEncrypt", Effect: iampolicy.Allow, Principals: service("delivery.logs"),
			Actions: []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", "aws:SourceAccount", flowAccounts...),
				iampolicy.Cond("ArnLike", "aws:SourceArn", a.flowLogSources(flowAccounts...)...),
			},
		})
	}
	return out, nil
}
