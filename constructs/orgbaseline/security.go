package orgbaseline

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/accessanalyzeranalyzer"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/configconfigurationaggregator"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/configorganizationmanagedrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsorganizationsorganization"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutydetector"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutydetectorfeature"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutyorganizationadminaccount"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutyorganizationconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutyorganizationconfigurationfeature"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutypublishingdestination"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubaccount"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubconfigurationpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubconfigurationpolicyassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubfindingaggregator"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhuborganizationadminaccount"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhuborganizationconfiguration"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/securebucket"
)

// DefaultConfigRules are the AWS Config managed rules deployed to every
// account: the architecture guide's (encrypted volumes, no public S3 read)
// and the checks behind this landing zone's own promises.
var DefaultConfigRules = []string{
	"CLOUD_TRAIL_ENABLED",
	"CLOUDTRAIL_S3_DATAEVENTS_ENABLED",
	"ENCRYPTED_VOLUMES",
	"GUARDDUTY_ENABLED_CENTRALIZED",
	"IAM_PASSWORD_POLICY",
	"IAM_ROOT_ACCESS_KEY_CHECK",
	"RDS_STORAGE_ENCRYPTED",
	"S3_BUCKET_PUBLIC_READ_PROHIBITED",
	"S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
	"S3_BUCKET_SSL_REQUESTS_ONLY",
	"VPC_DEFAULT_SECURITY_GROUP_CLOSED",
	"VPC_FLOW_LOGS_ENABLED",
}

// guardDutyFeatures are switched on for the administrator and auto-enabled
// for every member: S3 data events, EKS audit logs, malware scans of EBS
// volumes, RDS login events, Lambda network activity.
var guardDutyFeatures = []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"}

// SecurityServicesProps configures the delegated security services in the
// security account.
type SecurityServicesProps struct {
	// Name prefixes resource names, such as "acme".
	Name string
	// Regions the organization uses (its allowed regions); they must
	// include the stack's region, which is the home region: Security Hub
	// aggregates findings and applies its configuration policy from it.
	// GuardDuty, the security account's Security Hub and the organization
	// Access Analyzer are set up in every one of them. Config aggregates
	// every region.
	Regions []string
	// InRegion returns the scope whose resources deploy to region in the
	// security account; it is called for every region of Regions but the
	// home region. Required when Regions has more than one region.
	InRegion func(region string) (constructs.Construct, error)
	// Management returns a provider of the organization's management
	// account in region. The designations of the security account as
	// GuardDuty and Security Hub administrator are made through it, after
	// the security account has its detector and Security Hub, and the
	// organization root is read through it. Required.
	Management func(region string) cdktf.TerraformProvider
	// FindingsBucketName names the bucket GuardDuty exports findings to.
	FindingsBucketName string
	// AccessLogs is where the findings bucket logs its access.
	AccessLogs securebucket.AccessLogs
}

// SecurityServices is the result of NewSecurityServices.
type SecurityServices struct {
	// DetectorID is the home region's detector.
	DetectorID     *string
	FindingsBucket *securebucket.Bucket
	// Regions are the regions covered, the home region first.
	Regions []string
}

var ruleIDRE = regexp.MustCompile(`^[A-Z0-9_]{3,128}$`)

// securityHubStandards are the standards the configuration policy enables
// in every account: AWS Foundational Security Best Practices and CIS AWS
// Foundations Benchmark 3.0. Standards ARNs name the home region.
func securityHubStandards(env awsenv.Env) []string {
	return []string{
		fmt.Sprintf("arn:%s:securityhub:%s::standards/aws-foundational-security-best-practices/v/1.0.0", env.Partition, env.Region),
		fmt.Sprintf("arn:%s:securityhub:%s::standards/cis-aws-foundations-benchmark/v/3.0.0", env.Partition, env.Region),
	}
}

