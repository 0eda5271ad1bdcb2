// Package kmskey provides customer-managed KMS keys with rotation on and a key
// policy built from typed statements. Every construct in this project that
// encrypts something takes a *Key or makes one here.
package kmskey

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmsalias"
	awskms "github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmskey"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/tags"
)

// Props configures a Key. The zero value with an Alias is a secure key.
type Props struct {
	// Alias is the key's alias without the "alias/" prefix, such as
	// "acme/prod/data". Required: keys without aliases are unreadable in
	// the console and in CloudTrail.
	Alias string
	// Description says what the key protects.
	Description string
	// DeletionWindowDays is the waiting period before a deleted key is
	// gone: 7-30, default 30 (the longest, so mistakes can be undone).
	DeletionWindowDays int
	// RotationPeriodDays is the automatic rotation period: 90-2560, default
	// 365. Rotation cannot be turned off.
	RotationPeriodDays int
	// Statements are added to the key policy after the account statement.
	Statements []iampolicy.Statement
	// MultiRegion makes a multi-Region primary key.
	MultiRegion bool
	Tags        map[string]string
}

// Key is a KMS key and its alias.
type Key struct {
	// ARN and ID are the key's ARN and id (tokens).
	ARN, ID *string
	// AliasName is "alias/" plus Props.Alias.
	AliasName string

	resource awskms.KmsKey
	policy   iampolicy.Document
}

// UsageActions are what a principal needs to encrypt and decrypt with a key.
var UsageActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}

// New validates props and creates the key with its alias.
func New(scope constructs.Construct, id string, props Props) (*Key, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, err
	}
	if props.DeletionWindowDays == 0 {
		props.DeletionWindowDays = 30
	}
	if props.RotationPeriodDays == 0 {
		props.RotationPeriodDays = 365
	}
	switch {
	case props.Alias == "":
		return nil, fmt.Errorf("kmskey %s: Alias is required", id)
	case strings.HasPrefix(props.Alias, "alias/aws") || strings.HasPrefix(props.Alias, "aws/"):
		return nil, fmt.Errorf("kmskey %s: Alias %q: the aws/ prefix is reserved for AWS managed keys", id, props.Alias)
	case len(props.Alias) > 250:
		return nil, fmt.Errorf("kmskey %s: Alias %q is longer than 250 characters", id, props.Alias)
	case props.DeletionWindowDays < 7 || props.DeletionWindowDays > 30:
		return nil, fmt.Errorf("kmskey %s: DeletionWindowDays %d: must be 7-30", id, props.DeletionWindowDays)
	case props.RotationPeriodDays < 90 || props.RotationPeriodDays > 2560:
		return nil, fmt.Errorf("kmskey %s: RotationPeriodDays %d: must be 90-2560", id, props.RotationPeriodDays)
	}
	for _, p := range strings.Split(props.Alias, "/") {
		if _, err := naming.Name(250, p); err != nil {
			return nil, fmt.Errorf("kmskey %s: Alias %q: %w", id, props.Alias, err)
		}
	}
	k := &Key{AliasName: "alias/" + props.Alias}
	k.policy.Add(iampolicy.Statement{
		Sid:    "AccountAdministers",
		Effect: iampolicy.Allow,
		// In a key policy, the root principal delegates to the account's
		// IAM policies, and "*" as resource means "this key": this is the
		// statement AWS itself writes, and without it nobody could manage
		// the key again.
		Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(env.RootARN())},
		Actions:    []string{"kms:*"},
		Resources:  []string{"*"},
	})
	k.policy.Add(props.Statements...)
	if err := k.policy.Validate(); err != nil {
		return nil, fmt.Errorf("kmskey %s: key policy: %w", id, err)
	}
	desc := props.Description
	if desc == "" {
		desc = "Customer-managed key " + props.Alias
	}
	k.resource = awskms.NewKmsKey(scope, jsii.String(id), &awskms.KmsKeyConfig{
		Description:          jsii.String(desc),
		EnableKeyRotation:    jsii.Bool(true),
		RotationPeriodInDays: jsii.Number(props.RotationPeriodDays),
		DeletionWindowInDays: jsii.Number(props.DeletionWindowDays),
		Policy:               jsii.String(k.policy.JSON()),
		Tags:                 tags.Ptrs(props.Tags),
	})
	if props.MultiRegion {
		k.resource.SetMultiRegion(jsii.Bool(true))
	}
	k.ARN, k.ID = k.resource.Arn(), k.resource.KeyId()
	kmsalias.NewKmsAlias(scope, jsii.String(id+"-alias"), &kmsalias.KmsAliasConfig{
		Name:        jsii.String(k.AliasName),
		TargetKeyId: k.ID,
	})
	return k, nil
}

