package networkhub

import (
	"fmt"
	"regexp"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/flowlog"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/tags"
)

// FlowLogDestination is where flow logs are delivered; the values are AWS's
// log_destination_type.
type FlowLogDestination string

// Flow log destinations.
const (
	// FlowLogsToCloudWatch delivers to a log group encrypted with a
	// customer-managed key, through a role scoped to that log group.
	FlowLogsToCloudWatch FlowLogDestination = "cloud-watch-logs"
	// FlowLogsToS3 delivers to a bucket, usually the central log bucket of
	// the log-archive account. The bucket's policy (and its key's policy)
	// must let delivery.logs.amazonaws.com write for this account.
	FlowLogsToS3 FlowLogDestination = "s3"
)

// FlowLogs configures a flow log. Flow logs always capture all traffic,
// accepted and rejected: rejected flows show probing, accepted ones show
// what an intruder reached. The zero value delivers to CloudWatch Logs with
// a key made for it, keeps a year of logs and aggregates every minute.
type FlowLogs struct {
	// Destination defaults to FlowLogsToCloudWatch.
	Destination FlowLogDestination
	// RetentionDays keeps CloudWatch logs this long; default
	// loggroup.DefaultRetentionDays (365).
	RetentionDays int
	// Key encrypts the CloudWatch log group; nil makes a key with rotation.
	// A given key's policy is extended to let CloudWatch Logs use it.
	Key *kmskey.Key
	// BucketARN is the S3 destination (required with FlowLogsToS3), such as
	// arn:aws:s3:::acme-logs-222222222222-us-east-1, optionally followed by
	// a /prefix.
	BucketARN string
	// AggregationSeconds is how long flows are aggregated into a record:
	// 60 (default, faster detection) or 600. Transit Gateway flow logs
	// accept 60 only.
	AggregationSeconds int
	// LogFormat is a custom record format such as "${version} ${srcaddr}
	// ..."; empty uses AWS's default fields.
	LogFormat string
}

var bucketARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$`)

func (f FlowLogs) validate() error {
	switch f.Destination {
	case "", FlowLogsToCloudWatch:
		if f.BucketARN != "" {
			return fmt.Errorf("BucketARN %q: applies to the %q destination only", f.BucketARN, FlowLogsToS3)
		}
		if f.RetentionDays != 0 {
			if err := loggroup.CheckRetention(f.RetentionDays); err != nil {
				return fmt.Errorf("RetentionDays %w", err)
			}
		}
	case FlowLogsToS3:
		if !bucketARNRE.MatchString(f.BucketARN) {
			return fmt.Errorf("BucketARN %q: the %q destination needs an S3 bucket ARN such as arn:aws:s3:::my-logs or arn:aws:s3:::my-logs/prefix", f.BucketARN, FlowLogsToS3)
		}
		if f.RetentionDays != 0 || f.Key != nil {
			return fmt.Errorf("RetentionDays and Key apply to the %q destination only; the bucket decides retention and encryption", FlowLogsToCloudWatch)
		}
	default:
		return fmt.Errorf("Destination %q: must be %q or %q", f.Destination, FlowLogsToCloudWatch, FlowLogsToS3)
	}
	switch f.AggregationSeconds {
	case 0, 60, 600:
	default:
		return fmt.Errorf("AggregationSeconds %d: must be 60 or 600", f.AggregationSeconds)
	}
	return nil
}

// FlowLog is a flow log and, for CloudWatch delivery, where it goes.
type FlowLog struct {
	ID *string
	// LogGroupName and KeyARN are set for CloudWatch delivery.
	LogGroupName string
	KeyARN       *string
}

// flowLogTarget is what a flow log watches: a VPC or a Transit Gateway.
type flowLogTarget struct {
	vpcID, transitGatewayID *string
}

func (t flowLogTarget) kind() string {
	if t.transitGatewayID != nil {
		return "tgw"
	}
	return "vpc"
}

// flowLogRoleTrust lets the flow logs service assume the role for flow logs
// of this account only.
func flowLogRoleTrust(env awsenv.Env) iampolicy.Document {
	trust := iamrole.ServiceTrust(env.ServicePrincipal("vpc-flow-logs"), env.AccountID)
	trust.Statements[0].Conditions = append(trust.Statements[0].Conditions,
		iampolicy.Cond("ArnLike", "aws:SourceArn", env.ARN("ec2", "vpc-flow-log/*")))
	return trust
}

// flowLogRolePolicy lets the role write to one log group and nothing else.
func flowLogRolePolicy(env awsenv.Env, logGroup string) iampolicy.Document {
	arn := env.ARN("logs", "log-group:"+logGroup)
	return iampolicy.Document{Statements: []iampolicy.Statement{{
		Sid:       "DeliverToLogGroup",
		Effect:    iampolicy.Allow,
		Actions:   []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
		Resources: []string{arn, arn + ":*"},
	}}}
}

// newFlowLog creates the flow log of target and, for CloudWatch delivery,
// its key, log group and role. name prefixes resource names.
func newFlowLog(scope constructs.Construct, id, name string, target flowLogTarget, props FlowLogs, env awsenv.Env, extraTags map[string]string) (*FlowLog, error) {
	interval := props.AggregationSeconds
	if interval == 0 {
		interval = 60
	}
	cfg := &flowlog.FlowLogConfig{
		VpcId:                  target.vpcID,
		TransitGatewayId:       target.transitGatewayID,
		MaxAggregationInterval: jsii.Number(interval),
		Tags:                   tags.Ptrs(tags.Merge(extraTags, map[string]string{"Name": name})),
	}
	if target.vpcID != nil {
		// Transit Gateway flow logs have no traffic type; they record
		// everything.
		cfg.TrafficType = jsii.String("ALL")
	}
	if props.LogFormat != "" {
		cfg.LogFormat = jsii.String(props.LogFormat)
	}
	out := &FlowLog{}
	if props.Destination == FlowLogsToS3 {
		// S3 delivery goes through the log delivery service, which needs
		// no role of ours.
		cfg.LogDestinationType = jsii.String(string(FlowLogsToS3))
		cfg.LogDestination = jsii.String(props.BucketARN)
	} else {
		group := fmt.Sprintf("/%s-flow-logs/%s", target.kind(), name)
		key, err := kmskey.Use(scope, id+"-flow-logs-key", props.Key, kmskey.Props{
			Alias:       name + "/flow-logs",
			Description: "Encrypts the flow logs of " + name,
			Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
			Tags:        extraTags,
		})
		if err != nil {
			return nil, err
		}
		lg, err := loggroup.New(scope, id+"-flow-logs", loggroup.Props{
			Name:          group,
			Key:           key,
			RetentionDays: props.RetentionDays,
			Tags:          extraTags,
		})
		if err != nil {
			return nil, err
		}
		role, err := iamrole.New(scope, id+"-flow-logs-role", iamrole.Props{
			Name:        name + "-flow-logs",
			Description: "Delivers the flow logs of " + name + " to " + group,
			Trust:       flowLogRoleTrust(env),
			Policies:    map[string]iampolicy.Document{"deliver-flow-logs": flowLogRolePolicy(env, group)},
			Tags:        extraTags,
		})
		if err != nil {
			return nil, err
		}
		cfg.LogDestinationType = jsii.String(string(FlowLogsToCloudWatch))
		cfg.LogDestination = lg.ARN
		cfg.IamRoleArn = role.ARN
		// Delivery starts at once; without the role's policy in place
		// the first deliveries fail.
		cfg.DependsOn = role.Ready()
		out.LogGroupName, out.KeyARN = group, key.ARN
	}
	out.ID = flowlog.NewFlowLog(scope, jsii.String(id+"-flow-log"), cfg).Id()
	return out, nil
}