// NewSecurityServices sets up, in the delegated administrator account and
// in every region of props.Regions, GuardDuty and Security Hub for the
// whole organization, each designated through the management account in
// one apply, and the organization Access Analyzer; in the home region,
// Security Hub's central configuration and the Config aggregator. The
// organization's Config rules need every account's recorder and are made
// later by NewConfigRules.
//
// Each region's resources come in this order, each depending on the one
// before:
//
//  1. in the security account, the GuardDuty detector and Security Hub:
//     designating an administrator enables both services in that account
//     and region ("It also enables GuardDuty for the delegated GuardDuty
//     administrator account", Amazon GuardDuty User Guide, "Permissions
//     required to designate a delegated GuardDuty administrator account";
//     "Security Hub is enabled automatically for the chosen account",
//     AWS Security Hub User Guide, "Setting up AWS Security Hub"), after
//     which creating them fails with "a detector already exists";
//  2. in the management account, the designation (GuardDuty in every
//     region; Security Hub in the home region only: "When you start using
//     central configuration, the same delegated administrator is
//     automatically set in all linked Regions", AWS Security Hub User
//     Guide, "Enabling central configuration");
//  3. in the security account, the organization configuration, which only
//     the administrator may set.
func NewSecurityServices(scope constructs.Construct, id string, props SecurityServicesProps) (*SecurityServices, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	if props.Management == nil {
		return nil, fmt.Errorf("orgbaseline %s: Management is required: the designations are made by the management account", id)
	}
	regions, err := securityRegions(env.Region, props.Regions)
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	if props.InRegion == nil {
		return nil, fmt.Errorf("orgbaseline %s: InRegion is required for the regions %q besides %s", id, regions[1:], env.Region)
	}
	out := &SecurityServices{Regions: regions}
	scopes := map[string]constructs.Construct{env.Region: scope}
	for _, r := range regions[1:] {
		sc, err := props.InRegion(r)
		if err != nil {
			return nil, fmt.Errorf("orgbaseline %s: region %s: %w", id, r, err)
		}
		scopes[r] = sc
	}

	// GuardDuty findings of every region go to one bucket and key in the
	// home region: "For the findings generated in a commercial Region,
	// you can choose to export these findings to an S3 bucket in any
	// commercial Region" (Amazon GuardDuty User Guide, "Exporting
	// generated GuardDuty findings to Amazon S3 buckets").
	export, err := newFindingsExport(scope, id, env, props, regions)
	if err != nil {
		return nil, err
	}
	out.FindingsBucket = export.bucket

	hubs := make([]cdktf.ITerraformDependable, 0, len(regions))
	var homeHub securityhubaccount.SecurityhubAccount
	for _, r := range regions {
		sc, mgmt := scopes[r], props.Management(r)
		detector := guardDuty(sc, id, env.AccountID, mgmt)
		if r == env.Region {
			out.DetectorID = detector.Id()
		}
		export.publish(sc, id, detector)

		hub := securityhubaccount.NewSecurityhubAccount(sc, jsii.String(id+"-securityhub"), &securityhubaccount.SecurityhubAccountConfig{
			EnableDefaultStandards:  jsii.Bool(false),
			ControlFindingGenerator: jsii.String("SECURITY_CONTROL"),
			AutoEnableControls:      jsii.Bool(true),
		})
		hubs = append(hubs, hub)
		if r == env.Region {
			homeHub = hub
		}

		// The organization analyzer is regional: one per region.
		accessanalyzeranalyzer.NewAccessanalyzerAnalyzer(sc, jsii.String(id+"-access-analyzer"), &accessanalyzeranalyzer.AccessanalyzerAnalyzerConfig{
			AnalyzerName: jsii.String(props.Name + "-organization"),
			Type:         jsii.String("ORGANIZATION"),
		})
	}
	securityHubCentral(scope, id, env, regions, homeHub, hubs, props.Management(env.Region))

	// Config: one aggregated view of every account and region.
	role, err := iamrole.New(scope, id+"-config-aggregator-role", iamrole.Props{
		Name:        props.Name + "-config-aggregator",
		Description: "Lets AWS Config read the organization to aggregate its accounts",
		Trust:       iamrole.ServiceTrust(env.ServicePrincipal("config"), env.AccountID),
		// The AWS managed policy holds exactly the organizations:List and
		// Describe calls aggregation needs, and AWS keeps it current.
		ManagedPolicyARNs: []string{fmt.Sprintf("arn:%s:iam::aws:policy/service-role/AWSConfigRoleForOrganizations", env.Partition)},
	})
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	configconfigurationaggregator.NewConfigConfigurationAggregator(scope, jsii.String(id+"-config-aggregator"), &configconfigurationaggregator.ConfigConfigurationAggregatorConfig{
		Name: jsii.String(props.Name + "-organization"),
		OrganizationAggregationSource: &configconfigurationaggregator.ConfigConfigurationAggregatorOrganizationAggregationSource{
			// All regions, not only the allowed ones: a resource in a region
			// the guardrails should have kept clear of is what this must show.
			RoleArn: role.ARN, AllRegions: jsii.Bool(true),
		},
		DependsOn: role.Ready(),
	})
	return out, nil
}

