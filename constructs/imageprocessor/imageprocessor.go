package imageprocessor

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdafunctioneventinvokeconfig"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdapermission"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketnotification"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueuepolicy"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/gofunction"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/imageprocessor/handler"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/constructs/tags"
)

// Function settings: the order handlers' runtime and architecture; image
// decoding is CPU-bound, and 1024 MB buys most of a vCPU.
const (
	memoryMB = 1024
	timeout  = 60
	// maxRetries and maxEventAgeSeconds bound the asynchronous retries
	// before an event goes to the failure queue.
	maxRetries         = 2
	maxEventAgeSeconds = 3600
	// failedRetentionSeconds keeps failed events 14 days (the SQS maximum).
	failedRetentionSeconds = 1209600
)

// Processor is the result of New.
type Processor struct {
	FunctionName, FunctionARN string
	RoleARN                   *string
	LogGroup                  string
	// FailureQueueARN receives the events the function failed on after
	// its retries.
	FailureQueueARN string
	Key             *kmskey.Key
	Artifact        lambdapkg.Artifact
}

// New validates props, builds the handler and creates the pipeline.
func New(scope constructs.Construct, id string, props Props) (*Processor, error) {
	s, err := props.validate()
	if err != nil {
		return nil, fmt.Errorf("imageprocessor %s: %w", id, err)
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, err
	}
	builder := s.Builder // nil builds with the defaults
	art, err := builder.Build(HandlerPackage)
	if err != nil {
		return nil, fmt.Errorf("imageprocessor %s: handler: %w", id, err)
	}
	name := s.Name
	out := &Processor{
		FunctionName: name, FunctionARN: env.ARN("lambda", "function:"+name),
		LogGroup: "/aws/lambda/" + name, FailureQueueARN: env.ARN("sqs", name+"-failed"), Artifact: art,
	}
	tg := tags.Ptrs(tags.Merge(s.Tags))

	// One key for the log group, the function's environment and the
	// failure queue. The buckets keep their own keys, which the function
	// uses through S3 only (securebucket's Read/WriteStatements).
	out.Key, err = kmskey.New(scope, id+"-key", kmskey.Props{
		Alias: name, Description: "Image processor " + name + ": logs, environment, failure queue",
		Statements: []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
		Tags:       s.Tags,
	})
	if err != nil {
		return nil, err
	}
	queue := sqsqueue.NewSqsQueue(scope, jsii.String(id+"-failed"), &sqsqueue.SqsQueueConfig{
		Name: jsii.String(name + "-failed"),
		// sqs_managed_sse_enabled unset: ConflictsWith kms_master_key_id in
		// the provider (internal/service/sqs/queue.go), see serverlessorders.
		KmsMasterKeyId:          out.Key.ARN,
		MessageRetentionSeconds: jsii.Number(failedRetentionSeconds),
		// The queue is where failures end: no queue may use it as its
		// dead-letter queue either.
		RedriveAllowPolicy: jsii.String(`{"redrivePermission":"denyAll"}`),
		Tags:               tg,
	})
	qdoc := queuePolicy(env, out.FailureQueueARN)
	if err := qdoc.Validate(); err != nil {
		return nil, err
	}
	sqsqueuepolicy.NewSqsQueuePolicy(scope, jsii.String(id+"-failed-policy"), &sqsqueuepolicy.SqsQueuePolicyConfig{
		QueueUrl: queue.Url(), Policy: jsii.String(qdoc.JSON()),
	})

	envVars := map[string]*string{
		handler.EnvSource:      jsii.String(s.Source.Name),
		handler.EnvPrefix:      jsii.String(s.Prefix),
		handler.EnvDestination: jsii.String(s.Destination.Name),
		handler.EnvMaxWidth:    jsii.String(strconv.Itoa(s.MaxWidth)),
		handler.EnvMaxHeight:   jsii.String(strconv.Itoa(s.MaxHeight)),
	}
	gf, err := gofunction.New(scope, id, gofunction.Props{
		Name:                name,
		Description:         "Resizes images uploaded under s3://" + s.Source.Name + "/" + s.Prefix,
		RoleDescription:     "Runs the image processor " + name,
		Artifact:            art,
		Key:                 out.Key,
		LogRetentionDays:    s.LogRetentionDays,
		Policies:            map[string]iampolicy.Document{"function": functionPolicy(env, s, out, *out.Key.ARN)},
		Environment:         envVars,
		MemoryMB:            memoryMB,
		TimeoutSeconds:      timeout,
		ReservedConcurrency: s.ReservedConcurrency,
		Tags:                s.Tags,
	})
	if err != nil {
		return nil, err
	}
	out.RoleARN = gf.Role.ARN
	fn := gf.Function
	if s.ReservedConcurrency == 0 {
		if err := suppress.Rule(fn, "LAMBDA-3", "no reservation: ConcurrencyQuota is not declared or ReservedConcurrency is 0"); err != nil {
			return nil, err
		}
	}
	// S3 invokes the function asynchronously, so the on-failure
	// destination (not a dead-letter queue) catches what fails after the
	// retries; Lambda sends with the execution role (sqs:SendMessage in
	// functionPolicy). Source: AWS Lambda Developer Guide, "Capturing
	// records of Lambda asynchronous invocations" (destinations need the
	// execution role's permission), and "Process Amazon S3 event
	// notifications with Lambda" (S3 invokes asynchronously).
	qdeps := []cdktf.ITerraformDependable{queue}
	lambdafunctioneventinvokeconfig.NewLambdaFunctionEventInvokeConfig(scope, jsii.String(id+"-async"), &lambdafunctioneventinvokeconfig.LambdaFunctionEventInvokeConfigConfig{
		FunctionName:             fn.FunctionName(),
		MaximumRetryAttempts:     jsii.Number(maxRetries),
		MaximumEventAgeInSeconds: jsii.Number(maxEventAgeSeconds),
		DestinationConfig: &lambdafunctioneventinvokeconfig.LambdaFunctionEventInvokeConfigDestinationConfig{
			OnFailure: &lambdafunctioneventinvokeconfig.LambdaFunctionEventInvokeConfigDestinationConfigOnFailure{Destination: queue.Arn()},
		},
		DependsOn: &qdeps,
	})

	// S3 may invoke the function for this bucket in this account only:
	// source_arn is the bucket, source_account guards against a bucket of
	// the same name re-created in another account (bucket ARNs carry no
	// account). Sources: AWS Lambda Developer Guide, "Granting Lambda
	// function access to AWS services" (permissions-function-services:
	// limit a service principal with the source ARN; an S3 bucket ARN has
	// no account id, so add the source account); Amazon S3 User Guide,
	// "Granting permissions to publish event notification messages to a
	// destination" (grant-destinations-permissions-to-s3).
	perm := lambdapermission.NewLambdaPermission(scope, jsii.String(id+"-invoke-from-s3"), &lambdapermission.LambdaPermissionConfig{
		Action:        jsii.String("lambda:InvokeFunction"),
		FunctionName:  fn.FunctionName(),
		Principal:     jsii.String(env.ServicePrincipal("s3")),
		SourceArn:     jsii.String(s.Source.ARN),
		SourceAccount: jsii.String(env.AccountID),
	})
	// S3 checks, when the notification is saved, that it may invoke the
	// function, and fails with "Unable to validate the following destination
	// configurations" otherwise: the permission must exist first. Source:
	// Terraform AWS provider docs for aws_s3_bucket_notification (example
	// "Add notification configuration to Lambda Function": depends_on the
	// aws_lambda_permission).
	var lambdas []*s3bucketnotification.S3BucketNotificationLambdaFunction
	for _, suffix := range Suffixes {
		// Ids that differ in more than case, whatever S3 makes of case.
		nid := name + suffix
		if lower := strings.ToLower(suffix); lower != suffix {
			nid = name + "-caps" + lower
		}
		lambdas = append(lambdas, &s3bucketnotification.S3BucketNotificationLambdaFunction{
			Id:                jsii.String(nid),
			LambdaFunctionArn: fn.Arn(),
			Events:            jsii.Strings("s3:ObjectCreated:*"),
			FilterPrefix:      jsii.String(s.Prefix),
			FilterSuffix:      jsii.String(suffix),
		})
	}
	bucketRef := s.Source.ID
	if bucketRef == nil { // a bucket made elsewhere, given by name
		bucketRef = jsii.String(s.Source.Name)
	}
	ndeps := []cdktf.ITerraformDependable{perm}
	s3bucketnotification.NewS3BucketNotification(scope, jsii.String(id+"-notification"), &s3bucketnotification.S3BucketNotificationConfig{
		// The bucket by reference (its id is its name), so that Terraform
		// makes the bucket before its notification configuration.
		Bucket:         bucketRef,
		LambdaFunction: lambdas,
		DependsOn:      &ndeps,
	})
	return out, nil
}

