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
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutydetector"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutydetectorfeature"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutyorganizationconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutyorganizationconfigurationfeature"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutypublishingdestination"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubaccount"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubfindingaggregator"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhuborganizationconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubstandardssubscription"
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
	// Regions the organization uses; Security Hub aggregates findings from
	// all of them into the stack's region. Config aggregates every region.
	Regions []string
	// ConfigRules are AWS Config managed rule identifiers deployed to every
	// account; nil means DefaultConfigRules.
	ConfigRules []string
	// FindingsBucketName names the bucket GuardDuty exports findings to.
	FindingsBucketName string
	// AccessLogs is where the findings bucket logs its access.
	AccessLogs securebucket.AccessLogs
}

// SecurityServices is the result of NewSecurityServices.
type SecurityServices struct {
	DetectorID     *string
	FindingsBucket *securebucket.Bucket
}

var ruleIDRE = regexp.MustCompile(`^[A-Z0-9_]{3,128}$`)

// NewSecurityServices sets up, in the delegated administrator account,
// GuardDuty and Security Hub for the whole organization, the Config
// aggregator and organization rules, and the organization Access Analyzer.
func NewSecurityServices(scope constructs.Construct, id string, props SecurityServicesProps) (*SecurityServices, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	rules := props.ConfigRules
	if rules == nil {
		rules = DefaultConfigRules
	}
	for _, r := range rules {
		if !ruleIDRE.MatchString(r) {
			return nil, fmt.Errorf("orgbaseline %s: ConfigRules %q: not an AWS Config managed rule identifier (UPPER_SNAKE_CASE)", id, r)
		}
	}
	if !slices.Contains(props.Regions, env.Region) {
		return nil, fmt.Errorf("orgbaseline %s: Regions %q must include the stack's region %s", id, props.Regions, env.Region)
	}
	out := &SecurityServices{}

	// GuardDuty: the administrator's detector, auto-enabled for members.
	detector := guarddutydetector.NewGuarddutyDetector(scope, jsii.String(id+"-guardduty"), &guarddutydetector.GuarddutyDetectorConfig{
		Enable:                     jsii.Bool(true),
		FindingPublishingFrequency: jsii.String("FIFTEEN_MINUTES"),
	})
	out.DetectorID = detector.Id()
	orgCfg := guarddutyorganizationconfiguration.NewGuarddutyOrganizationConfiguration(scope, jsii.String(id+"-guardduty-org"), &guarddutyorganizationconfiguration.GuarddutyOrganizationConfigurationConfig{
		DetectorId:                    detector.Id(),
		AutoEnableOrganizationMembers: jsii.String("ALL"),
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
	if err := out.exportFindings(scope, id, env, props, detector); err != nil {
		return nil, err
	}

	// Security Hub: standards, auto-enable for members, one pane for all regions.
	hub := securityhubaccount.NewSecurityhubAccount(scope, jsii.String(id+"-securityhub"), &securityhubaccount.SecurityhubAccountConfig{
		EnableDefaultStandards:  jsii.Bool(false),
		ControlFindingGenerator: jsii.String("SECURITY_CONTROL"),
		AutoEnableControls:      jsii.Bool(true),
	})
	hubDep := &[]cdktf.ITerraformDependable{hub}
	for name, arn := range map[string]string{
		"fsbp": fmt.Sprintf("arn:%s:securityhub:%s::standards/aws-foundational-security-best-practices/v/1.0.0", env.Partition, env.Region),
		"cis":  fmt.Sprintf("arn:%s:securityhub:%s::standards/cis-aws-foundations-benchmark/v/3.0.0", env.Partition, env.Region),
	} {
		securityhubstandardssubscription.NewSecurityhubStandardsSubscription(scope, jsii.String(id+"-securityhub-"+name), &securityhubstandardssubscription.SecurityhubStandardsSubscriptionConfig{
			StandardsArn: jsii.String(arn), DependsOn: hubDep,
		})
	}
	securityhuborganizationconfiguration.NewSecurityhubOrganizationConfiguration(scope, jsii.String(id+"-securityhub-org"), &securityhuborganizationconfiguration.SecurityhubOrganizationConfigurationConfig{
		AutoEnable:          jsii.Bool(true),
		AutoEnableStandards: jsii.String("DEFAULT"),
		DependsOn:           hubDep,
	})
	var others []string
	for _, r := range props.Regions {
		if r != env.Region {
			others = append(others, r)
		}
	}
	if len(others) > 0 {
		securityhubfindingaggregator.NewSecurityhubFindingAggregator(scope, jsii.String(id+"-securityhub-aggregator"), &securityhubfindingaggregator.SecurityhubFindingAggregatorConfig{
			LinkingMode: jsii.String("SPECIFIED_REGIONS"), SpecifiedRegions: jsii.Strings(others...), DependsOn: hubDep,
		})
	}

	// Config: one aggregated view of every account and region, and the
	// managed rules everywhere.
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
	for _, r := range rules {
		configorganizationmanagedrule.NewConfigOrganizationManagedRule(scope, jsii.String(id+"-config-rule-"+resourceID(r)), &configorganizationmanagedrule.ConfigOrganizationManagedRuleConfig{
			Name:           jsii.String(resourceID(r)),
			RuleIdentifier: jsii.String(r),
		})
	}

	accessanalyzeranalyzer.NewAccessanalyzerAnalyzer(scope, jsii.String(id+"-access-analyzer"), &accessanalyzeranalyzer.AccessanalyzerAnalyzerConfig{
		AnalyzerName: jsii.String(props.Name + "-organization"),
		Type:         jsii.String("ORGANIZATION"),
	})
	return out, nil
}

// exportFindings sends GuardDuty findings to a KMS-encrypted bucket, kept
// beyond GuardDuty's own 90 days.
func (s *SecurityServices) exportFindings(scope constructs.Construct, id string, env awsenv.Env, props SecurityServicesProps, detector guarddutydetector.GuarddutyDetector) error {
	detectors := env.ARN("guardduty", "detector/*")
	fromGuardDuty := []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "aws:SourceAccount", env.AccountID),
		iampolicy.Cond("ArnLike", "aws:SourceArn", detectors),
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
		return fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	bucket, err := securebucket.New(scope, id+"-findings", securebucket.Props{
		Name: props.FindingsBucketName, KMSKey: key, AccessLogs: props.AccessLogs,
	})
	if err != nil {
		return fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	s.FindingsBucket = bucket
	guardDuty := []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal("guardduty"))}
	if err := bucket.AddToPolicy(
		iampolicy.Statement{Sid: "GuardDutyLocatesBucket", Effect: iampolicy.Allow, Principals: guardDuty, Actions: []string{"s3:GetBucketLocation"}, Resources: []string{bucket.ARN}, Conditions: fromGuardDuty},
		iampolicy.Statement{Sid: "GuardDutyWritesFindings", Effect: iampolicy.Allow, Principals: guardDuty, Actions: []string{"s3:PutObject"}, Resources: []string{bucket.ObjectsARN("")}, Conditions: fromGuardDuty},
	); err != nil {
		return fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	guarddutypublishingdestination.NewGuarddutyPublishingDestination(scope, jsii.String(id+"-findings-export"), &guarddutypublishingdestination.GuarddutyPublishingDestinationConfig{
		DetectorId:      detector.Id(),
		DestinationArn:  jsii.String(bucket.ARN),
		KmsKeyArn:       key.ARN,
		DestinationType: jsii.String("S3"),
		DependsOn:       &[]cdktf.ITerraformDependable{bucket.PolicyResource()},
	})
	return nil
}
