package orgbaseline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/acme/landing-zone/constructs/iampolicy"
)

// AWS Organizations limits that SCPs are checked against at synth.
const (
	// MaxSCPSize is the largest SCP AWS accepts, in characters of the
	// minified document.
	MaxSCPSize = 5120
	// MaxSCPsPerTarget is how many SCPs AWS lets one root, OU or account
	// carry, counting the FullAWSAccess policy attached by default.
	MaxSCPsPerTarget = 5
)

// Guardrails are the preventive controls attached to one target (the root or
// an OU). Each is a typed switch; Statements renders the ones switched on.
type Guardrails struct {
	// RegionDeny denies every action outside AllowedRegions, except the
	// global services listed in GlobalServiceActions.
	RegionDeny     bool
	AllowedRegions []string
	// DenyLeaveOrganization stops member accounts leaving the organization.
	DenyLeaveOrganization bool
	// ProtectSecurityServices denies stopping, deleting or reconfiguring
	// CloudTrail, Config, GuardDuty, Security Hub and Access Analyzer.
	ProtectSecurityServices bool
	// DenyRootUser denies every action by member accounts' root users.
	DenyRootUser bool
	// ProtectAccountDefaults denies turning off EBS encryption by default
	// and changing the account-level S3 public access block.
	ProtectAccountDefaults bool
	// DenyIAMUsers denies creating IAM users, their access keys and console
	// passwords: people and workloads use roles.
	DenyIAMUsers bool
	// DenyAll denies everything: for the Suspended OU, where accounts wait
	// to be closed.
	DenyAll bool
	// ExemptRoleNames are roles (in every member account) that the
	// guardrails other than DenyRootUser and DenyAll do not stop: the role
	// the landing zone deploys with, which must manage these services.
	ExemptRoleNames []string
}

// SCP is one rendered service control policy.
type SCP struct {
	Name        string
	Description string
	Document    iampolicy.Document
}

// GlobalServiceActions are the actions of global services (and global
// operations of regional ones) that the region deny must not block: their
// endpoints live in one region (mostly us-east-1), so a request for them
// carries that region whatever region the caller works in. The list follows
// AWS Control Tower's region deny control.
var GlobalServiceActions = []string{
	"a4b:*", "access-analyzer:*", "account:*", "acm:*", "activate:*", "artifact:*",
	"aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*", "billing:*",
	"billingconductor:*", "budgets:*", "ce:*", "chatbot:*", "chime:*", "cloudfront:*",
	"cloudtrail:LookupEvents", "compute-optimizer:*", "config:*", "consoleapp:*",
	"consolidatedbilling:*", "cur:*", "datapipeline:GetAccountLimits", "devicefarm:*",
	"directconnect:*", "discovery-marketplace:*", "ec2:DescribeRegions",
	"ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "ecr-public:*", "fms:*",
	"freetier:*", "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "invoicing:*",
	"iq:*", "kms:*", "license-manager:ListReceivedLicenses", "lightsail:Get*",
	"mobileanalytics:*", "networkmanager:*", "notifications-contacts:*", "notifications:*",
	"organizations:*", "payments:*", "pricing:*", "quicksight:DescribeAccountSubscription",
	"resource-explorer-2:*", "route53-recovery-cluster:*", "route53-recovery-control-config:*",
	"route53-recovery-readiness:*", "route53:*", "route53domains:*",
	"s3:CreateMultiRegionAccessPoint", "s3:DeleteMultiRegionAccessPoint",
	"s3:DescribeMultiRegionAccessPointOperation", "s3:GetAccountPublicAccessBlock",
	"s3:GetBucketLocation", "s3:GetBucketPolicyStatus", "s3:GetBucketPublicAccessBlock",
	"s3:GetMultiRegionAccessPoint", "s3:GetMultiRegionAccessPointPolicy",
	"s3:GetMultiRegionAccessPointPolicyStatus", "s3:GetStorageLensConfiguration",
	"s3:GetStorageLensDashboard", "s3:ListAllMyBuckets", "s3:ListMultiRegionAccessPoints",
	"s3:ListStorageLensConfigurations", "s3:PutAccountPublicAccessBlock",
	"s3:PutMultiRegionAccessPointPolicy", "savingsplans:*", "shield:*", "sso:*", "sts:*",
	"support:*", "supportapp:*", "supportplans:*", "sustainability:*", "tag:GetResources",
	"tax:*", "trustedadvisor:*", "vendor-insights:ListEntitledSecurityProfiles",
	"waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*",
}

// securityServiceActions are what ProtectSecurityServices denies.
var securityServiceActions = []string{
	"cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail",
	"config:DeleteAggregationAuthorization", "config:DeleteConfigRule", "config:DeleteConfigurationAggregator",
	"config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "config:DeleteRetentionConfiguration",
	"config:PutConfigurationRecorder", "config:PutDeliveryChannel", "config:StopConfigurationRecorder",
	"guardduty:DeleteDetector", "guardduty:DeleteMembers", "guardduty:DisassociateFromAdministratorAccount",
	"guardduty:DisassociateFromMasterAccount", "guardduty:DisassociateMembers", "guardduty:StopMonitoringMembers",
	"guardduty:UpdateDetector",
	"securityhub:BatchDisableStandards", "securityhub:DeleteMembers", "securityhub:DisableSecurityHub",
	"securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
	"securityhub:DisassociateMembers",
	"access-analyzer:DeleteAnalyzer",
}

