// Package gofunction makes a Go Lambda function the one way the landing
// zone makes them: code from a zip built at synth (lambdapkg), a log group
// of its own (encrypted, with retention) made before the function, a role
// only Lambda in the account assumes, arm64 on provided.al2023, X-Ray in
// Active mode, JSON logs, and the environment encrypted with a
// customer-managed key. The order system, the analytics pipeline, the image
// processor and the secret rotator use it; each adds its own policies,
// event sources and destinations.
package gofunction

import (
	"errors"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdafunction"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/tags"
)

// Runtime and Architecture of every function: Go binaries named bootstrap
// on the OS-only runtime, on Graviton.
const (
	Runtime      = "provided.al2023"
	Architecture = "arm64"
)

// LogGroupName is the log group of the function called name (Lambda's own
// convention, which the function's log group keeps).
func LogGroupName(name string) string { return "/aws/lambda/" + name }

// Props configures a Function.
type Props struct {
	// Name names the function and its role; the log group is
	// /aws/lambda/<Name>.
	Name string
	// Description describes the function; RoleDescription its role
	// (default Description).
	Description, RoleDescription string
	// Artifact is the zip lambdapkg built.
	Artifact lambdapkg.Artifact
	// Key encrypts the log group and the environment; its policy must let
	// CloudWatch Logs use it (kmskey.CloudWatchLogsUse).
	Key *kmskey.Key
	// LogRetentionDays keeps the logs (loggroup.CheckRetention).
	LogRetentionDays int
	// Policies are the role's inline policies, by name.
	Policies map[string]iampolicy.Document
	// Environment are the function's variables (values may be references).
	Environment map[string]*string
	// MemoryMB and TimeoutSeconds size each invocation.
	MemoryMB, TimeoutSeconds int
	// ReservedConcurrency reserves concurrency; 0 reserves none.
	ReservedConcurrency int
	// DeadLetterARN is the queue or topic of failed asynchronous events.
	DeadLetterARN string
	// DependsOn are what the function waits for besides its log group and
	// role (a dead-letter queue Lambda checks at creation).
	DependsOn []cdktf.ITerraformDependable
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// Function is the result of New.
type Function struct {
	Function lambdafunction.LambdaFunction
	Role     *iamrole.Role
	LogGroup *loggroup.LogGroup
}

// New makes the code asset (id-code), the log group (id-logs), the role
// (id-role) and the function (id).
func New(scope constructs.Construct, id string, p Props) (*Function, error) {
	fail := func(err error) (*Function, error) { return nil, fmt.Errorf("gofunction %s: %w", id, err) }
	if p.Key == nil || p.Artifact.Path == "" {
		return fail(errors.New("Key and Artifact are required"))
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return fail(err)
	}
	asset := cdktf.NewTerraformAsset(scope, jsii.String(id+"-code"), &cdktf.TerraformAssetConfig{
		Path: jsii.String(p.Artifact.Path),
		Type: cdktf.AssetType_FILE,
		// The digest computed in Go names the asset's directory, so that
		// the path in the JSON changes exactly when the code does.
		AssetHash: jsii.String(p.Artifact.Hex),
	})
	// Made before the function, encrypted and with retention: Lambda
	// would otherwise make /aws/lambda/<name> itself, without either.
	logGroup := LogGroupName(p.Name)
	lg, err := loggroup.New(scope, id+"-logs", loggroup.Props{Name: logGroup, Key: p.Key, RetentionDays: p.LogRetentionDays, Tags: p.Tags})
	if err != nil {
		return fail(err)
	}
	roleDesc := p.RoleDescription
	if roleDesc == "" {
		roleDesc = p.Description
	}
	role, err := iamrole.New(scope, id+"-role", iamrole.Props{
		Name:        p.Name,
		Description: roleDesc,
		Trust:       iamrole.ServiceTrust(env.ServicePrincipal("lambda"), env.AccountID),
		Policies:    p.Policies,
		Tags:        p.Tags,
	})
	if err != nil {
		return fail(err)
	}
	// The role's policies must exist before the first invocation.
	deps := append(append([]cdktf.ITerraformDependable{lg.Resource}, *role.Ready()...), p.DependsOn...)
	cfg := &lambdafunction.LambdaFunctionConfig{
		FunctionName:   jsii.String(p.Name),
		Description:    jsii.String(p.Description),
		Role:           role.ARN,
		Runtime:        jsii.String(Runtime),
		Architectures:  jsii.Strings(Architecture),
		Handler:        jsii.String("bootstrap"),
		Filename:       asset.Path(),
		SourceCodeHash: jsii.String(p.Artifact.SHA256),
		MemorySize:     jsii.Number(p.MemoryMB),
		Timeout:        jsii.Number(p.TimeoutSeconds),
		KmsKeyArn:      p.Key.ARN,
		TracingConfig:  &lambdafunction.LambdaFunctionTracingConfig{Mode: jsii.String("Active")},
		LoggingConfig: &lambdafunction.LambdaFunctionLoggingConfig{
			LogFormat: jsii.String("JSON"), LogGroup: jsii.String(logGroup),
			ApplicationLogLevel: jsii.String("INFO"), SystemLogLevel: jsii.String("WARN"),
		},
		DependsOn: &deps,
		Tags:      tags.Ptrs(tags.Merge(p.Tags)),
	}
	if len(p.Environment) > 0 {
		vars := p.Environment
		cfg.Environment = &lambdafunction.LambdaFunctionEnvironment{Variables: &vars}
	}
	if p.ReservedConcurrency > 0 {
		cfg.ReservedConcurrentExecutions = jsii.Number(p.ReservedConcurrency)
	}
	if p.DeadLetterARN != "" {
		cfg.DeadLetterConfig = &lambdafunction.LambdaFunctionDeadLetterConfig{TargetArn: jsii.String(p.DeadLetterARN)}
	}
	return &Function{Function: lambdafunction.NewLambdaFunction(scope, jsii.String(id), cfg), Role: role, LogGroup: lg}, nil
}
