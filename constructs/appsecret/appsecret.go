// Package appsecret is an application secret in Secrets Manager (guide 6.2):
// encrypted with a customer-managed key, a resource policy denying
// principals outside the account (or organization), a recovery window, and
// rotation by a Go Lambda function (package rotator) for API-key secrets.
//
// No value is in the code or the Terraform state: the construct makes no
// aws_secretsmanager_secret_version. The rotation resource rotates at once
// when it is created (rotate_immediately keeps the provider's default,
// true), so the function stores a first random key generated in AWS; an
// operator whose key comes from elsewhere sets it afterwards with
// `aws secretsmanager put-secret-value` (see the report / README text).
package appsecret

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdapermission"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecret"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretrotation"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/gofunction"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/constructs/tags"
)

// RotatorPackage is the rotation function's main package, for
// lambdapkg.Builder.Prefetch.
const RotatorPackage = "github.com/acme/landing-zone/constructs/appsecret/rotator/cmd/rotate"

// Defaults.
const (
	DefaultRecoveryWindowDays = 30
	DefaultRotationDays       = 30
)

// Props configures a Secret.
type Props struct {
	// Name is the secret's name, such as "acme/dev/payments-api-key"; the
	// rotation function, its role and log group are named after Slug.
	Name string
	// Slug names the function and role, such as "acme-dev-payments-key"
	// (at most 55 characters: "-rotation" is added).
	Slug        string
	Description string
	// OrganizationID, when set (o-...), lets principals of the whole
	// organization through the deny; empty: the account only. Principals
	// still need an identity policy (and kms:Decrypt) to read the secret.
	OrganizationID string
	// RecoveryWindowDays is how long a deleted secret can be restored:
	// 7-30, default 30. (0, deletion without recovery, is not offered.)
	RecoveryWindowDays int
	// RotationDays rotates every n days (1-1000, default 30);
	// RotationSchedule instead is a rate() or cron() expression. One only.
	RotationDays     int
	RotationSchedule string
	LogRetentionDays int
	Builder          *lambdapkg.Builder
	Tags             map[string]string
}

// Secret is the result of New.
type Secret struct {
	// ARN is the secret's ARN (a token: Secrets Manager adds a random suffix).
	ARN  *string
	Name string
	Key  *kmskey.Key
	// RotationFunctionARN is the rotation function's ARN.
	RotationFunctionARN string
	Artifact            lambdapkg.Artifact
}

var (
	secretNameRE = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)
	orgIDRE      = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	scheduleRE   = regexp.MustCompile(`^(rate\([0-9]+ (hour|hours|day|days)\)|cron\(.+\))$`)
)

// settings are Props with defaults applied.
type settings struct{ Props }

func (p Props) validate() (settings, error) {
	var errs []error
	bad := func(field string, v any, msg string) { errs = append(errs, fmt.Errorf("%s %v: %s", field, v, msg)) }
	// Secret names: 1-512 of letters, digits and /_+=.@- (Secrets Manager
	// API CreateSecret, Name). A name ending in a hyphen and six characters
	// confuses ARN lookups (the random suffix), so it is refused.
	if !secretNameRE.MatchString(p.Name) {
		bad("Name", fmt.Sprintf("%q", p.Name), "must be 1-512 of letters, digits and /_+=.@-")
	} else if regexp.MustCompile(`-[A-Za-z0-9]{6}$`).MatchString(p.Name) {
		bad("Name", fmt.Sprintf("%q", p.Name), "must not end in a hyphen and six characters, which Secrets Manager's ARN suffix resembles")
	}
	if err := naming.CheckPrefix(p.Slug, 55); err != nil {
		bad("Slug", fmt.Sprintf("%q", p.Slug), err.Error())
	}
	if p.OrganizationID != "" && !orgIDRE.MatchString(p.OrganizationID) {
		bad("OrganizationID", fmt.Sprintf("%q", p.OrganizationID), "must be an organization id like o-a1b2c3d4e5")
	}
	s := settings{p}
	if s.RecoveryWindowDays == 0 {
		s.RecoveryWindowDays = DefaultRecoveryWindowDays
	}
	if s.RecoveryWindowDays < 7 || s.RecoveryWindowDays > 30 {
		bad("RecoveryWindowDays", s.RecoveryWindowDays, "must be 7-30")
	}
	// automatically_after_days and schedule_expression are ExactlyOneOf in
	// the provider (internal/service/secretsmanager/secret_rotation.go),
	// automatically_after_days 1-1000.
	switch {
	case s.RotationSchedule != "" && s.RotationDays != 0:
		bad("RotationSchedule", fmt.Sprintf("%q", s.RotationSchedule), "set either RotationDays or RotationSchedule, not both")
	case s.RotationSchedule != "":
		if !scheduleRE.MatchString(strings.TrimSpace(s.RotationSchedule)) {
			bad("RotationSchedule", fmt.Sprintf("%q", s.RotationSchedule), "must be rate(N hours|days) or cron(...)")
		}
	default:
		if s.RotationDays == 0 {
			s.RotationDays = DefaultRotationDays
		}
		if s.RotationDays < 1 || s.RotationDays > 1000 {
			bad("RotationDays", s.RotationDays, "must be 1-1000")
		}
	}
	if s.LogRetentionDays == 0 {
		s.LogRetentionDays = loggroup.DefaultRetentionDays
	}
	if err := loggroup.CheckRetention(s.LogRetentionDays); err != nil {
		errs = append(errs, fmt.Errorf("LogRetentionDays %w", err))
	}
	return s, errors.Join(errs...)
}

