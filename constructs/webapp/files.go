package webapp

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/efsshare"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/webapp/appenv"
)

// DefaultMountPath is where the app tier sees the shared file system
// (appenv.DefaultMountPath).
const DefaultMountPath = appenv.DefaultMountPath

// Environment variables the app tier gets (appenv's SharePathEnv and
// SecretARNSuffix).
const (
	SharePathEnv    = appenv.SharePathEnv
	SecretARNSuffix = appenv.SecretARNSuffix
)

// Files is the app tier's shared file system (guide 4.4): an EFS file
// system made by efsshare in the private subnets, reachable on NFS from
// the app tier's security group only, admitting only the app tier's role
// through one access point with TLS, mounted at MountPath. The zero value
// is efsshare's defaults.
type Files struct {
	// TransitionToIA, UID, GID, RootPath and Permissions are the
	// efsshare.Props fields of the same names (lifecycle to Infrequent
	// Access, the access point's POSIX user, root directory and its mode);
	// zero: efsshare's defaults.
	TransitionToIA string
	UID, GID       int
	RootPath       string
	Permissions    string
	// Key encrypts the file system; nil makes one.
	Key *kmskey.Key
	// MountPath is where the app tier sees the share (instances and
	// containers alike); default DefaultMountPath.
	MountPath string
}

// SecretRef is a Secrets Manager secret the app tier reads.
type SecretRef struct {
	// ARN is the secret's ARN, or a reference to it (appsecret.Secret.ARN).
	// Required.
	ARN *string
	// KeyARN is the customer-managed key that encrypts it (ARN or
	// reference); nil for the AWS managed key.
	KeyARN *string
	// Env names it to the application: on Fargate the environment
	// variable ECS sets to the secret's value; on EC2, Env+SecretARNSuffix
	// in the environment file holds the secret's ARN. Upper-case letters,
	// digits and _.
	Env string
}

// BucketRead lets the app tier read Bucket (objects and their key through
// S3 only) and names it in the environment variable Env.
type BucketRead struct {
	Bucket *securebucket.Bucket
	Env    string
}

var (
	secretARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$`)
	keyARNRE    = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-f0-9-]+$`)
	// onlyToken is one CDKTF string token and nothing else.
	onlyToken = regexp.MustCompile(`^\$\{TfToken\[[^\]]*\]\}$`)
)

// CheckMountPath checks where the app tier mounts the share
// (appenv.CheckMountPath).
func CheckMountPath(mp string) error { return appenv.CheckMountPath(mp) }

// CheckSecretEnv checks the environment variable name of an app secret
// (appenv.CheckSecretEnv).
func CheckSecretEnv(env string) error { return appenv.CheckSecretEnv(env) }

// mountPath is Files.MountPath with its default.
func (f *Files) mountPath() string {
	if f.MountPath == "" {
		return DefaultMountPath
	}
	return f.MountPath
}

// shareProps are the efsshare.Props of the app tier's share (for Prepare:
// the role is admitted once it exists).
func (f *Files) shareProps(p *Props) efsshare.Props {
	return efsshare.Props{
		Name: p.Name + "-share", VPCID: p.Network.VPCID, SubnetIDs: p.Network.PrivateSubnetIDs,
		SourceSecurityGroupIDs: []*string{p.Network.Groups.App},
		TransitionToIA:         f.TransitionToIA, UID: f.UID, GID: f.GID, RootPath: f.RootPath, Permissions: f.Permissions,
		Key: f.Key, Tags: p.Tags,
	}
}

