// Package securebucket provides an S3 bucket that is private, encrypted,
// versioned and logged by default, with a policy that refuses plain-text
// transport and uploads under the wrong key.
package securebucket

import (
	"fmt"
	"regexp"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketlifecycleconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketlogging"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketobjectlockconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketownershipcontrols"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketpublicaccessblock"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketserversideencryptionconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketversioning"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/constructs/tags"
)

// MinimumTLSVersion is the oldest TLS version the bucket policy accepts.
const MinimumTLSVersion = "1.2"

// Bucket is the result of New: what other constructs need to refer to it.
type Bucket struct {
	// Name is the bucket name (a token when AWS chose it).
	Name string
	// ARN is the bucket's ARN (plain when the name is known).
	ARN string
	// ID is a reference to the bucket resource, for depends-on ordering.
	ID *string
	// Key encrypts the bucket's objects; nil for a load balancer log
	// bucket (LoadBalancerLogs), which is SSE-S3 encrypted.
	Key *kmskey.Key

	env    awsenv.Env
	policy iampolicy.Document
	res    s3bucketpolicy.S3BucketPolicy
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// New validates props in plain Go first, so that bad input returns an error
// before any resource exists, then creates the bucket and its settings.
func New(scope constructs.Construct, id string, props Props) (*Bucket, error) {
	if !idRE.MatchString(id) {
		return nil, fmt.Errorf("securebucket %q: id must be lowercase letters, digits and hyphens (it names the key alias)", id)
	}
	if err := props.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("securebucket %s: %w", id, err)
	}
	lifecycle := props.Lifecycle
	if lifecycle == nil {
		lifecycle = DefaultLifecycle()
	}

	// A load balancer log bucket gets no key: ALB log delivery supports
	// SSE-S3 only (ELB User Guide, "Enable access logs for your Application
	// Load Balancer", bucket requirements), so a key would never encrypt
	// anything and would still cost its monthly fee.
	key := props.KMSKey
	if key == nil && props.LoadBalancerLogs == nil {
		alias := "s3/" + id
		if props.Name != "" {
			alias = "s3/" + props.Name
		}
		key, err = kmskey.New(scope, id+"-key", kmskey.Props{
			Alias:       alias,
			Description: "Encrypts objects of S3 bucket " + orID(props.Name, id),
			Tags:        props.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("securebucket %s: %w", id, err)
		}
	}

	cfg := &s3bucket.S3BucketConfig{Tags: tags.Ptrs(props.Tags)}
	if props.Name != "" {
		cfg.Bucket = jsii.String(props.Name)
	}
	if props.ForceDestroy {
		cfg.ForceDestroy = jsii.Bool(true)
	}
	if props.ObjectLock != nil {
		cfg.ObjectLockEnabled = jsii.Bool(true)
	}
	bucket := s3bucket.NewS3Bucket(scope, jsii.String(id), cfg)
	if props.LoadBalancerLogs != nil {
		if err := suppress.Rule(bucket, "S3-4", "ALB access log delivery supports SSE-S3 only (ELB User Guide, \"Enable access logs for your Application Load Balancer\"); the bucket holds those logs only"); err != nil {
			return nil, fmt.Errorf("securebucket %s: %w", id, err)
		}
	}
	b := &Bucket{Key: key, env: env, ID: bucket.Id()}
	if props.Name != "" {
		b.Name = props.Name
		b.ARN = fmt.Sprintf("arn:%s:s3:::%s", env.Partition, props.Name)
	} else {
		b.Name, b.ARN = *bucket.Bucket(), *bucket.Arn()
	}

	// Settings reference the bucket by its resource id so that Terraform
	// orders them after the bucket, even when the name is known up front.
	ref := b.ID
	s3bucketpublicaccessblock.NewS3BucketPublicAccessBlock(scope, jsii.String(id+"-public-access"), &s3bucketpublicaccessblock.S3BucketPublicAccessBlockConfig{
		Bucket:                ref,
		BlockPublicAcls:       jsii.Bool(true),
		BlockPublicPolicy:     jsii.Bool(true),
		IgnorePublicAcls:      jsii.Bool(true),
		RestrictPublicBuckets: jsii.Bool(true),
	})
	s3bucketownershipcontrols.NewS3BucketOwnershipControls(scope, jsii.String(id+"-ownership"), &s3bucketownershipcontrols.S3BucketOwnershipControlsConfig{
		Bucket: ref,
		Rule:   &s3bucketownershipcontrols.S3BucketOwnershipControlsRule{ObjectOwnership: jsii.String("BucketOwnerEnforced")},
	})
	s3bucketserversideencryptionconfiguration.NewS3BucketServerSideEncryptionConfigurationA(scope, jsii.String(id+"-encryption"), &s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationAConfig{
		Bucket: ref,
		Rule: []*s3bucketserversideencryptionconfiguration.S3BucketServerSideEncryptionConfigurationRuleA{{
			ApplyServerSideEncryptionByDefault: defaultEncryption(props, key),
			// Bucket keys cut KMS requests (and their cost) by orders of magnitude.
			BucketKeyEnabled: jsii.Bool(props.LoadBalancerLogs == nil),
		}},
	})
	status := "Enabled"
	if props.DisableVersioning {
		status = "Suspended"
	}
	versioning := s3bucketversioning.NewS3BucketVersioningA(scope, jsii.String(id+"-versioning"), &s3bucketversioning.S3BucketVersioningAConfig{
		Bucket:                  ref,
		VersioningConfiguration: &s3bucketversioning.S3BucketVersioningVersioningConfiguration{Status: jsii.String(status)},
	})
	if rules := lifecycle.rules(props.DisableVersioning); len(rules) > 0 {
		s3bucketlifecycleconfiguration.NewS3BucketLifecycleConfiguration(scope, jsii.String(id+"-lifecycle"), &s3bucketlifecycleconfiguration.S3BucketLifecycleConfigurationConfig{
			Bucket:    ref,
			Rule:      rules,
			DependsOn: &[]cdktf.ITerraformDependable{versioning},
		})
	}
	if ol := props.ObjectLock; ol != nil {
		s3bucketobjectlockconfiguration.NewS3BucketObjectLockConfigurationA(scope, jsii.String(id+"-object-lock"), &s3bucketobjectlockconfiguration.S3BucketObjectLockConfigurationAConfig{
			Bucket: ref,
			Rule: &s3bucketobjectlockconfiguration.S3BucketObjectLockConfigurationRuleA{
				DefaultRetention: &s3bucketobjectlockconfiguration.S3BucketObjectLockConfigurationRuleDefaultRetentionA{
					Mode: jsii.String(string(ol.Mode)),
					Days: jsii.Number(ol.Days),
				},
			},
			DependsOn: &[]cdktf.ITerraformDependable{versioning},
		})
	}

	if !props.AccessLogTarget && !props.AccessLogs.Disabled {
		target := props.AccessLogs.Target
		if target == nil {
			target, err = New(scope, id+"-access-logs", Props{
				AccessLogTarget: true,
				Name:            logBucketName(props.Name),
				Tags:            props.Tags,
				ForceDestroy:    props.ForceDestroy,
			})
			if err != nil {
				return nil, err
			}
		}
		prefix := props.AccessLogs.Prefix
		if prefix == "" {
			prefix = orID(props.Name, id) + "/"
		}
		s3bucketlogging.NewS3BucketLoggingA(scope, jsii.String(id+"-logging"), &s3bucketlogging.S3BucketLoggingAConfig{
			Bucket:       ref,
			TargetBucket: target.ID,
			TargetPrefix: jsii.String(prefix),
		})
	}

	if props.LoadBalancerLogs != nil {
		b.policy.Add(b.sses3Statements()...)
	} else {
		b.policy.Add(b.baseStatements(props.SSES3Uploads)...)
	}
	if lb := props.LoadBalancerLogs; lb != nil {
		b.policy.Add(loadBalancerLogStatement(env, b.ARN, lb.Prefix))
	}
	if props.AccessLogTarget {
		if err := b.acceptAccessLogs(); err != nil {
			return nil, fmt.Errorf("securebucket %s: %w", id, err)
		}
	}
	if r := props.Replication; r != nil {
		if err := b.replicate(scope, id, r, versioning); err != nil {
			return nil, err
		}
	}
	b.res = s3bucketpolicy.NewS3BucketPolicy(scope, jsii.String(id+"-policy"), &s3bucketpolicy.S3BucketPolicyConfig{
		Bucket: ref,
		Policy: jsii.String(b.policy.JSON()),
	})
	return b, nil
}

func orID(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// logBucketName derives the name of a log bucket made for a named bucket;
// unnamed buckets get an unnamed log bucket.
func logBucketName(name string) string {
	if name == "" {
		return ""
	}
	const suffix = "-access-logs"
	if len(name)+len(suffix) > 63 {
		return ""
	}
	return name + suffix
}

// transportStatements refuse plain HTTP and TLS older than
// MinimumTLSVersion; every bucket carries them.
func (b *Bucket) transportStatements() []iampolicy.Statement {
	both := []string{b.ARN, b.ARN + "/*"}
	anyone := []iampolicy.Principal{iampolicy.Anyone()}
	return []iampolicy.Statement{
		{
			Sid: "DenyInsecureTransport", Effect: iampolicy.Deny, Principals: anyone,
			Actions: []string{"s3:*"}, Resources: both,
			Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "aws:SecureTransport", "false")},
		},
		{
			Sid: "DenyOutdatedTLS", Effect: iampolicy.Deny, Principals: anyone,
			Actions: []string{"s3:*"}, Resources: both,
			Conditions: []iampolicy.Condition{iampolicy.Cond("NumericLessThan", "s3:TlsVersion", MinimumTLSVersion)},
		},
	}
}