// New validates props, builds the rotation function and creates the secret.
func New(scope constructs.Construct, id string, props Props) (*Secret, error) {
	s, err := props.validate()
	if err != nil {
		return nil, fmt.Errorf("appsecret %s: %w", id, err)
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, err
	}
	builder := s.Builder // nil builds with the defaults
	art, err := builder.Build(RotatorPackage)
	if err != nil {
		return nil, fmt.Errorf("appsecret %s: rotator: %w", id, err)
	}
	fnName := s.Slug + "-rotation"
	out := &Secret{Name: s.Name, Artifact: art, RotationFunctionARN: env.ARN("lambda", "function:"+fnName)}
	tg := tags.Ptrs(tags.Merge(s.Tags))

	// The secret's key also encrypts the function's logs and environment.
	// Secrets Manager uses the key on behalf of the caller (kms:ViaService
	// secretsmanager.<region>), whose IAM policy the account statement of
	// the key policy lets decide. Source: Secrets Manager User Guide,
	// "Secret encryption and decryption in AWS Secrets Manager".
	out.Key, err = kmskey.New(scope, id+"-key", kmskey.Props{
		Alias: s.Slug, Description: "Secret " + s.Name + " and its rotation function's logs",
		Statements: []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)}, Tags: s.Tags,
	})
	if err != nil {
		return nil, err
	}
	desc := s.Description
	if desc == "" {
		desc = "API key " + s.Name + ", rotated by " + fnName
	}
	secret := secretsmanagersecret.NewSecretsmanagerSecret(scope, jsii.String(id), &secretsmanagersecret.SecretsmanagerSecretConfig{
		Name: jsii.String(s.Name), Description: jsii.String(desc), KmsKeyId: out.Key.ARN,
		RecoveryWindowInDays: jsii.Number(s.RecoveryWindowDays), Tags: tg,
	})
	out.ARN = secret.Arn()
	pol := resourcePolicy(env, s.OrganizationID)
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	// block_public_policy: Secrets Manager refuses a policy granting broad
	// access (PutResourcePolicy BlockPublicPolicy).
	secretsmanagersecretpolicy.NewSecretsmanagerSecretPolicy(scope, jsii.String(id+"-policy"), &secretsmanagersecretpolicy.SecretsmanagerSecretPolicyConfig{
		SecretArn: secret.Arn(), Policy: jsii.String(pol.JSON()), BlockPublicPolicy: jsii.Bool(true),
	})

	gf, err := gofunction.New(scope, id+"-rotation", gofunction.Props{
		Name:             fnName,
		Description:      "Rotates the secret " + s.Name,
		Artifact:         art,
		Key:              out.Key,
		LogRetentionDays: s.LogRetentionDays,
		Policies:         map[string]iampolicy.Document{"rotation": rotationPolicy(env, s.Name, *out.Key.ARN, gofunction.LogGroupName(fnName))},
		MemoryMB:         128,
		TimeoutSeconds:   30,
		Tags:             s.Tags,
	})
	if err != nil {
		return nil, err
	}
	fn := gf.Function
	if err := suppress.Rule(fn, "LAMBDA-1", "driven by Secrets Manager, which records a failed step as a failed rotation (CloudTrail RotationFailed) and starts over at the next rotation: a dead-letter queue would hold rotation events nobody replays"); err != nil {
		return nil, err
	}
	if err := suppress.Rule(fn, "LAMBDA-3", "no reservation: rotation runs a few times a month, and a reservation needs the account's concurrency quota declared"); err != nil {
		return nil, err
	}
	// Secrets Manager invokes the function for this secret only. Source:
	// Secrets Manager User Guide, "Permissions for rotation" (lambda
	// add-permission --principal secretsmanager.amazonaws.com --source-arn
	// <secret ARN>), which also names the execution role's actions
	// (rotationPolicy).
	perm := lambdapermission.NewLambdaPermission(scope, jsii.String(id+"-rotation-invoke"), &lambdapermission.LambdaPermissionConfig{
		Action: jsii.String("lambda:InvokeFunction"), FunctionName: fn.FunctionName(),
		Principal: jsii.String(env.ServicePrincipal("secretsmanager")), SourceArn: secret.Arn(),
		SourceAccount: jsii.String(env.AccountID),
	})
	// RotateSecret checks it may invoke the function and, rotating at once,
	// invokes it: the permission (and through the function, the role's
	// policies and log group) must exist first.
	rotRules := &secretsmanagersecretrotation.SecretsmanagerSecretRotationRotationRules{}
	if s.RotationSchedule != "" {
		rotRules.ScheduleExpression = jsii.String(s.RotationSchedule)
	} else {
		rotRules.AutomaticallyAfterDays = jsii.Number(s.RotationDays)
	}
	rdeps := []cdktf.ITerraformDependable{perm, fn}
	secretsmanagersecretrotation.NewSecretsmanagerSecretRotation(scope, jsii.String(id+"-rotation-schedule"), &secretsmanagersecretrotation.SecretsmanagerSecretRotationConfig{
		SecretId: secret.Id(), RotationLambdaArn: fn.Arn(), RotationRules: rotRules, DependsOn: &rdeps,
	})
	return out, nil
}

