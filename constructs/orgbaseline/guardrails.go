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
//
// SCPs never apply to the management account, nor to service-linked roles
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
// what the management account does, and what AWS services do through their
// service-linked roles, is outside every guardrail here.
type Guardrails struct {
	// RegionDeny denies every action outside AllowedRegions, except the
	// global services listed in GlobalServiceActions.
	RegionDeny     bool
	AllowedRegions []string
	// DenyLeaveOrganization stops member accounts leaving the organization.
	DenyLeaveOrganization bool
	// ProtectSecurityServices denies stopping, deleting or reconfiguring
	// CloudTrail, Config, GuardDuty, Security Hub and Access Analyzer,
	// including silencing or redirecting their findings (GuardDuty
	// filters, trusted IP lists and publishing destinations, Security Hub
	// automation rules and suppression, Access Analyzer archive rules).
	ProtectSecurityServices bool
	// DenyRootUser denies every action by member accounts' root users,
	// except the short privileged sessions of centralized root access
	// (sts:AssumeRoot from the management account).
	DenyRootUser bool
	// ProtectAccountDefaults denies turning off EBS encryption by default
	// and changing the account-level S3 public access block.
	ProtectAccountDefaults bool
	// DenyIAMUsers denies creating IAM users, their access keys and console
	// passwords: people and workloads use roles.
	DenyIAMUsers bool
	// ProtectLogArchive denies changing the configuration of the central
	// log bucket (policy, lifecycle, versioning, encryption, logging,
	// replication, deletion) and disabling, deleting or re-policying its
	// KMS key, in every account the target covers. Needs LogArchive.
	ProtectLogArchive bool
	LogArchive        LogArchiveTarget
	// DenyAll denies everything: for the Suspended OU, where accounts wait
	// to be closed.
	DenyAll bool
	// ExemptRoleNames are roles (in every member account) that the
	// guardrails other than DenyRootUser and DenyAll do not stop: the role
	// the landing zone deploys with, which must manage these services.
	// Whenever a guardrail exempts them, the roles themselves are protected
	// too (statement ProtectExemptRoles): only they can create, delete or
	// change them.
	ExemptRoleNames []string
}

// LogArchiveTarget names what ProtectLogArchive protects.
type LogArchiveTarget struct {
	// BucketName is the central log bucket's name. It may contain the
	// wildcard *, for a name whose account id is not known yet.
	BucketName string
	// KeyAlias is the central log key's alias, without "alias/".
	KeyAlias string
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

// securityServiceActions are what ProtectSecurityServices denies: stopping,
// deleting or reconfiguring the security services, and the ways of silencing
// or redirecting their findings. Action names are from the Service
// Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/),
// pages list_amazonguardduty, list_awssecurityhub, list_awsconfig,
// list_awscloudtrail and list_iamaccessanalyzer. SCPs accept a wildcard only
// alone or at the end of an action name ("SCP syntax",
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html),
// so prefixes are used only where every action they match is one to deny.
var securityServiceActions = []string{
	"cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail",
	// Config: recorders, delivery, aggregation, rules (organization rules
	// included: their excluded accounts silence them) and retention.
	"config:DeleteAggregationAuthorization", "config:DeleteConfigRule", "config:DeleteConfigurationAggregator",
	"config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "config:DeleteEvaluationResults",
	"config:DeleteOrganizationConfigRule", "config:DeleteOrganizationConformancePack", "config:DeleteRetentionConfiguration",
	"config:PutConfigurationAggregator", "config:PutConfigurationRecorder", "config:PutDeliveryChannel",
	"config:PutOrganizationConfigRule", "config:PutRetentionConfiguration", "config:StopConfigurationRecorder",
	// GuardDuty: a filter with the ARCHIVE action is a suppression rule,
	// whose findings "are not sent to any of the AWS services with which
	// you may integrate" (GuardDuty User Guide, "Creating suppression
	// rules"); trusted IP lists and trusted entity sets stop findings for
	// their entries; publishing destinations redirect the export. Every
	// Delete*, Update* (detector, filters, lists, destinations,
	// organization configuration, malware settings; also
	// UpdateFindingsFeedback, which only rates a finding) and
	// Disassociate* action is one to deny.
	"guardduty:CreateFilter", "guardduty:CreateIPSet", "guardduty:CreatePublishingDestination", "guardduty:CreateTrustedEntitySet",
	"guardduty:Delete*", "guardduty:Disassociate*", "guardduty:StopMonitoringMembers", "guardduty:Update*",
	// Security Hub: automation rules (which can suppress findings), the
	// legacy UpdateFindings (which archives them), standards and controls,
	// cross-region aggregation, organization and central configuration.
	// Disable* also covers DisableImportFindingsForProduct, which stops
	// GuardDuty's findings arriving. BatchUpdateFindings stays allowed for
	// triage; suppressing through it is DenySuppressingFindings.
	"securityhub:BatchDeleteAutomationRules", "securityhub:BatchDisableStandards", "securityhub:BatchUpdateAutomationRules",
	"securityhub:BatchUpdateStandardsControlAssociations", "securityhub:CreateAutomationRule*", "securityhub:DeleteAutomationRuleV2",
	"securityhub:DeleteConfigurationPolicy", "securityhub:DeleteFindingAggregator", "securityhub:DeleteMembers",
	"securityhub:Disable*", "securityhub:Disassociate*", "securityhub:StartConfigurationPolicyDisassociation",
	"securityhub:UpdateAutomationRuleV2", "securityhub:UpdateConfigurationPolicy", "securityhub:UpdateFindingAggregator",
	"securityhub:UpdateFindings", "securityhub:UpdateOrganizationConfiguration", "securityhub:UpdateSecurityControl",
	"securityhub:UpdateSecurityHubConfiguration", "securityhub:UpdateStandardsControl",
	// Access Analyzer: archive rules archive matching findings, existing
	// and new.
	"access-analyzer:ApplyArchiveRule", "access-analyzer:CreateArchiveRule", "access-analyzer:DeleteAnalyzer",
	"access-analyzer:UpdateAnalyzer", "access-analyzer:UpdateArchiveRule",
}