// securityRegions orders the regions the security services cover: the
// home region (the stack's) first, then the others once each in the given
// order. Security Hub's central configuration needs a finding aggregator,
// and provider 5.88 has no NO_REGIONS linking mode (added in 5.98,
// hashicorp/terraform-provider-aws#42574), so at least one other region is
// required.
func securityRegions(home string, regions []string) ([]string, error) {
	if !slices.Contains(regions, home) {
		return nil, fmt.Errorf("Regions %q must include the stack's region %s", regions, home)
	}
	out := []string{home}
	for _, r := range regions {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) == 1 {
		return nil, fmt.Errorf("Regions %q: Security Hub central configuration needs at least one linked region besides %s with this provider version", regions, home)
	}
	return out, nil
}

// detectorARNs are the ARN patterns of the account's GuardDuty detectors
// in regions, which may write to the findings bucket and key.
func detectorARNs(env awsenv.Env, regions []string) []string {
	out := make([]string, 0, len(regions))
	for _, r := range regions {
		out = append(out, fmt.Sprintf("arn:%s:guardduty:%s:%s:detector/*", env.Partition, r, env.AccountID))
	}
	return out
}

// guardDuty makes one region's detector in the security account, then the
// designation through the management account, then the organization
// configuration that enables GuardDuty and its features in every account,
// existing and new (see NewSecurityServices).
func guardDuty(scope constructs.Construct, id, securityAccountID string, management cdktf.TerraformProvider) guarddutydetector.GuarddutyDetector {
	detector := guarddutydetector.NewGuarddutyDetector(scope, jsii.String(id+"-guardduty"), &guarddutydetector.GuarddutyDetectorConfig{
		Enable:                     jsii.Bool(true),
		FindingPublishingFrequency: jsii.String("FIFTEEN_MINUTES"),
	})
	// GuardDuty designates per region: "in the current Region" (Amazon
	// GuardDuty User Guide, "Permissions required to designate a
	// delegated GuardDuty administrator account").
	admin := guarddutyorganizationadminaccount.NewGuarddutyOrganizationAdminAccount(scope, jsii.String(id+"-guardduty-admin"), &guarddutyorganizationadminaccount.GuarddutyOrganizationAdminAccountConfig{
		Provider:       management,
		AdminAccountId: jsii.String(securityAccountID),
		DependsOn:      &[]cdktf.ITerraformDependable{detector},
	})
	orgCfg := guarddutyorganizationconfiguration.NewGuarddutyOrganizationConfiguration(scope, jsii.String(id+"-guardduty-org"), &guarddutyorganizationconfiguration.GuarddutyOrganizationConfigurationConfig{
		DetectorId: detector.Id(),
		// ALL: existing accounts as well as new ones.
		AutoEnableOrganizationMembers: jsii.String("ALL"),
		DependsOn:                     &[]cdktf.ITerraformDependable{admin},
	})
	for _, f := range guardDutyFeatures {
		guarddutydetectorfeature.NewGuarddutyDetectorFeature(scope, jsii.String(id+"-guardduty-"+resourceID(f)), &guarddutydetectorfeature.GuarddutyDetectorFeatureConfig{
			DetectorId: detector.Id(), Name: jsii.String(f), Status: jsii.String("ENABLED"),
		})
		guarddutyorganizationconfigurationfeature.NewGuarddutyOrganizationConfigurationFeature(scope, jsii.String(id+"-guardduty-org-"+resourceID(f)), &guarddutyorganizationconfigurationfeature.GuarddutyOrganizationConfigurationFeatureConfig{
			DetectorId: detector.Id(), Name: jsii.String(f), AutoEnable: jsii.String("ALL"),
			DependsOn: &[]cdktf.ITerraformDependable{orgCfg},
		})
	}
	return detector
}