// resourcePolicy denies every Secrets Manager action to principals outside
// the account (or organization). AWS services acting with their own
// principal are not denied (aws:PrincipalIsAWSService), as in the order
// system's queue policies.
func resourcePolicy(env awsenv.Env, orgID string) iampolicy.Document {
	cond := iampolicy.Cond("StringNotEquals", "aws:PrincipalAccount", env.AccountID)
	if orgID != "" {
		cond = iampolicy.Cond("StringNotEquals", "aws:PrincipalOrgID", orgID)
	}
	return iampolicy.Document{Statements: []iampolicy.Statement{{
		Sid: "DenyOutside", Effect: iampolicy.Deny, Principals: []iampolicy.Principal{iampolicy.Anyone()},
		Actions: []string{"secretsmanager:*"}, Resources: []string{"*"},
		Conditions: []iampolicy.Condition{cond, iampolicy.Cond("Bool", "aws:PrincipalIsAWSService", "false")},
	}}}
}

// rotationPolicy is the rotation function's execution role policy: the
// four Secrets Manager actions on this secret (any suffix), the key through
// Secrets Manager only, its logs and X-Ray. Source: Secrets Manager User
// Guide, "Lambda rotation function execution role permissions" (DescribeSecret,
// GetSecretValue, PutSecretValue, UpdateSecretVersionStage; kms:Decrypt and
// kms:GenerateDataKey for a customer managed key). GetRandomPassword is not
// needed: keys come from crypto/rand.
func rotationPolicy(env awsenv.Env, name, keyARN, logGroup string) iampolicy.Document {
	secretARN := env.ARN("secretsmanager", "secret:"+name+"-??????")
	return iampolicy.Document{Statements: []iampolicy.Statement{
		{Effect: iampolicy.Allow, Actions: []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"}, Resources: []string{secretARN}},
		{Effect: iampolicy.Allow, Actions: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resources: []string{keyARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", env.ServicePrincipal("secretsmanager."+env.Region))}},
		{Effect: iampolicy.Allow, Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resources: []string{env.ARN("logs", "log-group:"+logGroup+":*")}},
		{Effect: iampolicy.Allow, Actions: []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, Resources: []string{"*"}},
	}}
}
