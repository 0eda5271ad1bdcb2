// Package loggroup provides CloudWatch log groups that are encrypted with a
// customer-managed key and keep logs for a set time, as every log group in
// the project must.
package loggroup

import (
	"fmt"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// DefaultRetentionDays keeps a year of logs, what most audit regimes ask.
const DefaultRetentionDays = 365

// ValidRetentionDays are the retention periods CloudWatch Logs accepts.
var ValidRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Props configures a log group.
type Props struct {
	// Name is the log group name, such as /aws/lambda/create-order.
	Name string
	// Key encrypts the logs. Its policy must let CloudWatch Logs use it:
	// add kmskey.CloudWatchLogsUse to it (New does, when the key is
	// given as ManageKeyPolicy).
	Key *kmskey.Key
	// RetentionDays is one of the periods CloudWatch accepts; default 365.
	RetentionDays int
	Tags          map[string]string
}

// LogGroup is a log group.
type LogGroup struct {
	Name string
	ARN  *string
	// Resource is the log group resource, for services that would create
	// an unencrypted group of the same name unless this one exists first.
	Resource cdktf.ITerraformDependable
}

// CheckRetention reports whether CloudWatch Logs accepts days as a
// retention period, in plain Go for the props validation of other
// constructs.
func CheckRetention(days int) error {
	if !slices.Contains(ValidRetentionDays, days) {
		return fmt.Errorf("%d: CloudWatch Logs accepts %v", days, ValidRetentionDays)
	}
	return nil
}

// New validates props and creates the log group.
func New(scope constructs.Construct, id string, props Props) (*LogGroup, error) {
	if props.Name == "" {
		return nil, fmt.Errorf("loggroup %s: Name is required", id)
	}
	if props.Key == nil {
		return nil, fmt.Errorf("loggroup %s: Key is required: log groups are encrypted with a customer-managed key", id)
	}
	if props.RetentionDays == 0 {
		props.RetentionDays = DefaultRetentionDays
	}
	if err := CheckRetention(props.RetentionDays); err != nil {
		return nil, fmt.Errorf("loggroup %s: RetentionDays %w", id, err)
	}
	lg := cloudwatchloggroup.NewCloudwatchLogGroup(scope, jsii.String(id), &cloudwatchloggroup.CloudwatchLogGroupConfig{
		Name:            jsii.String(props.Name),
		KmsKeyId:        props.Key.ARN,
		RetentionInDays: jsii.Number(props.RetentionDays),
		Tags:            tags.Ptrs(props.Tags),
	})
	return &LogGroup{Name: props.Name, ARN: lg.Arn(), Resource: lg}, nil
}