// securityHubCentral designates the security account as Security Hub
// administrator in the home region, links the other regions, and turns on
// central configuration with a configuration policy, associated with the
// organization root, that enables Security Hub, FSBP and CIS 3.0 with
// every control in every account and every linked region. Local
// configuration's auto-enable covers only accounts that join later
// ("AutoEnable: Whether to automatically enable Security Hub in new
// member accounts when they join the organization", Security Hub API
// Reference, UpdateOrganizationConfiguration); a policy associated with
// the root covers the accounts that exist too.
func securityHubCentral(scope constructs.Construct, id string, env awsenv.Env, regions []string, homeHub cdktf.ITerraformDependable, hubs []cdktf.ITerraformDependable, management cdktf.TerraformProvider) {
	admin := securityhuborganizationadminaccount.NewSecurityhubOrganizationAdminAccount(scope, jsii.String(id+"-securityhub-admin"), &securityhuborganizationadminaccount.SecurityhubOrganizationAdminAccountConfig{
		Provider:       management,
		AdminAccountId: jsii.String(env.AccountID),
		DependsOn:      &[]cdktf.ITerraformDependable{homeHub},
	})
	// The aggregator links only regions where the security account has
	// Security Hub on (hubs), and central configuration needs it: "Central
	// configuration also requires an aws_securityhub_finding_aggregator"
	// (Terraform AWS provider, aws_securityhub_organization_configuration).
	aggregator := securityhubfindingaggregator.NewSecurityhubFindingAggregator(scope, jsii.String(id+"-securityhub-aggregator"), &securityhubfindingaggregator.SecurityhubFindingAggregatorConfig{
		LinkingMode: jsii.String("SPECIFIED_REGIONS"), SpecifiedRegions: jsii.Strings(regions[1:]...),
		DependsOn: &hubs,
	})
	orgCfg := securityhuborganizationconfiguration.NewSecurityhubOrganizationConfiguration(scope, jsii.String(id+"-securityhub-org"), &securityhuborganizationconfiguration.SecurityhubOrganizationConfigurationConfig{
		// Central configuration requires both off: the policy enables.
		AutoEnable:          jsii.Bool(false),
		AutoEnableStandards: jsii.String("NONE"),
		OrganizationConfiguration: &securityhuborganizationconfiguration.SecurityhubOrganizationConfigurationOrganizationConfiguration{
			ConfigurationType: jsii.String("CENTRAL"),
		},
		DependsOn: &[]cdktf.ITerraformDependable{admin, aggregator},
	})
	policy := securityhubconfigurationpolicy.NewSecurityhubConfigurationPolicy(scope, jsii.String(id+"-securityhub-policy"), &securityhubconfigurationpolicy.SecurityhubConfigurationPolicyConfig{
		Name:        jsii.String("landing-zone-baseline"),
		Description: jsii.String("Security Hub with FSBP and CIS 3.0, every control, in every account and linked region"),
		ConfigurationPolicy: &securityhubconfigurationpolicy.SecurityhubConfigurationPolicyConfigurationPolicy{
			ServiceEnabled:      jsii.Bool(true),
			EnabledStandardArns: jsii.Strings(securityHubStandards(env)...),
			// No control disabled: every control, new ones included.
			SecurityControlsConfiguration: &securityhubconfigurationpolicy.SecurityhubConfigurationPolicyConfigurationPolicySecurityControlsConfiguration{
				DisabledControlIdentifiers: &[]*string{},
			},
		},
		DependsOn: &[]cdktf.ITerraformDependable{orgCfg},
	})
	// The root id is read from the management account: only it (or an
	// Organizations delegated administrator) may list the roots, the
	// model has no root id, and a cross-stack reference into the
	// organization stack would tie the two states together. The read is
	// deterministic: an organization has one root for life.
	organization := dataawsorganizationsorganization.NewDataAwsOrganizationsOrganization(scope, jsii.String(id+"-organization"), &dataawsorganizationsorganization.DataAwsOrganizationsOrganizationConfig{
		Provider: management,
	})
	securityhubconfigurationpolicyassociation.NewSecurityhubConfigurationPolicyAssociation(scope, jsii.String(id+"-securityhub-policy-root"), &securityhubconfigurationpolicyassociation.SecurityhubConfigurationPolicyAssociationConfig{
		PolicyId: policy.Id(),
		TargetId: organization.Roots().Get(jsii.Number(0)).Id(),
	})
}

// ConfigRulesProps configures NewConfigRules.
type ConfigRulesProps struct {
	// Rules are AWS Config managed rule identifiers deployed to every
	// account; nil means DefaultConfigRules.
	Rules []string
	// ExcludedAccountIDs are accounts of the organization that have no
	// configuration recorder (no stack makes one there, such as accounts
	// waiting in a suspended OU): a rule deployed to them fails, and with
	// it the apply.
	ExcludedAccountIDs []string
}

