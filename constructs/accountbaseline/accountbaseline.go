// Package accountbaseline provides the hygiene every account of the
// organization carries: an IAM Access Analyzer, a strict IAM password
// policy, EBS encryption by default with a customer-managed key, the
// account-level S3 public access block and an AWS Config recorder that
// delivers to the central log bucket.
//
// The organization-wide services (organization trail, organization
// analyzer, delegated GuardDuty and Security Hub) live elsewhere; this
// package is what each account does for itself.
package accountbaseline

import (
	"fmt"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/accessanalyzeranalyzer"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamaccountpasswordpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3accountpublicaccessblock"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// Baseline is the result of New. Fields of skipped pieces are zero.
type Baseline struct {
	// AnalyzerARN is the account analyzer's ARN (a reference).
	AnalyzerARN *string
	// EBSKey is the region's default EBS key.
	EBSKey *kmskey.Key
	// RecorderName names the Config recorder and delivery channel.
	RecorderName string
	// ConfigRoleARN is the role the recorder uses: the Config
	// service-linked role (plain).
	ConfigRoleARN string

	// launcherRoles (by service) and configRole are the service-linked
	// roles' ARNs as other regions' baselines refer to them: a reference
	// when this baseline made the role, else the plain ARN.
	launcherRoles map[string]string
	configRole    string
}

// AutoScalingRole is the EC2 Auto Scaling service-linked role's ARN: a
// reference when this baseline made the role, so that Auto Scaling groups
// naming it (service_linked_role_arn) are created after it instead of
// making AWS create the role first and the baseline's creation fail;
// empty when the baseline skipped EBS encryption.
func (b *Baseline) AutoScalingRole() string { return b.launcherRoles[autoScalingService] }

// New validates props in plain Go first, so that bad input returns an error
// before any resource exists, then creates the pieces not skipped.
func New(scope constructs.Construct, id string, props Props) (*Baseline, error) {
	props = props.withDefaults()
	if err := props.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("accountbaseline %s: %w", id, err)
	}
	if !props.SkipEBSEncryption && props.EBSKey != nil {
		// Checked with the role's plain ARN before anything exists, so that
		// a clash with the given key's policy (a Sid in use) leaves no
		// half-made baseline.
		next := iampolicy.Document{Statements: slices.Concat(props.EBSKey.Policy().Statements, launcherKeyStatements(launcherARNs(env, props)))}
		if err := next.Validate(); err != nil {
			return nil, fmt.Errorf("accountbaseline %s: EBSKey %s: %w", id, props.EBSKey.AliasName, err)
		}
	}
	b := &Baseline{launcherRoles: map[string]string{}, configRole: ConfigRoleARN(env)}
	for _, l := range launchers(env, props) {
		b.launcherRoles[l.service] = l.arn
	}
	if h := props.Home; h != nil {
		for svc, arn := range h.launcherRoles {
			b.launcherRoles[svc] = arn
		}
		b.configRole = h.configRole
	}
	if !props.SkipAccessAnalyzer {
		a := accessanalyzeranalyzer.NewAccessanalyzerAnalyzer(scope, jsii.String(id+"-access-analyzer"), &accessanalyzeranalyzer.AccessanalyzerAnalyzerConfig{
			AnalyzerName: jsii.String(props.AnalyzerName),
			Type:         jsii.String("ACCOUNT"),
			Tags:         tags.Ptrs(props.Tags),
		})
		b.AnalyzerARN = a.Arn()
	}
	if !props.SkipPasswordPolicy {
		passwordPolicy(scope, id, props.PasswordPolicy)
	}
	if !props.SkipS3PublicAccessBlock {
		s3accountpublicaccessblock.NewS3AccountPublicAccessBlock(scope, jsii.String(id+"-s3-public-access"), &s3accountpublicaccessblock.S3AccountPublicAccessBlockConfig{
			// Named, so that the plan shows the account it applies to
			// rather than the one the credentials happen to be in.
			AccountId:             jsii.String(env.AccountID),
			BlockPublicAcls:       jsii.Bool(true),
			BlockPublicPolicy:     jsii.Bool(true),
			IgnorePublicAcls:      jsii.Bool(true),
			RestrictPublicBuckets: jsii.Bool(true),
		})
	}
	if !props.SkipEBSEncryption {
		if b.EBSKey, err = ebsEncryption(scope, id, env, props, b); err != nil {
			return nil, fmt.Errorf("accountbaseline %s: %w", id, err)
		}
	}
	if !props.SkipConfigRecorder {
		b.RecorderName, b.ConfigRoleARN = configRecorder(scope, id, env, props, b)
	}
	return b, nil
}

func passwordPolicy(scope constructs.Construct, id string, pp PasswordPolicy) {
	iamaccountpasswordpolicy.NewIamAccountPasswordPolicy(scope, jsii.String(id+"-password-policy"), &iamaccountpasswordpolicy.IamAccountPasswordPolicyConfig{
		MinimumPasswordLength:      jsii.Number(pp.MinimumLength),
		RequireUppercaseCharacters: jsii.Bool(true),
		RequireLowercaseCharacters: jsii.Bool(true),
		RequireNumbers:             jsii.Bool(true),
		RequireSymbols:             jsii.Bool(true),
		PasswordReusePrevention:    jsii.Number(PasswordReusePrevention),
		MaxPasswordAge:             jsii.Number(pp.MaxAgeDays),
		AllowUsersToChangePassword: jsii.Bool(true),
		// An expired password can still be changed by its user at sign-in;
		// hard expiry would need an administrator for every expiry.
		HardExpiry: jsii.Bool(false),
	})
}
