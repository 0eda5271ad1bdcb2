// Package serverlessorders provides the event-driven order system of the
// reference architecture (guide section 7.2): a REST API whose create-order
// function writes orders to DynamoDB and sends an event to a payment queue,
// an inventory queue and an order-events topic; process-payment and
// update-inventory consume their queues and update the order; notification,
// subscribed to the topic, writes a receipt to S3 and emails it through SES.
//
// The four functions are real Go programs (package handlers), compiled for
// provided.al2023 on arm64 and zipped deterministically at synth time by
// package lambdapkg, so source_code_hash is the same on every machine.
//
// Secure by default, with no switch to turn these off: IAM (SigV4) or
// Cognito authorization on every method, request validation against a JSON
// schema, a WAF web ACL with AWS managed rules and a rate limit, JSON access
// logs, execution logs and X-Ray; one role per function with only the
// actions and resources it uses; customer-managed KMS encryption of the
// table, queues, topics, logs, environment variables and receipts; TLS-only
// and owner-only queue policies; dead-letter queues where failures land (the
// source queues, the topic's subscription and the SNS-invoked function); point-in-time
// recovery and deletion protection on the table; alarms on dead letters,
// errors, throttles, 5xx responses and latency.
//
// # Use from another module
//
// The construct needs nothing from this repository's stacks:
//
//	env, err := awsenv.New("123456789012", "eu-west-1")
//	if err != nil {
//		log.Fatal(err)
//	}
//	app := cdktf.NewApp(nil)
//	stack := cdktf.NewTerraformStack(app, jsii.String("orders"))
//	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
//	if err := awsenv.Set(stack, env); err != nil {
//		log.Fatal(err)
//	}
//	orders, err := serverlessorders.New(stack, "orders", serverlessorders.Props{
//		Name:         "shop-prod-orders",
//		SenderDomain: "shop.example.com",
//		Production:   true,
//	})
//	if err != nil {
//		log.Fatal(err)
//	}
//	cdktf.NewTerraformOutput(stack, jsii.String("api"), &cdktf.TerraformOutputConfig{Value: orders.API.InvokeURL})
//	app.Synth()
//
// The handlers are built with the go command in the process's working
// directory (Props.Builder.Dir) when it is in a Go module, so that module
// must be able to build them: it requires this module (which brings
// aws-lambda-go and the AWS SDK), and its go.sum needs their hashes, which a
// plain `go mod tidy` adds (handlerdeps.go lists the handlers' imports for
// it). Outside any module the handlers are built in this module's own
// source tree (see lambdapkg.Builder.Dir). The Go toolchain version is part
// of each binary: pin it in go.mod so that every machine computes the same
// hashes.
//
// With Props.HostedZone the construct publishes the SES identity's DKIM
// records in Route 53; without it, publish the records of the
// <id>-dkim-records output in the sender domain's DNS after the first
// apply. Until SES has verified the domain nothing is sent, and while the
// account is in the SES sandbox emails go to verified addresses only:
// request production access for the account (SES console, or
// aws sesv2 put-account-details --production-access-enabled).
package serverlessorders

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// NoReservedConcurrency as Props.ReservedConcurrency leaves the functions
// without a reservation (the default when LambdaConcurrencyQuota is 0).
const NoReservedConcurrency = orderspec.NoReservedConcurrency