// baseStatements are the denials every KMS-encrypted bucket carries.
func (b *Bucket) baseStatements(sses3 []SSES3Upload) []iampolicy.Statement {
	objects := []string{b.ARN + "/*"}
	anyone := []iampolicy.Principal{iampolicy.Anyone()}
	out := append(b.transportStatements(), b.encryptionStatements(sses3)...)
	return append(out, iampolicy.Statement{
		// A client naming a key must name this bucket's key (by ARN).
		Sid: "DenyOtherKMSKey", Effect: iampolicy.Deny, Principals: anyone,
		Actions: []string{"s3:PutObject"}, Resources: objects,
		Conditions: []iampolicy.Condition{
			iampolicy.Cond("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", *b.Key.ARN),
			iampolicy.Cond("Null", "s3:x-amz-server-side-encryption-aws-kms-key-id", "false"),
		},
	})
}

// encryptionStatements refuse uploads that ask for another encryption than
// KMS. Requests without the header get the bucket's default (KMS)
// encryption. Under the prefixes of sses3 only, SSE-S3 (AES256) is admitted
// too, and only from the named service principals: aws:PrincipalServiceName
// is in the request context only when a service principal makes the call,
// and StringNotEquals is true when the key is absent, so any other caller's
// AES256 upload there is refused (IAM User Guide, "AWS global condition
// context keys", aws:PrincipalServiceName;
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicename).
func (b *Bucket) encryptionStatements(sses3 []SSES3Upload) []iampolicy.Statement {
	anyone := []iampolicy.Principal{iampolicy.Anyone()}
	header := "s3:x-amz-server-side-encryption"
	present := iampolicy.Cond("Null", header, "false")
	other := iampolicy.Statement{
		Sid: "DenyOtherEncryption", Effect: iampolicy.Deny, Principals: anyone,
		Actions:    []string{"s3:PutObject"},
		Conditions: []iampolicy.Condition{iampolicy.Cond("StringNotEquals", header, "aws:kms"), present},
	}
	if len(sses3) == 0 {
		other.Resources = []string{b.ARN + "/*"}
		return []iampolicy.Statement{other}
	}
	var exempt []string
	for _, e := range sses3 {
		exempt = append(exempt, b.ObjectsARN(e.Prefix))
	}
	other.NotResources = exempt
	out := []iampolicy.Statement{other, {
		Sid: "DenyOtherEncryptionUnderSSES3Prefixes", Effect: iampolicy.Deny, Principals: anyone,
		Actions: []string{"s3:PutObject"}, Resources: exempt,
		Conditions: []iampolicy.Condition{iampolicy.Cond("StringNotEquals", header, "aws:kms", "AES256"), present},
	}}
	for i, e := range sses3 {
		out = append(out, iampolicy.Statement{
			Sid: fmt.Sprintf("DenySSES3FromOthers%d", i+1), Effect: iampolicy.Deny, Principals: anyone,
			Actions: []string{"s3:PutObject"}, Resources: []string{exempt[i]},
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", header, "AES256"),
				iampolicy.Cond("StringNotEquals", "aws:PrincipalServiceName", e.Services...),
			},
		})
	}
	return out
}