// Statements renders the switched-on guardrails as SCP statements.
func (g Guardrails) Statements(partition string) ([]iampolicy.Statement, error) {
	if g.RegionDeny && len(g.AllowedRegions) == 0 {
		return nil, fmt.Errorf("RegionDeny needs AllowedRegions")
	}
	all := []string{"*"}
	var exempt []iampolicy.Condition
	if len(g.ExemptRoleNames) > 0 {
		arns := make([]string, len(g.ExemptRoleNames))
		for i, r := range g.ExemptRoleNames {
			arns[i] = fmt.Sprintf("arn:%s:iam::*:role/%s", partition, r)
		}
		exempt = []iampolicy.Condition{iampolicy.Cond("ArnNotLike", "aws:PrincipalARN", arns...)}
	}
	var out []iampolicy.Statement
	if g.DenyAll {
		// SCPs cannot apply to the management account, so this cannot lock
		// out the organization itself.
		out = append(out, iampolicy.Statement{Sid: "DenyAll", Effect: iampolicy.Deny, Actions: all, Resources: all})
	}
	if g.DenyRootUser {
		out = append(out, iampolicy.Statement{
			Sid: "DenyRootUser", Effect: iampolicy.Deny, Actions: all, Resources: all,
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringLike", "aws:PrincipalArn", fmt.Sprintf("arn:%s:iam::*:root", partition))},
		})
	}
	if g.DenyLeaveOrganization {
		out = append(out, iampolicy.Statement{Sid: "DenyLeaveOrganization", Effect: iampolicy.Deny, Actions: []string{"organizations:LeaveOrganization"}, Resources: all})
	}
	if g.ProtectSecurityServices {
		out = append(out, iampolicy.Statement{Sid: "ProtectSecurityServices", Effect: iampolicy.Deny, Actions: securityServiceActions, Resources: all, Conditions: exempt})
	}
	if g.ProtectAccountDefaults {
		out = append(out, iampolicy.Statement{
			Sid: "ProtectAccountDefaults", Effect: iampolicy.Deny, Resources: all, Conditions: exempt,
			Actions: []string{"ec2:DisableEbsEncryptionByDefault", "ec2:ModifyEbsDefaultKmsKeyId", "ec2:ResetEbsDefaultKmsKeyId", "s3:PutAccountPublicAccessBlock"},
		})
	}
	if g.DenyIAMUsers {
		out = append(out, iampolicy.Statement{
			Sid: "DenyIAMUsers", Effect: iampolicy.Deny, Resources: all, Conditions: exempt,
			Actions: []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateUser"},
		})
	}
	if g.RegionDeny {
		regions := append([]string(nil), g.AllowedRegions...)
		sort.Strings(regions)
		out = append(out, iampolicy.Statement{
			Sid: "DenyOutsideAllowedRegions", Effect: iampolicy.Deny, NotActions: GlobalServiceActions, Resources: all,
			Conditions: append([]iampolicy.Condition{iampolicy.Cond("StringNotEquals", "aws:RequestedRegion", regions...)}, exempt...),
		})
	}
	return out, nil
}

// Pack renders the guardrails of one target into as few SCPs as fit AWS's
// size limit, and checks that the target stays within the per-target count
// (one place is taken by FullAWSAccess). name prefixes the policy names.
func (g Guardrails) Pack(name, partition string) ([]SCP, error) {
	stmts, err := g.Statements(partition)
	if err != nil {
		return nil, err
	}
	var out []SCP
	var cur iampolicy.Document
	flush := func() {
		if len(cur.Statements) == 0 {
			return
		}
		sids := make([]string, len(cur.Statements))
		for i, s := range cur.Statements {
			sids[i] = s.Sid
		}
		out = append(out, SCP{
			Name:        fmt.Sprintf("%s-guardrails-%d", name, len(out)+1),
			Description: "Guardrails: " + strings.Join(sids, ", "),
			Document:    cur,
		})
		cur = iampolicy.Document{}
	}
	for _, s := range stmts {
		alone := iampolicy.Document{Statements: []iampolicy.Statement{s}}
		if size := alone.Size(); size > MaxSCPSize {
			return nil, fmt.Errorf("guardrail %s renders to %d characters, over the %d AWS allows in one SCP", s.Sid, size, MaxSCPSize)
		}
		next := iampolicy.Document{Statements: append(append([]iampolicy.Statement(nil), cur.Statements...), s)}
		if next.Size() > MaxSCPSize {
			flush()
			next = alone
		}
		cur = next
	}
	flush()
	if len(out)+1 > MaxSCPsPerTarget {
		return nil, fmt.Errorf("needs %d SCPs plus FullAWSAccess, over the %d AWS allows per target", len(out), MaxSCPsPerTarget)
	}
	return out, nil
}