// exemptRoleActions are what ProtectExemptRoles denies on the exempt roles:
// every way of creating, deleting or changing a role, its trust, its
// policies, its permissions boundary and its tags. The list is AWS Control
// Tower's mandatory control that protects its own roles
// (AWS-GR_IAM_ROLE_CHANGE_PROHIBITED, Sid GRIAMROLEPOLICY, "Mandatory
// controls" in the AWS Control Tower Controls Reference,
// https://docs.aws.amazon.com/controltower/latest/controlreference/mandatory-controls.html),
// plus the tag actions, since tags can carry attribute-based access.
var exemptRoleActions = []string{
	"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary",
	"iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
	"iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
}

// StackSetsExecutionRoles matches the roles through which CloudFormation
// StackSets with service-managed permissions act in member accounts. They
// may manage the exempt roles (the way to create the deployment role in an
// account invited into the organization after the guardrails are attached)
// and are protected in turn, as AWS Control Tower's GRIAMROLEPOLICY does.
// Only the StackSets service-linked role creates them, and SCPs do not
// apply to service-linked roles.
const StackSetsExecutionRoles = "stacksets-exec-*"

// logBucketActions are what ProtectLogArchive denies on the central log
// bucket: every bucket-configuration change (PutBucket* covers the policy,
// versioning, logging, ACL, ownership, public access block and object
// lock), lifecycle, default encryption, replication, and deleting the
// bucket or its policy. This follows AWS Control Tower's mandatory controls
// for its log archive buckets (GRCTAUDITBUCKETPOLICYCHANGESPROHIBITED,
// GRCTAUDITBUCKETLIFECYCLECONFIGURATIONCHANGESPROHIBITED,
// GRCTAUDITBUCKETENCRYPTIONCHANGESPROHIBITED,
// GRCTAUDITBUCKETLOGGINGCONFIGURATIONCHANGESPROHIBITED,
// GRAUDITBUCKETDELETIONPROHIBITED). Object deletion is denied to everyone by
// the bucket policy, which this guardrail in turn protects.
var logBucketActions = []string{
	"s3:DeleteBucket*", "s3:PutBucket*", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
	"s3:PutReplicationConfiguration",
}

// logKeyActions are what ProtectLogArchive denies on the central log key.
// The key's ARN holds a random id, so the statement selects the key by its
// alias (kms:ResourceAliases, "Use aliases to control access to KMS keys",
// https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html),
// and logAliasActions keep that alias on the key.
var (
	logKeyActions   = []string{"kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"}
	logAliasActions = []string{"kms:DeleteAlias", "kms:UpdateAlias"}
)

// usesExemption reports whether a switched-on guardrail exempts the
// deployment roles, which then need ProtectExemptRoles.
func (g Guardrails) usesExemption() bool {
	return len(g.ExemptRoleNames) > 0 &&
		(g.ProtectSecurityServices || g.ProtectAccountDefaults || g.DenyIAMUsers || g.RegionDeny || g.ProtectLogArchive)
}

func (g Guardrails) validate() error {
	if g.RegionDeny && len(g.AllowedRegions) == 0 {
		return fmt.Errorf("RegionDeny needs AllowedRegions")
	}
	for _, r := range g.ExemptRoleNames {
		if r == "" || strings.ContainsAny(r, "*?/") {
			return fmt.Errorf("ExemptRoleNames %q: a role name without wildcards or path", r)
		}
	}
	if g.ProtectLogArchive {
		if g.LogArchive.BucketName == "" || g.LogArchive.KeyAlias == "" {
			return fmt.Errorf("ProtectLogArchive needs LogArchive.BucketName and LogArchive.KeyAlias")
		}
		if strings.HasPrefix(g.LogArchive.KeyAlias, "alias/") {
			return fmt.Errorf("LogArchive.KeyAlias %q: give the alias without the alias/ prefix", g.LogArchive.KeyAlias)
		}
	}
	return nil
}