// Props configures the order system. The zero value plus Name and
// SenderDomain is the secure configuration.
type Props struct {
	// Name prefixes every resource name, such as "acme-prod-orders":
	// lowercase letters, digits and hyphens, at most 47 characters (so
	// that "<Name>-update-inventory" fits Lambda's 64). Required.
	Name string
	// SenderDomain is the domain receipts are emailed from. An SES domain
	// identity with Easy DKIM (2048-bit) is made for it. Required.
	SenderDomain string
	// SenderAddress is the From address, in SenderDomain; default
	// orders@<SenderDomain>. The notification function may send as this
	// address only.
	SenderAddress string
	// CognitoUserPoolARN, when set, makes the API accept Cognito user pool
	// tokens (Authorization header) instead of IAM-signed (SigV4) requests.
	CognitoUserPoolARN string
	// HostedZone, when set, is the Route 53 public hosted zone of
	// SenderDomain (the domain itself or a parent), in the stack's
	// account: the construct publishes the three DKIM CNAME records there,
	// which verifies the SES identity. Zero: the records are a Terraform
	// output (<id>-dkim-records) for you to publish in the domain's DNS;
	// until then SES neither verifies the domain nor sends receipts.
	HostedZone HostedZone
	// LambdaConcurrencyQuota is the account's Lambda concurrent executions
	// quota in the region (Service Quotas code L-B99A9384), as you know
	// it; 0 (unknown) leaves the functions without reservations, because
	// new accounts often start with a quota of 10 and Lambda refuses any
	// reservation that leaves fewer than 100 unreserved. Request an
	// increase in Service Quotas first, then declare the quota here.
	LambdaConcurrencyQuota int
	// ReservedConcurrency is each function's reserved concurrency, 2-1000
	// (also the SQS event sources' maximum concurrency). With a declared
	// LambdaConcurrencyQuota the default is 5, 50 in production, and the
	// four reservations must leave 100 of the quota unreserved; without
	// one the default is NoReservedConcurrency and a reservation is an
	// error.
	ReservedConcurrency int
	// ThrottleRateLimit and ThrottleBurstLimit throttle the API stage
	// (requests per second, burst); default 10/20, 100/200 in production.
	ThrottleRateLimit  float64
	ThrottleBurstLimit int
	// LogRetentionDays applies to every log group; default 90, 365 in
	// production (also the production minimum).
	LogRetentionDays int
	// WAFRateLimit is how many requests one IP may make in five minutes
	// before the web ACL blocks it; default 1000.
	WAFRateLimit int
	// OrderRetentionDays, when positive, lets DynamoDB's TTL delete orders
	// that many days after they were placed; 0 keeps orders.
	OrderRetentionDays int
	// Alarms tunes the alarm thresholds.
	Alarms AlarmThresholds
	// Key encrypts the table, queues, topics, log groups, environment
	// variables and receipts; nil makes one (alias <Name>). A given key's
	// policy is extended so that CloudWatch Logs and SNS can use it.
	Key *kmskey.Key
	// AlarmTopic receives the alarms; nil makes one (<Name>-alarms) that
	// CloudWatch may publish to.
	AlarmTopic *snstopic.Topic
	// AccessLogs chooses where the receipts bucket's access logs go; the
	// zero value makes a log bucket for it. Pass the stack's log bucket.
	AccessLogs securebucket.AccessLogs
	// ReceiptsBucketName names the receipts bucket; default
	// <Name>-receipts-<account>-<region>, which must fit 63 characters.
	ReceiptsBucketName string
	// Builder compiles the handlers; nil makes one for this construct.
	// Share one Builder between the stacks of an app so that each
	// function is compiled once per process.
	Builder *lambdapkg.Builder
	// SkipAPIGatewayAccount leaves API Gateway's account settings alone.
	// By default the construct sets the account's CloudWatch Logs role
	// (aws_api_gateway_account), which API Gateway needs to write access
	// and execution logs. That setting is one per account and region:
	// when another stack manages it, set this, or the two will overwrite
	// each other.
	SkipAPIGatewayAccount bool
	// Production tightens the floors (log retention of a year at least)
	// and raises the defaults (throttling; reservations when the quota is
	// declared).
	Production bool
	// Tags are added to every resource that takes tags.
	Tags map[string]string
}

// HostedZone names a Route 53 hosted zone.
type HostedZone struct {
	// ID is the zone id, such as Z0123456789ABCDEFGHIJ.
	ID string
	// Name is the zone's domain, such as example.com.
	Name string
}

