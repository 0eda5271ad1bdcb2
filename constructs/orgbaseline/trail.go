package orgbaseline

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudtrail"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
)

// TrailProps configures the organization trail.
type TrailProps struct {
	// Name of the trail; TrailARN derives its ARN.
	Name string
	// BucketName is the central log bucket (in the log-archive account).
	BucketName string
	// KeyARN encrypts the log files: the ARN of the central log key, whose
	// policy lets this trail use it (LogArchiveAccess.KeyStatements). It
	// must be the key's ARN, usually a reference to the key resource: an
	// alias (or alias ARN) is accepted by CloudTrail, but CloudTrail stores
	// and returns the key ARN, so Terraform would show a change on every
	// plan (hashicorp/terraform-provider-aws issues 694 and 33928; the
	// provider's aws_cloudtrail docs: "kms_key_id - (Optional) KMS key ARN
	// to use to encrypt the logs delivered by CloudTrail").
	KeyARN string
	// LogRetentionDays for the CloudWatch Logs copy; default 365.
	LogRetentionDays int
	// S3DataEvents records object-level S3 API calls in every account
	// (billed per event), except in ExcludeBuckets.
	S3DataEvents   bool
	ExcludeBuckets []string
}

// Trail is the organization trail.
type Trail struct {
	ARN      string
	LogGroup *loggroup.LogGroup
}

// TrailARN is the ARN the trail called name gets in env.
func TrailARN(env awsenv.Env, name string) string { return env.ARN("cloudtrail", "trail/"+name) }

// checkKeyARN refuses key aliases and key ids where CloudTrail wants a key
// ARN. Tokens (references) pass: they resolve to a key ARN.
func checkKeyARN(v string) error {
	switch {
	case strings.Contains(v, "${"):
		return nil
	case strings.HasPrefix(v, "alias/") || strings.Contains(v, ":alias/"):
		return fmt.Errorf("an alias: CloudTrail stores the key ARN, so every plan would show a change; pass the key's ARN (a reference to the key resource)")
	case !strings.HasPrefix(v, "arn:") || !strings.Contains(v, ":key/"):
		return fmt.Errorf("not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)")
	}
	return nil
}

// NewTrail creates a multi-region organization trail with log file
// validation, KMS encryption, and a CloudWatch Logs copy for alarms.
func NewTrail(scope constructs.Construct, id string, props TrailProps) (*Trail, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	if _, err := naming.Name(128, props.Name); err != nil {
		return nil, fmt.Errorf("orgbaseline %s: Name: %w", id, err)
	}
	if props.BucketName == "" || props.KeyARN == "" {
		return nil, fmt.Errorf("orgbaseline %s: BucketName and KeyARN are required", id)
	}
	if err := checkKeyARN(props.KeyARN); err != nil {
		return nil, fmt.Errorf("orgbaseline %s: KeyARN %q: %w", id, props.KeyARN, err)
	}
	arn := TrailARN(env, props.Name)
	key, err := kmskey.New(scope, id+"-logs-key", kmskey.Props{
		Alias:       props.Name + "/cloudwatch",
		Description: "Encrypts the CloudWatch Logs copy of trail " + props.Name,
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
	})
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	lg, err := loggroup.New(scope, id+"-logs", loggroup.Props{Name: "/aws/cloudtrail/" + props.Name, Key: key, RetentionDays: props.LogRetentionDays})
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	lgARN := env.ARN("logs", "log-group:"+lg.Name)
	trust := iamrole.ServiceTrust(env.ServicePrincipal("cloudtrail"), env.AccountID)
	trust.Statements[0].Conditions = append(trust.Statements[0].Conditions, iampolicy.Cond("StringEquals", "aws:SourceArn", arn))
	role, err := iamrole.New(scope, id+"-logs-role", iamrole.Props{
		Name:        props.Name + "-cloudwatch",
		Description: "Lets trail " + props.Name + " write to its log group",
		Trust:       trust,
		Policies: map[string]iampolicy.Document{"write-logs": {Statements: []iampolicy.Statement{{
			Effect: iampolicy.Allow, Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resources: []string{lgARN + ":log-stream:*"},
		}}}},
	})
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}

	selectors := []*cloudtrail.CloudtrailAdvancedEventSelector{{
		Name:          jsii.String("Management events"),
		FieldSelector: []*cloudtrail.CloudtrailAdvancedEventSelectorFieldSelector{{Field: jsii.String("eventCategory"), EqualTo: jsii.Strings("Management")}},
	}}
	if props.S3DataEvents {
		fields := []*cloudtrail.CloudtrailAdvancedEventSelectorFieldSelector{
			{Field: jsii.String("eventCategory"), EqualTo: jsii.Strings("Data")},
			{Field: jsii.String("resources.type"), EqualTo: jsii.Strings("AWS::S3::Object")},
		}
		// The trail's own bucket is always excluded: logging its writes
		// would log itself forever.
		excluded := []string{fmt.Sprintf("arn:%s:s3:::%s/", env.Partition, props.BucketName)}
		for _, b := range props.ExcludeBuckets {
			excluded = append(excluded, fmt.Sprintf("arn:%s:s3:::%s/", env.Partition, b))
		}
		fields = append(fields, &cloudtrail.CloudtrailAdvancedEventSelectorFieldSelector{Field: jsii.String("resources.ARN"), NotStartsWith: jsii.Strings(excluded...)})
		selectors = append(selectors, &cloudtrail.CloudtrailAdvancedEventSelector{Name: jsii.String("S3 object events"), FieldSelector: fields})
	}
	cloudtrail.NewCloudtrail(scope, jsii.String(id), &cloudtrail.CloudtrailConfig{
		Name:                       jsii.String(props.Name),
		S3BucketName:               jsii.String(props.BucketName),
		KmsKeyId:                   jsii.String(props.KeyARN),
		IsOrganizationTrail:        jsii.Bool(true),
		IsMultiRegionTrail:         jsii.Bool(true),
		IncludeGlobalServiceEvents: jsii.Bool(true),
		EnableLogFileValidation:    jsii.Bool(true),
		EnableLogging:              jsii.Bool(true),
		// The reference (not the derived ARN) orders the trail after its
		// log group.
		CloudWatchLogsGroupArn: jsii.String(*lg.ARN + ":*"),
		CloudWatchLogsRoleArn:  role.ARN,
		AdvancedEventSelector:  selectors,
		DependsOn:              role.Ready(),
	})
	return &Trail{ARN: arn, LogGroup: lg}, nil
}