// AddToPolicy appends statements to the key policy. Constructs that let a
// service use a key they were given call it, so the key's owner does not
// have to know which services will need it.
func (k *Key) AddToPolicy(stmts ...iampolicy.Statement) error {
	next := iampolicy.Document{Statements: append(append([]iampolicy.Statement(nil), k.policy.Statements...), stmts...)}
	if err := next.Validate(); err != nil {
		return fmt.Errorf("key %s: %w", k.AliasName, err)
	}
	k.policy = next
	k.resource.SetPolicy(jsii.String(k.policy.JSON()))
	return nil
}

// Use is the key a construct encrypts with: given, with props.Statements
// ensured in its policy (a caller's shared key), or, when given is nil, a
// new key made from props with id.
func Use(scope constructs.Construct, id string, given *Key, props Props) (*Key, error) {
	if given != nil {
		return given, given.Ensure(props.Statements...)
	}
	return New(scope, id, props)
}

// Ensure adds the statements the key policy does not hold yet, matched by
// Sid, so that constructs sharing a key can each ensure what they need (the
// CloudWatch Logs statement, say) and it is written once. A Sid already
// taken by a different statement is an error.
func (k *Key) Ensure(stmts ...iampolicy.Statement) error {
	have := map[string]iampolicy.Statement{}
	for _, s := range k.policy.Statements {
		if s.Sid != "" {
			have[s.Sid] = s
		}
	}
	var add []iampolicy.Statement
	for _, s := range stmts {
		old, ok := have[s.Sid]
		switch {
		case !ok || s.Sid == "":
			add = append(add, s)
			if s.Sid != "" {
				have[s.Sid] = s
			}
		case one(old) != one(s):
			return fmt.Errorf("key %s: statement %s is already in the policy with other content", k.AliasName, s.Sid)
		}
	}
	if len(add) == 0 {
		return nil
	}
	return k.AddToPolicy(add...)
}

func one(s iampolicy.Statement) string {
	return iampolicy.Document{Statements: []iampolicy.Statement{s}}.JSON()
}

// Policy returns the key policy as it stands.
func (k *Key) Policy() iampolicy.Document { return k.policy }

// ServiceUse is a key-policy statement letting an AWS service principal use
// the key on behalf of env's account only (aws:SourceAccount), which stops
// the confused-deputy problem of a service acting for another account.
func ServiceUse(sid string, env awsenv.Env, service string, actions []string, extra ...iampolicy.Condition) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:        sid,
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal(service))},
		Actions:    actions,
		Resources:  []string{"*"},
		Conditions: append([]iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", env.AccountID)}, extra...),
	}
}

// CloudWatchLogsUse lets CloudWatch Logs in env's region encrypt log groups
// of env's account with the key, and nothing else.
func CloudWatchLogsUse(env awsenv.Env) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:        "CloudWatchLogsUse",
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal("logs." + env.Region))},
		Actions:    UsageActions,
		Resources:  []string{"*"},
		Conditions: []iampolicy.Condition{
			iampolicy.Cond("ArnLike", "kms:EncryptionContext:aws:logs:arn", env.ARN("logs", "log-group:*")),
		},
	}
}