// NewConfigRules deploys AWS Config managed rules to every account of the
// organization in the scope's region, from the Config delegated
// administrator. Every account needs its configuration recorder in that
// region first: "Every Organization account except those configured in
// the excluded_accounts argument must have a Configuration Recorder with
// proper IAM permissions before the rule will successfully create or
// update" (Terraform AWS provider, aws_config_organization_managed_rule),
// and the provider waits for CREATE_SUCCESSFUL. So the stack holding them
// is deployed after every account stack. Organization rules are regional
// ("The API call to deploy rules and conformance packs across accounts is
// AWS Region specific", AWS Config Developer Guide, "Managing AWS Config
// Rules Across All Accounts in Your Organization"): call it once per
// region.
func NewConfigRules(scope constructs.Construct, id string, props ConfigRulesProps) error {
	rules := props.Rules
	if rules == nil {
		rules = DefaultConfigRules
	}
	for _, r := range rules {
		if !ruleIDRE.MatchString(r) {
			return fmt.Errorf("orgbaseline %s: Rules %q: not an AWS Config managed rule identifier (UPPER_SNAKE_CASE)", id, r)
		}
	}
	for _, a := range props.ExcludedAccountIDs {
		if !accountIDRE.MatchString(a) {
			return fmt.Errorf("orgbaseline %s: ExcludedAccountIDs %q: not a 12-digit account id", id, a)
		}
	}
	// AWS Config allows at most 1000 excluded accounts
	// (PutOrganizationConfigRule, ExcludedAccounts).
	if len(props.ExcludedAccountIDs) > 1000 {
		return fmt.Errorf("orgbaseline %s: ExcludedAccountIDs: %d accounts, AWS Config allows 1000", id, len(props.ExcludedAccountIDs))
	}
	for _, r := range rules {
		cfg := &configorganizationmanagedrule.ConfigOrganizationManagedRuleConfig{
			Name:           jsii.String(resourceID(r)),
			RuleIdentifier: jsii.String(r),
		}
		if len(props.ExcludedAccountIDs) > 0 {
			cfg.ExcludedAccounts = jsii.Strings(props.ExcludedAccountIDs...)
		}
		configorganizationmanagedrule.NewConfigOrganizationManagedRule(scope, jsii.String(id+"-"+resourceID(r)), cfg)
	}
	return nil
}

// findingsExport is the home region's findings bucket and key, which every
// region's detector publishes to.
type findingsExport struct {
	bucket *securebucket.Bucket
	key    *kmskey.Key
}

// newFindingsExport makes the KMS-encrypted bucket GuardDuty findings are
// exported to, kept beyond GuardDuty's own 90 days, admitting the
// security account's detectors of every region.
func newFindingsExport(scope constructs.Construct, id string, env awsenv.Env, props SecurityServicesProps, regions []string) (*findingsExport, error) {
	detectors := detectorARNs(env, regions)
	fromGuardDuty := []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "aws:SourceAccount", env.AccountID),
		iampolicy.Cond("ArnLike", "aws:SourceArn", detectors...),
	}
	key, err := kmskey.New(scope, id+"-findings-key", kmskey.Props{
		Alias:       props.Name + "/guardduty-findings",
		Description: "Encrypts exported GuardDuty findings",
		Statements: []iampolicy.Statement{{
			Sid: "GuardDutyEncrypts", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal("guardduty"))},
			Actions:    []string{"kms:GenerateDataKey"}, Resources: []string{"*"}, Conditions: fromGuardDuty,
		}},
	})
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	bucket, err := securebucket.New(scope, id+"-findings", securebucket.Props{
		Name: props.FindingsBucketName, KMSKey: key, AccessLogs: props.AccessLogs,
	})
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	guardDuty := []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal("guardduty"))}
	if err := bucket.AddToPolicy(
		iampolicy.Statement{Sid: "GuardDutyLocatesBucket", Effect: iampolicy.Allow, Principals: guardDuty, Actions: []string{"s3:GetBucketLocation"}, Resources: []string{bucket.ARN}, Conditions: fromGuardDuty},
		iampolicy.Statement{Sid: "GuardDutyWritesFindings", Effect: iampolicy.Allow, Principals: guardDuty, Actions: []string{"s3:PutObject"}, Resources: []string{bucket.ObjectsARN("")}, Conditions: fromGuardDuty},
	); err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	return &findingsExport{bucket: bucket, key: key}, nil
}

// publish exports the findings of detector (in scope's region) to the
// bucket. Export settings are regional, so every region has one.
func (e *findingsExport) publish(scope constructs.Construct, id string, detector guarddutydetector.GuarddutyDetector) {
	guarddutypublishingdestination.NewGuarddutyPublishingDestination(scope, jsii.String(id+"-findings-export"), &guarddutypublishingdestination.GuarddutyPublishingDestinationConfig{
		DetectorId:      detector.Id(),
		DestinationArn:  jsii.String(e.bucket.ARN),
		KmsKeyArn:       e.key.ARN,
		DestinationType: jsii.String("S3"),
		DependsOn:       &[]cdktf.ITerraformDependable{e.bucket.PolicyResource()},
	})
}