// sses3Statements are the denials of an SSE-S3 bucket (LoadBalancerLogs):
// TLS only, and no upload that asks for an encryption other than SSE-S3
// (AES256). Requests without the header get the bucket's default, SSE-S3.
// There is no KMS key to require, so whatever header ELB log delivery sends
// (none, or AES256, the only option it supports: ELB User Guide, "Enable
// access logs for your Application Load Balancer") passes, and an aws:kms
// upload, which would need a key this bucket does not have, is refused.
func (b *Bucket) sses3Statements() []iampolicy.Statement {
	header := "s3:x-amz-server-side-encryption"
	return append(b.transportStatements(), iampolicy.Statement{
		Sid: "DenyOtherEncryption", Effect: iampolicy.Deny, Principals: []iampolicy.Principal{iampolicy.Anyone()},
		Actions: []string{"s3:PutObject"}, Resources: []string{b.ARN + "/*"},
		Conditions: []iampolicy.Condition{
			iampolicy.Cond("StringNotEquals", header, "AES256"),
			iampolicy.Cond("Null", header, "false"),
		},
	})
}

// acceptAccessLogs lets S3 server access logging of this account deliver to
// the bucket. The bucket stays KMS-encrypted: S3 log delivery writes to a
// KMS-encrypted target when the key policy lets logging.s3.amazonaws.com use
// the key, which beats falling back to SSE-S3.
func (b *Bucket) acceptAccessLogs() error {
	b.policy.Add(iampolicy.Statement{
		Sid:        "S3ServerAccessLogsDelivery",
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(b.env.ServicePrincipal("logging.s3"))},
		Actions:    []string{"s3:PutObject"},
		Resources:  []string{b.ARN + "/*"},
		Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", b.env.AccountID)},
	})
	return b.Key.AddToPolicy(kmskey.ServiceUse("S3ServerAccessLogsUse", b.env, "logging.s3",
		[]string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"}))
}

// AddToPolicy appends statements to the bucket policy, for services that
// deliver into the bucket (CloudTrail, Config, flow logs).
func (b *Bucket) AddToPolicy(stmts ...iampolicy.Statement) error {
	next := iampolicy.Document{Statements: append(append([]iampolicy.Statement(nil), b.policy.Statements...), stmts...)}
	if err := next.Validate(); err != nil {
		return fmt.Errorf("bucket %s policy: %w", b.Name, err)
	}
	b.policy = next
	b.res.SetPolicy(jsii.String(b.policy.JSON()))
	return nil
}

// PolicyResource is the bucket policy resource, for services that check the
// policy when they are configured (GuardDuty exports, trails) to depend on.
func (b *Bucket) PolicyResource() cdktf.ITerraformDependable { return b.res }

// Policy returns the bucket policy as it stands.
func (b *Bucket) Policy() iampolicy.Document { return b.policy }

// ObjectsARN is the ARN of the objects under prefix ("" for all objects).
func (b *Bucket) ObjectsARN(prefix string) string { return b.ARN + "/" + prefix + "*" }

// ReadStatements are the least-privilege statements to read objects under
// prefix, including decrypting with the bucket's key through S3 only (an
// SSE-S3 bucket needs no key permission).
func (b *Bucket) ReadStatements(prefix string) []iampolicy.Statement {
	list := iampolicy.Statement{
		Effect: iampolicy.Allow, Actions: []string{"s3:ListBucket"}, Resources: []string{b.ARN},
	}
	if prefix != "" {
		list.Conditions = []iampolicy.Condition{iampolicy.Cond("StringLike", "s3:prefix", prefix+"*")}
	}
	out := []iampolicy.Statement{
		list,
		{Effect: iampolicy.Allow, Actions: []string{"s3:GetObject", "s3:GetObjectVersion"}, Resources: []string{b.ObjectsARN(prefix)}},
	}
	if b.Key == nil {
		return out
	}
	return append(out, b.keyStatement("kms:Decrypt"))
}

// WriteStatements are the least-privilege statements to write objects under
// prefix, encrypting with the bucket's key through S3 only (an SSE-S3
// bucket needs no key permission).
func (b *Bucket) WriteStatements(prefix string) []iampolicy.Statement {
	out := []iampolicy.Statement{
		{Effect: iampolicy.Allow, Actions: []string{"s3:AbortMultipartUpload", "s3:PutObject"}, Resources: []string{b.ObjectsARN(prefix)}},
	}
	if b.Key == nil {
		return out
	}
	// Decrypt too: multipart uploads read back their parts' data keys.
	return append(out, b.keyStatement("kms:Decrypt", "kms:GenerateDataKey"))
}

func (b *Bucket) keyStatement(actions ...string) iampolicy.Statement {
	return iampolicy.Statement{
		Effect: iampolicy.Allow, Actions: actions, Resources: []string{*b.Key.ARN},
		Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", b.env.ServicePrincipal("s3."+b.env.Region))},
	}
}

// GrantRead gives role read access to objects under prefix.
func (b *Bucket) GrantRead(role *iamrole.Role, prefix string) error {
	return role.AddPolicy("read-"+policyName(b.Name), iampolicy.Document{Statements: b.ReadStatements(prefix)})
}

// GrantWrite gives role write access to objects under prefix.
func (b *Bucket) GrantWrite(role *iamrole.Role, prefix string) error {
	return role.AddPolicy("write-"+policyName(b.Name), iampolicy.Document{Statements: b.WriteStatements(prefix)})
}

func policyName(bucket string) string {
	if len(bucket) > 100 || !idRE.MatchString(bucket) {
		return "bucket"
	}
	return bucket
}