// AlarmThresholds tunes the alarms; zero fields take the defaults.
type AlarmThresholds struct {
	// LatencyP99Millis is the API's p99 latency that raises an alarm;
	// default 2000.
	LatencyP99Millis int
	// ServerErrors is the count of API 5xx responses in five minutes that
	// raises an alarm; default 1.
	ServerErrors int
	// FunctionErrors is the count of a function's errors in five minutes
	// that raises an alarm; default 1.
	FunctionErrors int
}

// Orders is the result of New: what other constructs and stacks need.
type Orders struct {
	API API
	// TableName and TableARN name the orders table; StreamARN is its
	// stream (a token).
	TableName, TableARN string
	StreamARN           *string
	// Functions are the four functions by name (orderspec.CreateOrder, ...).
	Functions map[string]*Function
	// Queues are the queues by role: "payment", "payment-dlq",
	// "inventory", "inventory-dlq", "events-dlq".
	Queues map[string]*Queue
	// TopicARN is the order-events topic.
	TopicARN string
	// ReceiptsBucket holds receipts under receipts/.
	ReceiptsBucket *securebucket.Bucket
	// Key encrypts everything above.
	Key *kmskey.Key
	// AlarmTopic receives the alarms.
	AlarmTopic *snstopic.Topic
	// WebACLARN is the WAF web ACL associated with the API stage.
	WebACLARN *string
	// SenderIdentityARN is the SES domain identity; DKIMTokens are the
	// three tokens to publish as <token>._domainkey.<domain> CNAME
	// <token>.dkim.amazonses.com.
	SenderIdentityARN string
	DKIMTokens        *[]*string
	// DKIMRecords are the three CNAME records, "<name> CNAME <value>"
	// (tokens), published in HostedZone or output for you to publish.
	DKIMRecords []string
	// SenderAddress is the From address of receipts.
	SenderAddress string
}

// API describes the REST API.
type API struct {
	Name string
	// ID, ExecutionARN, StageARN and InvokeURL are tokens.
	ID, ExecutionARN, StageARN, InvokeURL *string
	StageName                             string
	// AuthorizationType is AWS_IAM or COGNITO_USER_POOLS.
	AuthorizationType string
}

// InvokeStatement lets a principal call every method of the API (made by
// New), for the identity policies of IAM-authorized callers (AuthIAM).
func (a API) InvokeStatement() iampolicy.Statement {
	var resources []string
	for _, r := range routes() {
		resources = append(resources, *a.ExecutionARN+"/"+a.StageName+"/"+r.Method+strings.ReplaceAll(r.Resource, "{id}", "*"))
	}
	return iampolicy.Statement{Sid: "InvokeOrdersAPI", Effect: iampolicy.Allow, Actions: []string{"execute-api:Invoke"}, Resources: resources}
}

// Function is one Lambda function.
type Function struct {
	Name string
	// ARN is plain, derived from the name.
	ARN string
	// RoleARN is the execution role's ARN (a token).
	RoleARN *string
	// LogGroup is the function's log group, /aws/lambda/<Name>.
	LogGroup string
	// Artifact is the deployment package built at synth.
	Artifact lambdapkg.Artifact
}

// Queue is one SQS queue.
type Queue struct {
	Name string
	// ARN is plain; URL is a token.
	ARN string
	URL *string
}

// New validates props, builds the four handlers and creates the order
// system in scope. Resource ids start with id.
func New(scope constructs.Construct, id string, props Props) (*Orders, error) {
	s, err := props.validate(id)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("serverlessorders %s: %w", id, err)
	}
	b := newBuild(scope, id, props, s, env)
	steps := []func() error{
		b.artifacts, b.key, b.table, b.queues, b.topics, b.receipts, b.email,
		b.functions, b.triggers, b.api, b.waf, b.alarms,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("serverlessorders %s: %w", id, err)
		}
	}
	return b.out, nil
}