// validateFilesAndSecrets reports every problem of Files and AppSecrets,
// one line each, naming the field and the value. Network is checked
// already.
func (p *Props) validateFilesAndSecrets(id string) error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("webapp %s: "+format, append([]any{id}, args...)...))
	}
	if f := p.Files; f != nil {
		if mp := f.mountPath(); CheckMountPath(mp) != nil {
			fail("Files.MountPath %q: %v", mp, CheckMountPath(mp))
		}
		sp := f.shareProps(p)
		if err := sp.ValidatePrepare(id + "-files"); err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				fail("Files: %s", line)
			}
		}
		switch {
		case p.AppTier.Kind == AppOnFargate && p.Parts.Fargate == nil:
			fail("Files: Parts.Fargate is nil, so no app tier would mount the share")
		case p.AppTier.Kind == AppOnFargate && p.Parts.FargateTaskRole == nil:
			fail("Parts.FargateTaskRole is required with Files on Fargate: the file-system policy names the task role, which must exist before the service")
		}
	}
	seen := map[string]bool{}
	for i, s := range p.AppSecrets {
		field := fmt.Sprintf("AppSecrets[%d]", i)
		switch {
		case s.ARN == nil:
			fail("%s.ARN is required", field)
		case !onlyToken.MatchString(*s.ARN) && !secretARNRE.MatchString(*s.ARN):
			fail("%s.ARN %q: a Secrets Manager secret's ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>) or a reference to one", field, *s.ARN)
		}
		if s.KeyARN != nil && !onlyToken.MatchString(*s.KeyARN) && !keyARNRE.MatchString(*s.KeyARN) {
			fail("%s.KeyARN %q: a KMS key's ARN (arn:aws:kms:<region>:<account>:key/<id>) or a reference to one", field, *s.KeyARN)
		}
		if err := CheckSecretEnv(s.Env); err != nil {
			fail("%s.Env %q: %v", field, s.Env, err)
		} else if seen[s.Env] {
			fail("%s.Env %q: names another secret too", field, s.Env)
		}
		seen[s.Env] = true
	}
	for i, r := range p.ReadBuckets {
		field := fmt.Sprintf("ReadBuckets[%d]", i)
		if r.Bucket == nil {
			fail("%s.Bucket is required", field)
		}
		if err := CheckSecretEnv(r.Env); err != nil {
			fail("%s.Env %q: %v", field, r.Env, err)
		} else if seen[r.Env] || seen[strings.TrimSuffix(r.Env, SecretARNSuffix)] {
			fail("%s.Env %q: names another variable too", field, r.Env)
		}
		seen[r.Env] = true
	}
	return errors.Join(errs...)
}

// secretStatements let the app tier's role read exactly the given secrets
// and decrypt them with their keys through Secrets Manager only:
// GetSecretValue and DescribeSecret on each secret, kms:Decrypt on each key
// with kms:ViaService secretsmanager.<region>. Sources: Secrets Manager API
// Reference, GetSecretValue ("Required permissions: GetSecretValue", and
// kms:Decrypt for a customer managed key); Secrets Manager User Guide,
// "Secret encryption and decryption in AWS Secrets Manager" (Secrets
// Manager decrypts the data key with the caller's permission); the AWS
// managed policy AWSSecretsManagerClientReadOnlyAccess grants the same
// actions with the same kms:ViaService condition. Nil without secrets.
func secretStatements(env awsenv.Env, refs []SecretRef) []iampolicy.Statement {
	if len(refs) == 0 {
		return nil
	}
	var arns, keys []string
	for _, r := range refs {
		arns = append(arns, *r.ARN)
		if r.KeyARN != nil {
			keys = append(keys, *r.KeyARN)
		}
	}
	out := []iampolicy.Statement{{
		Sid: "ReadAppSecrets", Effect: iampolicy.Allow,
		Actions: []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}, Resources: arns,
	}}
	if len(keys) > 0 {
		out = append(out, iampolicy.Statement{
			Sid: "DecryptAppSecrets", Effect: iampolicy.Allow,
			Actions: []string{"kms:Decrypt"}, Resources: keys,
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", "kms:ViaService", env.ServicePrincipal("secretsmanager."+env.Region)),
			},
		})
	}
	return out
}

// appEnvironment is what the app tier's environment holds besides the
// uploads and sessions: SHARE_PATH with Files, and each secret's ARN under
// Env+SecretARNSuffix, on both kinds. The app reads the secret itself
// (GetSecretValue, cached briefly): a value ECS injected at task start
// would not follow rotation ("If the secret is subsequently updated or
// rotated, the container will not receive the updated value
// automatically", Amazon ECS Developer Guide, "Pass Secrets Manager secrets
// through Amazon ECS environment variables"), and a task started before the
// first rotation stored a value would fail to start.
func (p *Props) appEnvironment() map[string]string {
	out := map[string]string{}
	if p.Files != nil {
		out[SharePathEnv] = p.Files.mountPath()
	}
	for _, s := range p.AppSecrets {
		out[s.Env+SecretARNSuffix] = *s.ARN
	}
	for _, r := range p.ReadBuckets {
		out[r.Env] = r.Bucket.Name
	}
	return out
}

// readStatements let the app tier read the ReadBuckets.
func (p *Props) readStatements() []iampolicy.Statement {
	var out []iampolicy.Statement
	for _, r := range p.ReadBuckets {
		out = append(out, r.Bucket.ReadStatements("")...)
	}
	return out
}