// Statements renders the switched-on guardrails as SCP statements.
func (g Guardrails) Statements(partition string) ([]iampolicy.Statement, error) {
	if err := g.validate(); err != nil {
		return nil, err
	}
	all := []string{"*"}
	roleARN := func(name string) string { return fmt.Sprintf("arn:%s:iam::*:role/%s", partition, name) }
	var exempt []iampolicy.Condition
	var exemptARNs []string
	if len(g.ExemptRoleNames) > 0 {
		for _, r := range g.ExemptRoleNames {
			exemptARNs = append(exemptARNs, roleARN(r))
		}
		exempt = []iampolicy.Condition{iampolicy.Cond("ArnNotLike", "aws:PrincipalARN", exemptARNs...)}
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
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringLike", "aws:PrincipalArn", fmt.Sprintf("arn:%s:iam::*:root", partition)),
				// Centralized root access (enabled by the organization
				// stack) runs privileged tasks as root sessions opened with
				// sts:AssumeRoot from the management account; their
				// requests carry aws:AssumedRoot, plain root sign-ins do
				// not. This is AWS Control Tower's ExemptAssumeRoot
				// parameter of AWS-GR_RESTRICT_ROOT_USER ("ControlParameter",
				// AWS Control Catalog API Reference) and AWS's example SCP
				// "Prevent root credentials management in member accounts"
				// (github.com/aws-samples/service-control-policy-examples).
				iampolicy.Cond("Null", "aws:AssumedRoot", "true"),
			},
		})
	}
	if g.DenyLeaveOrganization {
		out = append(out, iampolicy.Statement{Sid: "DenyLeaveOrganization", Effect: iampolicy.Deny, Actions: []string{"organizations:LeaveOrganization"}, Resources: all})
	}
	if g.usesExemption() {
		// An exemption by principal ARN is only as strong as the role it
		// names: without this, any administrator of a member account could
		// edit the role's trust policy (or, where it does not exist, create
		// it), assume it and step around every guardrail above. Only the
		// roles themselves, and StackSets' execution roles, may change them.
		protected := append(append([]string(nil), exemptARNs...), roleARN(StackSetsExecutionRoles))
		out = append(out, iampolicy.Statement{
			Sid: "ProtectExemptRoles", Effect: iampolicy.Deny, Actions: exemptRoleActions, Resources: protected,
			Conditions: []iampolicy.Condition{iampolicy.Cond("ArnNotLike", "aws:PrincipalARN", protected...)},
		})
	}
	if g.ProtectSecurityServices {
		out = append(out,
			iampolicy.Statement{Sid: "ProtectSecurityServices", Effect: iampolicy.Deny, Actions: securityServiceActions, Resources: all, Conditions: exempt},
			// Triage through BatchUpdateFindings stays open; suppressing
			// does not. The condition key is Security Hub's, as in "Configuring
			// access to BatchUpdateFindings" (Security Hub User Guide) and
			// the AWS managed policy AWSSystemsManagerOpsDataSyncServiceRolePolicy.
			iampolicy.Statement{
				Sid: "DenySuppressingFindings", Effect: iampolicy.Deny, Actions: []string{"securityhub:BatchUpdateFindings"}, Resources: all,
				Conditions: append([]iampolicy.Condition{iampolicy.Cond("StringEquals", "securityhub:ASFFSyntaxPath/Workflow.Status", "SUPPRESSED")}, exempt...),
			},
		)
	}
	if g.ProtectAccountDefaults {
		out = append(out, iampolicy.Statement{
			Sid: "ProtectAccountDefaults", Effect: iampolicy.Deny, Resources: all, Conditions: exempt,
			Actions: []string{"ec2:DisableEbsEncryptionByDefault", "ec2:ModifyEbsDefaultKmsKeyId", "ec2:ResetEbsDefaultKmsKeyId", "s3:PutAccountPublicAccessBlock"},
		})
	}
	if g.ProtectLogArchive {
		alias := "alias/" + g.LogArchive.KeyAlias
		out = append(out,
			iampolicy.Statement{
				Sid: "ProtectLogArchive", Effect: iampolicy.Deny, Actions: append(append([]string(nil), logBucketActions...), logAliasActions...),
				Resources: []string{
					fmt.Sprintf("arn:%s:s3:::%s", partition, g.LogArchive.BucketName),
					fmt.Sprintf("arn:%s:kms:*:*:%s", partition, alias),
				},
				Conditions: exempt,
			},
			iampolicy.Statement{
				Sid: "ProtectLogArchiveKey", Effect: iampolicy.Deny, Actions: logKeyActions, Resources: all,
				Conditions: append([]iampolicy.Condition{iampolicy.Cond("ForAnyValue:StringEquals", "kms:ResourceAliases", alias)}, exempt...),
			},
		)
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
