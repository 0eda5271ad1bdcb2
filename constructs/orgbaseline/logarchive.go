package orgbaseline

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/iampolicy"
)

// LogArchiveAccess says who may deliver to and read from the central log
// bucket and its key: exactly the organization trail, AWS Config of this
// organization's accounts, and the security account (read only).
type LogArchiveAccess struct {
	Partition string
	// TrailARN is the organization trail's ARN; ManagementAccountID owns it.
	TrailARN            string
	ManagementAccountID string
	// OrganizationID scopes Config delivery (aws:SourceOrgID).
	OrganizationID string
	// SecurityAccountID may read logs for investigations.
	SecurityAccountID string
	// FlowLogs lets VPC flow logs of this organization's accounts deliver
	// under vpc-flow-logs/.
	FlowLogs bool
}

func (a LogArchiveAccess) validate() error {
	if a.Partition == "" || a.TrailARN == "" || a.ManagementAccountID == "" || a.OrganizationID == "" || a.SecurityAccountID == "" {
		return fmt.Errorf("log archive access: partition, trail ARN, management account, organization id and security account are all required")
	}
	return nil
}

func service(name string) []iampolicy.Principal {
	return []iampolicy.Principal{iampolicy.ServicePrincipals(name + ".amazonaws.com")}
}

// BucketStatements are the bucket-policy statements for the central log
// bucket with ARN bucketARN.
func (a LogArchiveAccess) BucketStatements(bucketARN string) ([]iampolicy.Statement, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	fromTrail := []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceArn", a.TrailARN)}
	fromOrg := []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceOrgID", a.OrganizationID)}
	out := []iampolicy.Statement{
		{Sid: "CloudTrailAclCheck", Effect: iampolicy.Allow, Principals: service("cloudtrail"), Actions: []string{"s3:GetBucketAcl"}, Resources: []string{bucketARN}, Conditions: fromTrail},
		{
			Sid: "CloudTrailWrite", Effect: iampolicy.Allow, Principals: service("cloudtrail"), Actions: []string{"s3:PutObject"},
			// An organization trail writes the management account's events
			// under its id and every member's under the organization id.
			Resources:  []string{bucketARN + "/AWSLogs/" + a.ManagementAccountID + "/*", bucketARN + "/AWSLogs/" + a.OrganizationID + "/*"},
			Conditions: fromTrail,
		},
		{Sid: "ConfigAclCheck", Effect: iampolicy.Allow, Principals: service("config"), Actions: []string{"s3:GetBucketAcl", "s3:ListBucket"}, Resources: []string{bucketARN}, Conditions: fromOrg},
		{Sid: "ConfigWrite", Effect: iampolicy.Allow, Principals: service("config"), Actions: []string{"s3:PutObject"}, Resources: []string{bucketARN + "/AWSLogs/*/Config/*"}, Conditions: fromOrg},
		{
			Sid: "SecurityAccountReads", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.SecurityAccountID))},
			Actions:    []string{"s3:GetObject", "s3:ListBucket"}, Resources: []string{bucketARN, bucketARN + "/*"},
		},
	}
	if a.FlowLogs {
		out = append(out,
			iampolicy.Statement{Sid: "FlowLogsAclCheck", Effect: iampolicy.Allow, Principals: service("delivery.logs"), Actions: []string{"s3:GetBucketAcl"}, Resources: []string{bucketARN}, Conditions: fromOrg},
			iampolicy.Statement{Sid: "FlowLogsWrite", Effect: iampolicy.Allow, Principals: service("delivery.logs"), Actions: []string{"s3:PutObject"}, Resources: []string{bucketARN + "/vpc-flow-logs/AWSLogs/*"}, Conditions: fromOrg},
		)
	}
	return out, nil
}

// KeyStatements are the key-policy statements for the central log key.
func (a LogArchiveAccess) KeyStatements() ([]iampolicy.Statement, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	trailContext := fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", a.Partition, a.ManagementAccountID)
	out := []iampolicy.Statement{
		{
			Sid: "CloudTrailEncrypts", Effect: iampolicy.Allow, Principals: service("cloudtrail"),
			Actions: []string{"kms:GenerateDataKey*"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", "aws:SourceArn", a.TrailARN),
				iampolicy.Cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", trailContext),
			},
		},
		{
			Sid: "CloudTrailDescribes", Effect: iampolicy.Allow, Principals: service("cloudtrail"),
			Actions: []string{"kms:DescribeKey"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceArn", a.TrailARN)},
		},
		{
			Sid: "ConfigEncrypts", Effect: iampolicy.Allow, Principals: service("config"),
			Actions: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceOrgID", a.OrganizationID)},
		},
		{
			Sid: "SecurityAccountDecrypts", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.SecurityAccountID))},
			Actions:    []string{"kms:Decrypt", "kms:DescribeKey"}, Resources: []string{"*"},
		},
	}
	if a.FlowLogs {
		out = append(out, iampolicy.Statement{
			Sid: "FlowLogsEncrypt", Effect: iampolicy.Allow, Principals: service("delivery.logs"),
			Actions: []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, Resources: []string{"*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceOrgID", a.OrganizationID)},
		})
	}
	return out, nil
}