// functionPolicy is the function's least privilege: read the upload
// prefix, write the processed bucket (both keys through S3 only, see
// securebucket.ReadStatements/WriteStatements), send failed events to the
// failure queue (and encrypt them with the queue's key through SQS), and
// write X-Ray segments. Logging to the log group is granted per group.
func functionPolicy(env awsenv.Env, s settings, out *Processor, keyARN string) iampolicy.Document {
	st := append(s.Source.ReadStatements(s.Prefix), s.Destination.WriteStatements("")...)
	st = append(st,
		iampolicy.Statement{Effect: iampolicy.Allow, Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resources: []string{env.ARN("logs", "log-group:"+out.LogGroup+":*")}},
		iampolicy.Statement{Effect: iampolicy.Allow, Actions: []string{"sqs:SendMessage"}, Resources: []string{out.FailureQueueARN}},
		// SQS with a CMK: the sender needs kms:GenerateDataKey and
		// kms:Decrypt on the key. Source: Amazon SQS Developer Guide, "Key
		// management" (permissions for producers).
		iampolicy.Statement{Effect: iampolicy.Allow, Actions: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resources: []string{keyARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", env.ServicePrincipal("sqs."+env.Region))}},
		// X-Ray PutTraceSegments/PutTelemetryRecords support no resource
		// ARNs (AWSXRayDaemonWriteAccess uses "*").
		iampolicy.Statement{Effect: iampolicy.Allow, Actions: []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, Resources: []string{"*"}},
	)
	return iampolicy.Document{Statements: st}
}

// queuePolicy denies non-TLS requests and principals of other accounts. The
// function's role sends the failed events (Lambda destinations use the
// execution role), so no service principal needs access.
func queuePolicy(env awsenv.Env, queueARN string) iampolicy.Document {
	return iampolicy.Document{Statements: iampolicy.AccountOnly("sqs", queueARN, env.AccountID)}
}
